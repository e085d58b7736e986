import { afterEach, describe, expect, it, vi } from 'vitest';
import { WaymarkError } from '../../../src/engine/errors';
import { backoffDelay, retry, type RetryClock } from '../../../src/engine/retry';

/** A clock whose sleeps only move its time forward, recording each wait. */
function fakeClock(random: () => number = () => 0.5) {
  const waits: number[] = [];
  let t = 0;
  const clock: RetryClock = {
    now: () => t,
    sleep: async (ms) => {
      waits.push(ms);
      t += ms;
    },
    random,
  };
  return { clock, waits, advance: (ms: number) => (t += ms) };
}

const flaky = () => new WaymarkError('worker-died');

describe('retry', () => {
  afterEach(() => vi.useRealTimers());

  it('tries maxAttempts times in all, numbering the attempts, then reports exhaustion', async () => {
    const { clock } = fakeClock();
    const numbers: number[] = [];
    const failures: [number, boolean][] = [];
    const r = await retry(
      async (a) => {
        numbers.push(a.number);
        throw flaky();
      },
      {
        maxAttempts: 4,
        backoffMs: 10,
        clock,
        onFailure: (_e, n, again) => failures.push([n, again]),
      },
    );
    expect(numbers).toEqual([1, 2, 3, 4]);
    expect(failures).toEqual([
      [1, true],
      [2, true],
      [3, true],
      [4, false],
    ]);
    expect(r).toMatchObject({ ok: false, why: 'exhausted', attempts: 4 });
    expect(!r.ok && r.error?.code).toBe('worker-died');
  });

  it('returns the value of the first attempt that succeeds', async () => {
    const { clock } = fakeClock();
    let calls = 0;
    const r = await retry(
      async () => {
        if (++calls < 3) throw flaky();
        return 'done';
      },
      { maxAttempts: 5, backoffMs: 10, clock },
    );
    expect(r).toEqual({ ok: true, value: 'done', attempts: 3 });
  });

  it('waits between ½ and 1½ of backoffMs·2^(n−1) after failure n, capped by maxBackoffMs', async () => {
    const lows = fakeClock(() => 0);
    await retry(
      async () => {
        throw flaky();
      },
      { maxAttempts: 5, backoffMs: 100, clock: lows.clock },
    );
    expect(lows.waits).toEqual([50, 100, 200, 400]);

    const highs = fakeClock(() => 1 - 2 ** -52);
    await retry(
      async () => {
        throw flaky();
      },
      { maxAttempts: 5, backoffMs: 100, maxBackoffMs: 500, clock: highs.clock },
    );
    expect(highs.waits.slice(0, 3).map((w) => Math.round(w))).toEqual(
      [150, 300, 600].map((w) => Math.min(w, 500)),
    );
    expect(highs.waits[3]).toBe(500);
    for (const [i, w] of highs.waits.entries()) expect(w).toBeLessThan(150 * 2 ** i);

    // With real randomness every wait stays in its band.
    for (let n = 1; n <= 6; n++)
      for (let k = 0; k < 200; k++) {
        const w = backoffDelay(n, { backoffMs: 8 });
        expect(w).toBeGreaterThanOrEqual(4 * 2 ** (n - 1));
        expect(w).toBeLessThan(12 * 2 ** (n - 1));
      }
  });

  it('does not retry an error whose code says retrying cannot help', async () => {
    const { clock, waits } = fakeClock();
    for (const code of [
      'quota-exceeded',
      'input-changed',
      'invalid-params',
      'lease-lost',
    ] as const) {
      let calls = 0;
      const r = await retry(
        async () => {
          calls++;
          throw new WaymarkError(code, { needed: '1 MiB' });
        },
        { maxAttempts: 3, backoffMs: 10, clock },
      );
      expect(calls).toBe(1);
      expect(r).toMatchObject({ ok: false, why: 'terminal', attempts: 1 });
    }
    // A thrown DOMException-like error is classified by the code it maps to.
    const quota = Object.assign(new Error('full'), { name: 'QuotaExceededError' });
    const r = await retry(
      async () => {
        throw quota;
      },
      { maxAttempts: 3, backoffMs: 10, clock },
    );
    expect(r).toMatchObject({ ok: false, why: 'terminal', attempts: 1 });
    expect(waits).toEqual([]);
  });

  it('starts no attempt and runs no wait past the deadline', async () => {
    const { clock, waits, advance } = fakeClock(() => 0);
    let calls = 0;
    const r = await retry(
      async () => {
        calls++;
        advance(30); // each attempt takes 30 ms
        throw flaky();
      },
      // Attempt 1 ends at 30, waits 50 → 80; attempt 2 ends at 110; the wait of 100 would end
      // at 210, past the deadline of 200.
      { maxAttempts: 10, backoffMs: 100, deadline: 200, clock },
    );
    expect(calls).toBe(2);
    expect(waits).toEqual([50]);
    expect(r).toMatchObject({ ok: false, why: 'deadline', attempts: 2 });
  });

  it('retries a bystander at once without counting an attempt', async () => {
    const { clock, waits } = fakeClock(() => 0);
    const numbers: number[] = [];
    let calls = 0;
    const r = await retry(
      async (a) => {
        numbers.push(a.number);
        calls++;
        if (calls <= 2) throw new WaymarkError('worker-died', { bystander: 1 });
        throw flaky();
      },
      {
        maxAttempts: 3,
        backoffMs: 10,
        clock,
        uncounted: (e) => e.code === 'worker-died' && !!e.details.bystander,
      },
    );
    expect(numbers).toEqual([1, 1, 1, 2, 3]);
    expect(waits).toEqual([5, 10]);
    expect(r).toMatchObject({ ok: false, why: 'exhausted', attempts: 3 });
  });

  it('counts afresh after an attempt that made durable progress', async () => {
    const { clock } = fakeClock();
    let calls = 0;
    const r = await retry(
      async (a) => {
        calls++;
        if (calls <= 4) a.progressed();
        throw flaky();
      },
      { maxAttempts: 2, backoffMs: 10, clock },
    );
    // Four attempts that progressed, each failure then the first of a fresh budget of two; the
    // fifth, with no progress, is the second failure of its budget.
    expect(calls).toBe(5);
    expect(r).toMatchObject({ ok: false, why: 'exhausted', attempts: 2 });
  });

  it('stops before an attempt or a wait when told to, with the last error', async () => {
    const { clock, waits } = fakeClock();
    let calls = 0;
    const never = await retry(
      async () => {
        calls++;
      },
      { maxAttempts: 3, backoffMs: 10, clock, stop: () => true },
    );
    expect(calls).toBe(0);
    expect(never).toEqual({ ok: false, why: 'stopped', error: undefined, attempts: 0 });

    let stop = false;
    const r = await retry(
      async () => {
        calls++;
        stop = true;
        throw flaky();
      },
      { maxAttempts: 3, backoffMs: 10, clock, stop: () => stop },
    );
    expect(calls).toBe(1);
    expect(waits).toEqual([]);
    expect(r).toMatchObject({ ok: false, why: 'stopped', attempts: 1 });
    expect(!r.ok && r.error?.code).toBe('worker-died');
  });

  it('really waits on the timers by default (fake timers)', async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    let calls = 0;
    const done = retry(
      async () => {
        if (++calls < 3) throw flaky();
        return calls;
      },
      { maxAttempts: 3, backoffMs: 1000 },
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toBe(2);
    await vi.advanceTimersByTimeAsync(1999);
    expect(calls).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    await expect(done).resolves.toEqual({ ok: true, value: 3, attempts: 3 });
    vi.restoreAllMocks();
  });
});
