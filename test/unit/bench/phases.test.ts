// The benchmark's phase split must read both engines: today's (queued → importing → running) and
// one that copies while it processes (no importing status; the record's `imported` grows while
// the run is running). The expected seconds are worked out by hand from the timelines below.
import { describe, expect, it } from 'vitest';
import { phases } from '../../../bench/phases.mjs';

const GiB = 1 << 30;
type Ev = { t: number; id: string; status: string; imported: number; size: number };
const ev = (t: number, status: string, imported: number, id = 'r1'): Ev => ({
  t,
  id,
  status,
  imported,
  size: GiB,
});

describe('bench phases', () => {
  it('splits a copy-first run into its Importing phase and the processing after it', () => {
    const p = phases({
      t0: 1000,
      ui: 31_000,
      events: [
        // an event of another run before the click is not this run's
        ev(500, 'running', GiB, 'old'),
        ev(1010, 'queued', 0),
        ev(1100, 'importing', 0),
        ev(8000, 'importing', GiB / 2),
        ev(14_600, 'importing', GiB),
        ev(14_650, 'running', GiB),
        ev(30_900, 'completed', GiB),
      ],
    });
    expect(p.id).toBe('r1');
    expect(p.total).toBeCloseTo(30, 9);
    expect(p.importing?.from).toBeCloseTo(0.1, 9);
    expect(p.importing?.to).toBeCloseTo(13.65, 9);
    expect(p.importing?.seconds).toBeCloseTo(13.55, 9);
    expect(p.copyDone).toBeCloseTo(13.6, 9);
    expect(p.firstRunning).toBeCloseTo(13.65, 9);
    expect(p.engineCompleted).toBeCloseTo(29.9, 9);
  });

  it('reads the end of an overlapped copy from the record when there is no Importing phase', () => {
    const p = phases({
      t0: 0,
      ui: 8000,
      events: [
        ev(20, 'queued', 0),
        ev(60, 'running', 0),
        ev(1000, 'running', GiB / 4),
        ev(2500, 'running', GiB),
        ev(7900, 'completed', GiB),
      ],
    });
    expect(p.importing).toBeUndefined();
    expect(p.copyDone).toBeCloseTo(2.5, 9);
    expect(p.firstRunning).toBeCloseTo(0.06, 9);
    expect(p.total).toBeCloseTo(8, 9);
  });

  it('counts every stretch of an Importing phase a pause cut in two, and not the pause', () => {
    const p = phases({
      t0: 0,
      ui: 20_000,
      events: [
        ev(100, 'importing', 0),
        ev(3000, 'paused', GiB / 8),
        ev(5000, 'importing', GiB / 8),
        ev(12_000, 'running', GiB),
        ev(19_000, 'completed', GiB),
      ],
    });
    expect(p.importing?.from).toBeCloseTo(0.1, 9);
    expect(p.importing?.to).toBeCloseTo(12, 9);
    expect(p.importing?.seconds).toBeCloseTo(2.9 + 7, 9);
  });
});
