/**
 * Search against the real GNU grep (`grep -c -F`, `grep -o -F | wc -l`, `grep -n -b -F`, and
 * `-i` on ASCII) on small random chunk sizes over corpora of boundary cases: matches straddling
 * chunk boundaries, patterns longer than a chunk, lines many chunks long, patterns that overlap
 * themselves (where a match at a chunk's start may be taken by one from the chunk before), the
 * first and last line, a last line without a newline, CRLF, invalid UTF-8 and empty lines.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_LINE_TEXT, type SearchParams, type SearchResult } from '../../../src/workflows';
import { searchWorkflow } from '../../../src/workflows';
import { driveWorkflow, rng } from '../helpers/drive';
import { concatBytes, tempDir, utf8 } from './support/fixtures';
import { grep } from './support/reference';
import { searchFile } from './support/search-file-drive';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

type Pattern = Pick<SearchParams, 'pattern'> & { ignoreCase?: boolean };

/** grep's answer in the workflow's shape (texts cut as the workflow cuts them). */
function grepResult(path: string, p: Pattern): SearchResult {
  const g = grep(path, { pattern: p.pattern, ignoreCase: p.ignoreCase ?? false, regex: false });
  return {
    matches: g.matches,
    matchingLines: g.matchingLines,
    lines: g.lines.map((l) => {
      if (l.text.length <= MAX_LINE_TEXT) return l;
      const c = l.text.charCodeAt(MAX_LINE_TEXT - 1);
      const cut = c >= 0xd800 && c <= 0xdbff ? MAX_LINE_TEXT - 1 : MAX_LINE_TEXT;
      return { ...l, text: l.text.slice(0, cut), textTruncated: true as const };
    }),
    truncated: false,
  };
}

const repeat = (s: string, n: number) => s.repeat(n);
const bytes = (...b: number[]) => new Uint8Array(b);

/** Random text over a small alphabet: near-misses and overlapping candidates are common. */
function randomText(seed: number, length: number, alphabet: string): Uint8Array {
  const random = rng(seed);
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[Math.floor(random() * alphabet.length)];
  return utf8(s);
}

/** Corpora, each with the patterns that make its boundaries interesting. */
const CORPORA: { name: string; text: Uint8Array; patterns: Pattern[] }[] = [
  {
    name: 'one line of a, many chunks long, no newline',
    text: utf8(repeat('a', 3001)),
    patterns: [
      { pattern: 'a' },
      { pattern: 'aa' },
      { pattern: 'aaa' },
      { pattern: repeat('a', 40) },
    ],
  },
  {
    name: 'runs of a between short lines',
    text: utf8(`aaaa\n${repeat('a', 999)}\n\naaa\n${repeat('a', 1500)}b${repeat('a', 77)}\na`),
    patterns: [
      { pattern: 'aa' },
      { pattern: 'aaa' },
      { pattern: 'ab' },
      { pattern: 'aAa', ignoreCase: true },
    ],
  },
  {
    name: 'self-overlapping abab',
    text: utf8(`${repeat('ab', 700)}a\nabababab\n${repeat('ab', 301)}\nxab`),
    patterns: [
      { pattern: 'abab' },
      { pattern: 'aba' },
      { pattern: 'ABABA', ignoreCase: true },
      { pattern: 'bab' },
    ],
  },
  {
    name: 'pattern longer than the chunks, straddling',
    text: utf8(
      `${repeat('x', 13)}needle-in-a-haystack${repeat('y', 5)}\nneedle-in-a-haystack\n` +
        `${repeat('needle-in-a-haystack', 30)}\nneedle-in-a-haystac`,
    ),
    patterns: [
      { pattern: 'needle-in-a-haystack' },
      { pattern: 'NEEDLE-IN', ignoreCase: true },
      { pattern: 'stackneedle' },
    ],
  },
  {
    name: 'first and last line, no final newline',
    text: utf8('the first\nmiddle\n\n\nthe last the'),
    patterns: [
      { pattern: 'the' },
      { pattern: 'e' },
      { pattern: 'THE', ignoreCase: true },
      { pattern: 'st' },
    ],
  },
  {
    name: 'CRLF and empty lines',
    text: utf8('a\r\n\r\n\r\nab\r\nb\r\n\r\n' + repeat('ab\r\n', 200) + '\r\n'),
    patterns: [
      { pattern: '\r' },
      { pattern: 'b\r' },
      { pattern: 'ab' },
      { pattern: 'A', ignoreCase: true },
    ],
  },
  {
    name: 'invalid UTF-8 and multibyte characters',
    text: concatBytes([
      utf8('é€😀'),
      bytes(0xff, 0xfe, 0xc3),
      utf8('aé\n'),
      bytes(0xe2, 0x82),
      utf8(repeat('éé€', 300)),
      bytes(0x80),
      utf8('\n😀😀😀\n'),
    ]),
    patterns: [
      { pattern: 'é' },
      { pattern: 'éé' },
      { pattern: '€é' },
      { pattern: '😀😀' },
      { pattern: 'aÉ' },
    ],
  },
  {
    name: 'random small alphabet with newlines',
    text: randomText(7, 6000, 'aabAB\n'),
    patterns: [
      { pattern: 'aa' },
      { pattern: 'aba' },
      { pattern: 'abaab' },
      { pattern: 'AbA', ignoreCase: true },
      { pattern: 'b' },
    ],
  },
  {
    name: 'random, rare newlines (lines of many chunks)',
    text: randomText(11, 8000, repeat('ab', 200) + '\n'),
    patterns: [{ pattern: 'abab' }, { pattern: 'bb' }, { pattern: 'ABA', ignoreCase: true }],
  },
  {
    name: 'only newlines',
    text: utf8(repeat('\n', 50)),
    patterns: [{ pattern: 'a' }],
  },
];

