/**
 * The CSV prefix keeps its column summaries live between combines and saves them only when its
 * columns are read. Checked against combining snapshots as the profile did before (each chunk's
 * summaries loaded, merged into the loaded prefix, saved again): the same profile, exactly, for
 * every chunk size; a prefix read (saved) before the next combine keeps what it held; one never
 * read refuses to be read afterwards instead of showing the next prefix's state.
 */
import { describe, expect, it } from 'vitest';
import { WaymarkError } from '../../../src/engine/errors';
import {
  type CsvPartial,
  combinePartials,
  emptyPartial,
  finishPartial,
} from '../../../src/workflows/csv/partial';
import { ColumnSummary } from '../../../src/workflows/csv/summary';
import { walkChunks } from './support/csv-chunks';
import { csvFixture } from './support/csv-fixtures';
import { KiB } from './support/fixtures';

const bytes = csvFixture({ seed: 7, rows: 15_000, lineEnding: '\r\n', uniqueColumn: true });

/** Every chunk mapped from its exact start (hinted), each result as a worker posts it. */
async function chunks(size: number): Promise<CsvPartial[]> {
  return (await walkChunks(bytes, size)).parts.map((c) => c.part);
}

/** The snapshots combined as before the live prefix: load both, merge, save. */
function snapshotCombined(parts: CsvPartial[]): ColumnSummary[] {
  let columns: ReturnType<ColumnSummary['save']>[] = [];
  for (const p of parts) {
    if (p.columns.length === 0) continue;
    if (columns.length === 0) columns = p.columns;
    else
      columns = columns.map((snap, i) => {
        const s = ColumnSummary.load(snap);
        s.merge(ColumnSummary.load(p.columns[i]));
        return s.save();
      });
  }
  return columns.map((snap) => ColumnSummary.load(snap));
}

describe('CSV live prefix', () => {
  for (const size of [4 * KiB, 64 * KiB, 512 * KiB]) {
    it(`profiles as combining snapshots did, ${size / KiB} KiB chunks`, async () => {
      const parts = await chunks(size);
      let prefix = emptyPartial();
      for (const p of parts) prefix = combinePartials(prefix, structuredClone(p));
      const header = prefix.head?.header ?? [];
      const expected = snapshotCombined(parts).map((s, i) => s.profile(header[i]));
      expect(finishPartial(prefix).columns).toEqual(expected);
      // Saved and loaded (a checkpoint and a resume): the same profile again.
      expect(finishPartial(structuredClone(prefix)).columns).toEqual(expected);
    });
  }

  it('a prefix read before the next combine keeps what it held; one not read refuses', async () => {
    const parts = await chunks(16 * KiB);
    expect(parts.length).toBeGreaterThan(3);
    const first = combinePartials(combinePartials(emptyPartial(), parts[0]), parts[1]);
    const saved = structuredClone(first.columns);
    const second = combinePartials(first, parts[2]);
    expect(first.columns).toEqual(saved);
    expect(second.columns).not.toEqual(saved);
    const third = combinePartials(second, parts[3]);
    expect(third.rows).toBe(second.rows + parts[3].rows);
    const read = (() => {
      try {
        return second.columns;
      } catch (e) {
        return e;
      }
    })();
    // second's columns were read above, so they stay readable; a fresh one is not.
    expect(read).toBeInstanceOf(Array);
    const fourth = combinePartials(third, parts[4] ?? emptyPartial());
    expect(fourth.end).toBeGreaterThan(0);
    expect(() => third.columns).toThrow(WaymarkError);
  });
});
