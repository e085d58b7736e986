/**
 * Issue 12, "a reload must still never ask the user for the file": a reload and a SIGKILL of
 * the real browser while the input is still being copied (Importing; with one pass, copy and
 * processing overlapping). After a reload the service worker still holds the picked File and
 * the run goes on by itself; after a browser restart it does not, and the run asks for the
 * file only for what is missing. Results are checked against sha256sum and wc -lwmc.
 *
 * Windows are found by polling the run's stored record, never by sleeping: the debug throttle
 * only makes the copy long enough for a reload to land in it.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import {
  MiB,
  downloadResult,
  expectState,
  gotoApp,
  killAndRelaunch,
  openProfile,
  runCard,
  setDebug,
  sha256sum,
  startRun,
  tmp,
  reloadApp,
} from './helpers';
import { textFixture } from './task-fixtures';

const SIZE = 48 * MiB;
const BLOCK = 2 * MiB;
const DEBUG = {
  // Copy behind: processing 48 MiB at 6 MiB/s (8 s) runs ahead of the copy at 4 MiB/s (12 s),
  // both far longer than a reload or a relaunch; the copy kept after completion, so that the
  // run finishes it (and the SIGKILL test sees it copied to the end).
  throttleBytesPerSec: 6 * MiB,
  copyThrottleBytesPerSec: 4 * MiB,
  settings: {
    importBlockSize: BLOCK,
    chunkSize: 1 * MiB,
    checkpointEveryMs: 300,
    keepInputCopies: true,
  },
};
const ASKED = 'Choose the same file again';

/** Text wc and Count can disagree about (see task-fixtures), repeated to SIZE. */
function bigText(dir: string, name: string): string {
  const unit = readFileSync(textFixture(join(dir, 'unit.txt'), 4 * MiB, 21));
  const path = join(dir, name);
  writeFileSync(path, '');
  for (let n = 0; n < SIZE; n += unit.length) appendFileSync(path, unit.subarray(0, SIZE - n));
  return path;
}

/** `wc -lwmc` in C.UTF-8, as the "Download result" JSON of Count names them. */
function wcLwmc(path: string) {
  const out = execFileSync('wc', ['-lwmc', path], { env: { ...process.env, LC_ALL: 'C.UTF-8' } });
  const [lines, words, chars, bytes] = out.toString().trim().split(/\s+/).map(Number);
  return { bytes, lines, words, chars };
}

function expected(task: string, file: string): Record<string, unknown> {
  return task === 'SHA-256' ? { algorithm: 'SHA-256', hex: sha256sum(file) } : wcLwmc(file);
}

function resultOf(task: string, result: Record<string, unknown>): Record<string, unknown> {
  if (task === 'SHA-256') return result;
  const { bytes, lines, words, chars } = result;
  return { bytes, lines, words, chars };
}

interface Stored {
  id: string;
  status: string;
  need?: string;
  input: { imported: number; size: number };
}

/** The run's record as stored (committed), by its input's name. */
async function stored(page: Page, name: string): Promise<Stored | undefined> {
  return page.evaluate(async (n) => {
    const w = (
      globalThis as unknown as {
        waymark: {
          engine: { store: { listRuns(): Promise<(Stored & { input: { name: string } })[]> } };
        };
      }
    ).waymark;
    const r = (await w.engine.store.listRuns()).find((x) => x.input.name === n);
    return r && { id: r.id, status: r.status, need: r.need, input: r.input };
  }, name);
}

/** Polls the stored record until the copy is at least `share` done (and returns it). */
async function copiedAtLeast(page: Page, name: string, share: number): Promise<Stored> {
  let last: Stored | undefined;
  await expect
    .poll(async () => (last = await stored(page, name))?.input.imported ?? 0, {
      timeout: 90_000,
      intervals: [100, 200],
    })
    .toBeGreaterThanOrEqual(share * SIZE);
  return last as Stored;
}

/** The runs the service worker's keeper holds a file for (its own protocol: list). */
async function keptInWorker(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    const { port1, port2 } = new MessageChannel();
    const reply = new Promise<{ runIds: string[] }>((r) => (port1.onmessage = (e) => r(e.data)));
    reg.active?.postMessage({ waymarkKeeper: 'list' }, [port2]);
    return (await reply).runIds;
  });
}

/** From the page's start: whether the re-pick prompt was ever shown (added to the DOM). */
async function watchForPrompt(context: BrowserContext): Promise<void> {
  await context.addInitScript((text) => {
    const g = globalThis as { asked?: boolean };
    g.asked = false;
    new MutationObserver((records) => {
      for (const r of records)
        for (const n of r.addedNodes) if (n.textContent?.includes(text)) g.asked = true;
    }).observe(document, { childList: true, subtree: true });
  }, ASKED);
}

/** Every copy progress the engine records from now on (the `imported` of each run event). */
async function recordCopyProgress(page: Page, runId: string): Promise<void> {
  await page.evaluate((id) => {
    const g = globalThis as unknown as {
      imported: number[];
      waymark: {
        engine: {
          bus: {
            on(
              l: (e: { type: string; run?: { id: string; input: { imported: number } } }) => void,
            ): void;
          };
        };
      };
    };
    g.imported = [];
    g.waymark.engine.bus.on((e) => {
      if (e.type === 'run' && e.run?.id === id) g.imported.push(e.run.input.imported);
    });
  }, runId);
}

