// Shared plumbing for the benchmarks: the built app served locally, a headless Chromium,
// generated inputs, and a run-through-the-UI helper that times the processing phase only.
import { spawn, execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright';
import { CHROMIUM_ARGS, findChromium } from '../scripts/chromium-path.mjs';
import { writeRandomFile } from '../scripts/fixtures.mjs';

export const MiB = 1024 * 1024;
export const PORT = Number(process.env.WAYMARK_PORT ?? 4175);
export const BASE = `http://localhost:${PORT}`;

/**
 * `size` stays undefined unless given: each section has its own default. `--quick` makes every
 * default small and one repeat, for a run in about a minute (CI).
 */
export function parseArgs(argv) {
  const args = { size: undefined, only: undefined, repeat: 1, tasks: undefined, quick: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--size') args.size = Number(argv[++i]);
    else if (a === '--sizes') args.sizes = argv[++i].split(',').map(Number);
    else if (a === '--quick') args.quick = true;
    else if (a === '--only') args.only = argv[++i].split(',');
    else if (a === '--repeat') args.repeat = Number(argv[++i]);
    else if (a === '--tasks') args.tasks = argv[++i].toLowerCase().split(',');
  }
  return args;
}

export async function serve() {
  // Run vite's own script (not through npx) so that killing the child stops the server.
  const child = spawn(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'preview', '--port', String(PORT), '--strictPort'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('vite preview did not start')), 90_000);
    child.stdout.on('data', (d) => {
      if (String(d).includes(String(PORT))) {
        clearTimeout(t);
        resolve();
      }
    });
  });
  return () => child.kill();
}

export async function browser() {
  return chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS, headless: true });
}

export function tmp() {
  return mkdtempSync(join(tmpdir(), 'waymark-bench-'));
}

/** Deterministic pseudo-random bytes; `text` makes lines of words for the text tools. */
export function makeFile(dir, name, size, { text = false, seed = 1 } = {}) {
  return text ? makeTextFile(dir, name, size, seed) : writeRandomFile(join(dir, name), size, seed);
}

/** Lines of words (some multi-byte) for the text tools, in linear time. */
export function makeTextFile(dir, name, size, seed) {
  const path = join(dir, name);
  const fd = openSync(path, 'w');
  const blockSize = Math.min(size, 8 * MiB) || 1;
  const words = [
    'alpha',
    'beta',
    'gamma',
    'delta',
    'error',
    'warn',
    'info',
    'naïve',
    'café',
    '12345',
    'x',
  ];
  const lengths = words.map((w) => Buffer.byteLength(w) + 1);
  let x = seed >>> 0 || 1;
  for (let done = 0; done < size;) {
    const n = Math.min(blockSize, size - done);
    const parts = [];
    for (let len = 0; len < n;) {
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      const k = x % words.length;
      parts.push(words[k] + ((x >>> 8) % 9 === 0 ? '\n' : ' '));
      len += lengths[k];
    }
    const b = Buffer.from(parts.join('')).subarray(0, n);
    writeSync(fd, b, 0, b.length);
    done += n;
  }
  closeSync(fd);
  return path;
}

/** Seconds a shell command takes on `file` (best of `repeat`). */
export function timeCommand(cmd, args, repeat = 1) {
  let best = Infinity;
  let out = '';
  for (let i = 0; i < repeat; i++) {
    const t0 = process.hrtime.bigint();
    out = execFileSync(cmd, args, {
      maxBuffer: 1 << 30,
      env: { ...process.env, LC_ALL: 'C.UTF-8' },
    }).toString();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return { seconds: best, out };
}

export function commandExists(cmd) {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * A browser context on a fresh profile on disk, as users have: Chromium keeps the OPFS of
 * incognito-like contexts (`browser.newContext()`) in memory, where direct file reads are several
 * times slower than from a real profile's disk. Closing it deletes the profile.
 */
export async function profileContext() {
  const dir = mkdtempSync(join(tmpdir(), 'waymark-profile-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: findChromium(),
    args: CHROMIUM_ARGS,
    headless: true,
    baseURL: BASE,
  });
  // The memory benchmark finds this browser's processes by the profile in their command line.
  context.profileDir = dir;
  const close = context.close.bind(context);
  context.close = async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  };
  return context;
}

/** A fresh page of the app with engine settings (through the documented debug setting). */
export async function appPage(_b, settings) {
  const context = await profileContext();
  await context.addInitScript(
    (s) => localStorage.setItem('waymark:debug', JSON.stringify({ settings: s })),
    settings,
  );
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto('/');
  await page.waitForFunction(() => globalThis.waymark !== undefined);
  return { page, context };
}

/**
 * Runs a task through the UI and times its processing phase (from "running" to "completed",
 * import excluded) with the engine's own events. Returns seconds, the run and its input path.
 */
export async function timedRun(page, file, taskLabel, fill) {
  await page.evaluate(() => {
    const w = globalThis.waymark;
    globalThis.__bench = { t0: undefined, t1: undefined, id: undefined };
    w.engine.bus.on((e) => {
      if (e.type !== 'run') return;
      const b = globalThis.__bench;
      if (e.run.status === 'running' && b.t0 === undefined) {
        b.t0 = performance.now();
        b.id = e.run.id;
      }
      if (e.run.status === 'completed' && e.run.id === b.id) b.t1 = performance.now();
      if (e.run.status === 'failed') b.error = e.run.message;
    });
  });
  await page.getByLabel('Choose file').setInputFiles(file);
  await page.getByLabel('Task', { exact: true }).selectOption({ label: taskLabel });
  if (fill) await fill(page);
  await page.getByRole('button', { name: 'Start' }).click();
  await page.waitForFunction(
    () => globalThis.__bench.t1 !== undefined || globalThis.__bench.error,
    undefined,
    { timeout: 0, polling: 100 },
  );
  const r = await page.evaluate(async () => {
    const b = globalThis.__bench;
    if (b.error) throw new Error(b.error);
    const run = await globalThis.waymark.engine.store.getRun(b.id);
    return { ms: b.t1 - b.t0, run };
  });
  return { seconds: r.ms / 1000, run: r.run };
}

export async function deleteAll(page) {
  await page.evaluate(async () => {
    const w = globalThis.waymark;
    for (const r of await w.engine.store.listRuns()) await w.engine.remove(r.id);
  });
}

export const mbps = (bytes, s) => bytes / 1e6 / s;
export const fmt = (n, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : String(n));
