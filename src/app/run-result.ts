/**
 * A completed run's result as its result view gets it. A class, so that Svelte's deep state
 * leaves it as it is (a 10,000-line search result is not wrapped in proxies) and the view sees
 * the same object on every render until the run changes.
 */
import type { AnyWorkflow, RunRecord } from '../engine';

export type Ranges = [number, number][];

export class RunResult {
  constructor(
    /** The view its workflow names (`resultView`), if any. */
    readonly view: string | undefined,
    /** The result, as "Download result" has it. */
    readonly value: unknown,
    readonly params: Readonly<Record<string, unknown>>,
    private readonly highlighter?: (text: string) => Ranges,
  ) {}

  /** Where a listed line of the result matches (none when the workflow does not say). */
  highlight(text: string): Ranges {
    try {
      return this.highlighter?.(text) ?? [];
    } catch {
      return [];
    }
  }
}

/** The result of `run` (completed), per its workflow's description. */
export function runResult(run: RunRecord, workflow: AnyWorkflow | undefined): RunResult {
  const params = (run.params ?? {}) as Record<string, unknown>;
  const highlight = workflow?.highlight;
  return new RunResult(
    workflow?.resultView,
    run.result,
    params,
    highlight ? (text) => highlight.call(workflow, text, run.params) : undefined,
  );
}
