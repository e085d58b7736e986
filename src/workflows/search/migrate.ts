/**
 * Search state from earlier versions of the workflow. Version 1 kept a partial's lines as one
 * object per line; version 2 keeps them in columns (kept-lines.ts). The result, the step's
 * output, has the same shape in both.
 *
 * The engine passes the checkpointed prefix partial through `migrateState` and deletes the
 * ledger's chunk results that it does not cover (they have the old shape; those chunks are
 * searched again), so `combine` only ever sees version-2 partials.
 */
import type { StateMigration } from '../../engine/workflow';
import { type SearchLine, keptFromLines } from './kept-lines';
import type { SearchPartial, SearchResult } from './partial';

/** A version-1 partial: the lines as objects. */
export interface SearchPartialV1 extends Omit<SearchPartial, 'lines'> {
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

/** True for a version-1 partial (a version-2 partial's `lines` is not an array). */
export function isSearchPartialV1(v: unknown): v is SearchPartialV1 {
  const p = v as Partial<SearchPartialV1> | null;
  return (
    typeof p === 'object' &&
    p !== null &&
    (p.newlines === null || isCount(p.newlines)) &&
    isCount(p.matches) &&
    isCount(p.matchingLines) &&
    Array.isArray(p.lines)
  );
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

/** A version-1 partial in the current shape: its lines' texts are read again in finish. */
function upgradeSearchPartial(p: SearchPartialV1): SearchPartial {
  return {
    newlines: p.newlines,
    matches: p.matches,
    matchingLines: p.matchingLines,
    lines: keptFromLines(p.lines),
  };
}

/**
 * Search's `migrateState`: a version-1 partial of the `search` step becomes a version-2 one; the
 * step's output (a `SearchResult`, after the step finished) is unchanged. Anything else cannot be
 * migrated, and the run becomes incompatible rather than go on from a state it misreads.
 */
export const migrateSearchState: StateMigration = (fromVersion, stepId, state) => {
  if (fromVersion !== 1 || stepId !== 'search') return undefined;
  if (isSearchResult(state)) return state;
  if (isSearchPartialV1(state) && state.lines.every(isLine)) return upgradeSearchPartial(state);
  return undefined;
};
