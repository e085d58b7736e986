import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { type GzipResult, gzipWorkflow, partName } from '../../../src/workflows';
import { MemoryOutputStore, driveWorkflow } from '../helpers/drive';
import { CHUNK_SIZES, KiB, randomBytes, tempDir, textFixture } from './support/fixtures';
import { cmp, gunzip } from './support/reference';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

async function compress(
  bytes: Uint8Array,
  chunkSize: number,
  emptyChunkForEmptyInput = false,
): Promise<{ result: GzipResult; file: Uint8Array; parts: string[]; store: MemoryOutputStore }> {
  const { result, outputs, store } = await driveWorkflow(
    gzipWorkflow,
    bytes,
    {},
    { chunkSize, emptyChunkForEmptyInput },
  );
  const out = gzipWorkflow.outputFile?.(outputs, 'input.txt');
  if (!out) throw new Error('no output file');
  expect(out.name).toBe('input.txt.gz');
  expect(out.type).toBe('application/gzip');
  return { result, file: store.concat(out.parts), parts: out.parts, store };
}

/** gunzip restores the input exactly, and the reported size and SHA-256 are those of the file. */
function checkRoundTrip(
  name: string,
  input: Uint8Array,
  file: Uint8Array,
  result: GzipResult,
): void {
  const gz = tmp.write(`${name}.gz`, file);
  const original = tmp.write(name, input);
  const restored = tmp.write(`${name}.restored`, gunzip(gz));
  expect(cmp(original, restored), `${name}: gunzip -c | cmp`).toBe(true);
  expect(result).toEqual({
    inputBytes: input.length,
    outputBytes: file.length,
    sha256OfOutput: createHash('sha256').update(file).digest('hex'),
  });
}

describe('Gzip', () => {
  it('compresses text and random bytes into a file gunzip restores, for every chunk size', async () => {
    const inputs: [string, Uint8Array][] = [
      ['text', textFixture(8, 1100 * KiB)],
      ['random', randomBytes(9, 150 * KiB + 3)],
    ];
    for (const [name, bytes] of inputs) {
      for (const cs of CHUNK_SIZES) {
        const { result, file, parts } = await compress(bytes, cs);
        expect(parts).toHaveLength(Math.ceil(bytes.length / cs));
        checkRoundTrip(`${name}-${cs}`, bytes, file, result);
      }
    }
  });

  it('produces a valid empty .gz for an empty input, with or without an empty chunk', async () => {
    for (const emptyChunk of [false, true]) {
      const { result, file, parts } = await compress(new Uint8Array(0), 4 * KiB, emptyChunk);
      expect(parts).toEqual([partName(0)]);
      expect(file.length).toBeGreaterThan(0);
      checkRoundTrip(`empty-${emptyChunk}`, new Uint8Array(0), file, result);
    }
  });

  it('names parts by chunk index, zero-padded, in order', async () => {
    const { parts, store } = await compress(randomBytes(1, 3000), 1000);
    expect(parts).toEqual(['part-00000000.gz', 'part-00000001.gz', 'part-00000002.gz']);
    expect(await store.list()).toEqual(parts);
  });

  // Redone chunks are tested in gzip-redo.test.ts; this is what makes their rewrite harmless.
  it('writes byte-identical parts for the same input (no timestamp in a member)', async () => {
    const bytes = textFixture(2, 10 * KiB);
    const a = await compress(bytes, 4 * KiB);
    const b = await compress(bytes, 4 * KiB);
    for (const name of a.parts) expect(b.store.files.get(name)).toEqual(a.store.files.get(name));
  });

  it('has no output file before the final task has run', () => {
    expect(gzipWorkflow.outputFile?.({}, 'x')).toBeUndefined();
  });

  it('summarizes sizes and ratio', () => {
    expect(
      gzipWorkflow.summarize?.({ inputBytes: 2048, outputBytes: 512, sha256OfOutput: 'ab' }, {}),
    ).toBe('2 KiB → 512 B (25.0%), SHA-256 ab');
  });
});
