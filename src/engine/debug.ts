/**
 * The debug facility (off in normal use): fault injection and a speed cap for tests. Faults are
 * decided here, on the page, and carried in the request to the step host, so that a worker
 * respawned after a fault does not repeat it and the code paths exercised are the production
 * ones.
 */
import type { FaultKind } from './step-protocol';

export interface FaultSpec {
  kind: FaultKind;
  /** Chunk index (map) or chunk-sized block (fold: offset chunk × chunkSize). */
  chunk: number;
  /** Only for this workflow (default: any). */
  workflowId?: string;
  /** How many times to fire (default 1; Infinity for "always"). */
  times?: number;
}

export interface DebugOptions {
  faults?: FaultSpec[];
  /** Cap step processing to this many bytes per second (sleeps; same code path). */
  throttleBytesPerSec?: number;
  /** Make this many subsequent storage writes (checkpoint saves, ledger commits) fail with QuotaExceededError. */
  failWrites?: number;
  /** Lowest deadline for a chunk call (ms). */
  deadlineFloorMs?: number;
  /**
   * How a run copies its input: `behind` streams the copy in a worker of its own while the steps
   * read the picked file (needs the engine's `copier`); `one-pass` has the steps write the copy
   * as they read (one read of the user's disk; the steps wait for the copy's writes), even where
   * the picked file would not survive a reload (a reload mid-copy then asks for it); `first`
   * copies the whole input with the plain copier before any step (what the benchmark times as
   * the copy alone). Default: `behind` where the file keeper survives a reload or the run has a
   * file handle (`one-pass` without a copier), else `first`.
   */
  copy?: 'behind' | 'one-pass' | 'first';
  /** Cap the background copier (copy behind) to this many bytes per second (default: the step throttle). */
  copyThrottleBytesPerSec?: number;
}

export class FaultInjector {
  private faults: (FaultSpec & { left: number })[];
  private writeFailures: number;

  constructor(opts: DebugOptions = {}) {
    this.faults = (opts.faults ?? []).map((f) => ({ ...f, left: f.times ?? 1 }));
    this.writeFailures = opts.failWrites ?? 0;
  }

  /** The fault for map chunk `index`, used up by this call. */
  takeChunk(workflowId: string, index: number): FaultKind | undefined {
    const f = this.faults.find(
      (x) => x.left > 0 && x.chunk === index && (!x.workflowId || x.workflowId === workflowId),
    );
    if (!f) return undefined;
    f.left--;
    return f.kind;
  }

  /** The next fold fault at or after `offset`, used up by this call. */
  takeFold(
    workflowId: string,
    offset: number,
    chunkSize: number,
  ): { kind: FaultKind; offset: number } | undefined {
    const f = this.faults
      .filter(
        (x) =>
          x.left > 0 &&
          (x.chunk + 1) * chunkSize > offset &&
          (!x.workflowId || x.workflowId === workflowId),
      )
      .sort((a, b) => a.chunk - b.chunk)[0];
    if (!f) return undefined;
    f.left--;
    return { kind: f.kind, offset: Math.max(offset, f.chunk * chunkSize) };
  }

  /** Throws a real-looking QuotaExceededError while write failures are armed. */
  checkWrite(): void {
    if (this.writeFailures <= 0) return;
    this.writeFailures--;
    const e = new Error('Injected: the quota has been exceeded.');
    e.name = 'QuotaExceededError';
    throw e;
  }

  armWriteFailures(n: number): void {
    this.writeFailures = n;
  }
}
