/**
 * Search versions 1 and 2 → 3 (lines as objects → lines in columns → with the pieces of line
 * that go on past a partial): `migrateState` on real version-1 and version-2 partials and
 * results, and runs written by versions 1 and 2 and finished by version 3 on the engine, from a
 * checkpoint inside the map step and from chunk results with no map checkpoint yet. The texts
 * have lines longer than a chunk with matches all along them: versions 1 and 2 counted a
 * partial's last line to its end, so version 3 must not count its rest again.
 */
import { describe, expect, it } from 'vitest';
import { migrateCheckpointState } from '../../../src/engine/state-migration';
import type { CheckpointRecord } from '../../../src/engine/records';
import { MAX_LINE_TEXT, searchWorkflow } from '../../../src/workflows';
import {
  type SearchPartialV1,
  type SearchPartialV2,
  isSearchPartialV1,
  isSearchPartialV2,
} from '../../../src/workflows/search/migrate';
import type { SearchParams } from '../../../src/workflows/search/params';
import { type SearchPartial, finishSearch } from '../../../src/workflows/search/partial';
import { driveWorkflow } from '../helpers/drive';
import { fileOf, newWorld, openTab, waitForRun } from '../helpers/engine-harness';
import { combineV1, finishV1, searchWorkflowV1, stepV1 } from './support/search-v1';
import { combineV2, emptyV2, finishV2, searchWorkflowV2 } from './support/search-v2';
import { utf8 } from './support/fixtures';

/** The input as a step reads it. */
const readerOf = (bytes: Uint8Array) => ({
  size: bytes.length,
  read: async (a: number, b: number) => bytes.slice(a, Math.min(b, bytes.length)),
});

const migrate = (from: number, stepId: string, state: unknown) => {
  if (!searchWorkflow.migrateState) throw new Error('Search has no migrateState');
  return searchWorkflow.migrateState(from, stepId, state);
};

/**
 * A log where every third line matches, with lines longer than a chunk (cut texts) here and
 * there, matching all along.
 */
function logText(lines: number): Uint8Array {
  const out: string[] = [];
  for (let i = 0; i < lines; i++)
    out.push(
      i % 3 === 0
        ? `error ${i} ${i % 50 === 0 ? 'é error '.repeat(MAX_LINE_TEXT / 4) : 'disk full'}`
        : `ok ${i}`,
    );
  return utf8(out.join('\n'));
}

/** A chunk's context, for a step's `map` called directly. */
function chunkCtx(bytes: Uint8Array, params: SearchParams, start: number, chunkSize: number) {
  return {
    params,
    runId: 'r',
    outputs: {},
    input: { size: bytes.length, read: async (a: number, b: number) => bytes.slice(a, b) },
    output: undefined as never,
    index: start / chunkSize,
    start,
    end: Math.min(bytes.length, start + chunkSize),
    chunkCount: Math.ceil(bytes.length / chunkSize),
  };
}

/** Chunk partials written by Search version 1, and their combination by version 1. */
async function v1Partials(
  bytes: Uint8Array,
  lineCap: number,
  chunkSize: number,
): Promise<{ chunks: SearchPartialV1[]; combined: SearchPartialV1 }> {
  const step = stepV1;
  const params = { ...searchWorkflowV1.params.defaults, pattern: 'error', lineCap };
  const chunks: SearchPartialV1[] = [];
  for (let start = 0; start < bytes.length; start += chunkSize) {
    const ctx = chunkCtx(bytes, params, start, chunkSize);
    // As read back from IndexedDB.
    chunks.push(structuredClone(await step.map(bytes.slice(start, ctx.end), ctx)));
  }
  const combined = chunks.reduce<SearchPartialV1>(
    (a, b) => combineV1(a, b, lineCap),
    step.empty(params),
  );
  return { chunks, combined };
}

/** The combined partial of Search version 2 over the first `chunks` chunks. */
async function v2Prefix(
  bytes: Uint8Array,
  lineCap: number,
  chunkSize: number,
  chunks: number,
): Promise<SearchPartialV2> {
  const step = searchWorkflowV2.steps[0];
  if (step.kind !== 'map') throw new Error('not a map step');
  const params = { ...searchWorkflowV2.params.defaults, pattern: 'error', lineCap };
  let combined = emptyV2();
  for (let i = 0; i < chunks; i++) {
    const ctx = chunkCtx(bytes, params, i * chunkSize, chunkSize);
    const p = structuredClone(await step.map(bytes.slice(ctx.start, ctx.end), ctx));
    combined = combineV2(combined, p as SearchPartialV2, lineCap);
  }
  return combined;
}

