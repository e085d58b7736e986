/**
 * What a worker entry calls: exposes a step host for the given workflows over comlink. Keeps
 * worker entry files down to their imports and one call.
 */
import { expose } from 'comlink';
import './comlink-errors';
import { OpfsFileStore } from './opfs';
import type { ReadAheadThread } from './read-ahead';
import { StepHost } from './step-host';
import { WorkflowRegistry, type AnyWorkflow } from './workflow';

/** What a worker entry may give besides its workflows. */
export interface ServeOptions {
  /**
   * A new thread for reading a fold's input ahead (a nested worker whose entry calls
   * `serveReadAhead(self)`): folds then never wait for a read. Without it they read in turn.
   */
  readAhead?: () => ReadAheadThread;
}

export function serveWorkflows(
  workflows: readonly AnyWorkflow[],
  options: ServeOptions = {},
): void {
  const registry = new WorkflowRegistry().register(...workflows);
  // "die" (fault injection) ends the worker for real (its nested readers with it); the pool's
  // deadline notices.
  expose(new StepHost(registry, new OpfsFileStore(), () => self.close(), options.readAhead));
}
