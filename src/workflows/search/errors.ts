/**
 * Search's own error codes. The engine knows none of them: they travel with their message and
 * retryability (src/engine/errors.ts `workflowError`).
 */
import type { ErrorDetails, ErrorTable, WaymarkError } from '../../engine/errors';
import { workflowError } from '../../engine/errors';

export const SEARCH_ERRORS = {
  'invalid-regex': {
    message: 'The regular expression is not valid: {detail}.',
    // The same pattern fails the same way on every chunk.
    retryable: false,
  },
  'pattern-too-slow': {
    message:
      'The pattern is too slow for this input (it did not finish a chunk within {detail}). Simplify the regular expression.',
    // A deadline can also be missed on a machine busy for a moment: retry before giving up.
    retryable: true,
  },
  'line-too-long': {
    message:
      'The line at byte {offset} is longer than {limit}, the longest line a regular expression is matched on (and a literal pattern with "Ignore case" on letters with non-ASCII case forms). Search for literal text instead: it has no line length limit.',
    // The same line is as long on every attempt.
    retryable: false,
  },
} as const satisfies ErrorTable;

export type SearchErrorCode = keyof typeof SEARCH_ERRORS;

export function searchError(code: SearchErrorCode, details?: ErrorDetails): WaymarkError {
  return workflowError(SEARCH_ERRORS, code, details);
}
