// The torture test: with a persistent profile, start a hash run and a map run on generated
// files, SIGKILL the real Chromium at random moments, relaunch, repeat until both complete.
// Fails if a result differs from the reference or a kill cost more than one checkpoint
// interval of committed work. Prints, per kill, the work redone.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium-path.mjs';
import { byteHistogramOf, writeRandomFile, xorshift32 } from '../../scripts/fixtures.mjs';

const MiB = 1024 * 1024;
const INTERVAL_MS = 1000;
// Progress reaches the page every ~100–200 ms and we sample it every 50 ms: that much of the
// "work at the kill" may not have been visible yet, so it is allowed on top of the interval.
const SLACK_MS = 400;
// Small chunks: a throttled worker folds a whole piece at once and then sleeps, so the offset
// shown runs ahead of the clock by up to one piece; 256 KiB keeps that well inside the slack.

const rng = (seed) => {
  const next = xorshift32(seed);
  return () => next() / 2 ** 32;
};

function browserPid(profile) {
  for (const line of execFileSync('ps', ['-eo', 'pid=,args=']).toString().split('\n')) {
    const m = line.trim().match(/^(\d+)\s+(.*)$/);
    if (m && m[2].includes(`--user-data-dir=${profile}`) && !m[2].includes('--type='))
      return Number(m[1]);
  }
  throw new Error('browser process not found');
}

/** What the page shows of each run. */
async function snapshot(page) {
  return page.evaluate(async () => {
    const w = globalThis.waymark;
    const out = [];
    for (const v of w.app.runs) {
      const rec = await w.engine.store.getRun(v.id);
      out.push({
        id: v.id,
        imported: rec?.input.imported ?? 0,
        name: v.input.name,
        status: v.status,
        step: v.step.index,
        bytesDone: v.bytesDone,
        throughput: v.throughput,
        need: v.need?.kind,
      });
    }
    return out;
  });
}

/**
 * Runs in the page before the app starts: per run, how far its copy got and how much work a
 * resume from its latest checkpoint keeps (the checkpoint's own bytes plus, for map steps, the
 * chunks committed to the ledger after it, which survive a crash too).
 */
