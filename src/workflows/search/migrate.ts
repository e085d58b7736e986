/**
 * Search state from earlier versions of the workflow. Version 1 kept a partial's lines as one
 * object per line; version 2 keeps them in columns (kept-lines.ts); version 3 adds the pieces of
 * line that go on past a partial's range (open-line.ts). The result, the step's output, has the
 * same shape in all three.
 *
 * The engine passes the checkpointed prefix partial through `migrateState` and deletes the
 * ledger's chunk results that it does not cover (they have the old shape; those chunks are
 * searched again), so `combine` only ever sees version-3 partials.
 */
import type { StateMigration } from '../../engine/workflow';
import { type KeptLines, type SearchLine, keptFromLines } from './kept-lines';
import type { SearchPartial, SearchResult } from './partial';

/** A version-2 partial: no pieces of open line. */
export type SearchPartialV2 = Omit<SearchPartial, 'head' | 'tail'>;

/** A version-1 partial: the lines as objects. */
export interface SearchPartialV1 extends Omit<SearchPartialV2, 'lines'> {
  lines: SearchLine[];
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function isLine(v: unknown): v is SearchLine {
  const l = v as Partial<SearchLine> | null;
  return (
    typeof l === 'object' &&
    l !== null &&
    isCount(l.line) &&
    isCount(l.offset) &&
    typeof l.text === 'string'
  );
}

/** The counts that every version's partial has. */
function hasCounts(v: unknown): v is Omit<SearchPartialV2, 'lines'> & { lines: unknown } {
  const p = v as Partial<SearchPartialV2> | null;
  return (
    typeof p === 'object' &&
    p !== null &&
    (p.newlines === null || isCount(p.newlines)) &&
    isCount(p.matches) &&
    isCount(p.matchingLines)
  );
}

/** True for a version-1 partial (a later partial's `lines` is not an array). */
export function isSearchPartialV1(v: unknown): v is SearchPartialV1 {
  return hasCounts(v) && Array.isArray(v.lines);
}

function isColumns(v: unknown): v is KeptLines {
  const k = v as Partial<KeptLines> | null;
  return (
    typeof k === 'object' &&
    k !== null &&
    k.lineNo instanceof Float64Array &&
    k.offset instanceof Float64Array &&
    k.lineNo.length === k.offset.length
  );
}

/** True for a version-2 partial: lines in columns, and no pieces of open line. */
export function isSearchPartialV2(v: unknown): v is SearchPartialV2 {
  return hasCounts(v) && isColumns(v.lines) && !('head' in v) && !('tail' in v);
}

function isSearchResult(v: unknown): v is SearchResult {
  const r = v as Partial<SearchResult> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    isCount(r.matches) &&
    isCount(r.matchingLines) &&
    typeof r.truncated === 'boolean' &&
    Array.isArray(r.lines)
  );
}

/**
 * An older partial in the current shape. Versions 1 and 2 read a chunk's last line to its end,
 * so the last line of the partial is counted (and kept) already: it becomes a tail marked
 * `counted`, which the pieces of it in the chunks after the partial leave as it is.
 */
function upgradeSearchPartial(p: SearchPartialV2): SearchPartial {
  return {
    newlines: p.newlines,
    matches: p.matches,
    matchingLines: p.matchingLines,
    lines: p.lines,
    head: [],
    tail: { offset: 0, line: null, matched: false, matches: 0, next: 0, counted: true },
  };
}

/**
 * Search's `migrateState`: a version-1 or version-2 partial of the `search` step becomes a
 * version-3 one; the step's output (a `SearchResult`, after the step finished) is unchanged.
 * Anything else cannot be migrated, and the run becomes incompatible rather than go on from a
 * state it misreads.
 */
export const migrateSearchState: StateMigration = (fromVersion, stepId, state) => {
  if ((fromVersion !== 1 && fromVersion !== 2) || stepId !== 'search') return undefined;
  if (isSearchResult(state)) return state;
  if (fromVersion === 1 && isSearchPartialV1(state) && state.lines.every(isLine))
    return upgradeSearchPartial({ ...state, lines: keptFromLines(state.lines) });
  if (fromVersion === 2 && isSearchPartialV2(state)) return upgradeSearchPartial(state);
  return undefined;
};
