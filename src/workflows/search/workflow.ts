/**
 * Search: counts matches and matching lines like grep (`grep -c`, `grep -o | wc -l`) and keeps
 * the first matching lines with their numbers and byte offsets (`grep -n`, `grep -b`).
 */
import { defineWorkflow, type MapStep } from '../../engine/workflow';
import { formatCount, plural } from '../shared/format';
import { searchChunk } from './chunk';
import { keptCount } from './kept-lines';
import { SEARCH_ERRORS } from './errors';
import { migrateSearchState } from './migrate';
import { matchRanges } from './ranges';
import { SEARCH_DEFAULTS, type SearchParams, validateSearchParams } from './params';
import {
  type SearchPartial,
  type SearchResult,
  combineSearchPartials,
  emptySearchPartial,
  finishSearch,
} from './partial';

const encoder = new TextEncoder();
let lengthOf: { pattern: string; bytes: number } | undefined;
/** The pattern's length in UTF-8 bytes, which `combine` needs for every chunk. */
function patternLength(pattern: string): number {
  if (lengthOf?.pattern !== pattern) lengthOf = { pattern, bytes: encoder.encode(pattern).length };
  return lengthOf.bytes;
}

const searchStep: MapStep<SearchParams, SearchPartial, SearchResult> = {
  kind: 'map',
  id: 'search',
  map: searchChunk,
  combine: (a, b, params) =>
    combineSearchPartials(a, b, params.lineCap, patternLength(params.pattern)),
  // Lines still wanted after the combined prefix: once it holds lineCap lines, later chunks
  // only count (their texts would be dropped by combine anyway).
  hint: (combined, params) => Math.max(0, params.lineCap - keptCount(combined.lines)),
  empty: () => emptySearchPartial(),
  finish: (combined, ctx) => finishSearch(combined, ctx.input, ctx.params.lineCap),
  // A chunk that keeps missing its deadline means catastrophic backtracking, not a broken worker.
  timeoutError: 'pattern-too-slow',
};

export const searchWorkflow = defineWorkflow<SearchParams, SearchResult>({
  id: 'search',
  // 2: a partial keeps its lines in columns (kept-lines.ts), no longer as objects.
  // 3: a partial has the pieces of line that go on past its range (head, tail: open-line.ts);
  // a chunk no longer reads its last line to the end.
  version: 3,
  label: 'Search',
  description: 'Matching lines, counted and listed, as grep finds them.',
  group: 'Search',
  order: 10,
  params: {
    defaults: SEARCH_DEFAULTS,
    fields: [
      {
        kind: 'text',
        key: 'pattern',
        label: 'Pattern',
        required: 'Enter a pattern to search for.',
        monospace: true,
      },
      { kind: 'checkbox', key: 'regex', label: 'Regular expression' },
      { kind: 'checkbox', key: 'ignoreCase', label: 'Ignore case' },
    ],
    // How many lines a result keeps is the user's setting ("Search line cap"), not a run option.
    fromSettings: { lineCap: 'searchLineCap' },
    validate: validateSearchParams,
  },
  errors: SEARCH_ERRORS,
  steps: [searchStep],
  migrateState: migrateSearchState,
  resultView: 'matches',
  highlight: (text, params) => matchRanges(text, params),
  summarize: (r, params) =>
    `${plural(r.matches, 'match', 'matches')} of “${params.pattern}” on ${plural(r.matchingLines, 'line')}` +
    (r.truncated ? ` (the first ${formatCount(r.lines.length)} are listed)` : ''),
});
