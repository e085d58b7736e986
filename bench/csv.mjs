// The CSV profile against DuckDB's SUMMARIZE (native, @duckdb/node-api) on one generated messy
// CSV (bench/csv-file.mjs: 20 columns, quoted names with commas and doubled quotes, empties,
// quoted CRLF notes), in one run: Waymark with 1 and 2 workers, end to end from Start (import
// included) and its processing phase, DuckDB with 1 and 2 threads; checkpoint bytes (each and
// in total) and peak JS heap of the page; checkpoints on ÷ off; and what 2 bare workers scale
// on this machine. The engine's row count and its id column's min/max are checked against
// DuckDB's before anything is reported: a wrong answer throws.
import { statSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { makeCsvFile } from './csv-file.mjs';
import { MiB, appPage, fmt, mbps } from './lib.mjs';
import { machineCeiling } from './tasks.mjs';

const COLUMNS = 20;
/**
 * Engine settings for every Waymark run, over the app's (JSON in WAYMARK_CSV_SETTINGS), e.g.
 * the CSV workflow's own chunk size and checkpoint cadence, which the app's settings override.
 */
const EXTRA = JSON.parse(process.env.WAYMARK_CSV_SETTINGS ?? '{}');

async function duckdb(path, threads) {
  const db = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const con = await db.connect();
  const sql =
    `SUMMARIZE SELECT * FROM read_csv('${path}', delim=',', quote='"', escape='"', ` +
    `header=true, strict_mode=false, sample_size=-1)`;
  const t0 = performance.now();
  const reader = await con.runAndReadAll(sql);
  const seconds = (performance.now() - t0) / 1000;
  const rows = reader.getRowObjectsJS();
  con.closeSync?.();
  return { seconds, rows };
}

/** Runs the profile through the UI; times from the Start click and from "running". */
async function engineRun(b, file, settings) {
  const { page, context } = await appPage(b, settings);
  try {
    await page.evaluate(() => {
      const w = globalThis.waymark;
      const s = (globalThis.__bench = { cps: [], peak: 0, chunks: new Map() });
      const sizeOf = (v) => {
        if (v === null || v === undefined) return 1;
        if (typeof v === 'string') return v.length + 4;
        if (typeof v === 'number' || typeof v === 'boolean') return 9;
        if (ArrayBuffer.isView(v)) return v.byteLength + 8;
        if (Array.isArray(v)) return v.reduce((n, x) => n + sizeOf(x), 4);
        if (typeof v === 'object')
          return Object.entries(v).reduce((n, [k, x]) => n + k.length + sizeOf(x), 4);
        return 8;
      };
      const heap = setInterval(() => {
        const m = performance.memory?.usedJSHeapSize ?? 0;
        if (m > s.peak) s.peak = m;
      }, 200);
      w.engine.bus.on((e) => {
        // Each chunk's running → done time: a stalled read shows as one chunk far slower.
        if (e.type === 'chunk' && (e.status === 'running' || e.status === 'done'))
          s.chunks.set(`${e.status}${e.index}`, performance.now());
        if (e.type === 'checkpoint')
          void w.engine.store.getCheckpoint(e.runId, e.checkpoint.seq).then((cp) => {
            if (cp) s.cps.push(sizeOf(cp.state) + sizeOf(cp.outputs));
          });
        if (e.type !== 'run') return;
        if (e.run.status === 'running' && s.t0 === undefined) {
          s.t0 = performance.now();
          s.id = e.run.id;
        }
        if (e.run.status === 'completed' && e.run.id === s.id) {
          s.t1 = performance.now();
          clearInterval(heap);
        }
        if (e.run.status === 'failed') s.error = e.run.message;
      });
    });
    await page.getByLabel('Choose file').setInputFiles(file);
    await page.getByLabel('Task', { exact: true }).selectOption({ label: 'CSV profile' });
    await page.evaluate(() => (globalThis.__bench.start = performance.now()));
    await page.getByRole('button', { name: 'Start' }).click();
    await page.waitForFunction(
      () => globalThis.__bench.t1 !== undefined || globalThis.__bench.error,
      undefined,
      {
        timeout: 0,
        polling: 100,
      },
    );
    // Let the last checkpoint reads land.
    await page.waitForTimeout(500);
    return await page.evaluate(async () => {
      const s = globalThis.__bench;
      if (s.error) throw new Error(s.error);
      const run = await globalThis.waymark.engine.store.getRun(s.id);
      let slowest = { index: -1, ms: 0 };
      for (const [k, t] of s.chunks) {
        if (!k.startsWith('done')) continue;
        const index = Number(k.slice(4));
        const ms = t - (s.chunks.get(`running${index}`) ?? t);
        if (ms > slowest.ms) slowest = { index, ms };
      }
      return {
        slowest,
        total: (s.t1 - s.start) / 1000,
        seconds: (s.t1 - s.t0) / 1000,
        run,
        checkpoints: s.cps,
        peak: s.peak,
      };
    });
  } finally {
    await context.close();
  }
}

function check(what, a, b) {
  if (JSON.stringify(a) !== JSON.stringify(b))
    throw new Error(`${what}: Waymark says ${JSON.stringify(a)}, DuckDB ${JSON.stringify(b)}`);
}

/** The fastest of `repeat` runs with each of `settings`, taken in turn (on, off, on, off…). */
async function alternating(b, file, repeat, ...settings) {
  const best = settings.map(() => undefined);
  for (let i = 0; i < repeat; i++)
    for (const [k, s] of settings.entries()) {
      const w = await engineRun(b, file, s);
      if (!best[k] || w.seconds < best[k].seconds) best[k] = w;
    }
  return best;
}

export async function benchCsv(b, dir, sizeMiB, repeat = 1) {
  const file = makeCsvFile(dir, `messy-${sizeMiB}m.csv`, sizeMiB * MiB, { columns: COLUMNS });
  const size = statSync(file).size;
  const d1 = await duckdb(file, 1);
  const d2 = await duckdb(file, 2);
  const idRow = d2.rows.find((r) => r.column_name === 'id_0');
  const dRows = Number(idRow.count);
  const w1 = await engineRun(b, file, { ...EXTRA, workers: 1 });
  // Checkpoints on and off taken in turn, best of `repeat` each: a single pair swung 0.86–1.03
  // with the load of the machine.
  const [w2, off] = await alternating(
    b,
    file,
    repeat,
    { ...EXTRA, workers: 2 },
    { ...EXTRA, workers: 2, checkpointEveryMs: 1e9 },
  );
  for (const [label, w] of [
    ['1 worker', w1],
    ['2 workers', w2],
    ['checkpoints off', off],
  ]) {
    const r = w.run.outputs.profile;
    check(`${label}: rows`, r.rows, dRows);
    const id = r.columns[0];
    check(`${label}: id min/max`, [id.min, id.max], [Number(idRow.min), Number(idRow.max)]);
  }
  const ceiling = await machineCeiling(b, file, Math.min(sizeMiB, 256), 1);
  const cps = w2.checkpoints;
  const cpMax = Math.max(0, ...cps);
  const cpSum = cps.reduce((a, x) => a + x, 0);
  const rate = (s) => fmt(mbps(size, s));
  const wScale = w1.seconds / w2.seconds;
  const storage = {
    title:
      'CSV profile: checkpoints and memory (2 workers), slowest chunks' +
      (process.env.WAYMARK_CSV_SETTINGS ? `; settings ${process.env.WAYMARK_CSV_SETTINGS}` : ''),
    unit: '',
    rows: [
      ['checkpoints written', cps.length, ''],
      [
        'largest checkpoint (state + outputs)',
        `${fmt(cpMax / 1024, 1)} KiB`,
        `${fmt(cpMax / 1024 / COLUMNS, 1)} KiB per column`,
      ],
      ['all checkpoints, total', `${fmt(cpSum / MiB, 2)} MiB`, ''],
      ['peak page JS heap, 2 workers', `${fmt(w2.peak / MiB, 0)} MiB`, ''],
      // A stalled read shows as one chunk far slower than the rest.
      ...[
        ['1 worker', w1],
        ['2 workers', w2],
        ['checkpoints off', off],
      ].map(([label, w]) => [
        `slowest chunk (running → done), ${label}`,
        `${fmt(w.slowest.ms / 1000)} s`,
        `chunk ${w.slowest.index}`,
      ]),
    ],
  };
  return [
    ceiling.section,
    storage,
    {
      title: `CSV profile vs DuckDB SUMMARIZE, ${fmt(size / MiB, 0)} MiB messy CSV, ${COLUMNS} columns, ${dRows} rows`,
      rows: [
        ['DuckDB SUMMARIZE, 1 thread', rate(d1.seconds), `${fmt(d1.seconds)} s`],
        ['DuckDB SUMMARIZE, 2 threads', rate(d2.seconds), `${fmt(d2.seconds)} s`],
        [
          'Waymark, 1 worker (processing)',
          rate(w1.seconds),
          `${fmt(w1.seconds)} s; from Start ${fmt(w1.total)} s`,
        ],
        [
          'Waymark, 2 workers (processing)',
          rate(w2.seconds),
          `${fmt(w2.seconds)} s; from Start ${fmt(w2.total)} s`,
        ],
        ['Waymark, 1 worker (from Start)', rate(w1.total), ''],
        ['Waymark, 2 workers (from Start)', rate(w2.total), ''],
        ['Waymark, 2 workers, checkpoints off', rate(off.seconds), `${fmt(off.seconds)} s`],
      ],
      ratios: [
        ['Waymark 2 workers ÷ DuckDB 2 threads (processing)', d2.seconds / w2.seconds, 1.0],
        ['Waymark 2 workers ÷ DuckDB 2 threads (from Start)', d2.seconds / w2.total, 1.0],
        ['Waymark 2 workers ÷ 1 worker', wScale, 1.8],
        ['  … ÷ 0.9 × bare worker scaling', wScale / (0.9 * ceiling.spin), 1.0],
        ['checkpoints on ÷ off (throughput)', off.seconds / w2.seconds, 0.97],
      ],
    },
  ];
}
