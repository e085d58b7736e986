// What the Node harnesses of the CSV profile share (csv-node.mjs, csv-combine.mjs): their
// numeric arguments, the CSV code bundled with rolldown (the same JavaScript the workers run),
// and the benchmark's messy CSV in memory, read as a chunk's input reads it.
import { build } from 'rolldown';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeCsvFile } from './csv-file.mjs';

export const MiB = 1024 * 1024;

/** `--name N` from the command line, else `fallback`. */
export function numberArg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/**
 * Bundles the named exports of source files (`{ mapChunk: 'src/workflows/csv/chunk.ts' }`) into
 * one module and imports it. `WAYMARK_BUNDLE=<file>` imports that file instead: a bundle edited
 * by hand, to try a change before making it in the source.
 */
export async function bundle(exports) {
  const dir = mkdtempSync(join(tmpdir(), 'waymark-csv-bundle-'));
  try {
    const entry = join(dir, 'entry.ts');
    writeFileSync(
      entry,
      Object.entries(exports)
        .map(
          ([name, path]) =>
            `export { ${name} } from ${JSON.stringify(join(process.cwd(), path))};\n`,
        )
        .join(''),
    );
    const out = join(dir, 'csv.mjs');
    await build({ input: entry, output: { file: out, format: 'esm' }, logLevel: 'silent' });
    return await import(pathToFileURL(process.env.WAYMARK_BUNDLE ?? out).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The benchmark's messy CSV (20 columns) of `size` bytes in memory, and an input reading it. */
export function messyCsv(size) {
  const dir = mkdtempSync(join(tmpdir(), 'waymark-csv-file-'));
  try {
    const file = readFileSync(makeCsvFile(dir, 'messy.csv', size, { columns: 20 }));
    const bytes = new Uint8Array(file.buffer, file.byteOffset, file.length);
    const input = { size: bytes.length, read: async (from, to) => bytes.slice(from, to) };
    return { bytes, input, params: { delimiter: 'auto', quote: '"' } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