/** Version 3 from `prefix` (migrated) over the chunks after its first `chunks`. */
async function finishFrom(
  prefix: SearchPartial,
  bytes: Uint8Array,
  lineCap: number,
  chunkSize: number,
  chunks: number,
) {
  const step = searchWorkflow.steps[0];
  if (step.kind !== 'map') throw new Error('not a map step');
  const params = { ...searchWorkflow.params.defaults, pattern: 'error', lineCap };
  let combined = prefix;
  for (let start = chunks * chunkSize; start < bytes.length; start += chunkSize) {
    const ctx = chunkCtx(bytes, params, start, chunkSize);
    const p = structuredClone(await step.map(bytes.slice(start, ctx.end), ctx));
    combined = step.combine(combined, p as SearchPartial, params) as SearchPartial;
  }
  return finishSearch(combined, readerOf(bytes), lineCap);
}

describe('Search migrateState (version 1 → 3)', () => {
  it('turns a version-1 partial into columns that finish to the same result', async () => {
    const bytes = logText(600);
    const { combined } = await v1Partials(bytes, 150, 1000);
    expect(isSearchPartialV1(combined)).toBe(true);
    expect(combined.lines.some((l) => l.textTruncated)).toBe(true);
    const next = migrate(1, 'search', structuredClone(combined)) as SearchPartial;
    expect(next.lines.lineNo).toBeInstanceOf(Float64Array);
    expect(isSearchPartialV1(next)).toBe(false);
    // Through a checkpoint and back, as the engine stores it.
    expect(await finishSearch(structuredClone(next), readerOf(bytes), 150)).toEqual(
      finishV1(combined),
    );
    const direct = await driveWorkflow(
      searchWorkflow,
      bytes,
      { pattern: 'error', lineCap: 150 },
      {
        chunkSize: 1000,
      },
    );
    expect(await finishSearch(next, readerOf(bytes), 150)).toEqual(direct.result);
  });

  it('migrates the partial of a map checkpoint, as the engine applies it', async () => {
    const bytes = logText(300);
    const { combined } = await v1Partials(bytes, 1000, 700);
    const cp: Pick<
      CheckpointRecord,
      'workflowVersion' | 'stepIndex' | 'stepId' | 'bytesDone' | 'state' | 'outputs' | 'stats'
    > = {
      workflowVersion: 1,
      stepIndex: 0,
      stepId: 'search',
      bytesDone: 2100,
      state: { kind: 'map', prefix: 3, partial: combined, doneBeyond: [5, 6] },
      outputs: {},
      stats: { processedBytes: 2100, workMs: 5 },
    };
    const out = migrateCheckpointState(cp, searchWorkflow);
    if ('error' in out) throw out.error;
    if (out.state.kind !== 'map') throw new Error('not a map state');
    expect(out.state.doneBeyond).toEqual([]);
    expect(await finishSearch(out.state.partial as SearchPartial, readerOf(bytes), 1000)).toEqual(
      finishV1(combined),
    );
  });

  it('passes the finished step output through and refuses what it does not know', async () => {
    const { combined } = await v1Partials(logText(90), 10, 500);
    const result = finishV1(combined);
    expect(migrate(1, 'search', result)).toBe(result);
    expect(migrate(2, 'search', combined)).toBeUndefined();
    expect(migrate(3, 'search', combined)).toBeUndefined();
    expect(migrate(1, 'other', combined)).toBeUndefined();
    expect(migrate(1, 'search', { lines: [] })).toBeUndefined();
    expect(migrate(1, 'search', { ...combined, lines: [{ line: 1 }] })).toBeUndefined();
    expect(migrate(1, 'search', null)).toBeUndefined();
  });
});

