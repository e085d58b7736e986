// Issue 14, "the main thread has no task over 50 ms during a 2-worker run": Count and CSV profile
// through the UI on 2 workers, with a `longtask` observer (buffered) installed in the page before
// Start. Prints how many main-thread tasks took over 50 ms, the longest, and when each came (ms
// after the click on Start; at start, mid-run or at completion). A CPU profile of the page
// (CDP Profiler) runs alongside, so a long task can be told apart by the functions it spent in.
import { rmSync } from 'node:fs';
import { MiB, fmt, makeTextFile } from './lib.mjs';
import { makeCsvFile } from './csv-file.mjs';
import { freshApp, startToCompleted } from './ui-run.mjs';

/** In the page: every long task from now on (buffered: those the observer had not seen yet). */
function observe() {
  const tasks = [];
  globalThis.__longtasks = tasks;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push({ start: e.startTime, ms: e.duration });
  }).observe({ type: 'longtask', buffered: true });
}

/** The first `n` self-time functions of a CPU profile between `from` and `to` (profile µs). */
function hottest(profile, from, to, n = 4) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i];
    if (t < from || t > to) return;
    const f = byId.get(id).callFrame;
    if (f.functionName === '(idle)' || f.functionName === '(program)') return;
    const where = `${f.functionName || '(anonymous)'} ${f.url.split('/').at(-1)}:${f.lineNumber + 1}`;
    self.set(where, (self.get(where) ?? 0) + profile.timeDeltas[i] / 1000);
  });
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([where, ms]) => `${where} ${fmt(ms, 0)} ms`)
    .join('; ');
}

async function oneRun(file, label) {
  const { page, context } = await freshApp(undefined, { workers: 2 });
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
    await page.evaluate(observe);
    await cdp.send('Profiler.start');
    const r = await startToCompleted(page, file, label);
    const { profile } = await cdp.send('Profiler.stop');
    const stoppedAt = performance.timeOrigin + performance.now();
    const { tasks, t0, ui, origin } = await page.evaluate(() => ({
      tasks: globalThis.__longtasks,
      t0: globalThis.__e2e.t0,
      ui: globalThis.__e2e.ui,
      origin: performance.timeOrigin,
    }));
    // Profile times are µs on the monotonic clock; the page's are ms from its time origin.
    // Relate the two through the profile's end (wall clock when Profiler.stop answered; the
    // window is widened by 20 ms each way for the time the answer took).
    const endMs = stoppedAt - origin;
    const toProfile = (ms) => profile.endTime - (endMs - ms) * 1000;
    const during = tasks.filter((t) => t.start + t.ms >= t0);
    const total = ui - t0;
    const when = (t) => {
      const at = t.start - t0;
      if (at < 0.1 * total) return 'at start';
      if (at > 0.9 * total) return 'at completion';
      return 'mid-run';
    };
    const over = during.filter((t) => t.ms > 50);
    const longest = during.reduce((m, t) => Math.max(m, t.ms), 0);
    const rows = [
      [
        `${label}: tasks over 50 ms`,
        over.length,
        `run ${fmt(total / 1000, 1)} s (Start → "Completed")`,
      ],
      [`${label}: longest task`, fmt(longest, 0), `ms; ${during.length} long tasks in all`],
    ];
    for (const t of over)
      rows.push([
        `${label}:   task of ${fmt(t.ms, 0)} ms`,
        fmt(t.start - t0, 0),
        `ms after Start, ${when(t)}; hottest: ${hottest(profile, toProfile(t.start - 20), toProfile(t.start + t.ms + 20)) || '(nothing sampled)'}`,
      ]);
    return { rows, run: r.run };
  } finally {
    await context.close();
  }
}

export async function benchLongTasks(dir, sizeMiB) {
  const size = sizeMiB * MiB;
  const text = makeTextFile(dir, `longtask-${sizeMiB}m.txt`, size, 5);
  const csv = makeCsvFile(dir, `longtask-${sizeMiB}m.csv`, size, { columns: 20 });
  try {
    const rows = [];
    for (const [file, label] of [
      [text, 'Count'],
      [csv, 'CSV profile'],
    ])
      rows.push(...(await oneRun(file, label)).rows);
    return {
      title: `Main-thread long tasks (PerformanceObserver 'longtask'), 2 workers, ${sizeMiB} MiB`,
      unit: '',
      rows,
    };
  } finally {
    rmSync(text, { force: true });
    rmSync(csv, { force: true });
  }
}
