import { describe, expect, it } from 'vitest';
import type { RunStatus } from '../../../src/app/types';
import {
  NEW_MEMO,
  isOpen,
  observe,
  observeAll,
  toggle,
  type DetailsMemo,
} from '../../../src/ui/details-open';

/** The memo after seeing the run pass through `statuses`, in order. */
const through = (statuses: RunStatus[], memo: DetailsMemo = NEW_MEMO) =>
  statuses.reduce(observe, memo);

describe('Details open by default', () => {
  it('only for a run that is moving when it first appears', () => {
    expect(isOpen(through(['running']))).toBe(true);
    expect(isOpen(through(['importing']))).toBe(true);
    for (const s of [
      'queued',
      'paused',
      'interrupted',
      'completed',
      'failed',
      'canceled',
      'incompatible',
    ] as RunStatus[])
      expect(isOpen(through([s])), s).toBe(false);
  });

  it('opens when a queued or paused run starts running', () => {
    expect(isOpen(through(['queued', 'importing']))).toBe(true);
    expect(isOpen(through(['paused', 'running']))).toBe(true);
  });

  it('stays open when the watched run completes, fails or pauses', () => {
    for (const end of ['completed', 'failed', 'paused', 'canceled'] as RunStatus[])
      expect(isOpen(through(['queued', 'running', end])), end).toBe(true);
  });

  it("the user's toggle wins in both directions, also when the run starts running later", () => {
    const closedByUser = toggle(through(['running']));
    expect(isOpen(closedByUser)).toBe(false);
    expect(isOpen(through(['running', 'completed'], closedByUser))).toBe(false);

    const openedByUser = toggle(through(['completed']));
    expect(isOpen(openedByUser)).toBe(true);
    expect(isOpen(toggle(openedByUser))).toBe(false);

    const closedWhileQueued = toggle(toggle(through(['queued'])));
    expect(isOpen(through(['running'], closedWhileQueued))).toBe(false);
  });
});

describe('observeAll', () => {
  const runs = (...pairs: [string, RunStatus][]) => pairs.map(([id, status]) => ({ id, status }));

  it('returns the same object when nothing changed (no reactive loop)', () => {
    const a = observeAll({}, runs(['a', 'running'], ['b', 'completed']));
    expect(observeAll(a, runs(['a', 'completed'], ['b', 'completed']))).toBe(a);
  });

  it('keeps each run apart and drops runs that are gone', () => {
    let m = observeAll({}, runs(['a', 'running'], ['b', 'queued']));
    m = { ...m, b: toggle(m.b) };
    m = observeAll(m, runs(['a', 'completed'], ['b', 'running'], ['c', 'completed']));
    expect(isOpen(m.a)).toBe(true);
    expect(isOpen(m.b)).toBe(true); // opened by the user while queued
    expect(isOpen(m.c)).toBe(false);
    m = observeAll(m, runs(['c', 'completed']));
    expect(Object.keys(m)).toEqual(['c']);
  });
});
