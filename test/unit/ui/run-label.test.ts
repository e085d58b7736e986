import { describe, expect, it } from 'vitest';
import { formatTime } from '../../../src/ui/format';
import { forkText } from '../../../src/ui/run-label';

describe('forkText', () => {
  const now = new Date(2026, 2, 12, 15, 0, 0).getTime();
  const source = {
    id: 'r1',
    input: { name: 'data.csv', size: 10, mode: 'opfs' as const },
    createdAt: new Date(2026, 2, 12, 14, 3, 22).getTime(),
  };

  it('names the source run, its start and the checkpoint', () => {
    const text = forkText({ runId: 'r1', seq: 4 }, [source], now);
    // The time as the row shows it elsewhere (formatTime has its own tests).
    expect(text).toBe(
      `fork of data.csv (started ${formatTime(source.createdAt, now)}), from checkpoint 4`,
    );
  });

  it('still says the checkpoint when the source was deleted', () => {
    expect(forkText({ runId: 'gone', seq: 2 }, [source], now)).toBe(
      'fork of a deleted run, from checkpoint 2',
    );
  });

  it('says nothing for a run that is not a fork', () => {
    expect(forkText(undefined, [source], now)).toBeUndefined();
  });
});
