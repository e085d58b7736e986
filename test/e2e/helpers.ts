/**
 * Shared helpers for the browser tests: generated input files with reference digests, the
 * debug setting, and the automation contract's names (role + accessible name, never CSS).
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium-path.mjs';
import { writeRandomFile } from '../../scripts/fixtures.mjs';
import { openSettings } from './preview';
export { byteHistogramOf } from '../../scripts/fixtures.mjs';
export { openSettings };

export const BASE_URL = `http://localhost:${process.env.WAYMARK_PORT ?? 4173}`;
export const MiB = 1024 * 1024;

/**
 * A new temporary folder, removed when the test process exits: inputs and browser profiles of a
 * full run are ~100 MB a test, and left behind they filled a shared machine's disk (1,966
 * folders, 40 GB).
 */
export function tmp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'waymark-e2e-'));
  made.push(dir);
  return dir;
}
const made: string[] = [];
process.on('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** Writes `size` deterministic pseudo-random bytes (xorshift32) and returns the path. */
export function makeFile(dir: string, name: string, size: number, seed = 1): string {
  return writeRandomFile(join(dir, name), size, seed);
}

export function digest(path: string, algorithm = 'sha256'): string {
  return createHash(algorithm).update(readFileSync(path)).digest('hex');
}

export function sha256sum(path: string): string {
  return execFileSync('sha256sum', [path]).toString().split(' ')[0];
}

/** The debug setting (README: "Debugging and fault injection"); applies on every load. */
export interface Debug {
  throttleBytesPerSec?: number;
  faults?: { kind: 'throw' | 'hang' | 'die'; chunk: number; workflowId?: string; times?: number }[];
  failWrites?: number;
  deadlineFloorMs?: number;
  /** How runs copy their input (engine `DebugOptions.copy`). */
  copy?: 'behind' | 'one-pass' | 'first';
  /** Cap the background copier (copy behind) to this many bytes per second. */
  copyThrottleBytesPerSec?: number;
  settings?: Record<string, unknown>;
}

export async function setDebug(context: BrowserContext, debug: Debug): Promise<void> {
  await context.addInitScript(
    (d) => localStorage.setItem('waymark:debug', JSON.stringify(d)),
    debug,
  );
}

export async function startRun(
  page: Page,
  file: string,
  task: string,
  opts: { pattern?: string; regex?: boolean; ignoreCase?: boolean; delimiter?: string } = {},
): Promise<void> {
  await page.getByLabel('Choose file').setInputFiles(file);
  await page.getByLabel('Task', { exact: true }).selectOption({ label: task });
  if (opts.pattern !== undefined) await page.getByLabel('Pattern').fill(opts.pattern);
  if (opts.regex) await page.getByLabel('Regular expression').check();
  if (opts.ignoreCase) await page.getByLabel('Ignore case').check();
  if (opts.delimiter) await page.getByLabel('Delimiter').selectOption({ label: opts.delimiter });
  await page.getByRole('button', { name: 'Start' }).click();
}

export const runCard = (page: Page, name: string): Locator => page.getByRole('article', { name });

/**
 * Opens the run's Details (chunk map, stats, checkpoint history) unless they are open: they are
 * open by default only for a run seen moving. Retried, because a run that starts moving between
 * the read and the click opens by itself and the click would close it again.
 */
export async function openDetails(run: Locator): Promise<void> {
  const button = run.getByRole('button', { name: 'Details', exact: true });
  await expect(async () => {
    if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
    await expect(button).toHaveAttribute('aria-expanded', 'true', { timeout: 1000 });
  }).toPass();
}

/**
 * Shows every row of the run's checkpoint history: one longer than 10 shows the newest 10
 * until "Show all N checkpoints" is pressed.
 */
export async function showAllCheckpoints(run: Locator): Promise<void> {
  const button = run.getByRole('button', { name: /^Show all \d+ checkpoints$/ });
  if ((await button.count()) && (await button.getAttribute('aria-expanded')) !== 'true')
    await button.click();
}

/** The confirmation dialog Restore, Delete and Cancel open (automation contract: confirmations). */
export const confirmDialog = (page: Page): Locator => page.getByRole('dialog');

/** Confirms in the open dialog with the button named after the action ("Delete run"…). */
export async function confirm(page: Page, action: string): Promise<void> {
  const dialog = confirmDialog(page);
  await dialog.getByRole('button', { name: action, exact: true }).click();
  await expect(dialog).toBeHidden();
}

export async function percent(run: Locator): Promise<number> {
  return Number(await run.getByRole('progressbar').getAttribute('aria-valuenow'));
}

export async function expectState(run: Locator, state: string, timeout = 60_000): Promise<void> {
  await expect(run.getByText(state, { exact: true }).first()).toBeVisible({ timeout });
}

/** Waits until the run's progress is at least `min` percent while it runs. */
export async function waitForPercent(run: Locator, min: number, timeout = 60_000): Promise<number> {
  let last = 0;
  await expect
    .poll(async () => (last = await percent(run)), { timeout, intervals: [50, 100, 200] })
    .toBeGreaterThanOrEqual(min);
  return last;
}

/** Clicks "Download result" and parses the JSON file. */
export async function downloadResult(
  page: Page,
  run: Locator,
): Promise<{
  task: string;
  params: unknown;
  input: { name: string; size: number };
  result: Record<string, unknown>;
}> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    run.getByRole('button', { name: 'Download result' }).click(),
  ]);
  const path = await download.path();
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** The run's checkpoints as stored (for assertions about what a resume started from). */
export async function storedCheckpoints(page: Page, runName: string) {
  return page.evaluate(async (name) => {
    const w = (
      globalThis as unknown as {
        waymark: {
          engine: {
            store: { listRuns(): Promise<{ id: string; input: { name: string } }[]> };
            checkpoints: {
              list(id: string): Promise<
                {
                  seq: number;
                  at: number;
                  bytesDone: number;
                  reason: string;
                  stepIndex: number;
                  stats: { processedBytes: number; workMs: number };
                }[]
              >;
            };
          };
        };
      }
    ).waymark;
    const run = (await w.engine.store.listRuns()).find((r) => r.input.name === name);
    return run ? w.engine.checkpoints.list(run.id) : [];
  }, runName);
}

