/**
 * The sketch phase of a column: HyperLogLog for distinct values, Space-Saving for top values and
 * KLL for quantiles, each of fixed size, so a column's state stops growing with the data.
 */
import { hllAddHash, newHll } from '../hyperloglog';
import { Kll, type KllSnapshot } from './kll';
import { TopSketch, type TopSketchSnapshot } from './top-sketch';
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
  const entries = [];
  for (let e = 0; e < table.size; e++) {
    const h1 = table.h1[e];
    const h2 = table.h2[e];
    const count = table.counts[e];
    hllAddHash(hll, h1, h2);
    const x = table.numbers[e];
    if (!Number.isNaN(x)) kll.addWeighted(x, count);
    const text = table.texts[e];
    entries.push({ h1, h2, count, error: 0, text, truncated: table.truncated[e] });
  }
  return { hll, top: TopSketch.of(entries), kll };
}

/** `a` followed by `b`, into `a` (the top sketch is replaced, `b` is left as it is). */
export function mergeSketches(a: Sketches, b: Sketches): void {
  for (let i = 0; i < a.hll.length; i++) if (b.hll[i] > a.hll[i]) a.hll[i] = b.hll[i];
  a.top = a.top.merged(b.top);
  a.kll.merge(b.kll);
}

export function saveSketches(s: Sketches): SketchesSnapshot {
  return { hll: s.hll.slice(), top: s.top.save(), kll: s.kll.save() };
}

export function loadSketches(s: SketchesSnapshot): Sketches {
  return { hll: s.hll.slice(), top: TopSketch.load(s.top), kll: Kll.load(s.kll) };
}
