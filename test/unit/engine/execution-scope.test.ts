import { describe, expect, expectTypeOf, it } from 'vitest';
import { CheckpointManager } from '../../../src/engine/checkpoint-manager';
import { FaultInjector } from '../../../src/engine/debug';
import { EventBus } from '../../../src/engine/events';
import type { ExecutionScope } from '../../../src/engine/execution-scope';
import { MemoryFileStore } from '../../../src/engine/files';
import type { Persistence } from '../../../src/engine/persistence';
import { RunExecution } from '../../../src/engine/run-execution';
import { defaultSettings } from '../../../src/engine/settings';
import { WorkflowRegistry } from '../../../src/engine/workflow';
import type { StepRunner } from '../../../src/engine/worker-pool';

/** Every value reachable from `root` through plain data properties (getters are not called). */
function reachable(root: object): unknown[] {
  const seen = new Set<unknown>();
  const walk = (v: unknown) => {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function') || seen.has(v)) return;
    seen.add(v);
    for (const d of Object.values(Object.getOwnPropertyDescriptors(v)))
      if ('value' in d) walk(d.value);
  };
  walk(root);
  return [...seen];
}

describe('the scope a step gets', () => {
  it('reaches neither the raw store, nor the runner, nor the fault injector, nor the settings', () => {
    const store = { db: {} } as unknown as Persistence;
    const runner = { size: 2 } as unknown as StepRunner;
    const faults = new FaultInjector();
    const settings = defaultSettings();
    const bus = new EventBus();
    const checkpoints = new CheckpointManager(store);
    const exec = new RunExecution('run-1', {
      store,
      checkpoints,
      runner,
      registry: new WorkflowRegistry(),
      bus,
      files: new MemoryFileStore(),
      settings,
      debug: {},
      faults,
      heldFile: () => Promise.resolve(undefined),
    });
    const values = reachable(exec.steps);
    for (const raw of [store, runner, faults, settings, bus, checkpoints, exec])
      expect(values).not.toContain(raw);
    expect(exec.steps.hosts.size).toBe(2);
  });

  it('has no member for them in its type either', () => {
    expectTypeOf<ExecutionScope>().not.toHaveProperty('store');
    expectTypeOf<ExecutionScope>().not.toHaveProperty('runner');
    expectTypeOf<ExecutionScope>().not.toHaveProperty('settings');
    expectTypeOf<ExecutionScope>().not.toHaveProperty('checkpoints');
    expectTypeOf<ExecutionScope['faults']>().not.toHaveProperty('checkWrite');
    expectTypeOf<ExecutionScope['hosts']>().not.toHaveProperty('importRange');
    expectTypeOf<ExecutionScope['hosts']>().not.toHaveProperty('resize');
  });
});
