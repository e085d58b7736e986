/**
 * Which view shows each built-in task's result, as the workflows declare it (written out by
 * hand: a change here changes what users see), and that the app has every view named.
 */
import { describe, expect, it } from 'vitest';
import { RESULT_VIEW_NAMES } from '../../../src/ui/results/names';
import { builtinWorkflows } from '../../../src/workflows';

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
