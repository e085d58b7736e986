import { afterAll, describe, expect, it } from 'vitest';
import { searchWorkflow } from '../../../src/workflows';
import {
  type ByteLiteral,
  type MatchingLines,
  byteLiteral,
} from '../../../src/workflows/search/bytes';
import { simdLiteral } from '../../../src/workflows/search/wasm/scanner';
import { caseVariants, foldsWithinAscii } from '../../../src/workflows/search/fold';
import { driveWorkflow } from '../helpers/drive';
import { randomBytes, tempDir, utf8 } from './support/fixtures';
import { grep } from './support/reference';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/**
 * 600 bytes over a small alphabet (near-misses and overlapping candidates are common), a pattern
 * of 1 to 5 bytes, and a range that starts at a line start and ends anywhere.
 */
function textAndRange(seed: number) {
  const alphabet = utf8('abAB\n');
  const r = randomBytes(seed, 700);
  const text = r.subarray(0, 600).map((b) => alphabet[b % alphabet.length]);
  const pat = r.subarray(600, 601 + (r[699] % 5)).map((b) => alphabet[b % 4]);
  const from = r[698] % 2 === 0 ? 0 : text.indexOf(10, r[697]) + 1;
  const to = from + ((r[696] * 3) % (text.length - from + 1));
  return { text, pat, from, to, r };
}

/** Every match start, left to right, non-overlapping, by the obvious definition. */
function naive(text: Uint8Array, pat: Uint8Array, fold: boolean): number[] {
  const f = (b: number) => (fold && b >= 0x41 && b <= 0x5a ? b + 0x20 : b);
  const out: number[] = [];
  for (let i = 0; i + pat.length <= text.length;) {
    let k = 0;
    while (k < pat.length && f(text[i + k]) === f(pat[k])) k++;
    if (k === pat.length) {
      out.push(i);
      i += pat.length;
    } else i++;
  }
  return out;
}

/** The lines of text[from, to) (each ends at a `\n` or at `to`), as [start, end] pairs. */
function linesIn(text: Uint8Array, from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  for (let s = from; ;) {
    let e = s;
    while (e < to && text[e] !== 10) e++;
    out.push([s, e]);
    if (e >= to) return out;
    s = e + 1;
  }
}

const newlinesIn = (text: Uint8Array, from: number, to: number) =>
  text.subarray(from, to).filter((b) => b === 10).length;

/** `ByteLiteral.count` by the obvious loop: matches line by line, from the range's start. */
function naiveCount(text: Uint8Array, pat: Uint8Array, fold: boolean, from: number, to: number) {
  let matches = 0;
  let lines = 0;
  let next = from;
  for (const [s, e] of linesIn(text, from, to)) {
    const got = naive(text.subarray(s, e), pat, fold);
    matches += got.length;
    if (got.length > 0) {
      lines++;
      next = s + got[got.length - 1] + pat.length;
    }
  }
  return { matches, lines, next };
}

/** `ByteLiteral.lines` by the obvious loop: the first `max` matching lines of text[from, to). */
function naiveLines(
  text: Uint8Array,
  pat: Uint8Array,
  fold: boolean,
  from: number,
  to: number,
  max: number,
): MatchingLines {
  const data: number[] = [];
  let matches = 0;
  let prev = from;
  if (max === 0) return { count: 0, data, matches, stop: from };
  for (const [s, e] of linesIn(text, from, to)) {
    const n = naive(text.subarray(s, e), pat, fold).length;
    if (n === 0) continue;
    data.push(s, e, newlinesIn(text, prev, s));
    prev = s;
    matches += n;
    if (data.length === 3 * max) return { count: max, data, matches, stop: e >= to ? to : e + 1 };
  }
  return { count: data.length / 3, data, matches, stop: to };
}

/** Every match start `find` gives, left to right, each search going on after the last match. */
function findAll(lit: ByteLiteral, text: Uint8Array): number[] {
  const got: number[] = [];
  for (
    let p = lit.find(text, 0, text.length);
    p !== -1;
    p = lit.find(text, p + lit.length, text.length)
  )
    got.push(p);
  return got;
}

