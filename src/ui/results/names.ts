/**
 * The names of the app's result views: what a workflow may give as its `resultView`. Kept apart
 * from the components (index.ts) so that Node tests can check the registry's workflows name
 * only views that exist.
 */
export const RESULT_VIEW_NAMES = [
  'digest',
  'digests',
  'csv-profile',
  'matches',
  'gzip',
  'count',
  'facts',
] as const;

export type ResultViewName = (typeof RESULT_VIEW_NAMES)[number];
