// Peak memory of one browser while it runs something, sampled every 100 ms: the resident memory
// (VmRSS, and PSS where the kernel offers smaps_rollup) of each of its processes from /proc, by
// Chromium process type, and the JS heaps of the page and of each of its workers (dedicated and
// service workers) through the Chrome DevTools Protocol.
import { readdirSync, readFileSync } from 'node:fs';

const MB = 1e6;
const read = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process is gone
  }
};

/** pid → { ppid, type } for every process on the machine ("browser" for Chromium's main one). */
function processes() {
  const out = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = read(`/proc/${name}/stat`);
    const cmd = read(`/proc/${name}/cmdline`);
    if (!stat || cmd === undefined) continue;
    // The command name (field 2) may hold spaces and parentheses: ppid follows the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    // Chromium's children rewrite their command line into one space-separated string.
    const line = cmd.split('\0').join(' ');
    const type = line.match(/ --type=(\S+)/)?.[1] ?? 'browser';
    const sub = line.match(/ --utility-sub-type=(\S+)/)?.[1];
    out.set(Number(name), { ppid, type, sub, args: cmd.split('\0') });
  }
  return out;
}

/** The main process of the browser on `profileDir` and all its descendants. */
export function browserTree(profileDir) {
  const all = processes();
  const flag = `--user-data-dir=${profileDir}`;
  const root = [...all].find(([, p]) => p.type === 'browser' && p.args.includes(flag))?.[0];
  if (root === undefined) throw new Error(`no browser process with ${flag}`);
  const tree = new Map([[root, all.get(root)]]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, p] of all)
      if (!tree.has(pid) && tree.has(p.ppid)) {
        tree.set(pid, p);
        grew = true;
      }
  }
  return tree;
}

const kB = (text, field) => {
  const m = text?.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  return m ? Number(m[1]) * 1024 : 0;
};

/** What the goal counts: the renderer (its workers run inside it) and the helpers it uses. */
const COUNTED = new Set(['renderer', 'gpu-process', 'utility']);

/**
 * Starts sampling the browser of `context` (a `profileContext`) and its `page`. `stop()` returns
 * the peaks in MB: `rss`, `anon` (RssAnon: private, what the work itself allocates) and `pss`
 * (shared pages split among their sharers) by process type and in all (`counted`: renderer + GPU + utility
 * processes; `all`: every process of that browser, the main one and zygotes included), and
 * `heap`: the largest sum of the used JS heaps of the page and its workers seen at one time.
 */
