/**
 * Gzip's parts are side effects written before the chunk's commit: a chunk redone after a fault
 * writes its part again. Here the first write of one part is torn (half its bytes land), and
 * then either the write fails (the chunk is retried in the same tab) or the tab crashes before
 * the commit (a new tab recovers the run). Either way the part is written twice, and the .gz
 * must still gunzip to the input.
 */
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryFileStore, type FileStore } from '../../../src/engine';
import { outputDir } from '../../../src/engine/files';
import { gzipWorkflow, partName } from '../../../src/workflows';
import { fileOf, newWorld, openTab, waitForRun, type Tab } from '../helpers/engine-harness';
import { KiB, concatBytes, tempDir, textFixture } from './support/fixtures';
import { cmp, gunzip } from './support/reference';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const CHUNK = 4 * KiB;
const TORN_PART = partName(2);

/** A file store whose first write of one part is torn, then fails or crashes the writer. */
class TearingStore extends MemoryFileStore implements FileStore {
  /** Writes per output part name. */
  readonly writes = new Map<string, number>();
  /** What the torn write does after half the bytes landed. */
  onTear: () => Promise<never> = () => Promise.reject(new Error('unset'));

  override async put(path: string, bytes: Uint8Array): Promise<void> {
    const name = path.split('/').at(-1) ?? path;
    const n = (this.writes.get(name) ?? 0) + 1;
    this.writes.set(name, n);
    if (name !== TORN_PART || n > 1) return super.put(path, bytes);
    await super.put(path, bytes.subarray(0, bytes.length >> 1));
    return this.onTear();
  }
}

async function outputOf(files: FileStore, runId: string): Promise<Uint8Array> {
  const dir = outputDir(runId);
  const names = (await files.list(dir)).filter((n) => n.startsWith('part-'));
  const parts = await Promise.all(
    names.map(async (n) => new Uint8Array(await (await files.file(`${dir}/${n}`)).arrayBuffer())),
  );
  return concatBytes(parts);
}

describe('Gzip when a chunk is redone', () => {
  for (const fault of ['the write fails', 'the tab crashes before the commit'] as const) {
    it(`rewrites a torn part when ${fault}: the .gz still gunzips to the input`, async () => {
      const input = textFixture(21, 10 * CHUNK + 123);
      const chunks = Math.ceil(input.length / CHUNK);
      const world = newWorld([gzipWorkflow]);
      const files = new TearingStore();
      world.files = files;
      const settings = { chunkSize: CHUNK, checkpointEveryMs: 60_000, backoffMs: 1 };
      const first = await openTab(world, { settings, workers: 1 });
      let tab: Tab = first;
      let crashed = false;
      files.onTear =
        fault === 'the write fails'
          ? () => Promise.reject(new Error('Injected: the disk failed mid-write'))
          : () => {
              // The page dies mid-write: nothing after this point of this tab ever runs.
              crashed = true;
              first.crash();
              return new Promise<never>(() => undefined);
            };
      const id = await first.engine.start('gzip', fileOf(input, 'in.txt'), {});
      if (fault === 'the tab crashes before the commit') {
        await expect.poll(() => crashed, { timeout: 20_000 }).toBe(true);
        tab = await openTab(world, { settings, workers: 1 });
        const report = await tab.engine.recover();
        expect(report.resumed).toEqual([id]);
      }
      const run = await waitForRun(
        tab,
        id,
        (r) => r.status === 'completed' || r.status === 'failed',
      );
      expect(run.status, run.message).toBe('completed');

      const gz = await outputOf(files, id);
      const original = tmp.write(`${fault}.txt`, input);
      const restored = tmp.write(`${fault}.restored`, gunzip(tmp.write(`${fault}.gz`, gz)));
      expect(cmp(original, restored), 'gunzip -c | cmp').toBe(true);
      expect(run.result).toEqual({
        inputBytes: input.length,
        outputBytes: gz.length,
        sha256OfOutput: createHash('sha256').update(gz).digest('hex'),
      });

      // The redo really happened: the torn part was written a second time, whole.
      expect(files.writes.get(TORN_PART)).toBe(2);
      for (let i = 0; i < chunks; i++)
        expect(files.writes.get(partName(i)), partName(i)).toBeGreaterThanOrEqual(1);
      await tab.close();
    });
  }
});
