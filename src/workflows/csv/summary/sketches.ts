/**
 * The sketch phase of a column: HyperLogLog for distinct values, Space-Saving for top values and
 * KLL for quantiles, each of fixed size, so a column's state stops growing with the data.
 */
import { hllAddHash, newHll } from '../hyperloglog';
import { Kll, type KllSnapshot } from './kll';
import { firstRanked, identity } from './select';
import { TOP_CAPACITY, TopSketch, type TopSketchSnapshot } from './top-sketch';
import type { ValueTable } from './value-table';

export interface Sketches {
  hll: Uint8Array;
  top: TopSketch;
  kll: Kll;
}

export interface SketchesSnapshot {
  hll: Uint8Array;
  top: TopSketchSnapshot;
  kll: KllSnapshot;
}

/** The sketches of everything the exact table has counted (the table is left as it is). */
export function sketchesOf(table: ValueTable): Sketches {
  const hll = newHll();
  const kll = new Kll();
  for (let e = 0; e < table.size; e++) {
    hllAddHash(hll, table.h1[e], table.h2[e]);
    const x = table.numbers[e];
    if (!Number.isNaN(x)) kll.addWeighted(x, table.counts[e]);
  }
  // The table's TOP_CAPACITY first in its ranking, pushed in ranking order (as mergeFrom does).
  const top = new TopSketch();
  const order = identity(table.size);
  for (const e of firstRanked(order, TOP_CAPACITY, table.before))
    top.push(table.h1[e], table.h2[e], table.counts[e], 0, table.text(e), table.truncated[e] === 1);
  return { hll, top, kll };
}

/** Sketches of nothing, for a range that starts in the sketch phase. */
export function emptySketches(): Sketches {
  return { hll: newHll(), top: new TopSketch(), kll: new Kll() };
}

/** `a` followed by `b`, into `a` (`b` is left as it is). */
export function mergeSketches(a: Sketches, b: Sketches): void {
  for (let i = 0; i < a.hll.length; i++) if (b.hll[i] > a.hll[i]) a.hll[i] = b.hll[i];
  a.top.mergeFrom(b.top);
  a.kll.merge(b.kll);
}

export function saveSketches(s: Sketches): SketchesSnapshot {
  return { hll: s.hll.slice(), top: s.top.save(), kll: s.kll.save() };
}

export function loadSketches(s: SketchesSnapshot): Sketches {
  return { hll: s.hll.slice(), top: TopSketch.load(s.top), kll: Kll.load(s.kll) };
}
