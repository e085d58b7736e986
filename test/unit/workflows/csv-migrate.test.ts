/**
 * CSV profile version 1 → 2: a version-1 fold snapshot (version 2's shape without the quote,
 * the buffered start's bytes and the parser's record size and start offsets — the fields
 * version 2 added) taken anywhere in a file, migrated through the engine's
 * migrateCheckpointState, loaded and continued, gives the uninterrupted result.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { WaymarkError } from '../../../src/engine/errors';
import { migrateCheckpointState } from '../../../src/engine/state-migration';
import type { FoldStep } from '../../../src/engine/workflow';
import {
  type CsvParams,
  type CsvProfileResult,
  FIELD_LIMIT,
  csvProfileWorkflow,
} from '../../../src/workflows';
import type { CsvSnapshotV1 } from '../../../src/workflows/csv/migrate';
import type { CsvSnapshot } from '../../../src/workflows/csv/profile';
import { checkAgainstPython } from './support/csv-check';
import { csvFixture } from './support/csv-fixtures';
import { MiB, concatBytes, tempDir, utf8 } from './support/fixtures';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const step = csvProfileWorkflow.steps[0] as FoldStep<
  CsvParams,
  unknown,
  CsvProfileResult,
  CsvSnapshot
>;
const params = { delimiter: 'auto' } as CsvParams; // as version 1 stored it: no quote
const ctxOf = (bytes: Uint8Array) => ({
  params,
  runId: 'r',
  outputs: {},
  input: { size: bytes.length, read: async (a: number, b: number) => bytes.slice(a, b) },
  output: undefined as never,
});

async function feed(state: unknown, bytes: Uint8Array, from: number, to: number, piece = 3000) {
  const ctx = ctxOf(bytes);
  for (let at = from; at < to; at += piece)
    state = await step.update(state, bytes.slice(at, Math.min(to, at + piece)), {
      ...ctx,
      offset: at,
    });
  return state;
}

/** The version-1 snapshot of a version-2 state: the fields version 2 added, taken away. */
function asV1(snap: CsvSnapshot): CsvSnapshotV1 {
  const { quote: _q, pendingBytes: _b, pendingLength: _l, parser, ...rest } = snap;
  const { recordChars: _c, fieldStart: _f, recordStart: _r, ...p } = parser;
  return structuredClone({ ...rest, parser: p });
}

function migrate(snap: CsvSnapshotV1, offset: number): CsvSnapshot {
  const out = migrateCheckpointState(
    {
      workflowVersion: 1,
      stepIndex: 0,
      stepId: 'profile',
      bytesDone: offset,
      state: { kind: 'fold', offset, snap },
      outputs: {},
      stats: {} as never,
    },
    csvProfileWorkflow,
  );
  if ('error' in out) throw out.error;
  if (out.state.kind !== 'fold') throw new Error('not a fold state');
  return out.state.snap as CsvSnapshot;
}

describe('CSV profile version 1 state', () => {
  const bytes = csvFixture({ seed: 9, rows: 3000, bom: true, boundaries: [1000, 70_000] });

  it('continues from anywhere: the buffered start, inside a quoted field, between records', async () => {
    const ctx = ctxOf(bytes);
    const whole = await step.finish(
      await feed(await step.init(params, ctx), bytes, 0, bytes.length),
      ctx,
    );
    checkAgainstPython(tmp.write('v1.csv', bytes), whole);
    // 1000 and 70,000 fall inside quoted fields (the fixture's boundary rows); 2 is in the BOM.
    for (const cut of [2, 1000, 30_001, 70_000, 100_000, bytes.length]) {
      const before = await feed(await step.init(params, ctx), bytes, 0, cut, 777);
      const v1 = asV1(await step.save!(before));
      const state = await step.load!(migrate(v1, cut), params);
      const after = await feed(state, bytes, cut, bytes.length);
      expect(await step.finish(after, ctx), `cut at ${cut}`).toEqual(whole);
    }
  });

  it('a field over the limit after migration says its start is unknown', async () => {
    const file = concatBytes([utf8('a,b\n1,"stray\n'), utf8('x,y\n'.repeat(MiB / 2))]);
    const ctx = ctxOf(file);
    const before = await feed(await step.init(params, ctx), file, 0, 100_000);
    const state = await step.load!(migrate(asV1(await step.save!(before)), 100_000), params);
    const e = await feed(state, file, 100_000, file.length).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WaymarkError);
    expect((e as WaymarkError).code).toBe('csv-field-too-large');
    expect((e as WaymarkError).message).toContain('an unknown byte');
    expect((e as WaymarkError).message).toContain('row 1');
  });

  it('a field that began in the buffered file start is located exactly after migration', async () => {
    const file = concatBytes([utf8('a,b\n1,"stray\n'), utf8('x,y\n'.repeat(MiB / 2))]);
    const ctx = ctxOf(file);
    // Still buffering the file start (the delimiter is not guessed yet) at byte 1000.
    const before = await feed(await step.init(params, ctx), file, 0, 1000);
    const state = await step.load!(migrate(asV1(await step.save!(before)), 1000), params);
    const e = await feed(state, file, 1000, file.length).catch((x: unknown) => x);
    expect((e as WaymarkError).details).toMatchObject({ offset: '6', row: 'row 1' });
  });

  it('a record migrated halfway still counts its earlier fields against the record limit', async () => {
    const x = 'x'.repeat(FIELD_LIMIT);
    const file = utf8('a,b\n' + Array.from({ length: 17 }, () => x).join(','));
    const ctx = ctxOf(file);
    const cut = 4 + 10 * (FIELD_LIMIT + 1) + 5;
    const before = await feed(await step.init(params, ctx), file, 0, cut, MiB);
    const state = await step.load!(migrate(asV1(await step.save!(before)), cut), params);
    const e = await feed(state, file, cut, file.length, MiB).catch((x: unknown) => x);
    expect((e as WaymarkError).code).toBe('csv-record-too-large');
  });

  it('passes a finished result through and refuses what it does not know', () => {
    const m = csvProfileWorkflow.migrateState!;
    const result = { rows: 1, delimiter: ',', raggedRows: 0, firstRaggedRow: null, columns: [] };
    expect(m(1, 'profile', result)).toBe(result);
    expect(m(1, 'profile', { something: 'else' })).toBeUndefined();
    expect(m(1, 'other', result)).toBeUndefined();
  });
});
