/**
 * One error class for the whole engine, with a stable `code` that survives the worker boundary.
 * The engine's messages live in one table (as in workbox's `messages.ts`) so that what users
 * read is reviewed in one place: each says what happened and what to do. A workflow's own codes
 * (an invalid regular expression, a pattern too slow) are not in it: the workflow declares them
 * in its `errors` table with their message and whether a retry can help, and `workflowError`
 * makes a WaymarkError from them that carries both, so that neither the engine nor the other
 * side of a worker boundary needs to know them.
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
  'copy-wont-fit':
    'A private copy of this file ({needed}) would not fit in the storage left ({available}). Press "Read from the original file" to process it without a copy, or free some space first.',
  'copy-dropped':
    'The private copy of this file could not be written ({detail}), so it was dropped; the run goes on reading the original file (after a reload it asks for the file).',
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
  'opfs-unavailable':
    'This browser cannot keep a private copy of the file (no Origin Private File System).',
  'storage-blocked':
    'Waymark was updated in another tab. Reload this tab to continue; your runs are safe.',
  'not-found': 'No run with id {detail}.',
  'invalid-state': 'That cannot be done now: {detail}.',
  'invalid-transition':
    'A run cannot go from {from} to {to} ({why}); nothing was changed. This is a bug in Waymark: reload the page, and the run goes on from its last checkpoint.',
  'lease-lost':
    'Another tab took this run over while this tab was held up; it goes on in that tab.',
  'injected-fault': 'Injected fault: {detail}.',
  internal: 'Something went wrong inside Waymark: {detail}.',
} as const;

/** The engine's own codes. */
export type ErrorCode = keyof typeof ERROR_MESSAGES;

export type ErrorDetails = Record<string, string | number | undefined>;

/**
 * One error code a workflow declares: what users read (`{name}` placeholders are filled from
 * the error's details) and whether retrying the chunk or step can help.
 */
export interface ErrorSpec {
  readonly message: string;
  readonly retryable: boolean;
}

/** A workflow's own error codes (kebab-case, never one of the engine's), with their specs. */
export type ErrorTable = Readonly<Record<string, ErrorSpec>>;

export interface WaymarkErrorOptions {
  cause?: unknown;
  /** Set for a workflow's code (see `workflowError`): its message template and retryability. */
  spec?: ErrorSpec;
}

function format(template: string, details: ErrorDetails): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) =>
    // Details are often other messages: drop their final period so sentences don't double up.
    details[k] === undefined ? '' : String(details[k]).replace(/\.$/, ''),
  );
}

/**
 * The base error of the engine. `code` is stable and meant for programs (an engine code, or one
 * the run's workflow declares); `message` is for people.
 */
export class WaymarkError extends Error {
  override readonly name = 'WaymarkError';
  readonly code: string;
  readonly details: ErrorDetails;
  /**
   * Whether a retry can help, for a workflow's code (from its spec); undefined for the engine's
   * codes, which `isRetryable` decides.
   */
  readonly retryable: boolean | undefined;

  constructor(code: ErrorCode, details?: ErrorDetails, options?: { cause?: unknown });
  constructor(
    code: string,
    details: ErrorDetails,
    options: WaymarkErrorOptions & { spec: ErrorSpec },
  );
  constructor(code: string, details: ErrorDetails = {}, options: WaymarkErrorOptions = {}) {
    // A code no table knows (a record from an older version) keeps its stored message: fromJSON.
    const template = options.spec?.message ?? ERROR_MESSAGES[code as ErrorCode] ?? code;
    super(
      format(template, details),
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.code = code;
    this.details = details;
    this.retryable = options.spec?.retryable;
  }

  /** A plain, structured-cloneable form (for IndexedDB and postMessage). */
  toJSON(): SerializedError {
    const s: SerializedError = { code: this.code, message: this.message, details: this.details };
    if (this.retryable !== undefined) s.retryable = this.retryable;
    return s;
  }

  /** Rebuilds an error from its plain form, keeping code, message and retryability. */
  static fromJSON(s: SerializedError): WaymarkError {
    const e =
      s.retryable === undefined
        ? new WaymarkError(s.code as ErrorCode, s.details)
        : new WaymarkError(s.code, s.details, {
            spec: { message: s.message, retryable: s.retryable },
          });
    (e as { message: string }).message = s.message;
    return e;
  }
}

export interface SerializedError {
  code: string;
  message: string;
  details: ErrorDetails;
  /** Present exactly for a workflow's code: its form carries what the engine cannot look up. */
  retryable?: boolean;
}

/**
 * An error with a code from a workflow's `errors` table, e.g.
 * `workflowError(CSV_ERRORS, 'bad-header', { detail })`. The code and its message stay
 * with the error across the worker boundary and into stored records.
 */
export function workflowError<T extends ErrorTable>(
  table: T,
  code: keyof T & string,
  details: ErrorDetails = {},
  options: { cause?: unknown } = {},
): WaymarkError {
  const spec = Object.hasOwn(table, code) ? table[code] : undefined;
  if (!spec)
    return new WaymarkError('internal', { detail: `the error code "${code}" is not declared` });
  return new WaymarkError(code, details, { ...options, spec });
}

/** Why `table` cannot be a workflow's error table, or undefined if it can. */
export function errorTableProblem(table: ErrorTable): string | undefined {
  for (const [code, spec] of Object.entries(table)) {
    if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(code))
      return `error code "${code}" must be kebab-case`;
    if (Object.hasOwn(ERROR_MESSAGES, code))
      return `error code "${code}" is one of the engine's own`;
    if (typeof spec?.message !== 'string' || spec.message === '')
      return `error code "${code}" has no message`;
    if (typeof spec.retryable !== 'boolean')
      return `error code "${code}" must say whether it is retryable`;
  }
  return undefined;
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
    typeof (e as SerializedError).message === 'string' &&
    // An engine code, or a workflow's (whose form says whether it is retryable): other objects
    // with a code and a message (Node's system errors, DOMExceptions) are not ours.
    (Object.hasOwn(ERROR_MESSAGES, (e as SerializedError).code) ||
      typeof (e as SerializedError).retryable === 'boolean')
  );
}

/**
 * True for errors worth retrying a chunk for (not for bad input or bad options). A workflow's
 * code says so itself; the engine's are decided here.
 */
export function isRetryable(e: WaymarkError): boolean {
  if (e.retryable !== undefined) return e.retryable;
  return ![
    'invalid-params',
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
