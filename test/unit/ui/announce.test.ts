import { describe, expect, it } from 'vitest';
import type { RunStatus } from '../../../src/app/types';
import { nextAnnouncement, stateChanges } from '../../../src/ui/announce';

const r = (id: string, status: RunStatus, name = `${id}.bin`) => ({
  id,
  status,
  input: { name },
});

describe('stateChanges', () => {
  it('says nothing on the first look, nor for runs not seen before', () => {
    const first = stateChanges(undefined, [r('a', 'completed')]);
    expect(first.messages).toEqual([]);
    const next = stateChanges(first.seen, [r('a', 'completed'), r('b', 'failed')]);
    expect(next.messages).toEqual([]);
  });

  it('says Completed, Failed, Paused and Interrupted when a run goes there', () => {
    const before = stateChanges(undefined, [
      r('a', 'running', 'remote.bin'),
      r('b', 'running'),
      r('c', 'running'),
      r('d', 'running'),
    ]).seen;
    const now = stateChanges(before, [
      r('a', 'completed', 'remote.bin'),
      r('b', 'failed'),
      r('c', 'paused'),
      r('d', 'interrupted'),
    ]);
    expect(now.messages).toEqual([
      'remote.bin: Completed',
      'b.bin: Failed',
      'c.bin: Paused',
      'd.bin: Interrupted',
    ]);
  });

  it('says nothing for other states, nor for a state that did not change', () => {
    const before = stateChanges(undefined, [r('a', 'queued'), r('b', 'paused')]).seen;
    const now = stateChanges(before, [r('a', 'running'), r('b', 'paused')]);
    expect(now.messages).toEqual([]);
    expect(stateChanges(now.seen, [r('a', 'canceled')]).messages).toEqual([]);
  });

  it('forgets deleted runs', () => {
    const before = stateChanges(undefined, [r('a', 'running')]).seen;
    const gone = stateChanges(before, []);
    expect(stateChanges(gone.seen, [r('a', 'completed')]).messages).toEqual([]);
  });
});

describe('nextAnnouncement', () => {
  it('joins news that comes soon after the last, replaces older text', () => {
    expect(nextAnnouncement('', 0, 10, ['a: Completed'])).toBe('a: Completed');
    expect(nextAnnouncement('a: Completed', 0, 500, ['b: Failed'])).toBe('a: Completed. b: Failed');
    expect(nextAnnouncement('a: Completed', 0, 5000, ['b: Failed'])).toBe('b: Failed');
  });

  it('changes the text when the same words come again, so they are said again', () => {
    const again = nextAnnouncement('a: Paused', 0, 5000, ['a: Paused']);
    expect(again).not.toBe('a: Paused');
    expect(again.trim()).toBe('a: Paused');
  });
});
