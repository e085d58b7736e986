/**
 * Space-Saving's invariants, step by step against exact counts in a Map: a new value takes over
 * a counter with the smallest count (its error is that count), every kept count bounds the true
 * count from above and count − error from below, and a value not kept occurred at most as often
 * as the smallest counter.
 */
import { expect, it } from 'vitest';
import { rng } from '../../../helpers/drive';
import { hashBytes, hashed } from '../../../../../src/workflows/csv/summary/hash64';
import { TOP_CAPACITY, TopSketch } from '../../../../../src/workflows/csv/summary/top-sketch';
import { bytesOf } from './support/columns';

it('evicts a smallest counter and keeps true bounds at every step', () => {
  const r = rng(3);
  const s = new TopSketch();
  const truth = new Map<string, number>();
  const keyOf = (h1: number, h2: number): string => `${h1}:${h2}`;
  const names = new Map<string, string>();
  for (let step = 0; step < 2600; step++) {
    // Repeats of a few values, of a middle band, and fresh values, so counts differ and grow.
    const x = r();
    const v =
      x < 0.2 ? `h${Math.floor(r() * 5)}` : x < 0.5 ? `m${Math.floor(r() * 800)}` : `u${step}`;
    const b = bytesOf(v);
    hashBytes(b, 0, b.length);
    const key = keyOf(hashed.h1, hashed.h2);
    names.set(key, v);
    // Once full (about step 2,000), every step checks the eviction against the raw counters.
    const full = s.size === TOP_CAPACITY;
    const raw = full ? s.save() : null;
    let known = false;
    let min = Infinity;
    if (raw)
      for (let e = 0; e < raw.counts.length; e++) {
        min = Math.min(min, raw.counts[e]);
        if (raw.h1[e] === hashed.h1 && raw.h2[e] === hashed.h2) known = true;
      }
    s.add(hashed.h1, hashed.h2, b, 0, b.length);
    truth.set(v, (truth.get(v) ?? 0) + 1);
    if ((known || !full) && step % 97 !== 0 && step <= 2550) continue;
    const after = s.entries();
    if (full && !known) {
      const e = after.find((e) => keyOf(e.h1, e.h2) === key);
      expect(e?.error, `step ${step}`).toBe(min);
      expect(e?.count, `step ${step}`).toBe(min + 1);
    }
    if (step % 97 === 0 || step > 2550) {
      const floor = s.floor();
      const kept = new Set(after.map((e) => names.get(keyOf(e.h1, e.h2))));
      for (const e of after) {
        const c = truth.get(names.get(keyOf(e.h1, e.h2)) as string) as number;
        expect(e.count).toBeGreaterThanOrEqual(c);
        expect(e.count - e.error).toBeLessThanOrEqual(c);
        if (e.text !== null) expect(e.text).toBe(names.get(keyOf(e.h1, e.h2)));
      }
      for (const [name, c] of truth) if (!kept.has(name)) expect(c).toBeLessThanOrEqual(floor);
    }
  }
});
