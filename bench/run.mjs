// npm run bench [-- --size MiB] [--only hash,tasks,checkpoints,durability,csv] [--repeat N] [--tasks count,search,gzip]
// (csv: 1024 MiB unless --size is given)
// Runs every benchmark side by side in one go and prints MB/s and the ratios against goals.
import { rmSync } from 'node:fs';
import { benchHash } from './hash.mjs';
import { browser, fmt, parseArgs, serve, tmp } from './lib.mjs';

const args = parseArgs(process.argv.slice(2));
const want = (name) => !args.only || args.only.includes(name);
const stop = await serve();
const b = await browser();
const dir = tmp();
const sections = [];
try {
  if (want('hash')) sections.push(await benchHash(b, dir, args.size, args.repeat));
  if (want('checkpoints')) {
    const { benchCheckpoints } = await import('./checkpoints.mjs');
    sections.push(await benchCheckpoints(b));
  }
  if (want('durability')) {
    const { benchDurability } = await import('./durability.mjs');
    sections.push(await benchDurability());
  }
  if (want('csv')) {
    const { benchCsv } = await import('./csv.mjs');
    const size = process.argv.includes('--size') ? args.size : 1024;
    sections.push(...(await benchCsv(b, dir, size)));
  }
  if (want('tasks')) {
    const { benchTasks } = await import('./tasks.mjs');
    sections.push(...(await benchTasks(b, dir, args.size, args.repeat, args.tasks)));
  }
} finally {
  await b.close();
  stop();
  rmSync(dir, { recursive: true, force: true });
}
for (const s of sections) {
  console.log(`\n## ${s.title}`);
  for (const [name, value, note] of s.rows)
    console.log(
      `  ${name.padEnd(48)} ${String(value).padStart(10)} ${s.unit ?? 'MB/s'}  ${note ?? ''}`,
    );
  for (const [name, ratio, goal, higherIsWorse] of s.ratios ?? []) {
    const ok = higherIsWorse ? ratio <= goal : ratio >= goal;
    console.log(
      `  ratio ${name.padEnd(42)} ${fmt(ratio, 3).padStart(10)}   goal ${higherIsWorse ? '≤' : '≥'} ${goal}  ${ok ? 'met' : 'NOT met'}`,
    );
  }
}