async function readSurvivors() {
  // Opening a database that does not exist would create it (empty, version 1): look first.
  if (!(await indexedDB.databases()).some((d) => d.name === 'waymark')) return {};
  const db = await new Promise((resolve, reject) => {
    const r = indexedDB.open('waymark');
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  const all = (store, range) =>
    new Promise((resolve, reject) => {
      const r = db.transaction(store).objectStore(store).getAll(range);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  const out = {};
  for (const run of await all('runs')) {
    const cps = await all('checkpoints', IDBKeyRange.bound([run.id, 0], [run.id, Infinity]));
    const cp = cps.sort((a, b) => b.seq - a.seq)[0];
    const step = cp ? cp.stepIndex : run.stepIndex;
    const map = cp?.state.kind === 'map' ? cp.state : { prefix: 0, doneBeyond: [] };
    const size = run.input.size;
    const cs = run.chunkSize;
    const beyond = new Set(map.doneBeyond);
    let keeps = cp && cp.state.kind === 'fold' ? cp.bytesDone : Math.min(size, map.prefix * cs);
    for (const i of beyond) keeps += Math.min(cs, size - i * cs);
    // Map chunks committed after the checkpoint (or before the step's first one) count too.
    const ledger = await all(
      'chunks',
      IDBKeyRange.bound([run.id, step, map.prefix], [run.id, step, Infinity]),
    );
    for (const l of ledger) if (l.status === 'done' && !beyond.has(l.index)) keeps += l.bytes;
    out[run.id] = {
      imported: run.input.imported,
      step,
      keeps,
      seq: cp?.seq,
      reason: cp?.reason,
    };
  }
  db.close();
  return out;
}

/** Does what a person would: the file again after a kill during its copy; Resume if asked. */
async function answer(page, runs, files) {
  for (const r of runs) {
    const card = page.getByRole('article', { name: r.name });
    // The page may have moved on since the snapshot: a control that is gone is no longer needed.
    if (r.need === 'repick')
      await card
        .getByLabel('Choose the same file again')
        .setInputFiles(files[r.name], { timeout: 2000 })
        .catch(() => undefined);
    else if (r.status === 'paused' || r.status === 'interrupted')
      await card
        .getByRole('button', { name: 'Resume' })
        .click({ timeout: 2000 })
        .catch(() => undefined);
  }
}

export async function torture({
  kills = 20,
  baseURL,
  seed = 20261127,
  sizeMiB = 24,
  log = console.log,
}) {
  const random = rng(seed);
  const dir = mkdtempSync(join(tmpdir(), 'waymark-torture-'));
  const profile = join(dir, 'profile');
  const files = {
    'torture-hash.bin': join(dir, 'torture-hash.bin'),
    'torture-map.bin': join(dir, 'torture-map.bin'),
  };
  writeRandomFile(files['torture-hash.bin'], sizeMiB * MiB, 11);
  writeRandomFile(files['torture-map.bin'], sizeMiB * MiB, 12);
  const expected = {
    'torture-hash.bin': {
      algorithm: 'SHA-256',
      hex: createHash('sha256').update(readFileSync(files['torture-hash.bin'])).digest('hex'),
    },
    'torture-map.bin': byteHistogramOf(files['torture-map.bin']),
  };
  // Slow enough that `kills` kills at 1.2–3 s apart land while work is going on.
  const totalBytes = 2 * sizeMiB * MiB * 2; // each input is copied, then processed
  const throttle = Math.max(MiB / 2, Math.floor(totalBytes / Math.max(6, kills * 2.2)));
  const debug = {
    throttleBytesPerSec: throttle,
    settings: {
      chunkSize: 256 * 1024,
      importBlockSize: 1 * MiB,
      checkpointEveryMs: INTERVAL_MS,
      workers: 2,
      // The byte histogram is in the Task menu only with "Developer tasks" on.
      developerTasks: true,
    },
  };
  const launch = async () => {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: findChromium(),
      args: CHROMIUM_ARGS,
      headless: true,
      baseURL,
      acceptDownloads: true,
    });
    await context.addInitScript(
      (d) => localStorage.setItem('waymark:debug', JSON.stringify(d)),
      debug,
    );
    const page = context.pages()[0] ?? (await context.newPage());
    // Before the app (and its recovery) runs: what survived the kill, read straight from storage.
    await page.goto('/bench/bench.html');
    const survived = await page.evaluate(readSurvivors);
    await page.goto('/');
    await page.waitForFunction(() => globalThis.waymark !== undefined);
    return { context, page, survived };
  };

  const report = [];
  let failures = [];
  let { context, page } = await launch();
  for (const name of Object.keys(files)) {
    await page.getByLabel('Choose file').setInputFiles(files[name]);
    await page
      .getByLabel('Task', { exact: true })
      .selectOption({ label: name.includes('hash') ? 'SHA-256' : 'Byte histogram (example)' });
    await page.getByRole('button', { name: 'Start' }).click();
  }
  try {
    for (let k = 0; ;) {
      await answer(page, await snapshot(page), files);
      const runs = await snapshot(page);
      if (runs.every((r) => r.status === 'completed') || k >= kills) break;
      // Run a random while, sampling what the page shows, then kill.
      const until = Date.now() + 1200 + random() * 1800;
      let seen = runs;
      while (Date.now() < until) {
        seen = await snapshot(page);
        if (seen.every((r) => r.status === 'completed')) break;
        if (seen.some((r) => r.need || r.status === 'interrupted' || r.status === 'paused'))
          await answer(page, seen, files);
        await new Promise((r) => setTimeout(r, 50));
      }
      if (seen.every((r) => r.status === 'completed')) break;
      const active = seen.find((r) => r.status === 'running' || r.status === 'importing');
      process.kill(browserPid(profile), 'SIGKILL');
      await context.close().catch(() => undefined);
      k++;
      let survived;
      ({ context, page, survived } = await launch());
      if (!active) {
        report.push({ kill: k, run: '-', phase: 'idle' });
        continue;
      }
      const after = survived[active.id];
      const entry = {
        kill: k,
        run: active.name,
        phase: active.status,
        step: active.step,
        shownBytes: active.bytesDone,
      };
      if (active.status === 'importing' && after) {
        // The copy records how far it got every interval, after the bytes are written.
        const redone = Math.max(0, active.bytesDone - after.imported);
        const redoneMs = (redone / (active.throughput || throttle)) * 1000;
        Object.assign(entry, {
          resumedFrom: `copy at ${(after.imported / MiB).toFixed(1)} MiB`,
          redoneBytes: redone,
          redoneMs: Math.round(redoneMs),
        });
        if (redoneMs > INTERVAL_MS + SLACK_MS)
          failures.push(
            `kill ${k}: ${active.name} copied ${Math.round(redoneMs)} ms again (> ${INTERVAL_MS} ms interval)`,
          );
      } else if (active.status === 'running' && after) {
        // A run that finished the shown step between the last look and the kill redoes none of it.
        const resumedBytes =
          after.step > active.step
            ? active.bytesDone
            : after.step === active.step
              ? after.keeps
              : 0;
        const redone = Math.max(0, active.bytesDone - resumedBytes);
        const rate = active.throughput || throttle;
        const redoneMs = (redone / rate) * 1000;
        Object.assign(entry, {
          resumedFrom: after.seq ? `#${after.seq} (${after.reason})` : 'start',
          redoneBytes: redone,
          redoneMs: Math.round(redoneMs),
        });
        if (redoneMs > INTERVAL_MS + SLACK_MS)
          failures.push(
            `kill ${k}: ${active.name} redid ${Math.round(redoneMs)} ms of work (> ${INTERVAL_MS} ms interval)`,
          );
      }
      report.push(entry);
    }
    // No more kills: let both finish.
    for (;;) {
      const runs = await snapshot(page);
      await answer(page, runs, files);
      for (const r of runs) {
        if (r.status === 'failed' || r.status === 'incompatible' || r.status === 'canceled')
          throw new Error(`${r.name} ended ${r.status}`);
      }
      if (runs.length === 2 && runs.every((r) => r.status === 'completed')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const results = await page.evaluate(async () =>
      (await globalThis.waymark.engine.store.listRuns()).map((r) => ({
        name: r.input.name,
        result: r.result,
      })),
    );
    for (const { name, result } of results) {
      if (JSON.stringify(result) !== JSON.stringify(expected[name]))
        failures.push(
          `${name}: result ${JSON.stringify(result)} differs from the reference ${JSON.stringify(expected[name])}`,
        );
    }
  } finally {
    await context.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
  log(`kill  run               phase      shown MiB  resumed from        redone MiB  redone ms`);
  for (const r of report)
    log(
      `${String(r.kill).padStart(4)}  ${String(r.run).padEnd(16)}  ${String(r.phase).padEnd(9)}  ${r.shownBytes !== undefined ? (r.shownBytes / MiB).toFixed(1).padStart(9) : '        -'}  ${String(r.resumedFrom ?? '-').padEnd(18)}  ${r.redoneBytes !== undefined ? (r.redoneBytes / MiB).toFixed(2).padStart(10) : '         -'}  ${r.redoneMs !== undefined ? String(r.redoneMs).padStart(9) : '        -'}`,
    );
  const measured = report.filter((r) => r.redoneMs !== undefined);
  if (measured.length) {
    const ms = measured.map((r) => r.redoneMs).sort((a, b) => a - b);
    log(
      `${report.length} kills (${measured.length} while processing): redone work median ${ms[Math.floor(ms.length / 2)]} ms, max ${ms[ms.length - 1]} ms (interval ${INTERVAL_MS} ms); throttle ${(throttle / MiB).toFixed(1)} MiB/s`,
    );
  }
  return { report, failures };
}
