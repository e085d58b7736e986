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
  /**
   * Bytes per import call (copy into OPFS). Each call opens a new stream of the picked file,
   * which is what a read pays for in Chromium: 64 MiB blocks copied 1 GiB in 2.9 s where 8 MiB
   * blocks took 3.5–4.5 s (docs/checkpointing.md, "The plain copier"). A stop waits for the
   * block under way (about 0.2 s at the disk's speed).
   */
  importBlockSize: number;
  /** Keep a completed run's input copy (for running it again without choosing the file). */
  keepInputCopies: boolean;
}

/** Workers at most by default: each holds up to two chunk buffers and its own heap. */
const MAX_DEFAULT_WORKERS = 8;

/**
 * One worker per core (at most {@link MAX_DEFAULT_WORKERS}). Not cores − 1: the page's own
 * thread needs little while a run goes (progress at most 10 times a second, no task over 50 ms
 * measured on 2 workers), and on a 2-core laptop cores − 1 is one worker, which ran Count and
 * Search at half the speed the machine has.
 */
export function defaultWorkers(): number {
  const cores =
    typeof navigator !== 'undefined' && navigator.hardwareConcurrency
      ? navigator.hardwareConcurrency
      : 2;
  return Math.max(1, Math.min(MAX_DEFAULT_WORKERS, cores));
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
    importBlockSize: 64 * 1024 * 1024,
    keepInputCopies: false,
  };
}
