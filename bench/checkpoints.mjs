// Checkpoint commit latency (p50/p99) at 100, 10,000 and 100,000 done chunks.
import { BASE, fmt } from './lib.mjs';

export async function benchCheckpoints(b) {
  const context = await b.newContext();
  const page = await context.newPage();
  await page.goto(`${BASE}/bench/bench.html`);
  await page.waitForFunction(() => globalThis.checkpointLatency !== undefined);
  const rows = await page.evaluate(() => globalThis.checkpointLatency([100, 10_000, 100_000], 200));
  await context.close();
  const at = (n) => rows.find((r) => r.chunks === n);
  return {
    title: 'Checkpoint commit latency (map step, 10 chunks per checkpoint, 200 samples)',
    unit: 'ms',
    rows: rows.map((r) => [
      `at ${r.chunks.toLocaleString('en')} done chunks: p50 / p99`,
      `${fmt(r.p50)} / ${fmt(r.p99)}`,
      `mean ${fmt(r.mean)}`,
    ]),
    ratios: [['p50 at 100k ÷ p50 at 100', at(100_000).p50 / at(100).p50, 1.2, true]],
  };
}
