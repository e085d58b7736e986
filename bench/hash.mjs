// Hashing: the engine (with checkpoints, and with them off) against a bare hash-wasm loop in a
// worker reading the same OPFS copy, and against sha256sum on the same bytes.
import { appPage, deleteAll, fmt, makeFile, mbps, timeCommand, timedRun, BASE } from './lib.mjs';

export async function benchHash(b, dir, sizeMiB, repeat) {
  const size = sizeMiB * 1024 * 1024;
  const file = makeFile(dir, `hash-${sizeMiB}m.bin`, size, { seed: 42 });
  const rows = [];
  const sum = timeCommand('sha256sum', [file], repeat);
  const reference = sum.out.split(' ')[0];

  const best = async (settings) => {
    let out;
    for (let i = 0; i < repeat; i++) {
      const { page, context } = await appPage(b, settings);
      const r = await timedRun(page, file, 'SHA-256');
      if (r.run.result.hex !== reference) throw new Error('engine digest differs from sha256sum');
      if (!out || r.seconds < out.seconds) out = { ...r, page, context };
      else await context.close();
    }
    return out;
  };
  const on = await best({ workers: 1, chunkSize: 4 * 1024 * 1024, checkpointEveryMs: 1000 });
  // The bare loop reads the engine's own OPFS copy, so both read the same file the same way.
  const bare = await (async () => {
    let fastest;
    const page = await on.context.newPage();
    await page.goto(`${BASE}/bench/bench.html`);
    await page.waitForFunction(() => globalThis.bench !== undefined);
    for (let i = 0; i < repeat; i++) {
      const r = await page.evaluate(
        (path) => globalThis.bench.sha256(path),
        `waymark/${on.run.input.opfsPath}`,
      );
      if (r.hex !== reference) throw new Error('bare digest differs from sha256sum');
      if (!fastest || r.ms < fastest.ms) fastest = r;
    }
    return { seconds: fastest.ms / 1000 };
  })();
  await deleteAll(on.page);
  await on.context.close();
  const off = await best({ workers: 1, chunkSize: 4 * 1024 * 1024, checkpointEveryMs: 1e9 });
  const offCheckpoints = off.run.lastSeq;
  await deleteAll(off.page);
  await off.context.close();

  const e = mbps(size, on.seconds);
  rows.push(['SHA-256 engine (checkpoint every 1 s)', fmt(e), `${on.run.lastSeq} checkpoints`]);
  rows.push([
    'SHA-256 engine (checkpoints off)',
    fmt(mbps(size, off.seconds)),
    `${offCheckpoints} checkpoints`,
  ]);
  rows.push(['SHA-256 bare hash-wasm loop in a worker', fmt(mbps(size, bare.seconds)), '']);
  rows.push(['sha256sum', fmt(mbps(size, sum.seconds)), '']);
  const ratios = [
    ['engine ÷ bare', e / mbps(size, bare.seconds), 0.97],
    ['engine ÷ sha256sum', e / mbps(size, sum.seconds), 0.85],
    ['checkpoints on ÷ off', e / mbps(size, off.seconds), 0.97],
  ];
  return { title: `Hashing ${sizeMiB} MiB`, rows, ratios };
}
