/**
 * Boundary fuzz for the CSV profile: corpora of boundary cases (a 3 MiB record of many fields,
 * a quoted field just under the field limit full of line breaks and doubled quotes, the
 * fixture's mixed files) on random piece sizes from 1 byte to 64 KiB, against Python's csv;
 * the checkpointed state never holds much more than the open record.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { FIELD_LIMIT } from '../../../src/workflows';
import { rng } from '../helpers/drive';
import { checkAgainstPython } from './support/csv-check';
import { csvFixture } from './support/csv-fixtures';
import { runFold } from './support/csv-fold';
import { KiB, MiB, tempDir, utf8 } from './support/fixtures';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** A quoted field of exactly `chars` characters of text, line breaks and doubled quotes. */
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
  // name, bytes, a bound of the state: the open record (two bytes a character at most in a v8
  // serialisation) and the buffered file start, plus the columns' exact value sets where a
  // file has many distinct values.
  [
    'a 3 MiB record of 20,000 fields',
    utf8(`a,b\n1,2\n${wideRecord}\n3,4\n`),
    2 * wideRecord.length + 512 * KiB,
  ],
  [
    'a quoted field just under the limit',
    utf8(`id,big,z\r\n1,${bigQuotedField(FIELD_LIMIT, 3)},z\r\n2,"",z`),
    2 * FIELD_LIMIT + 512 * KiB,
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

/** Piece sizes from 1 byte to 64 KiB, log-uniform, at least `min`. */
const logUniform =
  (min: number) =>
  (random: () => number): number =>
    Math.max(min, Math.floor(Math.exp(random() * Math.log(64 * KiB))));

describe('CSV profile on random small pieces matches Python csv', () => {
  it.each(corpus)('%s', async (name, bytes, bound) => {
    const path = tmp.write(`${name.replace(/\W+/g, '-')}.csv`, bytes);
    const whole = await runFold(bytes, () => 8 * MiB);
    expect(whole.error).toBeUndefined();
    checkAgainstPython(path, whole.result!, '"', name);
    const runs: [string, (random: () => number) => number][] = [
      ['1 KiB pieces', () => KiB],
      ['1 B to 64 KiB pieces', logUniform(1)],
    ];
    // 1-byte pieces over a whole corpus are too many for a unit test: its first 64 KiB.
    const head = bytes.subarray(0, 64 * KiB);
    for (const [label, size] of runs) {
      const r = await runFold(bytes, size, {}, bytes.length, 1 / 32);
      expect(r.result, `${name}: ${label}`).toEqual(whole.result);
      expect(r.maxSnapshot, `${name}: ${label}: state`).toBeLessThan(bound);
    }
    const tiny = await runFold(head, () => 1, {}, 5, 1 / 512);
    expect(tiny.result, `${name}: 1 B pieces`).toEqual((await runFold(head, () => 8 * MiB)).result);
  });
});
