/**
 * One error class for the whole engine, with a stable `code` that survives the worker boundary.
 * Messages live in one table (as in workbox's `messages.ts`) so that what users read is
 * reviewed in one place: each says what happened and what to do.
 */
export const ERROR_MESSAGES = {
  'input-missing': 'The input file is no longer available. Choose the same file again to continue.',
  'input-changed':
    'The file changed since this run started ({detail}). Nothing was mixed; choose the original file again or start a new run.',
  'input-mismatch':
    'That is not the same file ({detail}). Choose the file this run started with: {expected}.',
  'input-unreadable':
    'The file could not be read ({detail}). Check that it still exists and try again.',
  'permission-denied': 'Access to the file was not granted. Press "Grant access" to continue.',
  'quota-exceeded':
    'Storage is full: about {needed} more is needed. Free some space (or delete old runs), then press Resume. Nothing done so far was lost.',
  'insufficient-storage':
    'This run needs about {needed} of storage but only {available} is free. Free some space or delete old runs, then try again.',
  'invalid-params': 'The options are not valid: {detail}.',
  'unknown-workflow':
    'No task named "{detail}" is registered. It may come from a newer version of Waymark.',
  'incompatible-checkpoint':
    'This run was saved by {saved} and cannot be continued by {current}. Start it again to get a result.',
  'format-too-new':
    'This record was written by a newer Waymark (format {detail}). Reload to get the newer version.',
  'corrupt-record': 'A stored record was damaged and has been set aside: {detail}.',
  'chunk-failed':
    'Chunk {chunk} failed {attempts} times ({detail}). Press "Retry failed" to try it again.',
  'worker-timeout': 'A worker took longer than {detail} on one chunk and was restarted.',
  'worker-died': 'A worker stopped unexpectedly and was restarted.',
  'pattern-too-slow':
    'The pattern is too slow for this input (it did not finish a chunk within {detail}). Simplify the regular expression.',
  'invalid-regex': 'The regular expression is not valid: {detail}.',
  'line-too-long':
    'The line at byte {offset} is longer than {limit}, the longest line a regular expression is matched on (and a literal pattern with "Ignore case" on letters with non-ASCII case forms). Search for literal text instead: it has no line length limit.',
  'opfs-unavailable':
    'This browser cannot keep a private copy of the file (no Origin Private File System).',
  'storage-blocked':
    'Waymark was updated in another tab. Reload this tab to continue; your runs are safe.',
  'not-found': 'No run with id {detail}.',
  'invalid-state': 'That cannot be done now: {detail}.',
  'lease-lost':
    'Another tab took this run over while this tab was held up; it goes on in that tab.',
  'injected-fault': 'Injected fault: {detail}.',
  internal: 'Something went wrong inside Waymark: {detail}.',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export type ErrorDetails = Record<string, string | number | undefined>;

function format(code: ErrorCode, details: ErrorDetails): string {
  return ERROR_MESSAGES[code].replace(/\{(\w+)\}/g, (_, k: string) =>
    // Details are often other messages: drop their final period so sentences don't double up.
    details[k] === undefined ? '' : String(details[k]).replace(/\.$/, ''),
  );
}

/** The base error of the engine. `code` is stable and meant for programs; `message` for people. */
export class WaymarkError extends Error {
  override readonly name = 'WaymarkError';
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(format(code, details), options);
    this.code = code;
    this.details = details;
  }

  /** A plain, structured-cloneable form (for IndexedDB and postMessage). */
  toJSON(): SerializedError {
    return { code: this.code, message: this.message, details: this.details };
  }

  /** Rebuilds an error from its plain form, keeping code and message. */
  static fromJSON(s: SerializedError): WaymarkError {
    const e = new WaymarkError(s.code, s.details);
    (e as { message: string }).message = s.message;
    return e;
  }
}

export interface SerializedError {
  code: ErrorCode;
  message: string;
  details: ErrorDetails;
}

/** Turns anything thrown into a WaymarkError, mapping well-known DOMExceptions to codes. */
export function toWaymarkError(e: unknown): WaymarkError {
  if (e instanceof WaymarkError) return e;
  if (isSerializedError(e)) return WaymarkError.fromJSON(e);
  const name = (e as { name?: string } | null)?.name;
  const msg = e instanceof Error ? e.message : String(e);
  if (name === 'QuotaExceededError')
    return new WaymarkError('quota-exceeded', { needed: 'a little' }, { cause: e });
  // Chromium reports a File whose bytes changed on disk since it was picked as NotReadableError.
  if (name === 'NotReadableError')
    return new WaymarkError(
      'input-changed',
      { detail: 'it was modified, moved or deleted on disk' },
      { cause: e },
    );
  if (name === 'NotFoundError')
    return new WaymarkError('input-unreadable', { detail: msg }, { cause: e });
  if (name === 'NotAllowedError') return new WaymarkError('permission-denied', {}, { cause: e });
  return new WaymarkError('internal', { detail: msg }, { cause: e });
}

export function isSerializedError(e: unknown): e is SerializedError {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as SerializedError).code === 'string' &&
    (e as SerializedError).code in ERROR_MESSAGES &&
    typeof (e as SerializedError).message === 'string'
  );
}

/** Bytes as people read them: "1.5 MiB". */
export function humanBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${i ? n.toFixed(1) : Math.round(n)} ${units[i]}`;
}

/** True for errors worth retrying a chunk for (not for bad input or bad options). */
export function isRetryable(e: WaymarkError): boolean {
  return ![
    'invalid-params',
    'invalid-regex',
    'line-too-long',
    'input-changed',
    'input-unreadable',
    'input-mismatch',
    'quota-exceeded',
    'permission-denied',
    'unknown-workflow',
    'incompatible-checkpoint',
    'lease-lost',
  ].includes(e.code);
}
