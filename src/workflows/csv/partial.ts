/**
 * The CSV profile's map partial: what a run of consecutive chunks found, and where its records
 * begin and end in the input, which is what verifies a chunk's guessed start. The combined
 * partial is what checkpoints hold: counters and one bounded summary per column, whatever the
 * input's size.
 */
import { WaymarkError } from '../../engine/errors';
import type { FileHead } from './head';
import type { Delimiter } from './sniff';
import { type ColumnProfile, ColumnSummary, type ColumnSummarySnapshot } from './summary';

export interface CsvPartial {
  /** End of the last chunk in it. */
  end: number;
  /**
   * Where its first record begins; null: no record begins in it (a chunk without a line break,
   * by its guess). For a combined prefix, the file's first record.
   */
  startAt: number | null;
  /** Where the record after its last one begins: past its last chunk's end, exact. */
  endAt: number;
  /**
   * A chunk whose guessed start led to a field over its limit, or to a last record running far
   * past its end: to be redone from its exact start.
   */
  failed: boolean;
  /** The file start, from chunk 0. */
  head: FileHead | null;
  /** Records after the header (blank lines are not records). */
  rows: number;
  raggedRows: number;
  /** 1-based, counted from the partial's first row. */
  firstRaggedRow: number | null;
  /** One per header column; empty when there are no rows. */
  columns: ColumnSummarySnapshot[];
}

/** What a chunk is told of the prefix combined when it is dispatched. */
export interface CsvHint {
  head: FileHead;
  /** Where the prefix's records end: the exact start of any chunk it reaches (≥ its start). */
  endAt: number;
  /** Rows in the prefix, for the row numbers of messages. */
  rows: number;
  /**
   * Per column, whether the prefix is past the exact table's cap there: the chunk's summary of
   * that column may start in the sketch phase (ColumnSummary.sketching). Absent: none is.
   */
  sketched?: boolean[];
}

export interface CsvProfileResult {
  /** Records after the header (blank lines are not records). */
  rows: number;
  delimiter: Delimiter;
  /** Rows with more or fewer fields than the header. */
  raggedRows: number;
  /** 1-based row number (after the header) of the first ragged row. */
  firstRaggedRow: number | null;
  columns: ColumnProfile[];
}

export function emptyPartial(): CsvPartial {
  return {
    end: 0,
    startAt: 0,
    endAt: 0,
    failed: false,
    head: null,
    rows: 0,
    raggedRows: 0,
    firstRaggedRow: null,
    columns: [],
  };
}

/** Whether `next`, mapped from a guessed start, follows `prefix` (the chunks before it) exactly. */
export function acceptsPartial(prefix: CsvPartial, next: CsvPartial): boolean {
  if (next.failed) return false;
  // No line break in the chunk: right if the prefix's last record runs past it.
  if (next.startAt === null) return prefix.endAt >= next.end;
  return next.startAt === prefix.endAt;
}

export function hintOf(prefix: CsvPartial): CsvHint | undefined {
  if (!prefix.head) return undefined;
  // From the live summaries where there are some: reading `columns` would save them all.
  const live = liveColumns.get(prefix);
  const sketched = live
    ? live.map((s) => s.sketched)
    : prefix.columns.map((snap) => snap.table === null);
  return {
    head: prefix.head,
    endAt: prefix.endAt,
    rows: prefix.rows,
    ...(sketched.includes(true) ? { sketched } : {}),
  };
}

/**
 * The summaries of a combined prefix, kept live from one combine to the next: loading the
 * prefix's snapshot and saving it again for every chunk cost the page as much as the merge
 * itself. A prefix made by `combinePartials` saves them only when its `columns` are read (a
 * checkpoint's structured clone, the finish) and keeps that snapshot.
 */
const liveColumns = new WeakMap<CsvPartial, ColumnSummary[]>();

/** The partial's summaries to merge into, taken from it: a prefix is combined only once. */
function takeColumns(p: CsvPartial): ColumnSummary[] {
  const live = liveColumns.get(p);
  if (live === undefined) return p.columns.map((snap) => ColumnSummary.load(snap));
  liveColumns.delete(p);
  return live;
}

function withLiveColumns(p: Omit<CsvPartial, 'columns'>, live: ColumnSummary[]): CsvPartial {
  let saved: ColumnSummarySnapshot[] | undefined;
  const out = p as CsvPartial;
  Object.defineProperty(out, 'columns', {
    enumerable: true,
    configurable: true,
    get(): ColumnSummarySnapshot[] {
      if (saved) return saved;
      const columns = liveColumns.get(out);
      // Its summaries went on into the next prefix unsaved: what it held is gone, say so.
      if (columns === undefined)
        throw new WaymarkError('internal', {
          detail: 'a CSV prefix was read after the next chunk was combined into it',
        });
      saved = columns.map((c) => c.save());
      return saved;
    },
  });
  liveColumns.set(out, live);
  return out;
}

function mergeColumns(a: CsvPartial, b: CsvPartial): ColumnSummary[] {
  const mine = takeColumns(a);
  if (b.columns.length === 0 && !liveColumns.has(b)) return mine;
  const theirs = takeColumns(b);
  if (theirs.length === 0) return mine;
  if (mine.length === 0) return theirs;
  mine.forEach((s, i) => s.merge(theirs[i]));
  return mine;
}

/** `b` follows `a` (checked by acceptsPartial). Takes the live summaries of both. */
export function combinePartials(a: CsvPartial, b: CsvPartial): CsvPartial {
  const columns = mergeColumns(a, b);
  return withLiveColumns(
    {
      end: Math.max(a.end, b.end),
      startAt: a.startAt,
      endAt: b.startAt === null ? a.endAt : b.endAt,
      failed: a.failed || b.failed,
      head: a.head ?? b.head,
      rows: a.rows + b.rows,
      raggedRows: a.raggedRows + b.raggedRows,
      firstRaggedRow:
        a.firstRaggedRow ?? (b.firstRaggedRow === null ? null : a.rows + b.firstRaggedRow),
    },
    columns,
  );
}

export function finishPartial(c: CsvPartial): CsvProfileResult {
  const header = c.head?.header ?? [];
  const columns = liveColumns.get(c) ?? c.columns.map((snap) => ColumnSummary.load(snap));
  return {
    rows: c.rows,
    delimiter: c.head?.delimiter ?? ',',
    raggedRows: c.raggedRows,
    firstRaggedRow: c.firstRaggedRow,
    columns: header.map((name, i) => (columns[i] ?? new ColumnSummary()).profile(name)),
  };
}
