/**
 * Partial ranking for the per-chunk snapshots: a chunk's table or top sketch is saved once per
 * chunk, and sorting all its (up to 10,000) values by count and text each time cost more than
 * the rest of the chunk's summary work. Only the first values of the ranking matter there (the
 * texts within a budget, the TOP_CAPACITY largest counters), so a quickselect finds them in
 * linear time on average. `before` must be a strict total order (ties broken by index), so the
 * result is exactly what a full sort would give.
 */

/** 0, 1, …, n − 1 (a plain loop: `Int32Array.from` with a map function is slow). */
export function identity(n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}

/** A strict total order on entry indices: negative when a ranks before b. */
export type Before = (a: number, b: number) => number;

function swap(order: Int32Array, i: number, j: number): void {
  const t = order[i];
  order[i] = order[j];
  order[j] = t;
}

/** Moves order[mid] to hi − 1 and partitions order[lo, hi) around it; returns its place. */
function partition(order: Int32Array, lo: number, hi: number, before: Before): number {
  swap(order, lo + ((hi - lo) >> 1), hi - 1);
  const p = order[hi - 1];
  let store = lo;
  for (let k = lo; k < hi - 1; k++) {
    if (before(order[k], p) < 0) swap(order, k, store++);
  }
  swap(order, store, hi - 1);
  return store;
}

/**
 * Calls `keep` for each entry of the longest prefix of the ranking whose `cost`s sum to at most
 * `budget` (the ranking's first entry over the remaining budget ends it). Reorders `order`.
 */
export function keepWithinBudget(
  order: Int32Array,
  before: Before,
  cost: (e: number) => number,
  budget: number,
  keep: (e: number) => void,
): void {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const at = partition(order, lo, hi, before);
    let below = 0;
    for (let k = lo; k < at && below <= budget; k++) below += cost(order[k]);
    // The prefix ends among the entries ranked before the pivot: look only there.
    if (below > budget) {
      hi = at;
      continue;
    }
    for (let k = lo; k < at; k++) keep(order[k]);
    budget -= below;
    const p = order[at];
    if (cost(p) > budget) return;
    keep(p);
    budget -= cost(p);
    lo = at + 1;
  }
}

/** The first `k` entries of the ranking of `order`, in ranking order. Reorders `order`. */
export function firstRanked(order: Int32Array, k: number, before: Before): Int32Array {
  if (k >= order.length) return order.slice().sort(before);
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const at = partition(order, lo, hi, before);
    if (at === k) break;
    if (at < k) lo = at + 1;
    else hi = at;
  }
  return order.slice(0, k).sort(before);
}
