/**
 * How the plain copier sizes its blocks (`import-phase.ts`): the setting's 64 MiB where the copy
 * is fast, but never much more than half a second of copying at the pace measured or throttled,
 * so that a stop or a record never waits long for the block under way. The reference is the
 * arithmetic of the rule itself, on ranges a fake copier is asked for.
 */
import { describe, expect, it } from 'vitest';
import { importInput, type ImportDeps } from '../../../src/engine/import-phase';
import { newRunRecord } from '../../../src/engine/new-run';
import type { RunRecord } from '../../../src/engine/records';

const MiB = 1024 * 1024;

function deps(ranges: Array<[number, number]>, over: Partial<ImportDeps>): ImportDeps {
  return {
    store: { updateRun: async (_id: string, f: (r: RunRecord) => void) => (f(run), run) },
    runner: {
      importRange: async (req: { start: number; end: number }) => {
        if (req.end > req.start) ranges.push([req.start, req.end]);
      },
    },
    bus: { emit: () => undefined },
    blockSize: 64 * MiB,
    due: () => undefined,
    recorded: () => undefined,
    deadlineFloorMs: 15_000,
    shouldStop: () => false,
    checkWrite: () => undefined,
    retry: async (fn: (a: { number: number }) => Promise<unknown>) => ({
      ok: true,
      value: await fn({ number: 1 }),
    }),
    copiedSize: async () => run.input.size,
    ...over,
  } as unknown as ImportDeps;
}

let run: RunRecord;
function runOf(size: number): RunRecord {
  const file = { size, name: 'f', lastModified: 0, type: '' } as unknown as Blob;
  run = newRunRecord({
    id: 'r',
    workflow: { id: 'w', version: 1 },
    params: {},
    file,
    fingerprint: {} as never,
    mode: 'opfs',
    chunkSize: MiB,
  });
  run.input.opfsPath = 'inputs/r';
  return run;
}

const covers = (ranges: Array<[number, number]>, size: number) => {
  let at = 0;
  for (const [a, b] of ranges) {
    expect(a).toBe(at);
    at = b;
  }
  expect(at).toBe(size);
};

describe('copy blocks', () => {
  it('a fast copy goes in blocks of the setting (64 MiB), the first one smaller', async () => {
    const ranges: Array<[number, number]> = [];
    const size = 400 * MiB;
    await importInput(deps(ranges, {}), runOf(size), new Blob([]));
    covers(ranges, size);
    // The first block is half a second at the assumed 50 MB/s; the fake copier is instant.
    expect(ranges[0][1]).toBe(25_000_000);
    expect(ranges.slice(1, -1).every(([a, b]) => b - a === 64 * MiB)).toBe(true);
  });

  it('a throttled copy goes in blocks of half a second at the throttle, never below 256 KiB', async () => {
    for (const throttle of [2_000_000, 100_000]) {
      const ranges: Array<[number, number]> = [];
      const size = 5 * MiB;
      await importInput(deps(ranges, { throttle }), runOf(size), new Blob([]));
      covers(ranges, size);
      const want = Math.max(256 * 1024, throttle / 2);
      expect(ranges.slice(0, -1).every(([a, b]) => b - a === want)).toBe(true);
    }
  });

  it('a smaller setting is kept as it is', async () => {
    const ranges: Array<[number, number]> = [];
    await importInput(deps(ranges, { blockSize: 1000 }), runOf(10_500), new Blob([]));
    covers(ranges, 10_500);
    expect(ranges.length).toBe(11);
  });
});
