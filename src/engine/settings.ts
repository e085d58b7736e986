/** Engine settings, with the defaults users get. The app persists them; tests override them. */
export interface EngineSettings {
  /** Overrides every workflow's chunk size (bytes) when set. */
  chunkSize?: number;
  /** Overrides every workflow's checkpoint interval (ms of work) when set. */
  checkpointEveryMs?: number;
  /** Also checkpoint every this many map chunks, when set. */
  checkpointEveryChunks?: number;
  /** Retention: keep this many most recent checkpoints per run (plus boundaries and pinned). */
  keepCheckpoints: number;
  /** Worker pool size. */
  workers: number;
  /** Attempts per chunk before it is marked failed. */
  maxAttempts: number;
  /** Base of the exponential backoff between attempts (ms; jittered). */
  backoffMs: number;
  /** A chunk call's deadline is derived from measured throughput, never below this (ms). */
  deadlineFloorMs: number;
  /** Resume orphaned runs at start-up without asking. */
  resumeAutomatically: boolean;
  /** Runs this tab executes at once; others wait as Queued. */
  maxConcurrentRuns: number;
  /** Bytes per import call (copy into OPFS). */
  importBlockSize: number;
  /** Keep a completed run's input copy (for running it again without choosing the file). */
  keepInputCopies: boolean;
}

/** cores − 1, at least 1. */
export function defaultWorkers(): number {
  const cores =
    typeof navigator !== 'undefined' && navigator.hardwareConcurrency
      ? navigator.hardwareConcurrency
      : 2;
  return Math.max(1, cores - 1);
}

export function defaultSettings(): EngineSettings {
  return {
    keepCheckpoints: 20,
    workers: defaultWorkers(),
    maxAttempts: 3,
    backoffMs: 200,
    deadlineFloorMs: 15_000,
    resumeAutomatically: true,
    maxConcurrentRuns: 1,
    importBlockSize: 8 * 1024 * 1024,
    keepInputCopies: false,
  };
}