const SMALL_CHUNKS = [1, 2, 3, 5, 7, 16, 19, 64, 100];

describe('Search matches grep on every chunk boundary', () => {
  for (const corpus of CORPORA) {
    it(corpus.name, async () => {
      const path = tmp.write(`${corpus.name.replace(/\W+/g, '-')}.txt`, corpus.text);
      const random = rng(corpus.text.length);
      for (const p of corpus.patterns) {
        const want = grepResult(path, p);
        // Fixed small sizes, and random ones up to 64 KiB (one chunk for these corpora).
        const sizes = [...SMALL_CHUNKS, ...[0, 1, 2].map(() => 1 + Math.floor(random() * 65536))];
        for (const chunkSize of sizes) {
          const params = { ...p, regex: false, lineCap: 1_000_000 };
          const combine = chunkSize % 2 === 0 ? 'random-tree' : 'ordered';
          const got = await driveWorkflow(searchWorkflow, corpus.text, params, {
            chunkSize,
            combine,
            seed: chunkSize,
          });
          expect(got.result, `${JSON.stringify(p.pattern)} chunk ${chunkSize} ${combine}`).toEqual(
            want,
          );
        }
        // In order with the engine's hints: past the first lines kept, chunks only count.
        for (const chunkSize of [1, 3, 8, 33]) {
          const capped = await searchFile(path, { ...p, regex: false, lineCap: 2 }, chunkSize);
          expect(capped.result, `${JSON.stringify(p.pattern)} chunk ${chunkSize} hinted`).toEqual({
            ...want,
            lines: want.lines.slice(0, 2),
            truncated: want.matchingLines > 2,
          });
        }
      }
    });
  }

  it('random corpora and patterns (property)', async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = rng(seed * 7919);
      const alphabet = ['ab\n', 'aab', 'aB\nAb', 'ab\r\n', 'aaaaaaab\n'][seed % 5];
      const text = randomText(seed, 200 + Math.floor(random() * 3000), alphabet);
      const len = 1 + Math.floor(random() * 8);
      let pattern = '';
      for (let i = 0; i < len; i++) pattern += 'abAB'[Math.floor(random() * (seed % 3 ? 2 : 4))];
      const p = { pattern, ignoreCase: seed % 4 === 0 };
      const path = tmp.write(`random-${seed}.txt`, text);
      const want = grepResult(path, p);
      for (const chunkSize of [1 + Math.floor(random() * 9), 1 + Math.floor(random() * 300)]) {
        const got = await driveWorkflow(
          searchWorkflow,
          text,
          { ...p, regex: false, lineCap: 1_000_000 },
          { chunkSize, combine: 'random-tree', seed },
        );
        expect(got.result, `seed ${seed} ${JSON.stringify(pattern)} chunk ${chunkSize}`).toEqual(
          want,
        );
      }
    }
  });
});
