/**
 * A workflow's own error codes: declared in its definition, unknown to the engine, and kept
 * (code, message, retryability) across a real comlink channel and through a run.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { expose, wrap } from 'comlink';
import { describe, expect, it } from 'vitest';
import '../../../src/engine/comlink-errors';
import {
  ERROR_MESSAGES,
  WaymarkError,
  defineWorkflow,
  isRetryable,
  toWaymarkError,
  workflowError,
} from '../../../src/engine';
import { SEARCH_ERRORS } from '../../../src/workflows/search/errors';
import { fileOf, newWorld, openTab, randomBytes, waitForRun } from '../helpers/engine-harness';

const TABLE = {
  'too-slow': { message: 'Chunk took longer than {detail}; make it simpler.', retryable: true },
  'bad-byte': { message: 'Byte {value} is not allowed here.', retryable: false },
} as const;

/** Counts map calls per chunk index, to see how often the engine tried each. */
const calls = new Map<number, number>();

const picky = defineWorkflow<{ forbidden: number }, number>({
  id: 'test-picky',
  version: 1,
  label: 'Picky (test)',
  params: { defaults: { forbidden: -1 } },
  errors: TABLE,
  steps: [
    {
      kind: 'map',
      id: 'scan',
      map(bytes: Uint8Array, ctx) {
        calls.set(ctx.index, (calls.get(ctx.index) ?? 0) + 1);
        const i = bytes.indexOf(ctx.params.forbidden);
        if (i >= 0) throw workflowError(TABLE, 'bad-byte', { value: ctx.params.forbidden });
        return bytes.length;
      },
      combine: (a: number, b: number) => a + b,
      empty: () => 0,
      finish: (n: number) => n,
      timeoutError: 'too-slow',
    },
  ],
});

describe('workflow error codes', () => {
  it('keep code, message and retryability across a comlink channel', async () => {
    const { port1, port2 } = new MessageChannel();
    expose(
      {
        fail: () => {
          throw workflowError(SEARCH_ERRORS, 'invalid-regex', { detail: 'unclosed group' });
        },
      },
      port1,
    );
    const remote = wrap<{ fail(): void }>(port2);
    const thrown = await remote.fail().then(
      () => undefined,
      (e: unknown) => e,
    );
    port2.close();
    expect(thrown).toBeInstanceOf(WaymarkError);
    const err = toWaymarkError(thrown);
    expect(err.code).toBe('invalid-regex');
    expect(err.message).toBe('The regular expression is not valid: unclosed group.');
    expect(err.retryable).toBe(false);
    expect(isRetryable(err)).toBe(false);
  });

  it('decide retrying by their own spec; engine codes by the engine', () => {
    expect(isRetryable(workflowError(TABLE, 'too-slow', { detail: '2 s' }))).toBe(true);
    expect(isRetryable(workflowError(TABLE, 'bad-byte', { value: 7 }))).toBe(false);
    expect(isRetryable(new WaymarkError('worker-died'))).toBe(true);
    expect(isRetryable(new WaymarkError('invalid-params', { detail: 'x' }))).toBe(false);
    // The plain form (IndexedDB, postMessage) keeps what makes it a workflow's error.
    const back = WaymarkError.fromJSON(
      JSON.parse(JSON.stringify(workflowError(TABLE, 'bad-byte', { value: 7 }))),
    );
    expect([back.code, back.message, isRetryable(back)]).toEqual([
      'bad-byte',
      'Byte 7 is not allowed here.',
      false,
    ]);
    // …and so does anything thrown or stored as that plain form.
    const plain = toWaymarkError(JSON.parse(JSON.stringify(workflowError(TABLE, 'too-slow', {}))));
    expect([plain.code, plain.retryable]).toEqual(['too-slow', true]);
  });

  it('are not the engine’s: its table and its code name none of them', () => {
    for (const code of Object.keys(SEARCH_ERRORS)) expect(ERROR_MESSAGES).not.toHaveProperty(code);
    const dir = new URL('../../../src/engine/', import.meta.url);
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      const src = readFileSync(new URL(f, dir), 'utf8');
      for (const code of Object.keys(SEARCH_ERRORS)) expect(src, f).not.toContain(`'${code}'`);
    }
    // Objects that merely look like errors (Node's system errors) are not taken for ours.
    const sys = Object.assign(new Error('no such file'), { code: 'ENOENT' });
    expect(toWaymarkError(sys).code).toBe('internal');
  });

  it('are checked when the workflow is defined', () => {
    const base = { ...picky, params: { defaults: { forbidden: -1 } } };
    expect(() => defineWorkflow({ ...base, errors: {} })).toThrow(/does not declare/);
    expect(() =>
      defineWorkflow({
        ...base,
        errors: { ...TABLE, 'invalid-params': { message: 'x', retryable: false } },
      }),
    ).toThrow(/engine's own/);
    expect(() =>
      defineWorkflow({
        ...base,
        errors: { ...TABLE, Bad_Code: { message: 'x', retryable: false } },
      }),
    ).toThrow(/kebab-case/);
  });

  it('a chunk past its deadline fails the run with the declared timeout code, after retries', async () => {
    const world = newWorld([picky]);
    const tab = await openTab(world, {
      workers: 1,
      settings: { chunkSize: 100, deadlineFloorMs: 40, backoffMs: 1, maxAttempts: 2 },
      debug: { faults: [{ kind: 'hang', chunk: 1, workflowId: 'test-picky', times: 99 }] },
    });
    const id = await tab.engine.start('test-picky', fileOf(randomBytes(300, 3)), {});
    const run = await waitForRun(tab, id, (r) => r.status === 'failed');
    expect(run.error?.code).toBe('too-slow');
    expect(run.message).toMatch(/^Chunk took longer than .+; make it simpler\.$/);
    await tab.close();
  });

  it('a declared non-retryable code stops the run after one attempt, in its own words', async () => {
    calls.clear();
    const world = newWorld([picky]);
    const tab = await openTab(world, {
      workers: 1,
      settings: { chunkSize: 100, backoffMs: 1, maxAttempts: 4 },
    });
    const bytes = randomBytes(300, 4);
    const id = await tab.engine.start('test-picky', fileOf(bytes), { forbidden: bytes[150] });
    const run = await waitForRun(
      tab,
      id,
      (r) => r.status !== 'running' && r.status !== 'queued' && r.status !== 'importing',
    );
    expect(run.error?.code).toBe('bad-byte');
    expect(run.message).toBe(`Byte ${bytes[150]} is not allowed here.`);
    expect(calls.get(1)).toBe(1);
    await tab.close();
  });
});
