/**
 * What the engine's live events say about running runs, between two renders: progress, the
 * background copy, chunk states, and each run's speed measured on the wall clock (all workers
 * together; see throughput.ts). Plain maps: the store reads them at most once a frame.
 */
import type { CopyProgressInfo, ProgressInfo, RunRecord } from '../engine';
import type { LiveRun } from './run-view';
import { RunRate } from './throughput';
import type { SpeedView } from './types';

export class LiveRuns {
  private live = new Map<string, LiveRun>();
  /** Kept after a run stops, so a completed run still shows how its speed went. */
  private rates = new Map<string, RunRate>();
  private speeds = new Map<string, { version: number; view: SpeedView }>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  private of(runId: string): LiveRun {
    let l = this.live.get(runId);
    if (!l) this.live.set(runId, (l = {}));
    return l;
  }

  private rate(runId: string): RunRate {
    let r = this.rates.get(runId);
    if (!r) this.rates.set(runId, (r = new RunRate()));
    return r;
  }

  /** A run's record changed: a run set going takes its starting point, a stopped one halts. */
  run(r: RunRecord): void {
    const moving = r.status === 'running' || r.status === 'importing';
    if (!moving) {
      this.live.delete(r.id);
      this.rates.get(r.id)?.halt();
      return;
    }
    // Only where the meter has no position: the record's progress lags the live events.
    this.rate(r.id).begin(this.now(), {
      phase: r.status === 'importing' ? 'import' : 'steps',
      stepIndex: r.stepIndex,
      done: r.status === 'importing' ? r.input.imported : r.progress.done,
    });
  }

  progress(p: ProgressInfo): void {
    this.of(p.runId).progress = p;
    this.rate(p.runId).add(this.now(), {
      phase: p.status === 'importing' ? 'import' : 'steps',
      stepIndex: p.stepIndex,
      done: p.done,
    });
  }

  copy(p: CopyProgressInfo): void {
    this.of(p.runId).copy = p;
  }

  chunk(
    runId: string,
    stepIndex: number,
    index: number,
    status: 'running' | 'done' | 'failed' | 'pending',
  ): void {
    const l = this.of(runId);
    if (!l.chunks || l.chunks.stepIndex !== stepIndex) l.chunks = { stepIndex, states: new Map() };
    const was = l.chunks.states.get(index);
    if (status === 'pending') l.chunks.states.delete(index);
    // Started again in the same execution without finishing: an attempt failed.
    else if (status === 'running' && (was === 'running' || was === 'retrying'))
      l.chunks.states.set(index, 'retrying');
    else l.chunks.states.set(index, status);
  }

  delete(runId: string): void {
    this.live.delete(runId);
    this.rates.delete(runId);
    this.speeds.delete(runId);
  }

  /** The run's live state with its wall-clock speed now. */
  get(runId: string): LiveRun | undefined {
    const l = this.live.get(runId);
    if (l) l.rate = this.rates.get(runId)?.current();
    return l;
  }

  /** The sparkline's data; the same object while no sample came (the view keeps it). */
  speed(runId: string): SpeedView | undefined {
    const r = this.rates.get(runId);
    if (!r || r.history.size < 2) return undefined;
    const known = this.speeds.get(runId);
    if (known?.version === r.version) return known.view;
    const view: SpeedView = {
      rates: r.history.rates(),
      now: r.current(),
      average: r.history.average(),
      peak: r.history.peak(),
      spanMs: r.history.spanMs(),
    };
    this.speeds.set(runId, { version: r.version, view });
    return view;
  }
}
