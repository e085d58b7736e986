/**
 * A run's speed as the user lives it: bytes of the run's own progress over wall-clock time, all
 * workers together. The engine's `ProgressInfo.throughput` is a smoothed per-chunk rate (one
 * chunk's bytes over its own call time), the right pace for a chunk's deadline but one worker's
 * share of a parallel step: with two workers it reads about half the run's speed or less.
 *
 * {@link RunRate} keeps a short window for "Speed" and the ETA, and a history for the
 * sparkline whose size is bounded whatever the run's length (see {@link RateHistory}).
 * Pure (the caller passes the time): unit-tested in Node.
 */

/** "Speed" is measured over about this much of the latest progress (ms). */
export const RATE_WINDOW_MS = 3000;
/** Less than this between the first and last sample says nothing yet (ms). */
const MIN_SPAN_MS = 200;
/** The sparkline's points at most: older ones are merged two into one when it is full. */
export const HISTORY_POINTS = 120;
/** The sparkline's first resolution (ms per point); it doubles at each merge. */
const FIRST_BUCKET_MS = 500;

interface Sample {
  t: number;
  /** Bytes processed since the meter started (a sum of forward moves only). */
  bytes: number;
}

/**
 * Cumulative bytes at bucket boundaries. Dropping every other boundary merges two buckets into
 * one with exactly their average rate, so memory stays at {@link HISTORY_POINTS} for a 10-hour
 * run as for a 10-second one, and the whole-life average is never distorted.
 */
export class RateHistory {
  private marks: Sample[] = [];
  private bucketMs = FIRST_BUCKET_MS;
  private peakRate = 0;

  add(t: number, bytes: number): void {
    const n = this.marks.length;
    // The open bucket (the last two marks) grows until it spans its width; then a new one opens.
    if (n >= 2 && t - this.marks[n - 2].t < this.bucketMs) this.marks[n - 1] = { t, bytes };
    else this.marks.push({ t, bytes });
    this.notePeak();
    if (this.marks.length > HISTORY_POINTS + 1) {
      const last = this.marks.length - 1;
      this.marks = this.marks.filter((_, i) => i % 2 === 0 || i === last);
      this.bucketMs *= 2;
    }
  }

  private notePeak(): void {
    const n = this.marks.length;
    if (n < 2) return;
    const a = this.marks[n - 2];
    const b = this.marks[n - 1];
    // A bucket closes once it spans its width; a partly filled one is no peak yet.
    if (b.t - a.t >= this.bucketMs / 2) this.peakRate = Math.max(this.peakRate, rate(a, b));
  }

  /** Bytes per second of each bucket, oldest first. */
  rates(): number[] {
    const out: number[] = [];
    for (let i = 1; i < this.marks.length; i++) out.push(rate(this.marks[i - 1], this.marks[i]));
    return out;
  }

  /** Over everything recorded: bytes ÷ time. */
  average(): number | undefined {
    const first = this.marks[0];
    const last = this.marks.at(-1);
    if (!first || !last || last.t - first.t < MIN_SPAN_MS) return undefined;
    return rate(first, last);
  }

  peak(): number | undefined {
    return this.marks.length > 1 ? this.peakRate : undefined;
  }

  spanMs(): number {
    const first = this.marks[0];
    const last = this.marks.at(-1);
    return first && last ? last.t - first.t : 0;
  }

  /** Points kept (the bound is what a unit test checks). */
  get size(): number {
    return this.marks.length;
  }
}

function rate(a: Sample, b: Sample): number {
  return b.t > a.t ? ((b.bytes - a.bytes) / (b.t - a.t)) * 1000 : 0;
}

/** Where a run's work stands, as its progress events say. */
export interface RatePosition {
  /** 'import' while the input is copied before the steps, 'steps' after. */
  phase: 'import' | 'steps';
  stepIndex: number;
  /** Bytes done of the step (or of the copy, while importing). */
  done: number;
}

/** The whole run's speed now and over its life in this page. */
export class RunRate {
  readonly history = new RateHistory();
  private recent: Sample[] = [];
  private bytes = 0;
  private at: RatePosition | undefined;
  /** Bumped at each sample: lets a view keep what it derived while nothing changed. */
  version = 0;

  /**
   * Notes where the run stands at time `t` (ms). A move back (a restore, a retried fold session,
   * the next step starting at 0) or into another phase starts from there without counting it.
   */
  add(t: number, p: RatePosition): void {
    const was = this.at;
    if (was && was.phase === p.phase) {
      const moved =
        p.stepIndex === was.stepIndex
          ? p.done - was.done
          : p.stepIndex > was.stepIndex
            ? p.done
            : 0;
      if (moved > 0) this.bytes += moved;
    }
    this.at = p;
    const s = { t, bytes: this.bytes };
    this.recent.push(s);
    // Keep one sample at or beyond the window's start, so the window always spans it.
    while (this.recent.length > 2 && t - this.recent[1].t >= RATE_WINDOW_MS) this.recent.shift();
    this.history.add(t, this.bytes);
    this.version++;
  }

  /** Where the run starts moving from, unless the meter already follows it. */
  begin(t: number, p: RatePosition): void {
    if (!this.at) this.add(t, p);
  }

  /** The run stopped moving (paused, completed…): the window starts again when it moves. */
  halt(): void {
    this.recent = [];
    this.at = undefined;
    this.version++;
  }

  /** Bytes per second over the latest window; undefined before anything moved. */
  current(): number | undefined {
    const first = this.recent[0];
    const last = this.recent.at(-1);
    if (!first || !last || last.t - first.t < MIN_SPAN_MS || last.bytes === first.bytes)
      return undefined;
    return rate(first, last);
  }
}
