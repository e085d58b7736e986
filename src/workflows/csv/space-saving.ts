/**
 * Space-Saving heavy hitters (Metwally, Agrawal, El Abbadi 2005) for a column's most common
 * values once it has too many distinct values to count them all. It keeps CAPACITY counters; a
 * value not among them takes over a counter with the smallest count and inherits that count as
 * its possible overestimate (`error`). Every value occurring more than N / CAPACITY times is
 * kept, and a kept count exceeds the true count by at most its error.
 *
 * Counters sit in buckets by count (the "stream summary"), so every update is O(1): a column of
 * unique ids replaces a counter on every value. Buckets are insertion-ordered Sets, and the
 * snapshot lists values bucket by bucket in that order, so a resumed run evicts exactly what
 * the uninterrupted run would have.
 */
export const HEAVY_CAPACITY = 1024;

export interface HeavyHitters {
  counts: Map<string, number>;
  errors: Map<string, number>;
  /** count → the values with that count, oldest first. */
  buckets: Map<number, Set<string>>;
  /** The smallest count kept (0 when empty). */
  min: number;
}

/** Plain data: parallel arrays in bucket order (ascending count, then eviction order). */
export interface HeavyHittersSnapshot {
  values: string[];
  counts: number[];
  errors: number[];
}

function place(h: HeavyHitters, value: string, count: number, error: number): void {
  h.counts.set(value, count);
  h.errors.set(value, error);
  let b = h.buckets.get(count);
  if (b === undefined) h.buckets.set(count, (b = new Set()));
  b.add(value);
  if (h.min === 0 || count < h.min) h.min = count;
}

/** Removes `value` from its bucket; moves `min` up if that emptied the smallest bucket. */
function unbucket(h: HeavyHitters, value: string, count: number, nextMin: number): void {
  const b = h.buckets.get(count);
  if (b === undefined) return;
  b.delete(value);
  if (b.size === 0) {
    h.buckets.delete(count);
    if (count === h.min) h.min = nextMin;
  }
}

function fromEntries(values: string[], counts: number[], errors: number[]): HeavyHitters {
  const h: HeavyHitters = { counts: new Map(), errors: new Map(), buckets: new Map(), min: 0 };
  values.forEach((v, i) => place(h, v, counts[i], errors[i]));
  return h;
}

/** Starts from exact counts (largest first, as given): they carry no error. */
export function heavyFromCounts(entries: [string, number][]): HeavyHitters {
  const kept = entries.slice(0, HEAVY_CAPACITY).reverse();
  return fromEntries(
    kept.map((e) => e[0]),
    kept.map((e) => e[1]),
    kept.map(() => 0),
  );
}

export function heavyAdd(h: HeavyHitters, value: string): void {
  const count = h.counts.get(value);
  if (count !== undefined) {
    unbucket(h, value, count, count + 1);
    h.counts.set(value, count + 1);
    let b = h.buckets.get(count + 1);
    if (b === undefined) h.buckets.set(count + 1, (b = new Set()));
    b.add(value);
    return;
  }
  if (h.counts.size < HEAVY_CAPACITY) {
    place(h, value, 1, 0);
    return;
  }
  const min = h.min;
  const smallest = h.buckets.get(min);
  if (smallest === undefined) return;
  const victim = smallest.values().next().value as string;
  unbucket(h, victim, min, min + 1);
  h.counts.delete(victim);
  h.errors.delete(victim);
  place(h, value, min + 1, min);
}

/** Values with counts, in bucket order. */
export function heavyEntries(h: HeavyHitters): { value: string; count: number; error: number }[] {
  const out: { value: string; count: number; error: number }[] = [];
  for (const count of [...h.buckets.keys()].sort((a, b) => a - b))
    for (const value of h.buckets.get(count) ?? [])
      out.push({ value, count, error: h.errors.get(value) ?? 0 });
  return out;
}

export function saveHeavy(h: HeavyHitters): HeavyHittersSnapshot {
  const entries = heavyEntries(h);
  return {
    values: entries.map((e) => e.value),
    counts: entries.map((e) => e.count),
    errors: entries.map((e) => e.error),
  };
}

export function loadHeavy(s: HeavyHittersSnapshot): HeavyHitters {
  return fromEntries(s.values, s.counts, s.errors);
}
