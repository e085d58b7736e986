// Peak memory while SHA-256, Count and Search run through the UI, end to end (copy included), on
// inputs of several sizes (1 and 4 GiB by default): what grows with the input shows as a ratio
// of the largest to the smallest. Each run is a fresh browser on a fresh profile, sampled every
// 100 ms (bench/mem-sampler.mjs). Every answer is checked against the tool's.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { MiB, fmt, makeTextFile } from './lib.mjs';
import { E2E_TASKS, warm } from './e2e-tasks.mjs';
import { sampleMemory } from './mem-sampler.mjs';
import { freshApp, startToCompleted } from './ui-run.mjs';

const MEMORY_TASKS = ['sha256', 'count', 'error'];
const BLOCK = 64 * MiB;
const LIMIT_MB = 300;

/**
 * A text file of `mib` MiB that is cheap to make at any size: one generated block (text like
 * the other sections', never zeros) repeated with `cat`, so 4 GiB takes seconds, not minutes.
 */
function bigTextFile(dir, mib) {
  const size = mib * MiB;
  if (size <= BLOCK) return makeTextFile(dir, `memory-${mib}m.txt`, size, 21);
  if (size % BLOCK) throw new Error(`--sizes: ${mib} MiB is not a multiple of 64 MiB`);
  const block = makeTextFile(dir, 'memory-block.txt', BLOCK, 21);
  const path = join(dir, `memory-${mib}m.txt`);
  execFileSync('sh', [
    '-c',
    'for i in $(seq "$1"); do cat "$2"; done > "$3"',
    'sh',
    String(size / BLOCK),
    block,
    path,
  ]);
  rmSync(block, { force: true });
  return path;
}

async function peakOf(file, task, want) {
  const { page, context } = await freshApp();
  try {
    const sampler = await sampleMemory(context, page);
    // The app loaded and settled, nothing picked yet: what the run's peak is measured above.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const idle = await sampler.idle();
    const r = await startToCompleted(page, file, task.label, task.fill).catch(async (e) => {
      await sampler.stop();
      throw e;
    });
    const retained = await sampler.retained();
    const peak = await sampler.stop();
    task.verify(r.run, want);
    return { ...r, peak, idle, retained };
  } finally {
    await context.close();
  }
}

/** `only`: keys of the tasks to measure (`--tasks sha256,count,error`), all three by default. */
export async function benchMemory(dir, sizes, only) {
  const TASKS = E2E_TASKS.filter(
    (t) => MEMORY_TASKS.includes(t.key) && (!only || only.includes(t.key)),
  );
  const loadBefore = loadavg()[0];
  const peaks = {};
  for (const mib of sizes) {
    const file = bigTextFile(dir, mib);
    try {
      warm(file);
      for (const t of TASKS) peaks[`${t.key}/${mib}`] = await peakOf(file, t, t.tool(file, 1).want);
    } finally {
      rmSync(file, { force: true });
    }
  }
  const rows = [];
  const ratios = [];
  const label = (mib) => (mib % 1024 ? `${mib} MiB` : `${mib / 1024} GiB`);
  const [small, large] = [Math.min(...sizes), Math.max(...sizes)];
  for (const t of TASKS) {
    for (const mib of sizes) {
      const { peak, idle, total, retained } = peaks[`${t.key}/${mib}`];
      const byType = Object.entries(peak.rss)
        .filter(([k]) => k !== 'all' && k !== 'counted')
        .map(([k, v]) => `${k} ${fmt(v, 0)}`)
        .join(', ');
      rows.push(
        [
          `${t.name}, ${label(mib)}: RSS renderer+GPU+utility`,
          fmt(peak.rss.counted, 1),
          `PSS ${fmt(peak.pss.counted, 1)}, RssAnon ${fmt(peak.anon.counted, 1)}; JS heap page+${peak.heapWorkers} workers ${fmt(peak.heap, 1)}; ${fmt(total, 1)} s`,
        ],
        [
          `${t.name}, ${label(mib)}: PSS of the page's renderer`,
          fmt(peak.pss.renderer, 1),
          `the issue's measure: the renderer with the page and its workers (no GPU, no utility processes); RSS ${fmt(peak.rss.renderer, 1)}`,
        ],
        [
          `${t.name}, ${label(mib)}: RSS above the idle app`,
          fmt(peak.rss.counted - idle.rss, 1),
          `idle RSS ${fmt(idle.rss, 1)}; above idle: PSS ${fmt(peak.pss.counted - idle.pss, 1)}, RssAnon ${fmt(peak.anon.counted - idle.anon, 1)}, JS heap ${fmt(peak.heap - idle.heap, 1)}`,
        ],
        [
          `${t.name}, ${label(mib)}: JS heap after a full GC at Completed`,
          fmt(retained.page + retained.workers, 1),
          `page ${fmt(retained.page, 1)}, workers ${fmt(retained.workers, 1)}; the peak ${fmt(peak.heap, 1)} also held garbage not yet collected`,
        ],
        [
          `${t.name}, ${label(mib)}: RSS every process`,
          fmt(peak.rss.all, 1),
          `PSS ${fmt(peak.pss.all ?? NaN, 1)}; by type: ${byType}; ${peak.samples} samples`,
        ],
      );
    }
    if (large !== small) {
      const a = peaks[`${t.key}/${small}`].peak;
      const b = peaks[`${t.key}/${large}`].peak;
      ratios.push(
        [
          `${t.name}: RSS ${label(large)} ÷ ${label(small)}`,
          b.rss.counted / a.rss.counted,
          1.1,
          true,
        ],
        [
          `${t.name}: PSS ${label(large)} ÷ ${label(small)}`,
          b.pss.counted / a.pss.counted,
          1.1,
          true,
        ],
        [
          `${t.name}: renderer PSS ${label(large)} ÷ ${label(small)}`,
          b.pss.renderer / a.pss.renderer,
          1.1,
          true,
        ],
        [`${t.name}: JS heap ${label(large)} ÷ ${label(small)}`, b.heap / a.heap, 1.1, true],
        (() => {
          const held = (k) => {
            const r = peaks[`${t.key}/${k}`].retained;
            return r.page + r.workers;
          };
          return [
            `${t.name}: JS heap after GC ${label(large)} ÷ ${label(small)}`,
            held(large) / held(small),
            1.1,
            true,
          ];
        })(),
      );
    }
    const worst = (k, of = 'counted') =>
      Math.max(...sizes.map((m) => peaks[`${t.key}/${m}`].peak[k][of]));
    ratios.push(
      [`${t.name}: peak RSS ÷ ${LIMIT_MB} MB`, worst('rss') / LIMIT_MB, 1, true],
      [`${t.name}: peak PSS ÷ ${LIMIT_MB} MB`, worst('pss') / LIMIT_MB, 1, true],
      [
        `${t.name}: peak renderer PSS ÷ ${LIMIT_MB} MB`,
        worst('pss', 'renderer') / LIMIT_MB,
        1,
        true,
      ],
    );
  }
  return {
    title: `Peak memory (MB), Start → Completed, ${sizes.map(label).join(' and ')} text (${cpus().length} cores; 1-min load ${fmt(loadBefore)} before, ${fmt(loadavg()[0])} after), sampled every 100 ms (VmRSS, RssAnon, PSS from /proc; the goal counts the renderers of the page, where its workers run too, and the GPU and utility processes; RSS counts each shared page, e.g. Chromium's own code, once per process, PSS splits it among its sharers; "every process" adds the browser's main process, its UI renderer and zygotes)`,
    unit: 'MB',
    rows,
    ratios,
  };
}
