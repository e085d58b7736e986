import { afterAll, describe, expect, it } from 'vitest';
import { countWorkflow, type CountResult } from '../../../src/workflows';
import { WC_CLASS_RANGES } from '../../../src/workflows/count/wc-class-table';
import {
  emptyPartial,
  finalTally,
  joinPartials,
  summarize,
} from '../../../src/workflows/count/segment';
import { driveWorkflow, rng } from '../helpers/drive';
import {
  CHUNK_SIZES,
  INVALID,
  KiB,
  MiB,
  concatBytes,
  randomBytes,
  spliceAtBoundaries,
  tempDir,
  textFixture,
  utf8,
} from './support/fixtures';
import { glibcClassTable, hasTool, wc } from './support/reference';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

async function count(
  bytes: Uint8Array,
  chunkSize: number,
  combine: 'ordered' | 'random-tree' = 'ordered',
): Promise<CountResult> {
  return (await driveWorkflow(countWorkflow, bytes, {}, { chunkSize, combine, seed: chunkSize }))
    .result;
}

/** Bytes drawn from the pieces UTF-8 is made of, so that every decoder path is hit densely. */
function utf8Soup(seed: number, size: number, extendedForms: boolean): Uint8Array {
  const random = rng(seed);
  const pool = [
    ...'ab z1 \t\n\r\x0b\x0c\x01'.split('').map((c) => utf8(c)),
    utf8('é'),
    utf8('€'),
    utf8('😀'),
    utf8('\u00a0'),
    utf8('\u2007'),
    utf8('\u2028'),
    utf8('\u3000'),
    utf8('\u0378'),
    utf8('\ufeff'),
    utf8('\ufffd'),
    ...[0x80, 0xbf, 0xc2, 0xe2, 0xed, 0xf0, 0xc0, 0xff, 0xe0, 0xa0, 0x9f].map(
      (b) => new Uint8Array([b]),
    ),
    // Leads from F4 on can form characters only glibc accepts (up to U+7FFFFFFF).
    ...(extendedForms
      ? [new Uint8Array([0xf4]), new Uint8Array([0xf8]), ...INVALID]
      : INVALID.filter((b) => b[0] < 0xf4)),
  ];
  const parts: Uint8Array[] = [];
  let n = 0;
  while (n < size) {
    const p = pool[Math.floor(random() * pool.length)];
    parts.push(p);
    n += p.length;
  }
  return concatBytes(parts);
}

const edgeCases: [string, Uint8Array][] = [
  ['empty', new Uint8Array(0)],
  ['no final newline', utf8('one two\nthree four')],
  ['only newlines', utf8('\n\n\n')],
  ['CRLF', utf8('a b\r\nc\r\n\r\nd')],
  ['nbsp and unicode spaces', utf8('a\u00a0b\u2007c\u202fd\u2060e\u2000f\u3000g\u1680h i')],
  ['non-printables inside and alone', utf8('a\x01b \x01 \u0378 a\u2028b \u{10ffff} \x7f')],
  [
    'invalid bytes inside and alone',
    new Uint8Array([0x61, 0xff, 0x62, 0x20, 0xff, 0x20, 0xe2, 0x82, 0x20, 0xed, 0xa0, 0x80]),
  ],
  [
    'glibc extended forms',
    new Uint8Array([
      0xf4, 0x90, 0x80, 0x80, 0x20, 0xf8, 0x88, 0x80, 0x80, 0x80, 0x61, 0xfc, 0x84, 0x80, 0x80,
      0x80, 0x80,
    ]),
  ],
  ['truncated at end', new Uint8Array([0x61, 0xf0, 0x9f, 0x98])],
  ['BOM', utf8('\ufeffhello world\n')],
];

