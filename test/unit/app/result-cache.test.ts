/** A result view keeps its input's identity while the run's result stays the same. */
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../src/engine';
import { ResultCache } from '../../../src/app/result-cache';

const record = (p: Partial<RunRecord>) =>
  ({ id: 'r1', status: 'completed', params: {}, ...p }) as unknown as RunRecord;

describe('ResultCache', () => {
  it('gives the same RunResult for a changed record whose result is the same object', () => {
    const cache = new ResultCache();
    const result = { rows: 3 };
    const first = cache.of(record({ result }), undefined);
    // The same run after its copy was freed: a new record, the same result.
    const later = cache.of(record({ result, input: { copyFreed: true } } as never), undefined);
    expect(later).toBe(first);
    expect(later.value).toBe(result);
  });

  it('makes a new one when the result is another value (a re-run, a record read again)', () => {
    const cache = new ResultCache();
    const a = cache.of(record({ result: { rows: 3 } }), undefined);
    const b = cache.of(record({ result: { rows: 3 } }), undefined);
    expect(b).not.toBe(a);
    expect(b.value).toEqual({ rows: 3 });
  });

  it('caches a result that is not an object per record', () => {
    const cache = new ResultCache();
    const r = record({ result: 42 });
    expect(cache.of(r, undefined)).toBe(cache.of(r, undefined));
    expect(cache.of(record({ result: 42 }), undefined)).not.toBe(cache.of(r, undefined));
  });
});
