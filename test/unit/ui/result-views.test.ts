/**
 * Which view shows each built-in task's result, as the workflows declare it (written out by
 * hand: a change here changes what users see), and that the app has every view named.
 */
import { describe, expect, it } from 'vitest';
import { RESULT_VIEW_NAMES } from '../../../src/ui/results/names';
import { builtinWorkflows } from '../../../src/workflows';
import { loadMoreFrom, nextLineCap, searchFacts } from '../../../src/ui/results/search-result';

const EXPECTED: Record<string, string | undefined> = {
  sha256: 'digest',
  sha1: 'digest',
  sha512: 'digest',
  md5: 'digest',
  blake3: 'digest',
  xxhash64: 'digest',
  crc32: 'digest',
  'multi-hash': 'digests',
  'csv-profile': 'csv-profile',
  count: 'count',
  search: 'matches',
  gzip: 'gzip',
  inspect: 'facts',
  // The engine's example: its summary line only.
  'byte-histogram': undefined,
};

describe('result views', () => {
  it('each built-in workflow names its view, one the app has', () => {
    expect(Object.fromEntries(builtinWorkflows.map((w) => [w.id, w.resultView]))).toEqual(EXPECTED);
    for (const w of builtinWorkflows)
      if (w.resultView) expect(RESULT_VIEW_NAMES).toContain(w.resultView);
  });

  it('only Search highlights listed lines', () => {
    expect(builtinWorkflows.filter((w) => w.highlight).map((w) => w.id)).toEqual(['search']);
  });
});

describe('Search: Load more', () => {
  it('doubles the cap, adding at least 1,000 lines', () => {
    expect([0, 25, 1000, 10_000].map(nextLineCap)).toEqual([1000, 1025, 2000, 20_000]);
  });

  it('is offered only for a result that hit the cap of a run that says its cap', () => {
    const capped = searchFacts({ matches: 30, matchingLines: 30, lines: [{ line: 1 }] });
    expect(loadMoreFrom(capped, { lineCap: 1 })).toEqual({ cap: 1, next: 1001 });
    expect(loadMoreFrom(capped, {})).toBeUndefined();
    const all = searchFacts({ matches: 1, matchingLines: 1, lines: [{ line: 1 }] });
    expect(loadMoreFrom(all, { lineCap: 1 })).toBeUndefined();
  });
});
