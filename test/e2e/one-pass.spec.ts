/**
 * Issue 12, one pass, on the real OPFS path: a run whose first step reads the input copies it
 * as it reads (never Importing), processing overlaps the copy, and the copy in the origin's
 * private file system is the file (SHA-256 against `sha256sum`). The answers are checked against
 * `sha256sum` and `wc -l -c`.
 */
import { execFileSync } from 'node:child_process';
import { test, expect, type Page } from '@playwright/test';
import {
  MiB,
  downloadResult,
  expectState,
  gotoApp,
  makeFile,
  runCard,
  setDebug,
  sha256sum,
  startRun,
  tmp,
} from './helpers';

type Seen = { status: string; imported: number; size: number; done: number }[];

/** Records every run event of the page's engine (status and the copy's progress). */
async function watchRuns(page: Page): Promise<void> {
  await page.evaluate(() => {
    const g = globalThis as unknown as {
      waymark: {
        engine: {
          bus: {
            on(
              cb: (e: {
                type: string;
                run?: {
                  status: string;
                  input: { imported: number; size: number };
                  progress: { done: number };
                };
              }) => void,
            ): void;
          };
        };
      };
      seenRuns: Seen;
    };
    g.seenRuns = [];
    g.waymark.engine.bus.on((e) => {
      if (e.type === 'run' && e.run)
        g.seenRuns.push({
          status: e.run.status,
          imported: e.run.input.imported,
          size: e.run.input.size,
          done: e.run.progress.done,
        });
    });
  });
}

const seenRuns = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { seenRuns: Seen }).seenRuns);

/** SHA-256 (hex) of the run's input copy, read from OPFS in the page. */
async function copyDigest(page: Page, name: string): Promise<string> {
  return page.evaluate(async (n) => {
    const w = (
      globalThis as unknown as {
        waymark: {
          engine: {
            store: {
              listRuns(): Promise<{ input: { name: string; opfsPath?: string } }[]>;
            };
          };
        };
      }
    ).waymark;
    const run = (await w.engine.store.listRuns()).find((r) => r.input.name === n);
    if (!run?.input.opfsPath) throw new Error(`no copy for ${n}`);
    let dir = await navigator.storage.getDirectory();
    const parts = ['waymark', ...run.input.opfsPath.split('/')];
    for (const d of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(d);
    const file = await (await dir.getFileHandle(parts[parts.length - 1])).getFile();
    const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
    return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  }, name);
}

test('one pass: SHA-256 and Count copy as they read, never Importing; the copy is the file', async ({
  page,
  context,
}) => {
  const dir = tmp();
  const hashed = makeFile(dir, 'onepass-hash.bin', 48 * MiB, 21);
  const counted = makeFile(dir, 'onepass-count.bin', 48 * MiB, 22);
  // One pass even before the service worker that keeps the picked file is active (a first
  // visit), checkpoints often enough to see the copy's progress in the record while processing
  // runs, and the copies kept after completion so that the test can read them.
  await setDebug(context, {
    copy: 'one-pass',
    settings: { checkpointEveryMs: 150, keepInputCopies: true },
  });
  await gotoApp(page);
  await watchRuns(page);

  await startRun(page, hashed, 'SHA-256');
  const h = runCard(page, 'onepass-hash.bin');
  await expectState(h, 'Completed', 120_000);
  expect((await downloadResult(page, h)).result).toEqual({
    algorithm: 'SHA-256',
    hex: sha256sum(hashed),
  });
  expect(await copyDigest(page, 'onepass-hash.bin')).toBe(sha256sum(hashed));

  await startRun(page, counted, 'Count');
  const c = runCard(page, 'onepass-count.bin');
  await expectState(c, 'Completed', 120_000);
  const [lines, bytes] = execFileSync('wc', ['-l', '-c', counted])
    .toString()
    .trim()
    .split(/\s+/)
    .map(Number);
  expect((await downloadResult(page, c)).result).toMatchObject({ lines, bytes });
  expect(await copyDigest(page, 'onepass-count.bin')).toBe(sha256sum(counted));

  const seen = await seenRuns(page);
  expect(seen.map((s) => s.status)).not.toContain('importing');
  // The copy was under way while the runs were running: copy and processing overlapped.
  expect(seen.some((s) => s.status === 'running' && s.imported > 0 && s.imported < s.size)).toBe(
    true,
  );
});

test('copy behind: SHA-256 and Count read the file while the copier copies it; the kept copy is the file', async ({
  page,
  context,
}) => {
  const dir = tmp();
  const hashed = makeFile(dir, 'behind-hash.bin', 48 * MiB, 23);
  const counted = makeFile(dir, 'behind-count.bin', 48 * MiB, 24);
  // The copier (a worker of its own) at 16 MiB/s: 3 s for each file, longer than processing,
  // so that processing runs ahead of the copy and the run then finishes the kept copy.
  await setDebug(context, {
    copy: 'behind',
    copyThrottleBytesPerSec: 16 * MiB,
    settings: { checkpointEveryMs: 150, keepInputCopies: true, importBlockSize: 4 * MiB },
  });
  await gotoApp(page);
  await watchRuns(page);

  await startRun(page, hashed, 'SHA-256');
  const h = runCard(page, 'behind-hash.bin');
  await expectState(h, 'Completed', 120_000);
  expect((await downloadResult(page, h)).result).toEqual({
    algorithm: 'SHA-256',
    hex: sha256sum(hashed),
  });
  expect(await copyDigest(page, 'behind-hash.bin')).toBe(sha256sum(hashed));

  await startRun(page, counted, 'Count');
  const c = runCard(page, 'behind-count.bin');
  await expectState(c, 'Completed', 120_000);
  const [lines, bytes] = execFileSync('wc', ['-l', '-c', counted])
    .toString()
    .trim()
    .split(/\s+/)
    .map(Number);
  expect((await downloadResult(page, c)).result).toMatchObject({ lines, bytes });
  expect(await copyDigest(page, 'behind-count.bin')).toBe(sha256sum(counted));

  const seen = await seenRuns(page);
  expect(seen.map((s) => s.status)).not.toContain('importing');
  // The copy's progress was recorded while the runs were running.
  expect(seen.some((s) => s.status === 'running' && s.imported > 0 && s.imported < s.size)).toBe(
    true,
  );
  // Processing ran ahead of the copy (the record's progress past its copy), as one pass never does.
  expect(seen.some((s) => s.status === 'running' && s.done > s.imported)).toBe(true);
});