export async function sampleMemory(context, page, everyMs = 100) {
  const cdp = await context.newCDPSession(page);
  // Workers are reached through the page's session (Playwright's own sessions are flattened and
  // not ours to use): auto-attach, then talk to each through Target.sendMessageToTarget.
  const targets = new Map();
  const pending = new Map();
  let nextId = 1;
  cdp.on('Target.attachedToTarget', (e) => targets.set(e.sessionId, e.targetInfo.type));
  cdp.on('Target.detachedFromTarget', (e) => targets.delete(e.sessionId));
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const m = JSON.parse(e.message);
    pending.get(m.id)?.(m.result);
    pending.delete(m.id);
  });
  await cdp.send('Target.setAutoAttach', {
    autoAttach: true,
    waitForDebuggerOnStart: false,
    flatten: false,
  });
  const toWorker = (sessionId, method) => {
    const id = nextId++;
    const answer = new Promise((resolve) => {
      pending.set(id, resolve);
      // A worker that goes away never answers: count it as nothing.
      setTimeout(() => resolve(undefined), 1000);
    });
    const message = JSON.stringify({ id, method });
    cdp.send('Target.sendMessageToTarget', { sessionId, message }).catch(() => undefined);
    return answer;
  };
  const workerHeap = (sessionId) =>
    toWorker(sessionId, 'Runtime.getHeapUsage').then((r) => r?.usedSize ?? 0);

  const peak = { rss: {}, anon: {}, pss: {}, heap: 0, heapWorkers: 0, samples: 0, processes: 0 };
  const up = (o, k, v) => (o[k] = Math.max(o[k] ?? 0, v));
  let tree = browserTree(context.profileDir);
  let ticks = 0;
  let last;
  const sampleProcs = () => {
    // New processes (a worker's utility, a respawned GPU process) appear: re-read the tree often.
    if (ticks++ % 5 === 0) tree = browserTree(context.profileDir);
    const rss = {};
    const anon = {};
    const pss = {};
    for (const [pid, p] of tree) {
      // The browser's own UI renderer (headless still has one) serves no page of ours.
      const webui = p.type === 'renderer' && p.args.join(' ').includes('--top-chrome-webui');
      const kind = webui
        ? 'renderer (browser UI)'
        : p.type === 'utility' && p.sub
          ? `utility (${p.sub.split('.')[0]})`
          : p.type;
      const status = read(`/proc/${pid}/status`);
      const values = [
        [rss, kB(status, 'VmRSS')],
        [anon, kB(status, 'RssAnon')],
        [pss, kB(read(`/proc/${pid}/smaps_rollup`), 'Pss')],
      ];
      for (const [o, v] of values) {
        o[kind] = (o[kind] ?? 0) + v;
        o.all = (o.all ?? 0) + v;
        if (COUNTED.has(p.type) && !webui) o.counted = (o.counted ?? 0) + v;
      }
    }
    for (const [into, from] of [
      [peak.rss, rss],
      [peak.anon, anon],
      [peak.pss, pss],
    ])
      for (const k in from) up(into, k, from[k] / MB);
    peak.processes = Math.max(peak.processes, tree.size);
    peak.samples++;
    last = { rss: rss.counted / MB, anon: anon.counted / MB, pss: pss.counted / MB };
  };
  let heapBusy = false;
  const sampleHeap = async () => {
    if (heapBusy) return; // a slow answer under load: skip a tick rather than pile them up
    heapBusy = true;
    try {
      const main = await cdp.send('Runtime.getHeapUsage').catch(() => ({ usedSize: 0 }));
      const workers = await Promise.all([...targets.keys()].map(workerHeap));
      const w = workers.reduce((a, b) => a + b, 0);
      peak.heap = Math.max(peak.heap, (main.usedSize + w) / MB);
      peak.heapWorkers = Math.max(peak.heapWorkers, targets.size);
    } finally {
      heapBusy = false;
    }
  };
  // A heap sample in flight would make the next one a no-op: wait for it.
  const settled = async () => {
    while (heapBusy) await new Promise((resolve) => setTimeout(resolve, 10));
  };
  const timer = setInterval(() => {
    sampleProcs();
    void sampleHeap();
  }, everyMs);
  return {
    /**
     * The counted RSS, RssAnon and PSS (MB) right now, and the JS heap: the app at rest before
     * the run, which the peak is then compared with (what the run itself adds).
     */
    async idle() {
      sampleProcs();
      await settled();
      peak.heap = 0;
      await sampleHeap();
      const heap = peak.heap;
      return { ...last, heap };
    },
    /**
     * The used JS heaps (MB) of the page and its workers after a full garbage collection in
     * each: what is still reachable, as against the peak, which also holds garbage a later GC
     * would have taken (a longer run lets V8 grow its heap before it collects).
     */
    async retained() {
      await settled();
      heapBusy = true;
      try {
        await cdp.send('HeapProfiler.collectGarbage').catch(() => undefined);
        await Promise.all(
          [...targets.keys()].map((t) => toWorker(t, 'HeapProfiler.collectGarbage')),
        );
        const main = await cdp.send('Runtime.getHeapUsage').catch(() => ({ usedSize: 0 }));
        const workers = await Promise.all([...targets.keys()].map(workerHeap));
        return { page: main.usedSize / MB, workers: workers.reduce((a, b) => a + b, 0) / MB };
      } finally {
        heapBusy = false;
      }
    },
    async stop() {
      clearInterval(timer);
      sampleProcs();
      await settled();
      await sampleHeap();
      await cdp.detach().catch(() => undefined);
      return peak;
    },
  };
}
