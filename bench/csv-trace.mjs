// node bench/csv-trace.mjs [--size MiB] [--workers N] [--every ms] [--chunk MiB] [--top N] (after `npx vite build`)
// One CSV profile run through the built app with what it spends its time on: the chunks'
// running → done times (the slowest named), the checkpoints' times, and CPU profiles (CDP) of the
// page and of every worker, summed by function (self time), so that a slow run says whether its
// time went to the workers' parsing, to the page (combine, checkpoint clone, IndexedDB) or to
// waiting (reads, dispatch).
import { statSync } from 'node:fs';
import { makeCsvFile } from './csv-file.mjs';
import { MiB, appPage, browser, fmt, serve, tmp } from './lib.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SIZE = arg('size', 128);
const WORKERS = arg('workers', 2);
const EVERY = arg('every', 0);
const TOP = arg('top', 25);
const CHUNK = arg('chunk', 0);

/** Self time (ms) by "function file:line" over a CDP profile. */
function selfTimes(profile, into) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const n = byId.get(profile.samples[i]);
    const f = n.callFrame;
    const file = f.url.split('/').pop() || '';
    const key = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
    into.set(key, (into.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  }
  return into;
}

function printTop(title, times) {
  const total = [...times.values()].reduce((a, x) => a + x, 0);
  console.log(`\n## ${title}: ${fmt(total / 1000, 2)} s sampled`);
  // By script: which bundle (or native code, ':0') the time went to.
  const byFile = new Map();
  for (const [k, ms] of times) {
    const f = k.slice(k.lastIndexOf(' ') + 1).replace(/:\d+$/, '') || 'native';
    const key = k.startsWith('(idle)') ? '(idle)' : f || 'native';
    byFile.set(key, (byFile.get(key) ?? 0) + ms);
  }
  console.log(
    '  by script: ' +
      [...byFile.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([f, ms]) => `${f || 'native'} ${fmt(ms / 1000, 2)} s`)
        .join(', '),
  );
  for (const [k, ms] of [...times.entries()].sort((a, b) => b[1] - a[1]).slice(0, TOP))
    console.log(`  ${fmt(ms, 0).padStart(7)} ms ${fmt((100 * ms) / total, 1).padStart(5)} %  ${k}`);
}

const stop = await serve();
const b = await browser();
const dir = tmp();
try {
  const file = makeCsvFile(dir, `messy-${SIZE}m.csv`, SIZE * MiB, { columns: 20 });
  const size = statSync(file).size;
  const settings = {
    workers: WORKERS,
    ...(EVERY ? { checkpointEveryMs: EVERY } : {}),
    ...(CHUNK ? { chunkSize: CHUNK * MiB } : {}),
  };
  const { page, context } = await appPage(b, settings);
  const cdp = await context.newCDPSession(page);
  // Dedicated workers through the page's session (unflattened: messages wrapped per target).
  const workers = new Map();
  let nextId = 1000;
  const pending = new Map();
  const toWorker = (sessionId, method, params = {}) =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      void cdp.send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({ id, method, params }),
      });
    });
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const m = JSON.parse(e.message);
    if (m.id !== undefined && pending.has(m.id)) {
      pending.get(m.id)(m.result);
      pending.delete(m.id);
    }
  });
  cdp.on('Target.attachedToTarget', (e) => {
    if (e.targetInfo.type !== 'worker') return;
    workers.set(e.sessionId, e.targetInfo.url);
    void toWorker(e.sessionId, 'Profiler.enable').then(() =>
      toWorker(e.sessionId, 'Profiler.setSamplingInterval', { interval: 500 }).then(() =>
        toWorker(e.sessionId, 'Profiler.start'),
      ),
    );
    void cdp.send('Target.sendMessageToTarget', {
      sessionId: e.sessionId,
      message: JSON.stringify({ id: nextId++, method: 'Runtime.runIfWaitingForDebugger' }),
    });
  });
  await cdp.send('Target.setAutoAttach', {
    autoAttach: true,
    waitForDebuggerOnStart: false,
    flatten: false,
  });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await page.evaluate(() => {
    const s = (globalThis.__trace = { chunks: new Map(), cps: [], log: [] });
    globalThis.waymark.engine.bus.on((e) => {
      const t = performance.now();
      if (e.type === 'chunk') {
        const c = s.chunks.get(e.index) ?? {};
        c[e.status] = t;
        s.chunks.set(e.index, c);
      }
      if (e.type === 'checkpoint') s.cps.push([t, e.checkpoint.reason]);
      if (e.type === 'run') {
        if (e.run.status === 'running' && s.t0 === undefined) s.t0 = t;
        if (e.run.status === 'completed') s.t1 = t;
        if (e.run.status === 'failed') s.error = e.run.message;
      }
    });
  });
  await page.getByLabel('Choose file').setInputFiles(file);
  await page.getByLabel('Task', { exact: true }).selectOption({ label: 'CSV profile' });
  await cdp.send('Profiler.start');
  await page.getByRole('button', { name: 'Start' }).click();
  await page.waitForFunction(() => globalThis.__trace.t1 || globalThis.__trace.error, undefined, {
    timeout: 0,
    polling: 100,
  });
  const { profile: pageProfile } = await cdp.send('Profiler.stop');
  const workerTimes = new Map();
  for (const sessionId of workers.keys()) {
    const r = await toWorker(sessionId, 'Profiler.stop');
    if (r?.profile) selfTimes(r.profile, workerTimes);
  }
  const t = await page.evaluate(() => {
    const s = globalThis.__trace;
    return {
      error: s.error,
      seconds: (s.t1 - s.t0) / 1000,
      chunks: [...s.chunks.entries()].map(([i, c]) => ({
        i,
        ms: c.done - c.running,
        at: (c.running - s.t0) / 1000,
      })),
      cps: s.cps.map(([x, why]) => `${((x - s.t0) / 1000).toFixed(1)} ${why}`),
    };
  });
  await context.close();
  if (t.error) throw new Error(t.error);
  console.log(
    `CSV profile, ${fmt(size / MiB, 0)} MiB, ${WORKERS} workers${EVERY ? `, checkpoint every ${EVERY} ms` : ''}: ` +
      `${fmt(t.seconds)} s processing, ${fmt(size / 1e6 / t.seconds, 1)} MB/s, ${t.cps.length} checkpoints`,
  );
  const ms = t.chunks.map((c) => c.ms).sort((a, b) => a - b);
  console.log(
    `chunks: ${ms.length}, running → done ms: median ${fmt(ms[ms.length >> 1], 0)}, max ${fmt(ms.at(-1), 0)}; slowest: ` +
      t.chunks
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 5)
        .map((c) => `#${c.i} ${fmt(c.ms, 0)} ms at ${fmt(c.at, 1)} s`)
        .join(', '),
  );
  console.log(`checkpoints at s: ${t.cps.join(', ')}`);
  printTop('page (self time)', selfTimes(pageProfile, new Map()));
  printTop(`workers, ${workers.size} (self time, summed)`, workerTimes);
} finally {
  await b.close();
  stop();
  rmSync(dir);
}

function rmSync(d) {
  return import('node:fs').then((fs) => fs.rmSync(d, { recursive: true, force: true }));
}