/** Both finders: JavaScript (Horspool) and WebAssembly SIMD, which must give the same answers. */
const FINDERS: [string, (pat: Uint8Array, fold?: boolean) => ByteLiteral][] = [
  ['javascript', (pat, fold = false) => byteLiteral(pat, fold)],
  [
    'simd',
    (pat, fold = false) => {
      const lit = simdLiteral(pat, fold, byteLiteral(pat, fold));
      if (lit === undefined) throw new Error('this Node has no WebAssembly SIMD');
      return lit;
    },
  ],
];

describe.each(FINDERS)('byte literal search (%s)', (_name, byteLiteral) => {
  it('finds exactly the naive matches, with and without ASCII folding (property)', () => {
    // A small alphabet makes near-misses and overlapping candidates common.
    const alphabet = utf8('abAB\n');
    for (let seed = 1; seed <= 300; seed++) {
      const r = randomBytes(seed, 600);
      const text = r.subarray(0, 500).map((b) => alphabet[b % alphabet.length]);
      const pat = r.subarray(500, 501 + (r[599] % 6)).map((b) => alphabet[b % 4]);
      for (const fold of [false, true])
        expect(findAll(byteLiteral(pat, fold), text), `seed ${seed} fold ${fold}`).toEqual(
          naive(text, pat, fold),
        );
    }
  });

  it('counts matches and matching lines exactly, with and without ASCII folding (property)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const { text, pat, from, to } = textAndRange(seed + 1000);
      for (const fold of [false, true]) {
        expect(byteLiteral(pat, fold).count(text, from, to), `seed ${seed} fold ${fold}`).toEqual(
          naiveCount(text, pat, fold, from, to),
        );
      }
    }
  });

  it('never reports a match reaching past `to`', () => {
    const lit = byteLiteral(utf8('abc'));
    expect(lit.find(utf8('xxabcxx'), 0, 4)).toBe(-1);
    expect(lit.find(utf8('xxabcxx'), 0, 5)).toBe(2);
    expect(lit.find(utf8('xxabcxx'), 3, 7)).toBe(-1);
  });

  it('finds long patterns and matches at every alignment (property)', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const r = randomBytes(seed + 5000, 3000);
      const text = r.subarray(0, 2900).map((b) => 0x61 + (b % 3));
      const len = 1 + (r[2999] % 40);
      const at = r[2998] * 11;
      const pat = text.slice(at, at + len);
      for (const fold of [false, true])
        expect(findAll(byteLiteral(pat, fold), text), `seed ${seed}`).toEqual(
          naive(text, pat, fold),
        );
    }
  });

  it('counts newlines in any range (property)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const r = randomBytes(seed + 9000, 1200);
      const text = r.subarray(0, 1100).map((b) => (b % 5 === 0 ? 10 : b));
      const from = r[1199] * 2;
      const to = from + ((r[1198] * 7) % (text.length - from + 1));
      const want = text.subarray(from, to).filter((b) => b === 10).length;
      expect(byteLiteral(utf8('x'), false).newlines(text, from, to), `seed ${seed}`).toBe(want);
    }
    // Only newlines: every SIMD lane counts one per step, which overflows a byte lane unless
    // the counts are widened in time.
    const lines = new Uint8Array(100_003).fill(10);
    expect(byteLiteral(utf8('x')).newlines(lines, 1, lines.length)).toBe(100_002);
  });

  it('lists the first matching lines as the obvious loop does (property)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const { text, pat, from, to, r } = textAndRange(seed + 7000);
      const max = r[695] % 12;
      for (const fold of [false, true]) {
        const lit = byteLiteral(pat, fold);
        const want = naiveLines(text, pat, fold, from, to, max);
        const got = lit.lines(text, from, to, max);
        expect({ ...got, data: Array.from(got.data) }, `seed ${seed} fold ${fold}`).toEqual({
          ...want,
          data: Array.from(want.data),
        });
        // The same on a part of a loaded chunk, as Search calls it, then the whole chunk after.
        lit.load(text);
        const head = lit.lines(text.subarray(0, to), from, to, max);
        expect({ ...head, data: Array.from(head.data) }, `seed ${seed} loaded`).toEqual({
          ...want,
          data: Array.from(want.data),
        });
        expect(lit.count(text, 0, text.length)).toEqual(
          naiveCount(text, pat, fold, 0, text.length),
        );
        lit.load(undefined);
      }
    }
  });

  it('keeps no room for more lines than the bytes can hold, whatever the line cap', () => {
    const lit = byteLiteral(utf8('needle'));
    const chunk = utf8('a needle\nno\n');
    const used = () => process.memoryUsage().arrayBuffers + process.memoryUsage().external;
    const before = used();
    // 10,000,000 is the setting's maximum; 12 bytes hold 2 lines at most.
    expect(lit.lines(chunk, 0, chunk.length, 10_000_000).count).toBe(1);
    expect(used() - before).toBeLessThan(16 << 20);
    // An empty range has no line, whatever the cap (the kernel compares counts unsigned).
    expect(lit.lines(chunk, 7, 4, 3)).toMatchObject({ count: 0, matches: 0 });
  });

  it('finds a pattern longer than the first memory page of the kernel', () => {
    const pat = new Uint8Array(100_000).map((_, i) => 0x61 + (i % 7));
    const text = new Uint8Array(250_000).fill(0x78);
    text.set(pat, 123_457);
    expect(byteLiteral(pat).find(text, 0, text.length)).toBe(123_457);
    expect(byteLiteral(pat).count(text, 0, text.length)).toEqual({
      matches: 1,
      lines: 1,
      next: 123_457 + pat.length,
    });
  });

  it('answers for the bytes it is given, whatever was loaded before', () => {
    const lit = byteLiteral(utf8('needle'));
    const chunk = utf8('a needle\nb\nneedle needle\n');
    lit.load(chunk);
    // A subarray of the loaded chunk, then other bytes, then the chunk again.
    expect(lit.count(chunk.subarray(9), 0, chunk.length - 9)).toEqual({
      matches: 2,
      lines: 1,
      next: 15,
    });
    expect(lit.find(utf8('no match here, none'), 0, 19)).toBe(-1);
    expect(lit.count(utf8('needle\nneedle'), 0, 13)).toEqual({ matches: 2, lines: 2, next: 13 });
    expect(lit.newlines(chunk, 0, chunk.length)).toBe(3);
    expect(lit.find(chunk, 3, chunk.length)).toBe(11);
  });
});

