/**
 * The CSV profile as a map step: chunks parsed in parallel on every worker (chunk.ts), their
 * partials combined in chunk order (partial.ts), a chunk whose guessed start does not follow
 * the prefix refused and redone from its exact start.
 */
import type { MapStep } from '../../engine/workflow';
import { mapChunk } from './chunk';
import type { CsvParams } from './head';
import {
  type CsvPartial,
  type CsvProfileResult,
  acceptsPartial,
  combinePartials,
  emptyPartial,
  finishPartial,
  hintOf,
} from './partial';

export type { CsvParams, DelimiterOption, QuoteOption } from './head';
export type { CsvPartial, CsvProfileResult } from './partial';

export const profileStep: MapStep<CsvParams, CsvPartial, CsvProfileResult> = {
  kind: 'map',
  id: 'profile',
  map: (bytes, ctx) => mapChunk(bytes, ctx),
  combine: (a, b) => combinePartials(a, b),
  accepts: (prefix, next) => acceptsPartial(prefix, next),
  hint: (prefix) => hintOf(prefix),
  empty: () => emptyPartial(),
  finish: (combined) => finishPartial(combined),
};
