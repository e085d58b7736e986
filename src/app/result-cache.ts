/**
 * Completed runs' results, made once per result value, so that a result view keeps its
 * identity: a completed run's record changes again after it completes (its copy freed, its
 * checkpoints pruned) while its result stays the same object, and a new `RunResult` there
 * re-rendered a CSV profile's whole table for nothing (a 50-70 ms task on the page).
 */
import type { AnyWorkflow, RunRecord } from '../engine';
import { type RunResult, runResult } from './run-result';

export class ResultCache {
  private readonly made = new WeakMap<object, RunResult>();

  /** The result view's input for `run` (completed), the same object while its result is. */
  of(run: RunRecord, workflow: AnyWorkflow | undefined): RunResult {
    // A result that is not an object (none of the built-in tasks' is) is cached per record.
    const key = typeof run.result === 'object' && run.result !== null ? run.result : run;
    let result = this.made.get(key);
    if (!result) this.made.set(key, (result = runResult(run, workflow)));
    return result;
  }
}

export type { RunResult } from './run-result';
