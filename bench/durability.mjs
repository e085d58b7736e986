// strict against relaxed durability: checkpoint and ledger commit latency on a profile on disk,
// and what strict would cost at the default settings (1 checkpoint a second, 4 MiB chunks).
import { BASE, fmt, profileContext } from './lib.mjs';

// Engine throughputs of the map tasks at 2 workers (bench/reports/…-simd-second-run.txt), MB/s.
const THROUGHPUTS = [
  ['Gzip', 33.18],
  ['Count', 156.28],
  ['Search', 690.42],
  ['Search (rare)', 1290.56],
];
const LANES = 6; // 2 workers × (MAP_PIPELINE_DEPTH + 1)

export async function benchDurability(samples = 100) {
  const context = await profileContext();
  const page = await context.newPage();
  await page.goto(`${BASE}/bench/bench.html`);
  await page.waitForFunction(() => globalThis.durabilityCost !== undefined);
  const rows = await page.evaluate(
    ([n, lanes]) => globalThis.durabilityCost(n, lanes),
    [samples, LANES],
  );
  await context.close();
  const mean = (d, f) => {
    const r = rows.filter((x) => x.durability === d).map(f);
    return r.reduce((a, b) => a + b, 0) / r.length;
  };
  const m = {};
  for (const d of ['relaxed', 'strict'])
    m[d] = {
      cp: mean(d, (r) => r.checkpoint.mean),
      cp50: mean(d, (r) => r.checkpoint.p50),
      ledger: mean(d, (r) => r.ledger.mean),
      ledger50: mean(d, (r) => r.ledger.p50),
      conc: mean(d, (r) => r.ledgerConcurrent),
    };
  const dCp = m.strict.cp - m.relaxed.cp;
  const dLedger = m.strict.conc - m.relaxed.conc;
  const out = [];
  for (const d of ['relaxed', 'strict'])
    out.push(
      [`${d}: checkpoint p50 / mean`, `${fmt(m[d].cp50)} / ${fmt(m[d].cp)}`],
      [`${d}: ledger commit p50 / mean`, `${fmt(m[d].ledger50)} / ${fmt(m[d].ledger)}`],
      [`${d}: ledger commit, ${LANES} in flight`, fmt(m[d].conc), 'ms of wall time per commit'],
    );
  // The share of each second of work strict adds if its extra commit time were never hidden
  // behind the workers' computing (an upper bound: the lanes overlap it).
  const ratios = [['strict checkpoints: extra ms per second ÷ 1000', dCp / 1000, 0.01, true]];
  for (const [task, mbs] of THROUGHPUTS) {
    const chunksPerSec = (mbs * 1e6) / (4 * 2 ** 20);
    ratios.push([
      `strict ledger, ${task} ${mbs} MB/s`,
      (dLedger * chunksPerSec) / 1000,
      0.01,
      true,
    ]);
  }
  return {
    title: `Durability: strict against relaxed (${samples} × 4 ledger commits + 1 checkpoint, twice each)`,
    unit: 'ms',
    rows: out,
    ratios,
    raw: rows,
  };
}
