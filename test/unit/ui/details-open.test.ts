import { describe, expect, it } from 'vitest';
import type { RunStatus } from '../../../src/app/types';
import {
  NEW_MEMO,
  isOpen,
  observeAll,
  toggle,
  type DetailsMemo,
} from '../../../src/ui/details-open';

type Memos = Readonly<Record<string, DetailsMemo>>;
const list = (runs: Record<string, RunStatus>) =>
  Object.entries(runs).map(([id, status]) => ({ id, status }));
/** The memos after seeing the list in each of `steps`, in order. */
const through = (steps: Record<string, RunStatus>[], memos: Memos = {}) =>
  steps.reduce((m, s) => observeAll(m, list(s)), memos);
const opened = (m: Memos) =>
  Object.keys(m)
    .filter((id) => isOpen(m[id]))
    .sort();

describe('Details open by default', () => {
  it('only for a run that is moving when it first appears', () => {
    expect(opened(through([{ a: 'running', b: 'importing' }]))).toEqual(['a', 'b']);
    const still = {
      c: 'queued',
      d: 'paused',
      e: 'interrupted',
      f: 'completed',
      g: 'failed',
      h: 'canceled',
      i: 'incompatible',
    } as const;
    expect(opened(through([still]))).toEqual([]);
  });

  it('opens when a queued or paused run starts running', () => {
    expect(opened(through([{ a: 'queued' }, { a: 'importing' }]))).toEqual(['a']);
    expect(opened(through([{ a: 'paused' }, { a: 'running' }]))).toEqual(['a']);
  });

  it('stays open when the watched run completes, fails, pauses or is canceled', () => {
    for (const end of ['completed', 'failed', 'paused', 'canceled'] as RunStatus[])
      expect(opened(through([{ a: 'queued' }, { a: 'running' }, { a: end }])), end).toEqual(['a']);
  });

  it('a finished run gives way to the next one that starts; a moving one never does', () => {
    const queue = through([
      { a: 'running', b: 'queued', c: 'queued' },
      { a: 'completed', b: 'queued', c: 'queued' },
      { a: 'completed', b: 'running', c: 'queued' },
    ]);
    expect(opened(queue)).toEqual(['b']);
    const both = through([{ a: 'completed', b: 'running', c: 'running' }], queue);
    expect(opened(both)).toEqual(['b', 'c']);
    // Fifty runs worked through one after another leave one open, the last.
    const steps: Record<string, RunStatus>[] = [];
    for (let i = 0; i < 50; i++) {
      const s: Record<string, RunStatus> = {};
      for (let j = 0; j < 50; j++)
        s[`r${j}`] = j < i ? 'completed' : j === i ? 'running' : 'queued';
      steps.push(s);
    }
    steps.push(Object.fromEntries(Object.keys(steps[0]).map((k) => [k, 'completed'])));
    expect(opened(through(steps))).toEqual(['r49']);
  });

  it("the user's toggle wins in both directions, whatever starts or finishes later", () => {
    let m = through([{ a: 'running', b: 'completed' }]);
    m = { ...m, a: toggle(m.a), b: toggle(m.b) };
    expect(opened(m)).toEqual(['b']);
    m = through([{ a: 'completed', b: 'completed', c: 'running' }], m);
    expect(opened(m)).toEqual(['b', 'c']);
    m = { ...m, b: toggle(m.b) };
    // a and b start running but stay closed as the user left them; c, finished, gives way.
    m = through([{ a: 'running', b: 'running', c: 'completed' }], m);
    expect(opened(m)).toEqual([]);
  });
});

describe('observeAll', () => {
  it('returns the same object when nothing changed (no reactive loop)', () => {
    const a = through([{ a: 'running', b: 'completed' }]);
    expect(observeAll(a, list({ a: 'importing', b: 'completed' }))).toBe(a);
    const done = observeAll(a, list({ a: 'completed', b: 'completed' }));
    expect(done).not.toBe(a);
    expect(observeAll(done, list({ a: 'completed', b: 'completed' }))).toBe(done);
  });

  it('drops runs that are gone and starts new ones fresh', () => {
    const m = through([{ a: 'running' }, { c: 'completed' }]);
    expect(Object.keys(m)).toEqual(['c']);
    expect(m.c).toEqual(NEW_MEMO);
  });
});
