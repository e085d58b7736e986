/**
 * Boundary fuzz for Count: corpora of boundary cases (a 3 MiB line, a 3 MiB word, a 3 MiB run
 * of spaces, multibyte and invalid UTF-8 soup, CRLF, tiny lines) on random chunk sizes from
 * 1 byte to 64 KiB, against GNU `wc -c -l -w -m` in C.UTF-8; the combined partial stays a
 * constant size however long the line it covers.
 */
import { serialize } from 'node:v8';
import { afterAll, describe, expect, it } from 'vitest';
import { countWorkflow } from '../../../src/workflows';
import {
  emptyPartial,
  finalTally,
  joinPartials,
  summarize,
} from '../../../src/workflows/count/segment';
import { driveWorkflow, rng } from '../helpers/drive';
import { INVALID, KiB, MiB, concatBytes, tempDir, utf8 } from './support/fixtures';
import { wc } from './support/reference';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

function repeatTo(size: number, parts: readonly Uint8Array[], seed: number): Uint8Array {
  const random = rng(seed);
  const out: Uint8Array[] = [];
  let n = 0;
  while (n < size) {
    const p = parts[Math.floor(random() * parts.length)];
    out.push(p);
    n += p.length;
  }
  return concatBytes(out);
}

const words = ['a', 'é', '€uro', '😀', 'x\u00a0y', '\u2028', '\x01'].map(utf8);
const spaces = [' ', '\t', '\u3000', '\u2007', '\r'].map(utf8);

const corpus: [string, Uint8Array][] = [
  ['a 3 MiB line of words', repeatTo(3 * MiB, [...words, ...spaces], 1)],
  ['a 3 MiB word', repeatTo(3 * MiB, words.slice(0, 4), 2)],
  ['3 MiB of spaces, then a word', concatBytes([repeatTo(3 * MiB, spaces, 3), utf8('end')])],
  [
    'multibyte and invalid soup',
    repeatTo(256 * KiB, [...words, ...spaces, ...INVALID, utf8('\n')], 4),
  ],
  ['CRLF and tiny lines', repeatTo(64 * KiB, ['\r\n', '\n', 'a\n', ' \n', 'é\r\n'].map(utf8), 5)],
];

/** Chunk sizes from 1 byte to 64 KiB, log-uniform, at least `min`. */
function chunkSizes(seed: number, count: number, min: number): number[] {
  const random = rng(seed);
  return Array.from({ length: count }, () =>
    Math.max(min, Math.floor(Math.exp(random() * Math.log(64 * KiB)))),
  );
}

describe('Count on random small chunk sizes matches wc', () => {
  it.each(corpus)('%s', async (name, bytes) => {
    const expected = wc(tmp.write(`${name.replace(/\W+/g, '-')}.txt`, bytes));
    // 1-byte chunks only where the chunk count stays small enough for a unit test.
    const min = bytes.length > MiB ? 1 * KiB : 1;
    for (const chunkSize of [min, ...chunkSizes(bytes.length, 4, min)]) {
      // As the engine combines: in chunk order from empty, the partial checkpointed as it goes.
      let combined = emptyPartial();
      let largest = 0;
      for (let at = 0; at < bytes.length; at += chunkSize) {
        const part = structuredClone(summarize(bytes.subarray(at, at + chunkSize)));
        combined = joinPartials(combined, part);
        largest = Math.max(largest, serialize(combined).length);
      }
      const t = finalTally(combined);
      expect(
        { bytes: t.bytes, lines: t.lines, words: t.words, chars: t.chars },
        `chunk ${chunkSize}`,
      ).toEqual(expected);
      expect(largest, `chunk ${chunkSize}: partial size`).toBeLessThan(2 * KiB);
    }
    // And through the workflow, combined in a random tree.
    const r = await driveWorkflow(
      countWorkflow,
      bytes,
      {},
      {
        chunkSize: 4097,
        combine: 'random-tree',
        seed: 7,
      },
    );
    expect({ ...r.result, invalid: undefined }).toEqual({ ...expected, invalid: undefined });
  });
});