describe('Count matches GNU wc (C.UTF-8)', () => {
  it.each(edgeCases)('%s', async (name, bytes) => {
    const path = tmp.write(`edge-${name.replace(/\W+/g, '-')}.txt`, bytes);
    const expected = wc(path);
    for (const cs of [1, 2, 3, 5, 7, 1000]) {
      const r = await count(bytes, cs);
      expect({ ...r, invalid: undefined }, `chunk ${cs}`).toEqual({
        ...expected,
        invalid: undefined,
      });
      expect(await count(bytes, cs, 'random-tree')).toEqual(r);
    }
  });

  it('counts a mixed text with characters and words cut at every chunk boundary, for all chunk sizes', async () => {
    const bytes = spliceAtBoundaries(textFixture(11, 600 * KiB), [1000, 1024, 4096, 4097]);
    const expected = wc(tmp.write('mixed.txt', bytes));
    const results = [];
    for (const cs of CHUNK_SIZES) {
      const r = await count(bytes, cs);
      expect(
        { bytes: r.bytes, lines: r.lines, words: r.words, chars: r.chars },
        `chunk ${cs}`,
      ).toEqual(expected);
      results.push(r);
    }
    // invalid too is the same whatever the chunking.
    for (const r of results) expect(r).toEqual(results[0]);
    expect(results[0].invalid).toBeGreaterThan(0);
    expect(await count(bytes, 4097, 'random-tree')).toEqual(results[0]);
  });

  it('handles dense invalid and multi-byte soup like wc', async () => {
    for (const seed of [1, 2, 3]) {
      const bytes = utf8Soup(seed, 64 * KiB, true);
      const expected = wc(tmp.write(`soup-${seed}.bin`, bytes));
      for (const cs of [1000, 1024, 4097]) {
        const r = await count(bytes, cs, seed === 2 ? 'random-tree' : 'ordered');
        expect({ bytes: r.bytes, lines: r.lines, words: r.words, chars: r.chars }).toEqual(
          expected,
        );
      }
    }
  });

  it('counts invalid sequences as a standard decoder replaces them (chars + invalid = decoded characters)', async () => {
    for (const seed of [4, 5]) {
      const bytes = utf8Soup(seed, 32 * KiB, false);
      const r = await count(bytes, 1000);
      const decoded = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
      expect(r.invalid).toBeGreaterThan(100);
      expect(r.chars + r.invalid).toBe([...decoded].length);
    }
  });

  it('agrees with wc on every code point (word classes from glibc)', async () => {
    // Each code point as a word alone, twice, and between two letters: W, S and T classes all differ in count.
    const parts: string[] = [];
    for (let c = 0; c <= 0x10ffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const ch = String.fromCodePoint(c);
      parts.push(`${ch} ${ch} x${ch}x\n`);
    }
    const bytes = utf8(parts.join(''));
    const expected = wc(tmp.write('codepoints.txt', bytes));
    const r = await count(bytes, 1 * MiB);
    expect({ bytes: r.bytes, lines: r.lines, words: r.words, chars: r.chars }).toEqual(expected);
  });

  it.runIf(hasTool('python3'))('embeds the word-class table glibc reports', () => {
    expect(glibcClassTable()).toBe(WC_CLASS_RANGES);
  });
});

describe('Count partials', () => {
  it('combine associatively over any split, including tiny and empty chunks', () => {
    const random = rng(99);
    for (let trial = 0; trial < 300; trial++) {
      const bytes = utf8Soup(1000 + trial, 1 + Math.floor(random() * 120), true);
      const whole = finalTally(joinPartials(emptyPartial(), summarize(bytes)));
      const pieces = [];
      for (let at = 0; at < bytes.length;) {
        const n = Math.floor(random() * 14);
        pieces.push(summarize(bytes.slice(at, at + n)));
        at += n;
      }
      while (pieces.length > 1) {
        const i = Math.floor(random() * (pieces.length - 1));
        pieces.splice(i, 2, joinPartials(pieces[i], pieces[i + 1]));
      }
      expect(finalTally(pieces[0] ?? emptyPartial())).toEqual(whole);
    }
  });

  it('keeps a constant-size partial however much it covers', () => {
    const a = summarize(randomBytes(1, 1 * MiB));
    const b = summarize(randomBytes(2, 1 * MiB));
    expect(structuredClone(joinPartials(a, b))).toMatchObject({ kind: 'stretch', size: 2 * MiB });
    const j = joinPartials(a, b);
    if (j.kind !== 'stretch') throw new Error('expected a stretch');
    expect(j.head.length + j.tail.length).toBeLessThan(64);
  });

  it('summarizes like wc', () => {
    expect(
      countWorkflow.summarize?.({ bytes: 12, lines: 1, words: 2, chars: 11, invalid: 1 }, {}),
    ).toBe('1 line, 2 words, 11 characters, 12 bytes, 1 invalid UTF-8 sequence');
  });
});
