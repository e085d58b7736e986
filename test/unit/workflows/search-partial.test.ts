/**
 * Search partials in columns: the builder, and `combineSearchPartials` against a reference that
 * works on plain line objects, over random chunkings, hints and association trees. (The texts
 * are read from the input in finish: the grep tests in search.test.ts check those.)
 */
import { describe, expect, it } from 'vitest';
import {
  type KeptLines,
  KeptLinesBuilder,
  keptCount,
  keptFromLines,
} from '../../../src/workflows/search/kept-lines';
import {
  type SearchPartial,
  combineSearchPartials,
  emptySearchPartial,
} from '../../../src/workflows/search/partial';
import { rng } from '../helpers/drive';

/** A kept line as a partial has it: where it is. */
interface Line {
  line: number;
  offset: number;
}

/** The lines of `k` as objects. */
const linesOf = (k: KeptLines): Line[] =>
  Array.from(k.lineNo, (line, i) => ({ line, offset: k.offset[i] }));

/** What finish makes of a partial, but the texts. */
const summary = (p: SearchPartial) => ({
  matches: p.matches,
  matchingLines: p.matchingLines,
  lines: linesOf(p.lines),
  truncated: p.matchingLines > keptCount(p.lines),
});

/** A chunk's byte range as the model knows it: all its matching lines, numbered within it. */
interface Segment {
  newlines: number;
  matches: number;
  lines: Line[];
}

function randomSegments(random: () => number, count: number, offsetBase: number): Segment[] {
  const int = (n: number) => Math.floor(random() * n);
  const out: Segment[] = [];
  let offset = offsetBase;
  for (let s = 0; s < count; s++) {
    const newlines = int(4) === 0 ? 0 : int(30);
    const lines: Line[] = [];
    // Every line of the segment matches with some chance; dense and empty segments both occur.
    const density = [0, 0.1, 0.5, 1][int(4)];
    for (let line = 1; line <= newlines + 1; line++) {
      offset += 1 + int(50);
      if (random() >= density) continue;
      lines.push({ line, offset });
    }
    out.push({ newlines, matches: lines.length + int(3) * lines.length, lines });
  }
  return out;
}

/**
 * Chunk partials as the engine gets them: each chunk keeps at least the lines still wanted
 * after the chunks before it (a hint from an older prefix can only be larger), at most lineCap.
 * Once a chunk keeps none, none after it keeps any, as dispatch in chunk order guarantees.
 */
function chunkPartials(segs: Segment[], lineCap: number, random: () => number): SearchPartial[] {
  let before = 0;
  let zero = false;
  return segs.map((s) => {
    const needed = Math.max(0, lineCap - before);
    before += s.lines.length;
    const keep = zero ? 0 : needed + Math.floor(random() * (lineCap - needed + 1));
    zero ||= keep === 0;
    const b = new KeptLinesBuilder();
    for (const l of s.lines.slice(0, keep)) b.push(l.line, l.offset);
    // Partials reach combine through IndexedDB.
    return structuredClone({
      newlines: keep > 0 ? s.newlines : null,
      matches: s.matches,
      matchingLines: s.lines.length,
      lines: b.finish(),
    });
  });
}

/** The answer from line objects: every line renumbered over the whole input, the first kept. */
function reference(segs: Segment[], lineCap: number): ReturnType<typeof summary> {
  const all: Line[] = [];
  let shift = 0;
  for (const s of segs) {
    for (const l of s.lines) all.push({ ...l, line: l.line + shift });
    shift += s.newlines;
  }
  return {
    matches: segs.reduce((n, s) => n + s.matches, 0),
    matchingLines: all.length,
    lines: all.slice(0, lineCap),
    truncated: all.length > lineCap,
  };
}

function combineTree(ps: SearchPartial[], lineCap: number, random: () => number): SearchPartial {
  const items = [...ps];
  if (items.length === 0) return emptySearchPartial();
  while (items.length > 1) {
    const i = Math.floor(random() * (items.length - 1));
    items.splice(i, 2, combineSearchPartials(items[i], items[i + 1], lineCap));
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
  it('equals the line-object reference over random chunkings, hints and trees (property)', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const random = rng(seed);
      const segs = randomSegments(random, 1 + Math.floor(random() * 12), seed % 2 ? 0 : 2 ** 33);
      const total = segs.reduce((n, s) => n + s.lines.length, 0);
      const lineCap = [0, 1, 3, Math.floor(total / 2), total, total + 5][seed % 6];
      const parts = chunkPartials(segs, lineCap, random);
      const want = reference(segs, lineCap);
      const ordered = parts.reduce(
        (acc, p) => combineSearchPartials(acc, p, lineCap),
        emptySearchPartial(),
      );
      expectExact(ordered.lines);
      expect(summary(ordered), `seed ${seed} in order`).toEqual(want);
      const tree = combineTree(parts, lineCap, random);
      expectExact(tree.lines);
      expect(summary(tree), `seed ${seed} tree`).toEqual(want);
    }
  });

  it('is associative on the partials themselves (property)', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const random = rng(seed + 10_000);
      const segs = randomSegments(random, 3 + Math.floor(random() * 6), 0);
      const lineCap = Math.floor(random() * 40);
      const parts = chunkPartials(segs, lineCap, random);
      const c = (a: SearchPartial, b: SearchPartial) => combineSearchPartials(a, b, lineCap);
      const cuts = [1 + Math.floor(random() * (parts.length - 2))];
      cuts.push(cuts[0] + 1 + Math.floor(random() * (parts.length - cuts[0] - 1)));
      const group = (from: number, to: number) =>
        parts.slice(from, to).reduce(c, emptySearchPartial());
      const [a, b, d] = [group(0, cuts[0]), group(cuts[0], cuts[1]), group(cuts[1], parts.length)];
      expect(c(c(a, b), d), `seed ${seed}`).toEqual(c(a, c(b, d)));
      expect(c(emptySearchPartial(), a)).toEqual(a);
      expect(c(a, emptySearchPartial())).toEqual(a);
    }
  });

  it("passes the left side's columns on without a copy when the right adds no line", () => {
    const line = (n: number): Line => ({ line: n, offset: n * 10 });
    const partial = (lines: Line[], newlines: number | null): SearchPartial => ({
      newlines,
      matches: lines.length,
      matchingLines: lines.length,
      lines: keptFromLines(lines),
    });
    const full = partial([line(1), line(2)], 5);
    const more = partial([line(1)], 3);
    expect(combineSearchPartials(full, more, 2).lines).toBe(full.lines);
    expect(combineSearchPartials(full, partial([], null), 10).lines).toBe(full.lines);
    const grown = combineSearchPartials(full, more, 10);
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
    expect(() => combineSearchPartials(uncounted, withLine, 5)).toThrow(/newlines/);
  });
});
