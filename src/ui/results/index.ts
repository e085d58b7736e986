/**
 * The result views by the name a workflow gives in `resultView` (its own description says how
 * its result is shown; no view is chosen by task id). A name not here shows the summary only.
 */
import type { Component } from 'svelte';
import type { AppApi, RunView } from '../../app/types';
import type { ResultViewName } from './names';
import CountResult from './CountResult.svelte';
import CsvProfile from './CsvProfile.svelte';
import FactsResult from './FactsResult.svelte';
import GzipResult from './GzipResult.svelte';
import HashResult from './HashResult.svelte';
import SearchMatches from './SearchMatches.svelte';

export type ResultComponent = Component<{ app: AppApi; run: RunView }>;

/** Every name of names.ts has its component (a missing one does not compile). */
export const RESULT_VIEWS: Readonly<Record<ResultViewName, ResultComponent>> = {
  digest: HashResult,
  digests: HashResult,
  'csv-profile': CsvProfile as ResultComponent,
  matches: SearchMatches as ResultComponent,
  gzip: GzipResult as ResultComponent,
  count: CountResult as ResultComponent,
  facts: FactsResult as ResultComponent,
};
