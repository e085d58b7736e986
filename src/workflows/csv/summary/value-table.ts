/**
 * The exact phase of a column: every distinct value (by 64-bit hash of its bytes) with its exact
 * count, its number (NaN when it is not one) and its bytes, up to TABLE_LIMIT values. Exact
 * distinct counts, exact top values and exact quantiles (from numbers × counts) all read it.
 * Entries stay in first-seen order; merging appends the next range's new values after ours.
 *
 * Speed: a field's update is one probe of an open-addressed index holding each entry's h1 beside
 * its number, so a repeat reads one cache line. The arrays start small and grow with the
 * distinct values (a boolean column's table stays a few hundred bytes, in cache beside 19 other
 * columns'), and a new value's bytes are copied into one arena: no string per value. Texts are
 * decoded only for what the profile shows, and ranked by their bytes, which for the canonical
 * UTF-8 the summary stores is code point order.
 */
import { compareBytes, decodeText } from './kept-text';

/** Distinct values counted exactly; past this the column switches to sketches. */
export const TABLE_LIMIT = 10_000;
/** Index slots at most: a power of two over 1.6 × the limit, so probe chains stay short. */
const MAX_SLOTS = 16_384;
const FIRST_CAPACITY = 64;

export class ValueTable {
  size = 0;
  /** Entries the arrays hold before they grow. */
  private capacity = FIRST_CAPACITY;
  h1 = new Uint32Array(FIRST_CAPACITY);
  h2 = new Uint32Array(FIRST_CAPACITY);
  counts = new Float64Array(FIRST_CAPACITY);
  numbers = new Float64Array(FIRST_CAPACITY);
  /** Entry e's kept bytes are arena[textAt[e], textAt[e] + textLength[e]); length 0: unknown. */
  textAt = new Int32Array(FIRST_CAPACITY);
  textLength = new Int32Array(FIRST_CAPACITY);
  /** 1 where the kept bytes are only the value's first KEPT_BYTES. */
  truncated = new Uint8Array(FIRST_CAPACITY);
  arena = new Uint8Array(16 * FIRST_CAPACITY);
  private used = 0;
  /** Per slot: the entry's h1 and its index + 1 (0 when free), side by side. */
  private index = new Int32Array(4 * FIRST_CAPACITY);
  private mask = 2 * FIRST_CAPACITY - 1;

  /** The entry of hash (h1, h2), or −1. */
  find(h1: number, h2: number): number {
    const index = this.index;
    const mask = this.mask;
    const key = h1 | 0;
    for (let slot = h1 & mask; ; slot = (slot + 1) & mask) {
      const e = index[2 * slot + 1] - 1;
      if (e < 0) return -1;
      if (index[2 * slot] === key && this.h2[e] === h2) return e;
    }
  }

  /**
   * Adds a new entry (the caller checked it is absent and the table not full), with the kept
   * bytes src[start, end) (none when start === end: text unknown).
   */
  insert(
    h1: number,
    h2: number,
    count: number,
    num: number,
    src: Uint8Array,
    start: number,
    end: number,
    cut: boolean,
  ): number {
    if (this.size === this.capacity) this.grow();
    const e = this.size++;
    this.h1[e] = h1;
    this.h2[e] = h2;
    this.counts[e] = count;
    this.numbers[e] = num;
    this.setText(e, src, start, end, cut);
    this.link(e, h1);
    return e;
  }

  /** Keeps src[start, end) as entry e's bytes (whose text was unknown). */
  setText(e: number, src: Uint8Array, start: number, end: number, cut: boolean): void {
    const n = end - start;
    if (n === 0) {
      this.textLength[e] = 0;
      return;
    }
    if (this.used + n > this.arena.length) {
      const bigger = new Uint8Array(Math.max(2 * this.arena.length, this.used + n));
      bigger.set(this.arena.subarray(0, this.used));
      this.arena = bigger;
    }
    // Short values by a loop: subarray + set costs more than the copy for a few bytes.
    const arena = this.arena;
    const at = this.used;
    if (n <= 16) for (let i = 0; i < n; i++) arena[at + i] = src[start + i];
    else arena.set(src.subarray(start, end), at);
    this.used = at + n;
    this.textAt[e] = at;
    this.textLength[e] = n;
    this.truncated[e] = cut ? 1 : 0;
  }

  /** Entry e's text (its first KEPT_BYTES when truncated), or null when unknown. */
  text(e: number): string | null {
    const n = this.textLength[e];
    return n === 0 ? null : decodeText(this.arena, this.textAt[e], this.textAt[e] + n);
  }

  private link(e: number, h1: number): void {
    const index = this.index;
    const mask = this.mask;
    let slot = h1 & mask;
    while (index[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
    index[2 * slot] = h1;
    index[2 * slot + 1] = e + 1;
  }

  private grow(): void {
    const capacity = Math.min(TABLE_LIMIT, 4 * this.capacity);
    const widen = <T extends Uint32Array | Float64Array | Int32Array | Uint8Array>(
      a: T,
      b: T,
    ): T => {
      b.set(a);
      return b;
    };
    this.h1 = widen(this.h1, new Uint32Array(capacity));
    this.h2 = widen(this.h2, new Uint32Array(capacity));
    this.counts = widen(this.counts, new Float64Array(capacity));
    this.numbers = widen(this.numbers, new Float64Array(capacity));
    this.textAt = widen(this.textAt, new Int32Array(capacity));
    this.textLength = widen(this.textLength, new Int32Array(capacity));
    this.truncated = widen(this.truncated, new Uint8Array(capacity));
    this.capacity = capacity;
    const slots = Math.min(MAX_SLOTS, 2 * capacity);
    if (slots !== this.mask + 1) {
      this.index = new Int32Array(2 * slots);
      this.mask = slots - 1;
      for (let e = 0; e < this.size; e++) this.link(e, this.h1[e]);
    }
  }

  /**
   * The ranking: most frequent first, ties by text in code point order (unknown texts last),
   * then by index (first seen first). Also TopSketch.mergeFrom's order for these entries.
   */
  readonly before = (a: number, b: number): number => {
    const d = this.counts[b] - this.counts[a];
    if (d !== 0) return d;
    const la = this.textLength[a];
    const lb = this.textLength[b];
    if (la === 0 || lb === 0) return la === 0 ? (lb === 0 ? a - b : 1) : -1;
    const { arena, textAt } = this;
    return (
      compareBytes(arena, textAt[a], textAt[a] + la, arena, textAt[b], textAt[b] + lb) || a - b
    );
  };

  /** Entry indices, most frequent first, ties by text in code point order (unknown texts last). */
  ranked(): number[] {
    return Array.from({ length: this.size }, (_, i) => i).sort(this.before);
  }
}
