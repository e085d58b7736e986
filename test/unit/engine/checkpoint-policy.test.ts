import { describe, expect, it } from 'vitest';
import {
  CheckpointPolicy,
  DEFAULT_CHECKPOINT_MS,
  checkpointCadence,
  type CheckpointCadence,
} from '../../../src/engine/checkpoint-policy';
import { CheckpointManager } from '../../../src/engine/checkpoint-manager';
import type { Persistence } from '../../../src/engine/persistence';

/** A policy on a clock the test moves by hand. */
function policyAt(cadence: CheckpointCadence) {
  const clock = { t: 1000 };
  const policy = new CheckpointPolicy(
    () => cadence,
    () => clock.t,
  );
  return { policy, clock };
}

describe('checkpoint policy', () => {
  it('is due once everyMs of time has passed since the last checkpoint, not before', () => {
    const { policy, clock } = policyAt({ everyMs: 500, everyChunks: undefined });
    expect(policy.due()).toBeUndefined();
    clock.t += 499;
    expect(policy.due()).toBeUndefined();
    expect(policy.msUntilDue()).toBe(1);
    clock.t += 1;
    expect(policy.due()).toBe('interval');
    expect(policy.msUntilDue()).toBe(0);
  });

  it('is due after everyChunks chunks however little time passed; chunks alone never without it', () => {
    const { policy } = policyAt({ everyMs: 60_000, everyChunks: 3 });
    policy.noteChunks();
    policy.noteChunks();
    expect(policy.due()).toBeUndefined();
    policy.noteChunks();
    expect(policy.due()).toBe('interval');

    const timeOnly = policyAt({ everyMs: 60_000, everyChunks: undefined }).policy;
    timeOnly.noteChunks(1000);
    expect(timeOnly.due()).toBeUndefined();
  });

  it('answers a request at once with its reason; the first request until written wins', () => {
    const { policy } = policyAt({ everyMs: 60_000, everyChunks: undefined });
    policy.request('page-hidden');
    policy.request('manual');
    expect(policy.requested).toBe('page-hidden');
    expect(policy.due()).toBe('page-hidden');
    expect(policy.msUntilDue()).toBe(0);
    expect(policy.sliceMs(200)).toBe(0);
    policy.written();
    expect(policy.requested).toBeUndefined();
    expect(policy.due()).toBeUndefined();
    policy.request('manual');
    expect(policy.due()).toBe('manual');
  });

  it('starts time and chunk count over when told a checkpoint was written', () => {
    const { policy, clock } = policyAt({ everyMs: 100, everyChunks: 2 });
    clock.t += 150;
    policy.noteChunks(5);
    expect(policy.due()).toBe('interval');
    policy.written();
    expect(policy.due()).toBeUndefined();
    expect(policy.msUntilDue()).toBe(100);
    policy.noteChunks();
    clock.t += 99;
    expect(policy.due()).toBeUndefined();
    policy.noteChunks();
    expect(policy.due()).toBe('interval');
  });

  it('gives a fold slice the time until the next checkpoint, within [min, max]', () => {
    const { policy, clock } = policyAt({ everyMs: 1000, everyChunks: undefined });
    expect(policy.sliceMs(200)).toBe(200);
    clock.t += 900;
    expect(policy.sliceMs(200)).toBe(100);
    clock.t += 97;
    expect(policy.sliceMs(200)).toBe(10);
    expect(policy.sliceMs(200, 2)).toBe(3);
    clock.t += 50;
    expect(policy.sliceMs(200, 0)).toBe(0);
  });

  it('takes the cadence from the settings, else the workflow, else the one default', () => {
    expect(checkpointCadence({}, undefined)).toEqual({
      everyMs: DEFAULT_CHECKPOINT_MS,
      everyChunks: undefined,
    });
    expect(checkpointCadence({}, { checkpointEveryMs: 250, checkpointEveryChunks: 4 })).toEqual({
      everyMs: 250,
      everyChunks: 4,
    });
    expect(
      checkpointCadence(
        { checkpointEveryMs: 0, checkpointEveryChunks: 2 },
        { checkpointEveryMs: 250, checkpointEveryChunks: 4 },
      ),
    ).toEqual({ everyMs: 0, everyChunks: 2 });
  });

  it('from the Checkpoint Manager: reads the settings at every question, so a change applies at once', () => {
    const manager = new CheckpointManager({} as Persistence);
    const settings: { checkpointEveryMs?: number } = {};
    const workflow = { checkpointEveryMs: 60_000 };
    const policy = manager.policy(settings, () => workflow);
    expect(policy.due()).toBeUndefined();
    settings.checkpointEveryMs = 0;
    expect(policy.due()).toBe('interval');
  });
});
