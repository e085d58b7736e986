/**
 * The one retry loop of the engine (map chunks, fold sessions, task steps, import blocks), in
 * the spirit of TanStack Query's `retryer.ts`: a number of attempts, exponential backoff with
 * jitter between them, an optional deadline, and a rule for which errors are worth another try.
 *
 * Retryable or terminal is decided by the error's code (`isRetryable`): as with restate's
 * `TerminalError`, a coded error such as `quota-exceeded` or `input-changed` says by its code
 * that trying again cannot help, and ends the loop at once.
 */
import { isRetryable, toWaymarkError, type WaymarkError } from './errors';

export interface RetryOptions {
  /** Attempts in all, the first included (at least 1). */
  maxAttempts: number;
  /** Base of the backoff: the wait after failure n is jittered around `backoffMs · 2^(n−1)`. */
  backoffMs: number;
  /** The longest wait between two attempts (ms). */
  maxBackoffMs?: number;
  /** No attempt starts after this time (on `clock.now`), and no wait runs past it. */
  deadline?: number;
  /** Whether an error is worth another attempt (default: `isRetryable`, by its code). */
  retryable?: (error: WaymarkError) => boolean;
  /**
   * An error that is not the attempt's fault (a chunk lost with a worker that another chunk
   * hung): tried again at once, without counting an attempt or waiting.
   */
  uncounted?: (error: WaymarkError) => boolean;
  /** Checked before each attempt and each wait: true ends the loop ('stopped'). */
  stop?: () => boolean;
  /** Told of each counted failed attempt; `willRetry` says whether another attempt follows. */
  onFailure?: (error: WaymarkError, attempt: number, willRetry: boolean) => void;
  /** Time, waiting and randomness (tests give fakes). */
  clock?: RetryClock;
}

export interface RetryClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
}

const realClock: RetryClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  random: () => Math.random(),
};

/** What an attempt gets: its number (1-based, counted attempts) and a way to mark progress. */
export interface Attempt {
  readonly number: number;
  /**
   * The work advanced durably (a fold saved a checkpoint): the failures before it no longer
   * count, so the next failure is the first of a fresh budget of attempts.
   */
  progressed(): void;
}

/**
 * How the loop ended. `terminal`: an error not worth retrying; `exhausted`: every attempt
 * failed; `deadline`: time ran out; `stopped`: `stop()` said so (with the last error, if an
 * attempt had failed).
 */
export type RetryResult<T> =
  | { ok: true; value: T; attempts: number }
  | {
      ok: false;
      why: 'terminal' | 'exhausted' | 'deadline';
      error: WaymarkError;
      attempts: number;
    }
  | { ok: false; why: 'stopped'; error: WaymarkError | undefined; attempts: number };

/**
 * The wait after the `failures`-th failure: uniformly in [½, 1½) of `backoffMs · 2^(failures−1)`
 * (jitter keeps retries of many chunks from arriving together), capped at `maxBackoffMs`.
 */
export function backoffDelay(
  failures: number,
  o: Pick<RetryOptions, 'backoffMs' | 'maxBackoffMs'>,
  random: () => number = Math.random,
): number {
  const base = o.backoffMs * 2 ** (failures - 1);
  return Math.min(o.maxBackoffMs ?? Infinity, base / 2 + random() * base);
}

/** Runs `fn` until it succeeds or the options say to give up. Never throws `fn`'s errors. */
export async function retry<T>(
  fn: (attempt: Attempt) => Promise<T>,
  o: RetryOptions,
): Promise<RetryResult<T>> {
  const clock = o.clock ?? realClock;
  const retryable = o.retryable ?? isRetryable;
  const max = Math.max(1, o.maxAttempts);
  let attempt = 1;
  let last: WaymarkError | undefined;
  const timeLeft = () => (o.deadline === undefined ? Infinity : o.deadline - clock.now());
  for (;;) {
    if (o.stop?.()) return { ok: false, why: 'stopped', error: last, attempts: attempt - 1 };
    if (last && timeLeft() <= 0)
      return { ok: false, why: 'deadline', error: last, attempts: attempt - 1 };
    let progressedAt = 0;
    const number = attempt;
    try {
      const value = await fn({ number, progressed: () => void (progressedAt = number) });
      return { ok: true, value, attempts: number };
    } catch (e) {
      const err = toWaymarkError(e);
      last = err;
      // Progress during this attempt: it counts as the first of a fresh budget.
      const failed = progressedAt ? 1 : number;
      if (o.uncounted?.(err)) {
        attempt = failed;
        continue;
      }
      if (!retryable(err)) {
        o.onFailure?.(err, failed, false);
        return { ok: false, why: 'terminal', error: err, attempts: failed };
      }
      const willRetry = failed < max;
      o.onFailure?.(err, failed, willRetry);
      if (!willRetry) return { ok: false, why: 'exhausted', error: err, attempts: failed };
      if (o.stop?.()) return { ok: false, why: 'stopped', error: err, attempts: failed };
      const wait = backoffDelay(failed, o, () => clock.random());
      if (wait >= timeLeft()) return { ok: false, why: 'deadline', error: err, attempts: failed };
      await clock.sleep(wait);
      attempt = failed + 1;
    }
  }
}
