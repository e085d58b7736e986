/**
 * Version 1 of the Search workflow, to write the checkpoints and ledger records that version 3
 * must take over. Its combine, hint and finish are version 1's (src/workflows/search/partial.ts
 * and workflow.ts at commit 029ac2d); its chunks are searched by version 2's code (which
 * searched them as version 1 did, search-v2.ts) and handed on as version 1 handed them on, one
 * object per line.
 */
import { WaymarkError } from '../../../../src/engine/errors';
import { defineWorkflow, type MapStep } from '../../../../src/engine/workflow';
import { searchWorkflow } from '../../../../src/workflows';
import { readKeptLines } from '../../../../src/workflows/search/line-text';
import type { SearchPartialV1 } from '../../../../src/workflows/search/migrate';
import type { SearchParams } from '../../../../src/workflows/search/params';
import type { SearchResult } from '../../../../src/workflows/search/partial';
import { searchChunkV2 } from './search-v2';

export function combineV1(
  a: SearchPartialV1,
  b: SearchPartialV1,
  lineCap: number,
): SearchPartialV1 {
  let lines = a.lines;
  const room = lineCap - a.lines.length;
  if (room > 0 && b.lines.length > 0) {
    if (a.newlines === null)
      throw new WaymarkError('internal', {
        detail: 'search lines follow a partial whose newlines were not counted',
      });
    const shift = a.newlines;
    lines = a.lines.concat(b.lines.slice(0, room).map((l) => ({ ...l, line: l.line + shift })));
  }
  return {
    newlines: a.newlines === null || b.newlines === null ? null : a.newlines + b.newlines,
    matches: a.matches + b.matches,
    matchingLines: a.matchingLines + b.matchingLines,
    lines,
  };
}

export function finishV1(p: SearchPartialV1): SearchResult {
  return {
    matches: p.matches,
    matchingLines: p.matchingLines,
    lines: p.lines,
    truncated: p.matchingLines > p.lines.length,
  };
}

export const stepV1: MapStep<SearchParams, SearchPartialV1, SearchResult> = {
  kind: 'map',
  id: 'search',
  async map(bytes, ctx) {
    // Version 1 decoded each kept line's text in the chunk.
    const p = await searchChunkV2(bytes, ctx);
    return { ...p, lines: await readKeptLines(p.lines, ctx.input) };
  },
  combine: (a, b, params) => combineV1(a, b, params.lineCap),
  hint: (combined, params) => Math.max(0, params.lineCap - combined.lines.length),
  empty: () => ({ newlines: 0, matches: 0, matchingLines: 0, lines: [] }),
  finish: (combined) => finishV1(combined),
  timeoutError: 'pattern-too-slow',
};

export const searchWorkflowV1 = defineWorkflow<SearchParams, SearchResult>({
  ...searchWorkflow,
  // The definition's params: a defined workflow keeps its fields with plain string keys.
  params: { defaults: searchWorkflow.params.defaults, validate: searchWorkflow.params.validate },
  version: 1,
  steps: [stepV1],
  migrateState: undefined,
});
