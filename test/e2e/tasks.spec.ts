/**
 * Built-in tasks through the UI, checked against the standard tools: Count against `wc`,
 * Search against `grep`, Gzip against `gunzip` + `cmp`, CSV profile against Python's csv module;
 * chunk-size independence and a reload mid-run for a map and a fold task.
 */
import { test, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { copyFileSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import {
  BASE_URL,
  MiB,
  committedChunks,
  downloadResult,
  expectState,
  runCard,
  setDebug,
  startRun,
  tmp,
  waitForPercent,
  type Debug,
} from './helpers';
import {
  HTML,
  KiB,
  cmp,
  csvFixture,
  grep,
  gunzip,
  pythonCsvProfile,
  textFixture,
  wc,
  type GrepQuery,
} from './task-fixtures';

type Json = Record<string, unknown>;

// Inputs shared by the tests, generated once: a few MiB keep the file under three minutes.
let dir: string;
let TEXT: string;
let SMALL_TEXT: string;
let CSV_COMMA: string;
let CSV_SEMI: string;
let SMALL_CSV: string;

test.beforeAll(() => {
  dir = tmp();
  TEXT = textFixture(join(dir, 'text.txt'), 3 * MiB, 11);
  SMALL_TEXT = textFixture(join(dir, 'small.txt'), 640 * KiB, 12);
  CSV_COMMA = csvFixture(join(dir, 'comma.csv'), 40_000, ',', 13);
  CSV_SEMI = csvFixture(join(dir, 'semi.csv'), 40_000, ';', 14);
  SMALL_CSV = csvFixture(join(dir, 'small.csv'), 3_000, ',', 15);
});

test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy under another name: every run card is named after its input file. */
function copyAs(path: string, name: string): string {
  const to = join(dir, name);
  copyFileSync(path, to);
  return to;
}

const countOf = (r: Json) => ({ bytes: r.bytes, lines: r.lines, words: r.words, chars: r.chars });

/** grep's answer in the Search result's shape, with the app's default cap of 10,000 lines. */
function expectedSearch(path: string, q: GrepQuery, cap = 10_000) {
  const g = grep(path, q);
  return {
    matches: g.matches,
    matchingLines: g.matchingLines,
    lines: g.lines.slice(0, cap),
    truncated: g.matchingLines > cap,
  };
}

/** Compares a CSV profile with the Python csv module's, column by column. */
function expectCsvLikePython(result: Json, path: string, delimiter: string, label: string): void {
  expect(result.delimiter, `${label}: delimiter`).toBe(delimiter);
  const ref = pythonCsvProfile(path, delimiter);
  expect({ rows: result.rows, raggedRows: result.raggedRows }, label).toEqual({
    rows: ref.rows,
    raggedRows: ref.raggedRows,
  });
  const columns = result.columns as Json[];
  expect(
    columns.map((c) => c.name),
    `${label}: column names`,
  ).toEqual(ref.columns.map((c) => c.name));
  columns.forEach((c, i) => {
    const p = ref.columns[i];
    const numeric = c.type === 'integer' || c.type === 'decimal';
    const where = `${label}: column ${String(c.name)}`;
    expect({ count: c.count, empty: c.empty, min: c.min, max: c.max }, where).toEqual({
      count: p.count,
      empty: p.empty,
      min: numeric ? p.numMin : p.textMin,
      max: numeric ? p.numMax : p.textMax,
    });
    // Exact up to 10,000 distinct values, an estimate (flagged) above.
    if (c.distinctEstimated) {
      expect(p.distinct, `${where}: estimated only above 10,000`).toBeGreaterThan(10_000);
      expect(Math.abs((c.distinct as number) - p.distinct) / p.distinct, where).toBeLessThan(0.02);
    } else expect(c.distinct, `${where}: distinct`).toBe(p.distinct);
  });
}

/**
 * Starts a Search with every option set, checked or not: the form keeps the options of the
 * previous run (helpers.startRun only ever checks boxes).
 */
async function startSearch(page: Page, file: string, q: GrepQuery): Promise<void> {
  await page.getByLabel('Choose file').setInputFiles(file);
  await page.getByLabel('Task', { exact: true }).selectOption({ label: 'Search' });
  await page.getByLabel('Pattern').fill(q.pattern);
  await page.getByLabel('Regular expression').setChecked(!!q.regex);
  await page.getByLabel('Ignore case').setChecked(!!q.ignoreCase);
  await page.getByRole('button', { name: 'Start' }).click();
}

async function completedResult(page: Page, name: string, timeout = 60_000) {
  const run = runCard(page, name);
  await expectState(run, 'Completed', timeout);
  return downloadResult(page, run);
}

/** A fresh context (own storage) whose pages load with the given debug setting. */
async function contextWith(browser: Browser, debug: Debug): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: BASE_URL, acceptDownloads: true });
  await setDebug(context, debug);
  return context;
}