it('scan-module.ts is the assembly of scan.wat (run `npm run build:wasm` after editing it)', async () => {
  const { assembleScan, moduleSource } = await import('../../../scripts/build-wasm.mjs');
  const { readFileSync } = await import('node:fs');
  const committed = readFileSync(
    new URL('../../../src/workflows/search/wasm/scan-module.ts', import.meta.url),
    'utf8',
  );
  expect(committed).toBe(moduleSource(await assembleScan()));
});

describe('Ignore case on literals folds like grep -F -i', () => {
  it('knows the letters whose counterparts leave ASCII', () => {
    expect(caseVariants(0x69)).toEqual([0x69, 0x49, 0x131]); // i I ı
    expect(caseVariants(0x6b)).toEqual([0x6b, 0x4b]); // k K — not the Kelvin sign
    expect(foldsWithinAscii('ERROR')).toBe(true);
    expect(foldsWithinAscii('Kiss')).toBe(false);
  });

  // Every code point but the surrogates and "\n", one per line: each pattern's matching lines
  // are exactly the characters grep lets it match.
  const codePoints: number[] = [];
  for (let c = 1; c < 0x20000; c++) if (c !== 10 && (c < 0xd800 || c > 0xdfff)) codePoints.push(c);
  const every = utf8(codePoints.map((c) => String.fromCodePoint(c)).join('\n') + '\n');
  const path = tmp.write('every-code-point.txt', every);
  const patterns = [...'abcdefghijklmnopqrstuvwxyzAZ09', ...'éÉßẞσςΣµμΜǅǄǆıİKſΩΩωёЁ𐐀𐐨ΐ'];

  it.each(patterns)('%s', async (pattern) => {
    const want = grep(path, { pattern, regex: false, ignoreCase: true });
    const got = (
      await driveWorkflow(
        searchWorkflow,
        every,
        { pattern, ignoreCase: true, lineCap: 1_000_000 },
        { chunkSize: 64 * 1024 },
      )
    ).result;
    const show = (lines: { line: number }[]) =>
      lines.map((l) => `U+${codePoints[l.line - 1].toString(16).toUpperCase()}`);
    expect(show(got.lines)).toEqual(show(want.lines));
    expect(got.matches).toBe(want.matches);
  });
});
