/** Runs a task step: once, retried with backoff; its output is checkpointed at the boundary. */
import type { ExecutionScope, StepOutcome } from './execution-scope';
import type { TaskStep } from './workflow';

export async function runTaskStep(
  x: ExecutionScope,
  stepIndex: number,
  _step: TaskStep<unknown, unknown>,
  outputs: Record<string, unknown>,
): Promise<StepOutcome> {
  const outcome = await x.retry(
    async () => {
      const t0 = performance.now();
      const output = await x.hosts.runTask(x.base(stepIndex, outputs), {
        deadlineMs: x.deadline(x.spec.size),
      });
      x.work(0, performance.now() - t0);
      return output;
    },
    { stop: () => x.stop !== undefined },
  );
  if (outcome.ok) return { output: outcome.value };
  if (outcome.why === 'stopped') return { stopped: true };
  if (outcome.why === 'terminal') throw outcome.error;
  await x.stopWith('failed', outcome.error);
  return { stopped: true };
}