test('Count equals wc -c -l -w -m (C.UTF-8)', async ({ page }) => {
  const want = wc(TEXT);
  // The fixture has what makes the counts differ from naive ones.
  const bytes = readFileSync(TEXT);
  expect(want.chars).toBeLessThan(want.bytes);
  expect(bytes.includes('\r\n')).toBe(true);
  expect(bytes.at(-1)).not.toBe(10);
  expect(bytes.includes(Buffer.from([0xff]))).toBe(true);
  await page.goto('/');
  await startRun(page, TEXT, 'Count');
  const doc = await completedResult(page, 'text.txt');
  expect(doc).toMatchObject({ task: 'Count', input: { name: 'text.txt', size: bytes.length } });
  expect(countOf(doc.result)).toEqual(want);
  await expect(runCard(page, 'text.txt').getByRole('status', { name: 'Result' })).toContainText(
    `${want.lines.toLocaleString('en-US')} lines`,
  );
});

test('Search equals grep -c, grep -o | wc -l and grep -n: literal, regex, ignore case', async ({
  page,
}) => {
  const queries: (GrepQuery & { name: string })[] = [
    { name: 'literal.txt', pattern: 'error' },
    { name: 'literal-multibyte.txt', pattern: 'a😀b' },
    { name: 'literal-ignore-case.txt', pattern: 'café', ignoreCase: true },
    { name: 'regex.txt', pattern: '[0-9]{3,}|東京', regex: true },
    {
      name: 'regex-ignore-case.txt',
      pattern: '^(alpha|beta) +(warn|err)',
      regex: true,
      ignoreCase: true,
    },
  ];
  await page.goto('/');
  // One run at a time per tab: the others wait as Queued.
  for (const q of queries) await startSearch(page, copyAs(TEXT, q.name), q);
  for (const q of queries) {
    const want = expectedSearch(TEXT, q);
    expect(want.matchingLines, q.name).toBeGreaterThan(0);
    const doc = await completedResult(page, q.name);
    expect(doc.params, q.name).toMatchObject({
      pattern: q.pattern,
      regex: !!q.regex,
      ignoreCase: !!q.ignoreCase,
    });
    const r = doc.result;
    expect({ matches: r.matches, matchingLines: r.matchingLines }, q.name).toEqual({
      matches: want.matches,
      matchingLines: want.matchingLines,
    });
    expect(r.lines, q.name).toEqual(want.lines);
    expect(r.truncated, q.name).toBe(want.truncated);
  }
});

test('an invalid regular expression is refused before start, and no run appears', async ({
  page,
}) => {
  await page.goto('/');
  await startRun(page, SMALL_TEXT, 'Search', { pattern: 'a(', regex: true });
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByRole('alert')).toContainText(/regular expression|pattern/i);
  await page.waitForTimeout(500);
  await expect(page.getByRole('article')).toHaveCount(0);
  // The same pattern as literal text is fine, and a successful start clears the message.
  await page.getByLabel('Regular expression').uncheck();
  await page.getByRole('button', { name: 'Start' }).click();
  const doc = await completedResult(page, 'small.txt');
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(doc.result.matches).toBe(expectedSearch(SMALL_TEXT, { pattern: 'a(' }).matches);
});