/** An output file of the run, as stored in the origin's private file system. */
export async function storedOutput(page: Page, runName: string, file: string): Promise<string> {
  return page.evaluate(
    async ({ name, file }) => {
      const w = (
        globalThis as unknown as {
          waymark: {
            engine: { store: { listRuns(): Promise<{ id: string; input: { name: string } }[]> } };
          };
        }
      ).waymark;
      const run = (await w.engine.store.listRuns()).find((r) => r.input.name === name);
      if (!run) throw new Error(`no run of ${name}`);
      let dir = await navigator.storage.getDirectory();
      for (const d of ['waymark', 'runs', run.id, 'out']) dir = await dir.getDirectoryHandle(d);
      return (await (await dir.getFileHandle(file)).getFile()).text();
    },
    { name: runName, file },
  );
}

/** How often each byte value occurs in the file: a plain loop over its bytes. */
export function byteCountsOf(path: string): number[] {
  const counts = new Array<number>(256).fill(0);
  for (const b of readFileSync(path)) counts[b]++;
  return counts;
}

/** A run's record as stored (committed): the fields tests look at. */
export interface StoredRun {
  id: string;
  status: string;
  need?: string;
  createdAt: number;
  finishedAt?: number;
  input: { name: string; imported: number; size: number };
}

/** The run's record as storage holds it, by its input's name (through the engine's own store). */
export async function storedRun(page: Page, name: string): Promise<StoredRun | undefined> {
  return page.evaluate(async (n) => {
    const w = (
      globalThis as unknown as {
        waymark: { engine: { store: { listRuns(): Promise<StoredRun[]> } } };
      }
    ).waymark;
    const r = (await w.engine.store.listRuns()).find((x) => x.input.name === n);
    return (
      r && {
        id: r.id,
        status: r.status,
        need: r.need,
        createdAt: r.createdAt,
        finishedAt: r.finishedAt,
        input: r.input,
      }
    );
  }, name);
}

/** A persistent Chromium profile that a test can crash for real (SIGKILL) and relaunch. */
export async function launchProfile(userDataDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: findChromium(),
    args: CHROMIUM_ARGS,
    headless: true,
    acceptDownloads: true,
    baseURL: BASE_URL,
  });
}

/** PID of the main browser process of a profile: the one with its --user-data-dir and no --type=. */
export function browserPid(userDataDir: string): number {
  const out = execFileSync('ps', ['-eo', 'pid=,args=']).toString();
  for (const line of out.split('\n')) {
    const m = line.trim().match(/^(\d+)\s+(.*)$/);
    if (!m) continue;
    const args = m[2];
    if (args.includes(`--user-data-dir=${userDataDir}`) && !args.includes('--type='))
      return Number(m[1]);
  }
  throw new Error(`no browser process for ${userDataDir}`);
}

/** Crashes the whole browser: SIGKILL to its main process (no unload, no pagehide). */
export function killBrowser(userDataDir: string): void {
  process.kill(browserPid(userDataDir), 'SIGKILL');
}

/** The app on a persistent profile (`launchProfile`), with the debug setting, booted. */
export async function openProfile(
  profile: string,
  debug: Debug,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await launchProfile(profile);
  await setDebug(context, debug);
  const page = context.pages()[0] ?? (await context.newPage());
  await gotoApp(page);
  return { context, page };
}

/**
 * A real browser crash and restart: SIGKILL of the browser on `profile`, then the app on the
 * same profile again. The killed browser may not have written its localStorage to disk yet, so
 * the debug setting is set again.
 */
export async function killAndRelaunch(
  profile: string,
  context: BrowserContext,
  debug: Debug,
): Promise<{ context: BrowserContext; page: Page }> {
  killBrowser(profile);
  await context.close().catch(() => undefined);
  return openProfile(profile, debug);
}

/** Waits until the app has booted (engine created, recovery scan done). */
export async function booted(page: Page): Promise<void> {
  await page.waitForFunction(() => (globalThis as { waymark?: unknown }).waymark !== undefined);
}

