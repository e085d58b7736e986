/**
 * Inspect: what a file is before you process it. Its type by magic bytes, whether it is text
 * and in which encoding, its line endings, longest line, NUL bytes and invalid UTF-8 — exact
 * wherever chunks split it (a CRLF or a multi-byte sequence across a seam counts once).
 *
 * A map step: chunks are scanned in parallel into small partials (partial.ts) joined in order;
 * finish reads the first 64 KiB again for the magic bytes and a byte order mark.
 */
import { defineWorkflow, type MapStep } from '../../engine/workflow';
import { type InspectPartial, emptyInspectPartial, inspectChunk, joinInspect } from './partial';
import { type InspectResult, inspectResult, summarizeInspect } from './result';

/** Inspect has no options. */
export type InspectParams = Record<string, never>;

const inspectStep: MapStep<InspectParams, InspectPartial, InspectResult> = {
  kind: 'map',
  id: 'inspect',
  map: (bytes) => inspectChunk(bytes),
  combine: (a, b) => joinInspect(a, b),
  empty: () => emptyInspectPartial(),
  finish: (combined, ctx) => inspectResult(combined, ctx.input),
};

export const inspectWorkflow = defineWorkflow<InspectParams, InspectResult>({
  id: 'inspect',
  version: 1,
  label: 'Inspect',
  description: 'What a file is: type, text encoding, line endings, longest line, bad bytes',
  group: 'Analyse',
  params: { defaults: {} },
  steps: [inspectStep],
  resultView: 'facts',
  summarize: (r) => summarizeInspect(r),
});
