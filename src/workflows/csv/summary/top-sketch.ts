/**
 * Space-Saving heavy hitters (Metwally, Agrawal, El Abbadi 2005) keyed by 64-bit value hashes,
 * for a column past the exact table. TOP_CAPACITY counters; a value not among them takes over
 * the counter with the smallest count m and starts at m + 1 with error m. So a kept count is an
 * upper bound of the true count and count − error a lower bound; a value not kept occurred at
 * most m times. Merging follows Agarwal et al. ("Mergeable summaries", 2012): a value missing
 * from a full side gets that side's m as count and error, then the largest TOP_CAPACITY stay.
 *
 * A unique-id column replaces a counter on every value, so eviction must be cheap: the counters
 * with the smallest count are listed by one scan (in entry order) and taken from that list one
 * by one, skipping any that grew meanwhile; a rescan comes only when the list runs out, so an
 * update is O(1) amortised. The list is a function of the counts, so a snapshot need not hold
 * it: a loaded sketch rescans and evicts exactly what the saved one would have. Counters are
 * found by an open-addressed index on the hash. A value's text is decoded lazily,
 * on its first repeat: a value seen once since it took a counter is never a top value worth
 * naming, and decoding every replacement would cost more than the rest of the update.
 */
import { compareCodePoints } from '../code-points';
import { decodeText, keptEnd } from './kept-text';
import { firstRanked, identity, keepWithinBudget } from './select';

export const TOP_CAPACITY = 1024;
const SLOTS = 4096;
/** A snapshot keeps the texts of the most frequent counters up to this many UTF-16 units. */
export const TOP_TEXT_BUDGET = 16_384;

export interface TopEntry {
  h1: number;
  h2: number;
  count: number;
  error: number;
  text: string | null;
  truncated: boolean;
}

export interface TopSketchSnapshot {
  h1: Uint32Array;
  h2: Uint32Array;
  counts: Float64Array;
  errors: Float64Array;
  texts: (string | null)[];
  truncated: boolean[];
}

const MASK = SLOTS - 1;

export class TopSketch {
  size = 0;
  private readonly h1 = new Uint32Array(TOP_CAPACITY);
  private readonly h2 = new Uint32Array(TOP_CAPACITY);
  private readonly counts = new Float64Array(TOP_CAPACITY);
  private readonly errors = new Float64Array(TOP_CAPACITY);
  private readonly texts: (string | null)[] = new Array<string | null>(TOP_CAPACITY).fill(null);
  private readonly cut: boolean[] = new Array<boolean>(TOP_CAPACITY).fill(false);
  /** Entries that had the smallest count `minCount` at the last scan, in entry order. */
  private readonly minList = new Int32Array(TOP_CAPACITY);
  private minLength = 0;
  private minAt = 0;
  private minCount = 0;
  /**
   * Per slot: the entry's h1 and its index + 1 (0 when free), side by side; a slot's home is
   * h1's low bits, so probes and deletions read the index alone, not the entries.
   */
  private readonly index = new Int32Array(2 * SLOTS);

  /** The count a value not kept may have had: the smallest count once full, else 0. */
  floor(): number {
    return this.size < TOP_CAPACITY ? 0 : this.counts[this.minEntry()];
  }

  /** An entry with the smallest count (the list's next one that has not grown). */
  private minEntry(): number {
    const { minList, counts } = this;
    while (this.minAt < this.minLength && counts[minList[this.minAt]] !== this.minCount)
      this.minAt++;
    if (this.minAt === this.minLength) {
      let min = Infinity;
      for (let e = 0; e < this.size; e++) if (counts[e] < min) min = counts[e];
      let n = 0;
      for (let e = 0; e < this.size; e++) if (counts[e] === min) minList[n++] = e;
      this.minCount = min;
      this.minLength = n;
      this.minAt = 0;
    }
    return minList[this.minAt];
  }

  private find(h1: number, h2: number): number {
    const index = this.index;
    const key = h1 | 0;
    for (let slot = h1 & MASK; ; slot = (slot + 1) & MASK) {
      const e = index[2 * slot + 1] - 1;
      if (e < 0) return -1;
      if (index[2 * slot] === key && this.h2[e] === h2) return e;
    }
  }

  private link(e: number): void {
    const index = this.index;
    const h1 = this.h1[e];
    let slot = h1 & MASK;
    while (index[2 * slot + 1] !== 0) slot = (slot + 1) & MASK;
    index[2 * slot] = h1;
    index[2 * slot + 1] = e + 1;
  }

  /** Backward-shift deletion: later entries of the probe chain move up into the hole. */
  private unlink(e: number): void {
    const index = this.index;
    let hole = this.h1[e] & MASK;
    while (index[2 * hole + 1] !== e + 1) hole = (hole + 1) & MASK;
    for (let j = (hole + 1) & MASK; index[2 * j + 1] !== 0; j = (j + 1) & MASK) {
      const home = index[2 * j] & MASK;
      // Move j's entry into the hole unless its home lies cyclically in (hole, j].
      if (((j - home) & MASK) >= ((j - hole) & MASK)) {
        index[2 * hole] = index[2 * j];
        index[2 * hole + 1] = index[2 * j + 1];
        hole = j;
      }
    }
    index[2 * hole] = 0;
    index[2 * hole + 1] = 0;
  }

  /** Appends a counter (the sketch is not full). */
  push(h1: number, h2: number, count: number, error: number, text: string | null, cut: boolean) {
    const e = this.size++;
    this.h1[e] = h1;
    this.h2[e] = h2;
    this.counts[e] = count;
    this.errors[e] = error;
    this.texts[e] = text;
    this.cut[e] = cut;
    this.link(e);
    this.minLength = 0;
  }

