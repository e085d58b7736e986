/**
 * What a worker entry calls: exposes a step host for the given workflows over comlink. Keeps
 * worker entry files down to their imports and one call.
 */
import { expose } from 'comlink';
import './comlink-errors';
import { OpfsFileStore } from './opfs';
import { StepHost } from './step-host';
import { WorkflowRegistry, type AnyWorkflow } from './workflow';

export function serveWorkflows(workflows: readonly AnyWorkflow[]): void {
  const registry = new WorkflowRegistry().register(...workflows);
  // "die" (fault injection) ends the worker for real; the pool's deadline notices.
  expose(new StepHost(registry, new OpfsFileStore(), () => self.close()));
}