const copyProgress = (page: Page): Promise<number[]> =>
  page.evaluate(() => (globalThis as unknown as { imported: number[] }).imported);

let dir: string;
let TEXT: string;
test.beforeAll(() => {
  dir = tmp();
  TEXT = bigText(dir, 'overlap.txt');
});

for (const task of ['SHA-256', 'Count']) {
  test(`${task}: a reload while the input is being copied resumes by itself, never asks for the file, and equals ${task === 'SHA-256' ? 'sha256sum' : 'wc -lwmc'}`, async ({
    page,
    context,
  }) => {
    test.setTimeout(240_000);
    await setDebug(context, DEBUG);
    await watchForPrompt(context);
    await gotoApp(page);
    // The keeper needs an active service worker; on a first visit it activates shortly.
    await page.evaluate(async () => void (await navigator.serviceWorker.ready));
    await startRun(page, TEXT, task);
    const run = runCard(page, 'overlap.txt');
    const before = await copiedAtLeast(page, 'overlap.txt', 0.2);
    expect(before.input.imported).toBeLessThan(SIZE);
    expect(await keptInWorker(page)).toContain(before.id);

    await reloadApp(page);
    await recordCopyProgress(page, before.id);
    // Still copying after the reload: this test is about the copy window.
    const after = (await stored(page, 'overlap.txt')) as Stored;
    expect(after.input.imported).toBeGreaterThanOrEqual(before.input.imported);
    expect(after.input.imported).toBeLessThan(SIZE);
    await expect(page.getByText(/Resumed 1 unfinished run/)).toBeVisible();
    await expect(page.getByText(/needs your attention/)).toHaveCount(0);

    await expectState(run, 'Completed', 180_000);
    expect(await page.evaluate(() => (globalThis as { asked?: boolean }).asked)).toBe(false);
    // The copy went on from what was recorded, never from the start.
    const seen = await copyProgress(page);
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(after.input.imported);
    const doc = await downloadResult(page, run);
    expect(doc.input).toEqual({ name: 'overlap.txt', size: SIZE });
    expect(resultOf(task, doc.result)).toEqual(expected(task, TEXT));
    // Once the copy is complete the worker lets the file go.
    await expect.poll(() => keptInWorker(page)).not.toContain(before.id);
  });
}

for (const task of ['SHA-256', 'Count']) {
  test(`${task}: a SIGKILL of the browser while the input is being copied asks for the file only for the rest, then equals ${task === 'SHA-256' ? 'sha256sum' : 'wc -lwmc'}`, async () => {
    test.setTimeout(240_000);
    const profile = tmp();
    let { context, page } = await openProfile(profile, DEBUG);
    await page.evaluate(async () => void (await navigator.serviceWorker.ready));
    await startRun(page, TEXT, task);
    const before = await copiedAtLeast(page, 'overlap.txt', 0.25);
    expect(before.input.imported).toBeLessThan(SIZE);
    expect(await keptInWorker(page)).toContain(before.id);
    ({ context, page } = await killAndRelaunch(profile, context, DEBUG));
    const run = runCard(page, 'overlap.txt');
    // The restart took the service worker's memory with it: the file is asked for, and the
    // banner says so instead of claiming the run resumed.
    await expectState(run, 'Interrupted');
    await expect(run.getByText(ASKED).first()).toBeVisible();
    await expect(page.getByText(/1 run needs your attention/)).toBeVisible();
    const asks = (await stored(page, 'overlap.txt')) as Stored;
    expect(asks.need).toBe('repick');
    // What was copied before the kill (committed) is kept.
    expect(asks.input.imported).toBeGreaterThanOrEqual(before.input.imported);
    expect(asks.input.imported).toBeLessThan(SIZE);

    // Another file of the same name and size is refused.
    const other = join(tmp(), 'overlap.txt');
    const bytes = readFileSync(TEXT);
    bytes[SIZE - 1] ^= 1;
    writeFileSync(other, bytes);
    await run.getByLabel(ASKED).setInputFiles(other);
    await expect(page.getByRole('alert').first()).toContainText(/not the same file/);
    await expectState(run, 'Interrupted');

    await recordCopyProgress(page, asks.id);
    await run.getByLabel(ASKED).setInputFiles(TEXT);
    await expectState(run, 'Completed', 180_000);
    // Only the rest was copied: every record from the re-pick on counts at least what was
    // copied before the kill, and the copy went on to the end in this session.
    const seen = await copyProgress(page);
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(asks.input.imported);
    expect(seen.some((n) => n > asks.input.imported && n < SIZE)).toBe(true);
    expect(Math.max(...seen)).toBe(SIZE);
    const doc = await downloadResult(page, run);
    expect(resultOf(task, doc.result)).toEqual(expected(task, TEXT));
    await context.close();
  });
}
