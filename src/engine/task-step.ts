/** Runs a task step: once, retried with backoff; its output is checkpointed at the boundary. */
import { isRetryable, toWaymarkError } from './errors';
import type { ExecutionScope, StepOutcome } from './execution-scope';
import type { TaskStep } from './workflow';

export async function runTaskStep(
  x: ExecutionScope,
  stepIndex: number,
  _step: TaskStep<unknown, unknown>,
  outputs: Record<string, unknown>,
): Promise<StepOutcome> {
  for (let attempt = 1; ; attempt++) {
    if (x.stop) return { stopped: true };
    try {
      const t0 = performance.now();
      const output = await x.runner.runTask(x.base(stepIndex, outputs), {
        deadlineMs: x.deadline(x.spec.size),
      });
      x.work(0, performance.now() - t0);
      return { output };
    } catch (e) {
      const err = toWaymarkError(e);
      if (!isRetryable(err)) throw err;
      if (attempt >= x.settings.maxAttempts) {
        await x.stopWith('failed', err);
        return { stopped: true };
      }
      await x.backoff(attempt);
    }
  }
}