  /** One occurrence of the value bytes[start, end) whose hash is (h1, h2). */
  add(h1: number, h2: number, bytes: Uint8Array, start: number, end: number): void {
    let e = this.find(h1, h2);
    if (e >= 0) {
      this.counts[e]++;
      if (this.texts[e] === null) {
        const cutAt = keptEnd(bytes, start, end);
        this.texts[e] = decodeText(bytes, start, cutAt);
        this.cut[e] = cutAt < end;
      }
      return;
    }
    if (this.size < TOP_CAPACITY) {
      this.push(h1, h2, 1, 0, null, false);
      return;
    }
    e = this.minEntry();
    this.minAt++;
    this.unlink(e);
    const m = this.counts[e];
    this.h1[e] = h1;
    this.h2[e] = h2;
    this.counts[e] = m + 1;
    this.errors[e] = m;
    this.texts[e] = null;
    this.cut[e] = false;
    this.link(e);
  }

  entries(): TopEntry[] {
    const out: TopEntry[] = [];
    for (let e = 0; e < this.size; e++)
      out.push({
        h1: this.h1[e],
        h2: this.h2[e],
        count: this.counts[e],
        error: this.errors[e],
        text: this.texts[e],
        truncated: this.cut[e],
      });
    return out;
  }

  /**
   * This range followed by `next`'s (Agarwal et al.'s merge), in place: the TOP_CAPACITY first
   * in the ranking (count, then text, then position) of this sketch's entries in entry order
   * followed by those of `next`'s that this one lacks, pushed in ranking order. The page merges every chunk's sketches into the prefix, so this works
   * on typed arrays (no object per counter, no new sketch): with 10 such columns per chunk,
   * building entry objects and a new sketch each time was a tenth of the page's time.
   */
  mergeFrom(next: TopSketch): void {
    const floorA = this.floor();
    const floorB = next.floor();
    const n = this.size;
    const m = n + next.size;
    const h1 = new Uint32Array(m);
    const h2 = new Uint32Array(m);
    const counts = new Float64Array(m);
    const errors = new Float64Array(m);
    const texts = new Array<string | null>(m);
    const cut = new Uint8Array(m);
    for (let e = 0; e < n; e++) {
      h1[e] = this.h1[e];
      h2[e] = this.h2[e];
      counts[e] = this.counts[e] + floorB;
      errors[e] = this.errors[e] + floorB;
      texts[e] = this.texts[e];
      cut[e] = this.cut[e] ? 1 : 0;
    }
    let k = n;
    for (let f = 0; f < next.size; f++) {
      const e = this.find(next.h1[f], next.h2[f]);
      if (e < 0) {
        h1[k] = next.h1[f];
        h2[k] = next.h2[f];
        counts[k] = next.counts[f] + floorA;
        errors[k] = next.errors[f] + floorA;
        texts[k] = next.texts[f];
        cut[k] = next.cut[f] ? 1 : 0;
        k++;
        continue;
      }
      counts[e] += next.counts[f] - floorB;
      errors[e] += next.errors[f] - floorB;
      if (texts[e] === null) {
        texts[e] = next.texts[f];
        cut[e] = next.cut[f] ? 1 : 0;
      }
    }
    const before = (a: number, b: number): number =>
      counts[b] - counts[a] || textOrder(texts[a], texts[b]) || a - b;
    const chosen = firstRanked(identity(k), TOP_CAPACITY, before);
    this.clear();
    for (const i of chosen) this.push(h1[i], h2[i], counts[i], errors[i], texts[i], cut[i] === 1);
  }

  /** Empties the sketch (its arrays are reused). */
  private clear(): void {
    this.size = 0;
    this.index.fill(0);
    this.minLength = 0;
    this.minAt = 0;
    this.minCount = 0;
  }

  save(): TopSketchSnapshot {
    const n = this.size;
    const texts = new Array<string | null>(n).fill(null);
    // The texts of the ranking's longest prefix within the budget (unknown texts skipped).
    const known = new Int32Array(n);
    let m = 0;
    for (let e = 0; e < n; e++) if (this.texts[e] !== null) known[m++] = e;
    const { counts } = this;
    const all = this.texts;
    keepWithinBudget(
      known.subarray(0, m),
      (a, b) => counts[b] - counts[a] || textOrder(all[a], all[b]) || a - b,
      (e) => (all[e] as string).length,
      TOP_TEXT_BUDGET,
      (e) => (texts[e] = all[e]),
    );
    return {
      h1: this.h1.slice(0, n),
      h2: this.h2.slice(0, n),
      counts: this.counts.slice(0, n),
      errors: this.errors.slice(0, n),
      texts,
      truncated: this.cut.slice(0, n),
    };
  }

  static load(s: TopSketchSnapshot): TopSketch {
    const t = new TopSketch();
    const n = s.h1.length;
    t.size = n;
    t.h1.set(s.h1);
    t.h2.set(s.h2);
    t.counts.set(s.counts);
    t.errors.set(s.errors);
    for (let e = 0; e < n; e++) {
      t.texts[e] = s.texts[e];
      t.cut[e] = s.truncated[e];
      t.link(e);
    }
    return t;
  }
}

/** Texts in code point order, unknown texts last. */
function textOrder(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === null ? (b === null ? 0 : 1) : -1;
  return compareCodePoints(a, b);
}

function byCountThenText(a: TopEntry, b: TopEntry): number {
  return b.count - a.count || textOrder(a.text, b.text);
}

/** Largest count first, ties by text in code point order (unknown texts last), else as given. */
export function rank(entries: TopEntry[]): TopEntry[] {
  return entries.slice().sort(byCountThenText);
}
