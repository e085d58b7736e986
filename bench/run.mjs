// npm run bench [-- --size MiB] [--only hash,tasks,checkpoints,durability,csv,e2e,memory,longtask]
//   [--repeat N]
//   [--tasks count,search,gzip (the tasks section); sha256,count,error (memory)] [--sizes 1024,4096] [--quick]
// Runs every benchmark side by side in one go and prints MB/s and the ratios against goals.
import { rmSync } from 'node:fs';
import { benchHash } from './hash.mjs';
import { browser, fmt, parseArgs, serve, tmp } from './lib.mjs';

const args = parseArgs(process.argv.slice(2));
const want = (name) => !args.only || args.only.includes(name);
// Each section's default input size (MiB), unless --size says otherwise; --quick: small ones.
const size = (normal) => args.size ?? (args.quick ? 32 : normal);
const sizes = args.sizes ?? (args.size ? [args.size] : args.quick ? [16, 64] : [1024, 4096]);
const repeat = args.quick ? 1 : args.repeat;
const stop = await serve();
const b = await browser();
const dir = tmp();
const sections = [];
try {
  if (want('hash')) sections.push(await benchHash(b, dir, size(512), repeat));
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
    sections.push(...(await benchCsv(b, dir, size(1024), repeat)));
  }
  if (want('tasks')) {
    const { benchTasks } = await import('./tasks.mjs');
    sections.push(...(await benchTasks(b, dir, size(512), repeat, args.tasks)));
  }
  if (want('e2e')) {
    const { benchE2E } = await import('./e2e.mjs');
    sections.push(...(await benchE2E(dir, size(1024), repeat)));
  }
  if (want('longtask')) {
    const { benchLongTasks } = await import('./longtask.mjs');
    sections.push(await benchLongTasks(dir, size(256)));
  }
  if (want('memory')) {
    const { benchMemory } = await import('./memory.mjs');
    sections.push(await benchMemory(dir, sizes, args.tasks));
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
