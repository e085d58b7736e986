/**
 * Search partials: the builder, and `combineSearchPartials` over real chunk partials of random
 * texts (lines of every length against the chunk size, patterns that overlap themselves), with
 * random hints and association trees, against a reference computed from the whole text by the
 * obvious loop. (The texts are read from the input in finish: the grep tests check those.)
 */
import { describe, expect, it } from 'vitest';
import type { ChunkContext } from '../../../src/engine/workflow';
import { searchChunk } from '../../../src/workflows/search/chunk';
import {
  type KeptLines,
  KeptLinesBuilder,
  keptCount,
  keptFromLines,
} from '../../../src/workflows/search/kept-lines';
import type { SearchParams } from '../../../src/workflows/search/params';
import {
  type SearchPartial,
  closeSearchPartial,
  combineSearchPartials,
  emptySearchPartial,
} from '../../../src/workflows/search/partial';
import { bytesReader, rng } from '../helpers/drive';
import { utf8 } from './support/fixtures';

/** A kept line as a partial has it: where it is. */
interface Line {
  line: number;
  offset: number;
}

/** The lines of `k` as objects. */
const linesOf = (k: KeptLines): Line[] =>
  Array.from(k.lineNo, (line, i) => ({ line, offset: k.offset[i] }));

/** What finish makes of the whole input's partial, but the texts. */
const summary = (whole: SearchPartial, lineCap: number) => {
  const p = closeSearchPartial(whole, lineCap);
  return {
    matches: p.matches,
    matchingLines: p.matchingLines,
    lines: linesOf(p.lines),
    truncated: p.matchingLines > keptCount(p.lines),
  };
};

/** The answer by the obvious loop over the whole text: line by line, matches left to right. */
function reference(text: string, pattern: string, lineCap: number): ReturnType<typeof summary> {
  const lines: Line[] = [];
  let matches = 0;
  let matchingLines = 0;
  let offset = 0;
  const parts = text.split('\n');
  // The empty string after a final "\n" is no line.
  if (parts[parts.length - 1] === '') parts.pop();
  parts.forEach((l, i) => {
    let n = 0;
    for (let p = l.indexOf(pattern); p !== -1; p = l.indexOf(pattern, p + pattern.length)) n++;
    matches += n;
    if (n > 0) {
      matchingLines++;
      if (lines.length < lineCap) lines.push({ line: i + 1, offset });
    }
    offset += l.length + 1;
  });
  return { matches, matchingLines, lines, truncated: matchingLines > lines.length };
}

/** Random ASCII text with lines from empty to many chunks long. */
function randomText(random: () => number): string {
  let s = '';
  const n = 1 + Math.floor(random() * 12);
  for (let i = 0; i < n; i++) {
    const len = [0, 1, 3, 10, 40, 200][Math.floor(random() * 6)];
    for (let k = 0; k < len; k++) s += 'aab'[Math.floor(random() * 3)];
    if (i < n - 1 || random() < 0.5) s += '\n';
  }
  return s;
}

const PATTERNS = ['a', 'aa', 'ab', 'aba', 'aab', 'aaaa', 'baab'];

/**
 * Chunk partials as the engine gets them: each chunk is dispatched behind the prefix combined
 * so far (with lines kept by a hint that may be stale, so larger), and read back from
 * IndexedDB. Once a chunk keeps no line, no chunk after it does, as dispatch in order ensures.
 */
async function chunkPartials(
  bytes: Uint8Array,
  params: SearchParams,
  chunkSize: number,
  random: () => number,
): Promise<SearchPartial[]> {
  const input = bytesReader(bytes);
  const chunkCount = Math.max(1, Math.ceil(bytes.length / chunkSize));
  const out: SearchPartial[] = [];
  let prefix = emptySearchPartial();
  let zero = false;
  for (let index = 0; index < chunkCount; index++) {
    const start = index * chunkSize;
    const end = Math.min(bytes.length, start + chunkSize);
    const needed = Math.max(0, params.lineCap - keptCount(prefix.lines));
    const hint: number = zero ? 0 : needed + Math.floor(random() * (params.lineCap - needed + 1));
    zero ||= hint === 0;
    const ctx: ChunkContext<SearchParams> = {
      params,
      runId: 'r',
      outputs: {},
      input,
      output: undefined as never,
      index,
      start,
      end,
      chunkCount,
      hint,
    };
    const p = structuredClone(await searchChunk(bytes.slice(start, end), ctx));
    out.push(p);
    prefix = combineSearchPartials(prefix, p, params.lineCap, params.pattern.length);
  }
  return out;
}

function combineTree(
  ps: SearchPartial[],
  lineCap: number,
  length: number,
  random: () => number,
): SearchPartial {
  const items = [...ps];
  if (items.length === 0) return emptySearchPartial();
  while (items.length > 1) {
    const i = Math.floor(random() * (items.length - 1));
    items.splice(i, 2, combineSearchPartials(items[i], items[i + 1], lineCap, length));
  }
  return items[0];
}

