/**
 * Search keeps its memory bounded whatever the length of a line: a 64 MiB file that is one line
 * is searched in 1 MiB chunks with a state of a few hundred bytes and no memory growth anywhere
 * near the line's size, with grep's counts and the kept text cut at MAX_LINE_TEXT. Regular
 * expressions, matched on whole lines, stop with `line-too-long` past MAX_DECODED_LINE instead.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { WaymarkError } from '../../../src/engine/errors';
import { MAX_LINE_TEXT, searchWorkflow } from '../../../src/workflows';
import { MAX_DECODED_LINE } from '../../../src/workflows/search/chunk';
import { driveWorkflow } from '../helpers/drive';
import { MiB, tempDir, utf8 } from './support/fixtures';
import { grepCounts } from './support/reference';
import { searchFile } from './support/search-file-drive';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** A file of `mib` MiB with no newline: "x" with needles here and there, some across MiB boundaries. */
function oneLine(mib: number): string {
  const path = tmp.write('one-line.txt', new Uint8Array(0));
  const fd = openSync(path, 'w');
  const needle = utf8('needle');
  try {
    for (let i = 0; i < mib; i++) {
      const block = new Uint8Array(MiB).fill(0x78);
      block.set(needle, (i * 7919) % (MiB - 16));
      // Across the boundary with the next block, at every cut of the needle.
      if (i < mib - 1) block.set(needle.subarray(0, 1 + (i % 5)), MiB - 1 - (i % 5));
      if (i > 0) block.set(needle.subarray(1 + ((i - 1) % 5)), 0);
      writeSync(fd, block);
    }
  } finally {
    closeSync(fd);
  }
  return path;
}

describe('Search memory on a line of any length', () => {
  it('searches a 64 MiB single line in 1 MiB chunks in memory far below the line', async () => {
    const path = oneLine(64);
    const out = await searchFile(path, { pattern: 'needle' }, MiB);
    // The state holds the counts, a kept line and the line going on: nothing of the line.
    expect(out.largestPartial).toBeLessThan(1024);
    expect(out.bufferGrowth).toBeLessThan(8 * MiB);
    expect(out.rssGrowth).toBeLessThan(32 * MiB);
    const want = grepCounts(path, { pattern: 'needle', regex: false, ignoreCase: false });
    expect(want.matches).toBe(64 + 63);
    expect(out.result).toMatchObject({ ...want, truncated: false });
    expect(out.result.lines).toHaveLength(1);
    const [line] = out.result.lines;
    expect(line).toMatchObject({ line: 1, offset: 0, textTruncated: true });
    expect(line.text).toHaveLength(MAX_LINE_TEXT);
  }, 120_000);

  it('stops a regular expression on a line longer than MAX_DECODED_LINE, with its code', async () => {
    const long = new Uint8Array(11 + MAX_DECODED_LINE + 1).fill(0x61);
    long.set(utf8('short line\n'), 0);
    for (const chunkSize of [MiB, 16 * MiB]) {
      const run = driveWorkflow(
        searchWorkflow,
        long,
        { pattern: 'ab', regex: true },
        { chunkSize },
      );
      await expect(run, `chunk ${chunkSize}`).rejects.toBeInstanceOf(WaymarkError);
      await expect(run).rejects.toMatchObject({ code: 'line-too-long' });
      await expect(run).rejects.toThrow(/at byte 11 .*literal text/);
    }
    // Up to the limit, a line is matched whole, across chunks.
    const fits = long.slice(0, 11 + MAX_DECODED_LINE);
    fits[fits.length - 1] = 0x62;
    const r = await driveWorkflow(
      searchWorkflow,
      fits,
      { pattern: 'a+b', regex: true },
      {
        chunkSize: MiB,
      },
    );
    expect(r.result).toMatchObject({ matches: 1, matchingLines: 1 });
  }, 120_000);
});
