/**
 * The exact phase of a column: every distinct value (by 64-bit hash of its bytes) with its exact
 * count, its number (NaN when it is not one) and its text, up to TABLE_LIMIT values. Exact
 * distinct counts, exact top values and exact quantiles (from numbers × counts) all read it.
 * Entries stay in first-seen order; merging appends the next range's new values after ours.
 */
import { compareCodePoints } from '../code-points';
import { keepWithinBudget } from './select';

/** Distinct values counted exactly; past this the column switches to sketches. */
export const TABLE_LIMIT = 10_000;
/** Index slots: a power of two over 1.6 × the limit; probe chains stay within a cache line or two. */
const SLOTS = 16_384;
const NOT_PLAIN = /[\ud800-\uffff]/;
/** A snapshot keeps the texts of the most frequent values up to this many UTF-16 units. */
export const TABLE_TEXT_BUDGET = 16_384;

export interface ValueTableSnapshot {
  h1: Uint32Array;
  h2: Uint32Array;
  /** The narrowest array every count fits (most counts are small: 1 or 2 bytes each). */
  counts: Uint8Array | Uint16Array | Uint32Array | Float64Array;
  /** Null when no value is a number; Int32 when every value is an int32 (ids: half the bytes). */
  numbers: Float64Array | Int32Array | null;
  /** Texts (null where the budget left them out). */
  texts: (string | null)[];
  /** The entries whose text is cut (nearly always none). */
  truncated: number[];
}

export class ValueTable {
  size = 0;
  readonly h1 = new Uint32Array(TABLE_LIMIT);
  readonly h2 = new Uint32Array(TABLE_LIMIT);
  readonly counts = new Float64Array(TABLE_LIMIT);
  readonly numbers = new Float64Array(TABLE_LIMIT);
  readonly texts: (string | null)[] = [];
  readonly truncated: boolean[] = [];
  /**
   * Per slot: the entry's h1 and its index + 1 (0 when free), side by side, so that a probe
   * reads one cache line: with 20 columns' tables the entry arrays are far out of cache.
   */
  private readonly index = new Int32Array(2 * SLOTS);

  /** The entry of hash (h1, h2), or −1. */
  find(h1: number, h2: number): number {
    const index = this.index;
    const key = h1 | 0;
    let slot = (h1 ^ Math.imul(h2, 0x9e3779b1)) & (SLOTS - 1);
    for (;;) {
      const e = index[2 * slot + 1] - 1;
      if (e < 0) return -1;
      if (index[2 * slot] === key && this.h2[e] === h2) return e;
      slot = (slot + 1) & (SLOTS - 1);
    }
  }

  /** Adds a new entry (the caller checked it is absent and the table not full). */
  insert(h1: number, h2: number, count: number, num: number, text: string | null, cut: boolean) {
    const e = this.size++;
    this.h1[e] = h1;
    this.h2[e] = h2;
    this.counts[e] = count;
    this.numbers[e] = num;
    this.texts.push(text);
    this.truncated.push(cut);
    let slot = (h1 ^ Math.imul(h2, 0x9e3779b1)) & (SLOTS - 1);
    while (this.index[2 * slot + 1] !== 0) slot = (slot + 1) & (SLOTS - 1);
    this.index[2 * slot] = h1;
    this.index[2 * slot + 1] = e + 1;
    return e;
  }

  /**
   * Per entry: 0 not known yet, 1 its text has no UTF-16 unit from U+D800 up (then JS string
   * order is code point order, compared natively), 2 it has.
   */
  private readonly plain = new Uint8Array(TABLE_LIMIT);

  private isPlain(e: number, text: string): boolean {
    let p = this.plain[e];
    if (p === 0) this.plain[e] = p = NOT_PLAIN.test(text) ? 2 : 1;
    return p === 1;
  }

  /**
   * The ranking: most frequent first, ties by text in code point order (unknown texts last),
   * then by index (first seen first). Also TopSketch.of's order for these entries.
   */
  readonly before = (a: number, b: number): number => {
    const { counts, texts } = this;
    const d = counts[b] - counts[a];
    if (d !== 0) return d;
    const ta = texts[a];
    const tb = texts[b];
    if (ta === null || tb === null) return ta === null ? (tb === null ? a - b : 1) : -1;
    if (this.isPlain(a, ta) && this.isPlain(b, tb)) return ta < tb ? -1 : ta > tb ? 1 : a - b;
    return compareCodePoints(ta, tb) || a - b;
  };

  /** Entry indices, most frequent first, ties by text in code point order (unknown texts last). */
  ranked(): number[] {
    return Array.from({ length: this.size }, (_, i) => i).sort(this.before);
  }

  save(): ValueTableSnapshot {
    const n = this.size;
    const texts: (string | null)[] = new Array<string | null>(n).fill(null);
    // The texts of the ranking's longest prefix within the budget (unknown texts skipped).
    const known = new Int32Array(n);
    let m = 0;
    for (let e = 0; e < n; e++) if (this.texts[e] !== null) known[m++] = e;
    keepWithinBudget(
      known.subarray(0, m),
      this.before,
      (e) => (this.texts[e] as string).length,
      TABLE_TEXT_BUDGET,
      (e) => (texts[e] = this.texts[e]),
    );
    const counts = this.counts.subarray(0, n);
    const numbers = this.numbers.subarray(0, n);
    const numeric = numbers.some((x) => !Number.isNaN(x));
    const int32 = numbers.every((x) => (x | 0) === x && !Object.is(x, -0));
    return {
      h1: this.h1.slice(0, n),
      h2: this.h2.slice(0, n),
      counts: narrowest(counts),
      numbers: !numeric ? null : int32 ? Int32Array.from(numbers) : numbers.slice(),
      texts,
      truncated: this.truncated.flatMap((cut, e) => (cut ? [e] : [])),
    };
  }

  static load(s: ValueTableSnapshot): ValueTable {
    const t = new ValueTable();
    const cut = new Set(s.truncated);
    for (let e = 0; e < s.h1.length; e++)
      t.insert(
        s.h1[e],
        s.h2[e],
        s.counts[e],
        s.numbers ? s.numbers[e] : NaN,
        s.texts[e],
        cut.has(e),
      );
    return t;
  }
}

function narrowest(counts: Float64Array): Uint8Array | Uint16Array | Uint32Array | Float64Array {
  let max = 0;
  for (const c of counts) if (c > max) max = c;
  if (max <= 0xff) return Uint8Array.from(counts);
  if (max <= 0xffff) return Uint16Array.from(counts);
  return max <= 0xffffffff ? Uint32Array.from(counts) : counts.slice();
}
