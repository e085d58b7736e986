/**
 * Boundary fuzz for the CSV profile: corpora of boundary cases (a 3 MiB record of many fields,
 * a quoted field just under the field limit full of line breaks and doubled quotes, the
 * fixture's mixed files) on chunks from 7 bytes to 64 KiB (each record read whole by the chunk
 * it begins in), against Python's csv.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { FIELD_LIMIT } from '../../../src/workflows';
import * as v8 from 'node:v8';
import type { CsvProfileResult } from '../../../src/workflows';
import { csvProfileWorkflow } from '../../../src/workflows';
import { driveWorkflow, rng } from '../helpers/drive';
import { checkAgainstPython } from './support/csv-check';
import { csvFixture } from './support/csv-fixtures';
import { KiB, MiB, tempDir, utf8 } from './support/fixtures';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** A quoted field of `chars` characters (at most 2 × chars bytes): text, line breaks, doubled quotes. */
function bigQuotedField(chars: number, seed: number): string {
  const random = rng(seed);
  const bits = ['abc', 'é', '\n', '\r\n', '\r', '""', ',', '😀'];
  let n = 0;
  const out: string[] = [];
  while (n < chars - 2) {
    const b = bits[Math.floor(random() * bits.length)];
    const len = b === '""' ? 1 : b.length;
    out.push(b);
    n += len;
  }
  return `"${out.join('')}${'x'.repeat(chars - n)}"`;
}

const wideRecord = Array.from({ length: 20_000 }, (_, i) =>
  i % 3 ? `v${i}-${'w'.repeat(150)}` : `"q,${i}""\n${'é'.repeat(70)}"`,
).join(',');

const corpus: [string, Uint8Array, number][] = [
  // name, bytes, a bound of the result's size: bounded column summaries.
  ['a 3 MiB record of 20,000 fields', utf8(`a,b\n1,2\n${wideRecord}\n3,4\n`), 20_000 * 16 * KiB],
  [
    'a quoted field just under the limit',
    utf8(`id,big,z\r\n1,${bigQuotedField(FIELD_LIMIT / 2, 3)},z\r\n2,"",z`),
    512 * KiB,
  ],
  [
    'mixed rows, CRLF, BOM, blank lines, long fields',
    csvFixture({
      seed: 21,
      rows: 1500,
      bom: true,
      lineEnding: 'mixed',
      blankLines: 0.03,
      ragged: 0.02,
      longFields: 0.05,
      finalNewline: false,
      boundaries: [1000, 4096, 65536],
    }),
    2 * MiB,
  ],
];

/** Mean and stddev merged in another order differ in the last bits (csv-parallel checks them). */
const withoutMoments = (r: CsvProfileResult): unknown => ({
  ...r,
  columns: r.columns.map(({ mean: _m, stddev: _s, ...c }) => c),
});

const profile = async (bytes: Uint8Array, chunkSize: number): Promise<CsvProfileResult> =>
  (await driveWorkflow(csvProfileWorkflow, bytes, {}, { chunkSize })).result;

describe('CSV profile on small chunks matches Python csv', () => {
  it.each(corpus)('%s', async (name, bytes, bound) => {
    const path = tmp.write(`${name.replace(/\W+/g, '-')}.csv`, bytes);
    const whole = await profile(bytes, 8 * MiB);
    checkAgainstPython(path, whole, '"', name);
    for (const chunkSize of [KiB, 4093, 64 * KiB]) {
      const out = await driveWorkflow(csvProfileWorkflow, bytes, {}, { chunkSize });
      expect(withoutMoments(out.result), `${name}: chunks of ${chunkSize}`).toEqual(
        withoutMoments(whole),
      );
      // A chunk's partial holds bounded summaries, never the records it read.
      expect(v8.serialize(out.outputs.profile).length, `${name}: result size`).toBeLessThan(bound);
    }
    // 1-byte chunks over a whole corpus are too many for a unit test: its first 16 KiB.
    const head = bytes.subarray(0, 16 * KiB);
    expect(withoutMoments(await profile(head, 7)), `${name}: 7 B chunks`).toEqual(
      withoutMoments(await profile(head, 8 * MiB)),
    );
  });
});