/** Opens the app and waits until it has booted. */
export async function gotoApp(page: Page): Promise<void> {
  await page.goto('/');
  await booted(page);
  // Until the service worker is active a picked file would not outlive a reload, so a run
  // copies its input first (Importing) instead of behind: how soon it activates depends on the
  // machine's load. Tests see what a returning user sees; those about the copy first force it.
  await page.evaluate(async () => void (await navigator.serviceWorker?.ready));
}

/** Reloads the page (a real reload: the app recovers what was running) and waits for it. */
export async function reloadApp(page: Page): Promise<void> {
  await page.reload();
  await booted(page);
}

/** Sets "Keep input as" in Settings (opening the panel): 'Private copy', 'Ask again'… */
export async function setKeepInputAs(page: Page, label: string): Promise<void> {
  await openSettings(page);
  await page.getByLabel('Keep input as').selectOption({ label });
}

/** Every run record as stored (id, input name, status), in id order. */
export async function storedRuns(
  page: Page,
): Promise<{ id: string; name: string; status: string; workflowId: string }[]> {
  return page.evaluate(async () => {
    const w = (
      globalThis as unknown as {
        waymark: {
          engine: {
            store: {
              listRuns(): Promise<
                { id: string; status: string; workflowId: string; input: { name: string } }[]
              >;
            };
          };
        };
      }
    ).waymark;
    return (await w.engine.store.listRuns())
      .map((r) => ({ id: r.id, name: r.input.name, status: r.status, workflowId: r.workflowId }))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
  });
}

/**
 * Opens the confirmation with `opener`, checks it is a modal named `title` with focus on its
 * back-out button `back`, backs out with that button and then with Escape, and checks focus is
 * back on the opener each time.
 */
export async function backOutTwice(
  page: Page,
  opener: Locator,
  title: string | RegExp,
  back: string,
): Promise<void> {
  const dialog = confirmDialog(page);
  for (const how of ['button', 'Escape'] as const) {
    await opener.click();
    await expect(dialog).toBeVisible();
    await expect(dialog).toHaveAccessibleName(title);
    await expect(dialog.getByRole('button', { name: back, exact: true })).toBeFocused();
    // Modal: the page under it cannot be reached while it is open.
    expect(await dialog.evaluate((d) => (d as HTMLDialogElement).matches(':modal'))).toBe(true);
    if (how === 'button') await dialog.getByRole('button', { name: back, exact: true }).click();
    else await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(opener).toBeFocused();
  }
}

/**
 * The chunks of the run's map step that storage holds as done: the prefix of its latest
 * checkpoint, the ones done beyond it, and the chunk ledger's done records.
 */
export async function committedChunks(page: Page, name: string): Promise<number[]> {
  return page.evaluate(async (name) => {
    type MapState = { kind: string; prefix: number; doneBeyond: number[] };
    const { engine } = (
      globalThis as unknown as {
        waymark: {
          engine: {
            store: {
              listRuns(): Promise<{ id: string; stepIndex: number; input: { name: string } }[]>;
              ledger: {
                list(id: string, step: number): Promise<{ index: number; status: string }[]>;
              };
            };
            checkpoints: {
              list(id: string): Promise<{ seq: number; stepIndex: number; state: MapState }[]>;
            };
          };
        };
      }
    ).waymark;
    const run = (await engine.store.listRuns()).find((r) => r.input.name === name)!;
    // The ledger first: a checkpoint committed between the two reads only moves chunks from the
    // ledger into its prefix, which the second read then sees.
    const ledger = await engine.store.ledger.list(run.id, run.stepIndex);
    const cps = (await engine.checkpoints.list(run.id)).filter(
      (c) => c.state.kind === 'map' && c.stepIndex === run.stepIndex,
    );
    const last = cps.sort((a, b) => b.seq - a.seq)[0];
    const done = new Set<number>();
    for (let i = 0; i < (last?.state.prefix ?? 0); i++) done.add(i);
    for (const i of last?.state.doneBeyond ?? []) done.add(i);
    for (const c of ledger) if (c.status === 'done') done.add(c.index);
    return [...done].sort((a, b) => a - b);
  }, name);
}

/** The input copies among `opfsFiles`' listing. */
export const copiesIn = (files: Record<string, number>) =>
  Object.entries(files).filter(([p]) => p.startsWith('copies/'));

/** Every file under the app's OPFS folder, with its size, listed by the browser's own API. */
export async function opfsFiles(page: Page): Promise<Record<string, number>> {
  return page.evaluate(async () => {
    const out: Record<string, number> = {};
    const walk = async (dir: FileSystemDirectoryHandle, at: string) => {
      for await (const [name, h] of (
        dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }
      ).entries()) {
        const path = at ? `${at}/${name}` : name;
        if (h.kind === 'file') out[path] = (await (h as FileSystemFileHandle).getFile()).size;
        else await walk(h as FileSystemDirectoryHandle, path);
      }
    };
    const root = await navigator.storage.getDirectory();
    try {
      await walk(await root.getDirectoryHandle('waymark'), '');
    } catch {
      // No folder yet: nothing stored.
    }
    return out;
  });
}
