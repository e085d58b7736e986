/**
 * "Run again" with changed options and no file (Search's "Load more"): the new run reads the
 * old run's kept input copy (sharing it, copying nothing) or the file the page still holds,
 * and says input-missing when neither is left. Lines are checked against a naive search of
 * the bytes here, not against the engine.
 */
import { describe, expect, it } from 'vitest';
import { WaymarkError } from '../../../src/engine';
import { searchWorkflow } from '../../../src/workflows/search/workflow';
import { fileOf, newWorld, openTab, waitForRun } from '../helpers/engine-harness';

const completed = (r: { status: string }) => r.status === 'completed';

/** 400 lines, every third one with "error" in it. */
function logBytes(): Uint8Array {
  const lines = Array.from({ length: 400 }, (_, i) =>
    i % 3 === 0 ? `${i} an error at ${i * 7}` : `${i} fine ${'x'.repeat(i % 11)}`,
  );
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

/** `grep -n error`, naively: 1-based numbers of the lines holding the pattern. */
function grepN(bytes: Uint8Array, pattern: string): number[] {
  return new TextDecoder()
    .decode(bytes)
    .split('\n')
    .slice(0, -1)
    .flatMap((l, i) => (l.includes(pattern) ? [i + 1] : []));
}

const params = { pattern: 'error', regex: false, ignoreCase: false, lineCap: 20 };
const base = { chunkSize: 1000, checkpointEveryMs: 1 };

type Lines = { lines: { line: number }[]; matchingLines: number };

describe('run again with changed options', () => {
  it('reads the kept copy: the same input, a higher cap, nothing copied again', async () => {
    const world = newWorld([searchWorkflow]);
    const tab = await openTab(world, { settings: { ...base, keepInputCopies: true } });
    const bytes = logBytes();
    const want = grepN(bytes, 'error');
    const a = await waitForRun(
      tab,
      await tab.engine.start('search', fileOf(bytes, 'log.txt'), params),
      completed,
    );
    expect((a.result as Lines).lines.map((l) => l.line)).toEqual(want.slice(0, 20));
    let copyWrites = 0;
    const writeAt = world.files.writeAt.bind(world.files);
    world.files.writeAt = async (p, o, b) => {
      if (p.startsWith('copies/')) copyWrites++;
      return writeAt(p, o, b);
    };
    const id = await tab.engine.runAgain(a.id, undefined, { lineCap: 100 });
    const b = await waitForRun(tab, id, completed);
    expect(b.params).toMatchObject({ ...params, lineCap: 100 });
    expect(b.input).toMatchObject({
      name: 'log.txt',
      opfsPath: a.input.opfsPath,
      size: bytes.length,
    });
    expect((b.result as Lines).lines.map((l) => l.line)).toEqual(want.slice(0, 100));
    expect((b.result as Lines).matchingLines).toBe(want.length);
    expect(copyWrites).toBe(0);
    await tab.close();
  });

  it('asks for the file (input-missing) once the copy was freed, and runs on the one picked', async () => {
    const world = newWorld([searchWorkflow]);
    const tab = await openTab(world, { settings: base });
    const bytes = logBytes();
    const want = grepN(bytes, 'error');
    const a = await waitForRun(
      tab,
      await tab.engine.start('search', fileOf(bytes, 'log.txt'), params),
      completed,
    );
    expect(a.input.released).toBe(true);
    const refused = await tab.engine.runAgain(a.id, undefined, { lineCap: 40 }).catch((e) => e);
    expect(refused).toBeInstanceOf(WaymarkError);
    expect((refused as WaymarkError).code).toBe('input-missing');
    expect(await tab.store.listRuns()).toHaveLength(1);
    const picked = await tab.engine.runAgain(a.id, fileOf(bytes, 'log.txt'), { lineCap: 40 });
    const c = await waitForRun(tab, picked, completed);
    expect(c.params).toMatchObject({ ...params, lineCap: 40 });
    expect((c.result as Lines).lines.map((l) => l.line)).toEqual(want.slice(0, 40));
    await tab.close();
  });
});
