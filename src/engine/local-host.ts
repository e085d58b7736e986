/**
 * Spawns step hosts in-process (Node tests, or a page without workers). "Terminating" one
 * abandons it: a hung call simply never settles, as a terminated worker's would not.
 */
import type { FileStore } from './files';
import { StepHost } from './step-host';
import type { Spawn } from './worker-pool';
import type { WorkflowRegistry } from './workflow';

export function localSpawn(registry: WorkflowRegistry, files: FileStore): Spawn {
  return () => {
    let onDeath: (why: string) => void = () => undefined;
    let dead = false;
    const host = new StepHost(registry, files, () => {
      dead = true;
      // Reported asynchronously, as a worker's error event would be.
      setTimeout(() => onDeath('the step host stopped'), 0);
    });
    const api = new Proxy(host, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver) as unknown;
        if (typeof v !== 'function') return v;
        return (...args: unknown[]) =>
          dead
            ? new Promise(() => undefined)
            : (v as (...a: unknown[]) => unknown).apply(target, args);
      },
    });
    return {
      api,
      terminate: () => {
        dead = true;
      },
      onDeath: (cb) => {
        onDeath = cb;
      },
    };
  };
}