test('markup in matched text and file names is shown as text, never as HTML', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const name = `${HTML}.txt`;
  const file = copyAs(SMALL_TEXT, name);
  await page.goto('/');
  await startRun(page, file, 'Search', { pattern: HTML });
  const doc = await completedResult(page, name);
  const want = expectedSearch(file, { pattern: HTML });
  expect(want.matches).toBeGreaterThan(0);
  expect(doc.result).toMatchObject({ matches: want.matches, lines: want.lines });
  const run = runCard(page, name);
  await expect(run.getByRole('heading', { name })).toBeVisible();
  await expect(run.getByRole('status', { name: 'Result' })).toContainText(HTML);
  // The only image is the app's own icon; nothing from the file became an element.
  expect(
    await page.evaluate(() => document.querySelectorAll('img[src="x"], [onerror]').length),
  ).toBe(0);
  expect(await page.evaluate(() => [...document.images].map((i) => i.getAttribute('src')))).toEqual(
    ['/icon.svg'],
  );
  expect(dialogs).toEqual([]);
});

test('Gzip: the output gunzips to the input byte for byte, and its SHA-256 is the result', async ({
  page,
}) => {
  const name = 'gzip.txt';
  const file = copyAs(TEXT, name);
  await page.goto('/');
  await startRun(page, file, 'Gzip');
  const run = runCard(page, name);
  const doc = await completedResult(page, name);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    run.getByRole('button', { name: 'Download output' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`${name}.gz`);
  const gz = join(dir, `${name}.gz`);
  await download.saveAs(gz);
  const restored = join(dir, `${name}.restored`);
  writeFileSync(restored, gunzip(gz));
  expect(cmp(file, restored), 'gunzip -c output.gz | cmp - input').toBe(true);
  expect(doc.result).toEqual({
    inputBytes: statSync(file).size,
    outputBytes: statSync(gz).size,
    sha256OfOutput: createHash('sha256').update(readFileSync(gz)).digest('hex'),
  });
  expect(statSync(gz).size).toBeLessThan(statSync(file).size);
});

test('CSV profile equals Python csv: Auto on a comma file, Semicolon named and guessed', async ({
  page,
}) => {
  await page.goto('/');
  const semiAuto = copyAs(CSV_SEMI, 'semi-auto.csv');
  await startRun(page, CSV_COMMA, 'CSV profile');
  await startRun(page, CSV_SEMI, 'CSV profile', { delimiter: 'Semicolon' });
  await startRun(page, semiAuto, 'CSV profile', { delimiter: 'Auto' });
  const comma = await completedResult(page, 'comma.csv');
  expect(comma.params).toEqual({ delimiter: 'auto', quote: '"' });
  expectCsvLikePython(comma.result, CSV_COMMA, ',', 'comma, Auto');
  const semi = await completedResult(page, 'semi.csv');
  expect(semi.params).toEqual({ delimiter: ';', quote: '"' });
  expectCsvLikePython(semi.result, CSV_SEMI, ';', 'semicolon, named');
  const guessed = await completedResult(page, 'semi-auto.csv');
  expect(guessed.result).toEqual(semi.result);
  // The fixture has what the profile must get right.
  const ref = pythonCsvProfile(CSV_COMMA, ',');
  expect(ref.raggedRows).toBeGreaterThan(0);
  expect(readFileSync(CSV_COMMA).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  expect(comma.result.columns).toHaveLength(7);
});

test('Count, Search and CSV profile give identical results for 1 KiB, 64 KiB and 1 MiB chunks', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const search: GrepQuery = { pattern: 'error', ignoreCase: true };
  const want = {
    count: wc(SMALL_TEXT),
    search: expectedSearch(SMALL_TEXT, search),
  };
  const seen: Record<string, Json[]> = { count: [], search: [], csv: [] };
  for (const chunkSize of [1 * KiB, 64 * KiB, 1 * MiB]) {
    const context = await contextWith(browser, { settings: { chunkSize } });
    const page = await context.newPage();
    await page.goto('/');
    await startRun(page, copyAs(SMALL_TEXT, 'count.txt'), 'Count');
    await startRun(page, copyAs(SMALL_TEXT, 'search.txt'), 'Search', search);
    await startRun(page, SMALL_CSV, 'CSV profile');
    const count = (await completedResult(page, 'count.txt', 90_000)).result;
    expect(countOf(count), `Count, chunk ${chunkSize}`).toEqual(want.count);
    const found = (await completedResult(page, 'search.txt', 90_000)).result;
    expect(found, `Search, chunk ${chunkSize}`).toEqual(want.search);
    const csv = (await completedResult(page, 'small.csv', 90_000)).result;
    expectCsvLikePython(csv, SMALL_CSV, ',', `CSV, chunk ${chunkSize}`);
    // The runs really used this chunk size.
    const sizes = await page.evaluate(async () => {
      const w = (
        globalThis as unknown as {
          waymark: { engine: { store: { listRuns(): Promise<{ chunkSize: number }[]> } } };
        }
      ).waymark;
      return (await w.engine.store.listRuns()).map((r) => r.chunkSize);
    });
    expect(sizes).toEqual([chunkSize, chunkSize, chunkSize]);
    seen.count.push(count);
    seen.search.push(found);
    seen.csv.push(csv);
    await context.close();
  }
  // A column's mean and stddev are merged from per-chunk moments, in an order that depends on
  // the chunking: they may differ in the last bits (1e-16 relative), nothing else may.
  seen.csv = seen.csv.map(roundMoments);
  for (const [task, results] of Object.entries(seen))
    for (const r of results.slice(1)) expect(r, task).toEqual(results[0]);
});

function roundMoments(csv: Json): Json {
  const r = csv as { columns: Record<string, unknown>[] };
  const round = (v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v);
  return {
    ...r,
    columns: r.columns.map((c) => ({ ...c, mean: round(c.mean), stddev: round(c.stddev) })),
  } as unknown as Json;
}

/** Starts a slowed-down run, reloads at ≥ 30 % and returns the result of the resumed run. */
async function reloadMidRun(
  page: Page,
  context: BrowserContext,
  file: string,
  task: string,
  throttleBytesPerSec: number,
  chunkSize: number,
) {
  // One worker, as the pace was chosen for: the throttle is per worker, and with one per core a
  // 2-core run could finish between the reload and the second look at its chunks.
  await setDebug(context, {
    throttleBytesPerSec,
    settings: { chunkSize, checkpointEveryMs: 300, workers: 1 },
  });
  await page.goto('/');
  await startRun(page, file, task);
  const name = file.split('/').at(-1)!;
  const run = runCard(page, name);
  await expectState(run, 'Running');
  const shown = await waitForPercent(run, 30);
  expect(shown).toBeLessThan(90);
  const before = await committedChunks(page, name);
  expect(before.length).toBeGreaterThan(0);
  await page.reload();
  await expect(page.getByText(/Resumed 1 unfinished run/)).toBeVisible();
  // Both tasks are map steps, whose finished chunks are committed one by one as they finish: a
  // reload costs only the chunks in flight, so every chunk committed before it is still
  // committed after it. (The page-hide save is best effort and no part of that promise: a clone
  // CI found it missing once; docs/checkpointing.md, "The page-hide save".)
  const after = await committedChunks(page, name);
  expect(before.filter((i) => !after.includes(i))).toEqual([]);
  return completedResult(page, name);
}

test('reload mid-run of a map task (Count): it resumes by itself and equals wc', async ({
  page,
  context,
}) => {
  const file = copyAs(TEXT, 'reload-count.txt');
  const doc = await reloadMidRun(page, context, file, 'Count', 2 * MiB, 128 * KiB);
  expect(countOf(doc.result)).toEqual(wc(file));
});

test('reload mid-run of the CSV profile (a map step too): it resumes by itself and equals Python csv', async ({
  page,
  context,
}) => {
  const file = copyAs(CSV_COMMA, 'reload.csv');
  const doc = await reloadMidRun(page, context, file, 'CSV profile', 1 * MiB, 64 * KiB);
  expectCsvLikePython(doc.result, file, ',', 'CSV after reload');
});