/** Every column has exactly one entry per line and owns its whole buffer. */
function expectExact(k: KeptLines): void {
  const n = keptCount(k);
  for (const col of [k.lineNo, k.offset]) {
    expect(col.length).toBe(n);
    expect(col.byteOffset).toBe(0);
    expect(col.buffer.byteLength).toBe(col.byteLength);
  }
}

describe('kept lines', () => {
  it('builds exact-size columns past the first capacity and gives the lines back', () => {
    const lines: Line[] = Array.from({ length: 1000 }, (_, i) => ({
      // Past 2^32 and 2^53-safe: inputs over 4 GiB.
      line: 2 ** 33 + i * 7,
      offset: 2 ** 40 + i * 1001,
    }));
    const b = new KeptLinesBuilder();
    for (const l of lines) b.push(l.line, l.offset);
    expect(b.length).toBe(1000);
    const k = b.finish();
    expectExact(k);
    expect(linesOf(structuredClone(k))).toEqual(lines);
    expect(linesOf(keptFromLines(lines))).toEqual(lines);
  });
});

describe('combineSearchPartials', () => {
  async function caseOf(seed: number) {
    const random = rng(seed);
    const text = randomText(random);
    const pattern = PATTERNS[seed % PATTERNS.length];
    const total = reference(text, pattern, Infinity).matchingLines;
    const lineCap = [0, 1, 3, Math.floor(total / 2), total, total + 5][seed % 6];
    const params: SearchParams = { pattern, regex: false, ignoreCase: false, lineCap };
    const chunkSize = 1 + Math.floor(random() * 50);
    const parts = await chunkPartials(utf8(text), params, chunkSize, random);
    return { random, text, pattern, lineCap, parts, label: `seed ${seed} chunk ${chunkSize}` };
  }

  it('equals the obvious loop over random texts, chunkings, hints and trees (property)', async () => {
    for (let seed = 1; seed <= 400; seed++) {
      const { random, text, pattern, lineCap, parts, label } = await caseOf(seed);
      const want = reference(text, pattern, lineCap);
      const ordered = parts.reduce(
        (acc, p) => combineSearchPartials(acc, p, lineCap, pattern.length),
        emptySearchPartial(),
      );
      expectExact(ordered.lines);
      expect(summary(ordered, lineCap), `${label} in order`).toEqual(want);
      const tree = combineTree(parts, lineCap, pattern.length, random);
      expectExact(tree.lines);
      expect(summary(tree, lineCap), `${label} tree`).toEqual(want);
    }
  });

  it('is associative on the partials themselves (property)', async () => {
    for (let seed = 1; seed <= 300; seed++) {
      const { random, pattern, lineCap, parts, label } = await caseOf(seed + 10_000);
      if (parts.length < 3) continue;
      const c = (a: SearchPartial, b: SearchPartial) =>
        combineSearchPartials(a, b, lineCap, pattern.length);
      const cuts = [1 + Math.floor(random() * (parts.length - 2))];
      cuts.push(cuts[0] + 1 + Math.floor(random() * (parts.length - cuts[0] - 1)));
      const group = (from: number, to: number) =>
        parts.slice(from, to).reduce(c, emptySearchPartial());
      const [a, b, d] = [group(0, cuts[0]), group(cuts[0], cuts[1]), group(cuts[1], parts.length)];
      expect(c(c(a, b), d), label).toEqual(c(a, c(b, d)));
      expect(c(emptySearchPartial(), a)).toEqual(a);
      expect(c(a, emptySearchPartial())).toEqual(a);
    }
  });

  it("passes the left side's columns on without a copy when the right adds no line", () => {
    const line = (n: number): Line => ({ line: n, offset: n * 10 });
    const partial = (lines: Line[], newlines: number | null): SearchPartial => ({
      ...emptySearchPartial(),
      newlines,
      matches: lines.length,
      matchingLines: lines.length,
      lines: keptFromLines(lines),
    });
    const full = partial([line(1), line(2)], 5);
    const more = partial([line(1)], 3);
    expect(combineSearchPartials(full, more, 2, 1).lines).toBe(full.lines);
    expect(combineSearchPartials(full, partial([], null), 10, 1).lines).toBe(full.lines);
    const grown = combineSearchPartials(full, more, 10, 1);
    expect(grown.lines).not.toBe(full.lines);
    expect(linesOf(grown.lines)).toEqual([
      line(1),
      line(2),
      // Numbers move by the left side's newlines; offsets are already the input's.
      { line: 6, offset: 10 },
    ]);
    expect(keptCount(full.lines)).toBe(2);
  });

  it('refuses lines after a partial whose newlines were not counted', () => {
    const counted = { ...emptySearchPartial(), matchingLines: 1 };
    const uncounted = { ...counted, newlines: null };
    const b = new KeptLinesBuilder();
    b.push(1, 0);
    const withLine = { ...counted, lines: b.finish() };
    expect(() => combineSearchPartials(uncounted, withLine, 5, 1)).toThrow(/newlines/);
  });
});
