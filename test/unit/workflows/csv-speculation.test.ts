/**
 * Chunks that begin inside quotes. Quoted line breaks, doubled quotes and quoted empty fields
 * are put at every offset around a chunk boundary; every chunk guesses its start, and the
 * profile must be Python's. A quoted field full of lines that look like records fools the guess:
 * the chunk is refused at combine and redone from its exact start (asserted), in the test driver
 * and through the engine, and the result stays exact.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { defineWorkflow, type MapStep } from '../../../src/engine/workflow';
import type { CsvParams, CsvProfileResult } from '../../../src/workflows';
import { csvProfileWorkflow } from '../../../src/workflows';
import type { CsvPartial } from '../../../src/workflows/csv/profile';
import { driveWorkflow } from '../helpers/drive';
import { fileOf, newWorld, openTab, waitForRun } from '../helpers/engine-harness';
import { checkAgainstPython } from './support/csv-check';
import { KiB, tempDir, utf8 } from './support/fixtures';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const B = KiB;
const TOKENS = ['"q\nr"', '"q\r\nr"', '"q""r"', '""', '"\n"', '""""', '"a,b"'];

/** A file whose `token` (column b) begins `delta` bytes after the chunk boundary B. */
function tokenAt(token: string, delta: number): Uint8Array {
  let text = 'a,b,c\r\n';
  let i = 0;
  while (text.length < B - 40) text += `${i++},x${i % 7},y\r\n`;
  const filler = `${i++},p`;
  const lead = `${i++},`;
  const pad = B + delta - text.length - filler.length - ',z\r\n'.length - lead.length;
  text += `${filler}${'p'.repeat(pad)},z\r\n${lead}${token},z\r\n`;
  while (text.length < 3 * B) text += `${i++},"w\n${i % 5}",v\r\n`;
  const bytes = utf8(text);
  expect(text.indexOf(lead + token) + lead.length, `${token} at ${delta}`).toBe(B + delta);
  return bytes;
}

describe('quotes at chunk boundaries', () => {
  it.each(TOKENS.map((t) => [JSON.stringify(t), t]))(
    '%s at every offset around the boundary',
    async (_, token) => {
      for (let delta = -5; delta <= 5; delta++) {
        const bytes = tokenAt(token, delta);
        const path = tmp.write(`token-${delta}.csv`, bytes);
        const whole = await driveWorkflow(csvProfileWorkflow, bytes, {}, { chunkSize: 4 * B });
        checkAgainstPython(path, whole.result, '"', `${token} at ${delta}`);
        for (const chunkSize of [B, B / 2, B + 3]) {
          const out = await driveWorkflow(csvProfileWorkflow, bytes, {}, { chunkSize });
          expect(out.result, `${token} at ${delta}, chunks of ${chunkSize}`).toEqual(whole.result);
        }
      }
    },
  );
});

/** A quoted note holding lines that parse as clean 3-field records: a guessed start is fooled. */
function fooling(): { bytes: Uint8Array; inside: number } {
  let text = 'id,name,note\n';
  let i = 0;
  while (text.length < 3 * B) text += `${i++},n${i % 9},"plain ${i}"\n`;
  const fake = Array.from({ length: 40 }, (_, k) => `${k},fake,x${k}`).join('\n');
  text += `${i++},fooled,"${fake}"\n`;
  const inside = text.indexOf('fake') + 200;
  while (text.length < 8 * B) text += `${i++},after ${i % 11},"a ""q"" ${i}"\n`;
  return { bytes: utf8(text), inside };
}

describe('a chunk guessed wrong', () => {
  const { bytes, inside } = fooling();
  const path = tmp.write('fooling.csv', bytes);
  // The boundary falls among the fake records, far enough from the field's end that 8 of them
  // follow the first line break after it.
  const chunkSize = inside;

  it('is refused and redone from its exact start; the result is exact (driver)', async () => {
    const out = await driveWorkflow(csvProfileWorkflow, bytes, {}, { chunkSize });
    expect(out.redone, 'the chunk inside the fake records was redone').toContain(1);
    checkAgainstPython(path, out.result, '"', 'fooling');
  });

  it('is refused and redone through the engine, on 1 and 2 workers', async () => {
    for (const workers of [1, 2]) {
      const calls = new Map<number, number>();
      const base = csvProfileWorkflow.steps[0] as MapStep<CsvParams, CsvPartial, CsvProfileResult>;
      const counted = defineWorkflow<CsvParams, CsvProfileResult>({
        ...csvProfileWorkflow,
        id: 'csv-profile-counted',
        params: { ...csvProfileWorkflow.params, fields: [] },
        steps: [
          {
            ...base,
            map: (b, ctx) => {
              calls.set(ctx.index, (calls.get(ctx.index) ?? 0) + 1);
              return base.map(b, ctx);
            },
          },
        ],
      });
      const world = newWorld([counted]);
      const tab = await openTab(world, { workers, settings: { chunkSize } });
      const id = await tab.engine.start('csv-profile-counted', fileOf(bytes, 'f.csv'), {});
      const run = await waitForRun(
        tab,
        id,
        (x) => x.status === 'completed' || x.status === 'failed',
      );
      expect(run.status, run.message ?? '').toBe('completed');
      checkAgainstPython(path, run.result as CsvProfileResult, '"', `fooling, ${workers} workers`);
      // Chunk 1 may have been dispatched after chunk 0 was combined (then its hint is exact and
      // it is mapped once); with both dispatched at once, it guessed, was refused and redone.
      const c1 = calls.get(1) ?? 0;
      expect(c1, `chunk 1 on ${workers} workers`).toBeGreaterThanOrEqual(1);
      if (workers === 2) expect(c1, 'chunk 1 redone').toBe(2);
      await tab.close();
    }
  });
});