describe('Search migrateState (version 2 → 3)', () => {
  const bytes = logText(400);
  const direct = (lineCap: number) =>
    driveWorkflow(searchWorkflow, bytes, { pattern: 'error', lineCap }, { chunkSize: 700 });

  it('goes on from a version-2 prefix ending inside a long line, counting its rest once', async () => {
    // Every cut, so that prefixes end inside the long lines too.
    for (let chunks = 1; chunks * 700 < bytes.length; chunks += 3) {
      for (const lineCap of [5, 1000]) {
        const prefix = await v2Prefix(bytes, lineCap, 700, chunks);
        expect(isSearchPartialV2(prefix)).toBe(true);
        const next = migrate(2, 'search', structuredClone(prefix)) as SearchPartial;
        expect(isSearchPartialV2(next)).toBe(false);
        expect(
          await finishFrom(structuredClone(next), bytes, lineCap, 700, chunks),
          `prefix of ${chunks} chunks, cap ${lineCap}`,
        ).toEqual((await direct(lineCap)).result);
      }
    }
  });

  it('passes a finished result through and refuses other shapes', async () => {
    const prefix = await v2Prefix(bytes, 10, 700, 3);
    const result = await finishV2(prefix, readerOf(bytes));
    expect(migrate(2, 'search', result)).toBe(result);
    expect(migrate(1, 'search', prefix)).toBeUndefined();
    const v3 = migrate(2, 'search', prefix);
    expect(migrate(2, 'search', v3)).toBeUndefined();
    expect(migrate(2, 'search', { ...prefix, lines: { lineNo: [1], offset: [] } })).toBeUndefined();
  });
});

describe.each([
  [1, searchWorkflowV1, isSearchPartialV1],
  [2, searchWorkflowV2, isSearchPartialV2],
] as const)('Search runs written by version %i, finished by version 3', (version, older, isOld) => {
  const params = { pattern: 'error', regex: false, ignoreCase: false, lineCap: 300 };
  const bytes = logText(1500);
  const expected = async () =>
    (await driveWorkflow(searchWorkflow, bytes, params, { chunkSize: 1000 })).result;

  it('goes on from an older map checkpoint', async () => {
    const world = newWorld([older]);
    let tab = await openTab(world, {
      settings: { chunkSize: 1000, checkpointEveryMs: 1 },
      debug: { throttleBytesPerSec: 100_000 },
    });
    const id = await tab.engine.start('search', fileOf(bytes, 'log.txt'), params);
    await waitForRun(tab, id, (r) => r.status === 'running' && r.lastSeq >= 3);
    await tab.engine.pause(id);
    const old = await tab.engine.checkpoints.latest(id);
    if (old?.state.kind !== 'map') throw new Error(`not a map checkpoint: ${old?.state.kind}`);
    expect(isOld(old.state.partial)).toBe(true);
    expect(old.workflowVersion).toBe(version);
    await tab.close();

    world.registry.register(searchWorkflow);
    tab = await openTab(world, { settings: { chunkSize: 1000 } });
    await tab.engine.resume(id);
    const run = await waitForRun(tab, id, (r) => !['queued', 'running'].includes(r.status));
    expect(run.status, run.message).toBe('completed');
    expect(run.workflowVersion).toBe(3);
    expect(run.result).toEqual(await expected());
    const migrated = (await tab.engine.checkpoints.list(id)).find((c) => c.reason === 'migrated');
    expect(migrated?.state.kind).toBe('map');
    if (migrated?.state.kind === 'map')
      expect((migrated.state.partial as SearchPartial).lines.lineNo).toBeInstanceOf(Float64Array);
    await tab.close();
  });

  it('searches again the chunks an older page committed before its first map checkpoint', async () => {
    const world = newWorld([older]);
    let tab = await openTab(world, {
      settings: { chunkSize: 1000, checkpointEveryMs: 600_000 },
      debug: { throttleBytesPerSec: 100_000 },
    });
    const id = await tab.engine.start('search', fileOf(bytes, 'log.txt'), params);
    for (let t0 = Date.now(); ;) {
      const done = (await tab.store.ledger.list(id, 0)).filter((c) => c.status === 'done');
      if (done.length >= 5) {
        expect(done.every((c) => isOld(c.result))).toBe(true);
        break;
      }
      if (Date.now() - t0 > 20_000) throw new Error('no chunk results');
      await new Promise((res) => setTimeout(res, 5));
    }
    tab.crash();

    world.registry.register(searchWorkflow);
    tab = await openTab(world, { settings: { chunkSize: 1000 } });
    expect((await tab.engine.checkpoints.latest(id))?.state.kind ?? 'none').not.toBe('map');
    const ledger = await tab.store.ledger.list(id, 0);
    expect(ledger.filter((c) => isOld(c.result)).length).toBeGreaterThanOrEqual(5);
    await tab.engine.recover();
    const run = await waitForRun(tab, id, (r) => !['queued', 'running'].includes(r.status));
    expect(run.status, run.message).toBe('completed');
    expect(run.workflowVersion).toBe(3);
    expect(run.result).toEqual(await expected());
    await tab.close();
  });
});
