/** Spawns step hosts as module Web Workers, wrapped with comlink. */
import { wrap, releaseProxy, type Remote } from 'comlink';
import './comlink-errors';
import type { StepHostApi } from './step-protocol';
import type { Spawn } from './worker-pool';

/** `create` makes the Worker, e.g. `() => new Worker(new URL('…', import.meta.url), { type: 'module' })`. */
export function workerSpawn(create: () => Worker): Spawn {
  return () => {
    const worker = create();
    const api = wrap<StepHostApi>(worker) as Remote<StepHostApi>;
    let onDeath: (why: string) => void = () => undefined;
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      onDeath(e.message || 'worker error');
    });
    worker.addEventListener('messageerror', () => onDeath('a message could not be read'));
    return {
      api: api as unknown as StepHostApi,
      terminate: () => {
        try {
          api[releaseProxy]();
        } catch {
          // The proxy may already be released.
        }
        worker.terminate();
      },
      onDeath: (cb) => {
        onDeath = cb;
      },
    };
  };
}
