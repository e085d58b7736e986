/**
 * Results on screen, per task, checked against the tools the task tests use: sha256sum and
 * Node's crypto for digests (and what "Copy result" puts in the clipboard, and "Expected hash"
 * in the view and the downloaded JSON), wc for Count, grep -n for the Matches table (10,000
 * rows, virtualized), Python's csv module for the Column profile, gunzip for Gzip.
 */
import { test, expect, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  MiB,
  digest,
  downloadResult,
  expectState,
  gotoApp,
  makeFile,
  runCard,
  sha256sum,
  startRun,
  tmp,
  openSettings,
} from './helpers';
import { HTML, csvFixture, grep, gunzip, pythonCsvProfile, wc } from './task-fixtures';

let dir: string;
test.beforeAll(() => (dir = tmp()));
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The cells' texts of each body row of a table. */
async function bodyRows(page: Page, table: ReturnType<Page['getByRole']>): Promise<string[][]> {
  void page;
  return table
    .locator('tbody tr:not([aria-hidden])')
    .evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.children, (c) => (c as HTMLElement).innerText)),
    );
}

test('a digest: on screen, copied, compared with an expected hex or SRI value, in the JSON', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const file = makeFile(dir, 'image.iso', 2 * MiB + 5, 31);
  const hex = sha256sum(file);
  await gotoApp(page);
  await startRun(page, file, 'SHA-256');
  const run = runCard(page, 'image.iso');
  await expectState(run, 'Completed');
  await expect(run.getByText(hex, { exact: true })).toBeVisible();
  await expect(
    run.getByText(/^Took .* from Start to Completed, .* MB\/s on average$/),
  ).toBeVisible();

  await run.getByRole('button', { name: 'Copy result' }).click();
  await expect(run.getByText('Copied', { exact: true })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(hex);

  const expected = run.getByRole('textbox', { name: 'Expected hash' });
  await expected.fill(`  ${hex.toUpperCase()} `);
  await expect(run.getByText('Match', { exact: true })).toBeVisible();
  let doc = await downloadResult(page, run);
  expect(doc.result).toEqual({ algorithm: 'SHA-256', hex });
  expect(doc).toMatchObject({ expected: hex, match: true });

  const wrong = hex.slice(0, -1) + (hex.endsWith('0') ? '1' : '0');
  await expected.fill(wrong);
  await expect(run.getByText('Mismatch', { exact: true })).toBeVisible();
  doc = await downloadResult(page, run);
  expect(doc).toMatchObject({ expected: wrong, match: false });

  await expected.fill(digest(file, 'sha1'));
  await expect(run.getByText('Mismatch', { exact: true })).toBeVisible();
  await expect(run.getByText(/40 hex digits.*SHA-256 has 64: it cannot match/)).toBeVisible();

  const sri = `sha256-${createHash('sha256').update(readFileSync(file)).digest('base64')}`;
  await expected.fill(sri);
  await expect(run.getByText('Match', { exact: true })).toBeVisible();

  // What was typed stays with the run across a reload.
  await page.waitForTimeout(600);
  await gotoApp(page);
  await expect(
    runCard(page, 'image.iso').getByRole('textbox', { name: 'Expected hash' }),
  ).toHaveValue(sri);
  await expect(runCard(page, 'image.iso').getByText('Match', { exact: true })).toBeVisible();
});

test('several digests: a table, one row per algorithm', async ({ page }) => {
  const file = makeFile(dir, 'several.bin', MiB + 3, 32);
  await gotoApp(page);
  await startRun(page, file, 'Several digests');
  const run = runCard(page, 'several.bin');
  await expectState(run, 'Completed');
  const rows = await bodyRows(page, run.getByRole('table', { name: 'Digests' }));
  expect(rows.map((r) => r.slice(0, 2))).toEqual([
    ['SHA-256', digest(file, 'sha256')],
    ['MD5', digest(file, 'md5')],
    ['SHA-1', digest(file, 'sha1')],
  ]);
  await run.getByRole('textbox', { name: 'Expected hash' }).fill(digest(file, 'md5'));
  await expect(run.getByText('Match', { exact: true })).toBeVisible();
  await expect(run.getByText('(MD5)')).toBeVisible();
});

test('Count: a table in wc order', async ({ page }) => {
  const file = join(dir, 'words.txt');
  writeFileSync(
    file,
    Buffer.concat([Buffer.from('héllo wörld\nzwei  Zeilen\n\u3000drei'), Buffer.from([0xff, 10])]),
  );
  // Python's decoder replaces each invalid sequence (maximal subpart) with one U+FFFD.
  const invalid = Number(
    execFileSync('python3', [
      '-c',
      "import sys; print(open(sys.argv[1], 'rb').read().decode('utf-8', 'replace').count('\\ufffd'))",
      file,
    ]).toString(),
  );
  expect(invalid).toBe(1);
  const ref = wc(file);
  await gotoApp(page);
  await startRun(page, file, 'Count');
  const run = runCard(page, 'words.txt');
  await expectState(run, 'Completed');
  const rows = await bodyRows(page, run.getByRole('table', { name: 'Counts' }));
  const n = (s: string) => Number(s.replace(/,/g, ''));
  expect(rows.map((r) => [r[0], n(r[1])])).toEqual([
    ['Lines', ref.lines],
    ['Words', ref.words],
    ['Characters', ref.chars],
    ['Bytes', ref.bytes],
    ['Invalid UTF-8 sequences', invalid],
  ]);
});

test('Search: 10,000 matching lines in a virtualized Matches table, as grep -n finds them', async ({
  page,
}) => {
  const file = join(dir, 'big.log');
  const lines: string[] = [];
  for (let i = 0; i < 10_500; i++)
    lines.push(
      i === 3
        ? `markup ${HTML} error`
        : i % 21 === 20
          ? `quiet line ${i}`
          : `line ${i}: error number ${i} error`,
    );
  writeFileSync(file, lines.join('\n') + '\n');
  const ref = grep(file, { pattern: 'error', regex: false, ignoreCase: false });
  expect(ref.matchingLines).toBe(10_000);
  await gotoApp(page);
  await startRun(page, file, 'Search', { pattern: 'error' });
  const run = runCard(page, 'big.log');
  await expectState(run, 'Completed');
  await expect(
    run.getByText(`${ref.matches.toLocaleString('en-US')} matches on 10,000 lines`, {
      exact: true,
    }),
  ).toBeVisible();

  const table = run.getByRole('table', { name: 'Matches' });
  await expect(table).toHaveAttribute('aria-rowcount', '10001');
  const first = await bodyRows(page, table);
  expect(first.length).toBeGreaterThan(5);
  expect(first.length).toBeLessThan(80);
  expect(first.slice(0, 5)).toEqual(ref.lines.slice(0, 5).map((l) => [String(l.line), l.text]));
  // Markup in a line is text: no element came of it.
  expect(first[3][1]).toBe(`markup ${HTML} error`);
  await expect(table.locator('img')).toHaveCount(0);
  // Each match is marked: two per line here, as grep -o counts them.
  await expect(table.locator('tbody tr[aria-rowindex="2"] mark')).toHaveText(['error', 'error']);

  // Scrolling to the end reaches grep's last line, still with few rows in the DOM.
  const scroller = run.getByRole('region', { name: 'Matching lines' });
  await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
  const last = ref.lines[ref.lines.length - 1];
  await expect(table.locator('tbody tr[aria-rowindex="10001"] td').first()).toHaveText(
    String(last.line),
  );
  const end = await bodyRows(page, table);
  expect(end.length).toBeLessThan(80);
  expect(end[end.length - 1]).toEqual([String(last.line), last.text]);

  // Byte offsets on demand, as grep -b gives them.
  await run.getByRole('checkbox', { name: 'Show byte offsets' }).check();
  await expect(table.locator('tbody tr[aria-rowindex="10001"] td').nth(1)).toHaveText(
    String(last.offset),
  );
});

test('CSV profile: one row per column, sortable', async ({ page }) => {
  const file = csvFixture(join(dir, 'people.csv'), 2_000, ',', 33);
  const py = pythonCsvProfile(file, ',');
  await gotoApp(page);
  await startRun(page, file, 'CSV profile');
  const run = runCard(page, 'people.csv');
  await expectState(run, 'Completed');
  const table = run.getByRole('table', { name: 'Column profile' });
  const n = (s: string) => Number(s.replace(/[,≈\s]/g, ''));
  let rows = await bodyRows(page, table);
  expect(rows.map((r) => r[0])).toEqual(py.columns.map((c) => c.name));
  expect(rows.map((r) => n(r[2]))).toEqual(py.columns.map((c) => c.count));
  expect(rows.map((r) => n(r[4]))).toEqual(py.columns.map((c) => c.distinct));

  const byName = table.getByRole('columnheader', { name: /Column/ });
  await byName.getByRole('button').click();
  await expect(byName).toHaveAttribute('aria-sort', 'ascending');
  rows = await bodyRows(page, table);
  const names = py.columns.map((c) => c.name);
  const sorted = JSON.parse(
    execFileSync(
      'python3',
      ['-c', 'import json,sys; print(json.dumps(sorted(json.load(sys.stdin))))'],
      {
        input: JSON.stringify(names),
      },
    ).toString(),
  );
  expect(rows.map((r) => r[0])).toEqual(sorted);
  const byDistinct = table.getByRole('columnheader', { name: /Distinct/ });
  await byDistinct.getByRole('button').click();
  await byDistinct.getByRole('button').click();
  await expect(byDistinct).toHaveAttribute('aria-sort', 'descending');
  await expect(byName).not.toHaveAttribute('aria-sort');
  rows = await bodyRows(page, table);
  const distinct = rows.map((r) => n(r[4]));
  expect(distinct).toEqual([...py.columns.map((c) => c.distinct)].sort((a, b) => b - a));

  // A row opens its column's detail.
  const top = py.columns.find((c) => c.name === 'code')!;
  await table.getByRole('button', { name: 'code', exact: true }).click();
  await expect(table.getByRole('button', { name: 'code', exact: true })).toHaveAttribute(
    'aria-expanded',
    'true',
  );
  const detail = run.getByRole('region', { name: 'Column code' });
  await expect(detail.getByRole('listitem').first()).toHaveText(
    `${top.top[0].value} ×${top.top[0].count.toLocaleString('en-US')}`,
  );
});

test('Gzip: sizes, ratio and the SHA-256 of the output', async ({ page }) => {
  const file = join(dir, 'table.sql');
  writeFileSync(file, 'INSERT INTO t VALUES (1, "abc");\n'.repeat(40_000));
  await gotoApp(page);
  await startRun(page, file, 'Gzip');
  const run = runCard(page, 'table.sql');
  await expectState(run, 'Completed');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    run.getByRole('button', { name: 'Download output' }).click(),
  ]);
  const gz = await download.path();
  expect(gunzip(gz).equals(readFileSync(file))).toBe(true);
  const size = statSync(file).size.toLocaleString('en-US');
  await expect(run.getByText(`(${size} bytes)`)).toBeVisible();
  await expect(run.getByText(`(${statSync(gz).size.toLocaleString('en-US')} bytes)`)).toBeVisible();
  await expect(run.getByText('SHA-256 of the output')).toBeVisible();
  await expect(run.getByText(sha256sum(gz), { exact: true })).toBeVisible();
});

test('Inspect: a definition list', async ({ page }) => {
  const file = join(dir, 'notes.txt');
  writeFileSync(file, 'one\r\ntwo\nthree\n');
  const mime = execFileSync('file', ['--brief', '--mime-type', file]).toString().trim();
  await gotoApp(page);
  await startRun(page, file, 'Inspect');
  const run = runCard(page, 'notes.txt');
  await expectState(run, 'Completed');
  const list = run.locator('dl').filter({ hasText: 'MIME type' });
  const facts = await list.evaluate((dl) =>
    Object.fromEntries(
      Array.from(dl.querySelectorAll('dt'), (dt) => [
        dt.textContent,
        dt.nextElementSibling?.textContent,
      ]),
    ),
  );
  const py = (expr: string) =>
    execFileSync('python3', [
      '-c',
      `import sys; b = open(sys.argv[1], 'rb').read(); print(${expr})`,
      file,
    ])
      .toString()
      .trim();
  expect(facts['MIME type']).toBe(mime);
  expect(facts['Lines']).toBe(py('len(b.splitlines())'));
  expect(facts['Line endings']).toBe(
    `mixed (${py("b.count(b'\\n') - b.count(b'\\r\\n')")} LF, ${py("b.count(b'\\r\\n')")} CRLF)`,
  );
});

test('Search past its line cap: the counts cover the file, the first N lines as grep -n, and a note says how to list more', async ({
  page,
}) => {
  const file = join(dir, 'capped.log');
  const lines = Array.from({ length: 300 }, (_, i) =>
    i % 3 === 0 ? `entry ${i} warn` : `entry ${i} fine`,
  );
  writeFileSync(file, lines.join('\n') + '\n');
  const ref = grep(file, { pattern: 'warn', regex: false, ignoreCase: false });
  expect(ref.matchingLines).toBe(100);
  await gotoApp(page);
  await openSettings(page);
  const cap = page.getByLabel('Search line cap');
  await cap.fill('25');
  await cap.press('Tab');
  await startRun(page, file, 'Search', { pattern: 'warn' });
  const run = runCard(page, 'capped.log');
  await expectState(run, 'Completed');
  // The counts are the whole file's.
  await expect(run.getByText('100 matches on 100 lines', { exact: true })).toBeVisible();
  await expect(
    run.getByText(/^The first 25 lines are listed; the counts cover the whole file\./),
  ).toHaveText('The first 25 lines are listed; the counts cover the whole file.');
  // How to list more: Load more, with twice the cap and at least 1,000 more (25 + 1,000).
  await expect(
    run.getByRole('button', { name: 'Load more', exact: true }),
  ).toHaveAccessibleDescription(
    'Searches again and lists up to 1,025 lines; you choose the file again.',
  );
  const table = run.getByRole('table', { name: 'Matches' });
  await expect(table).toHaveAttribute('aria-rowcount', '26');
  // The table is virtualized: the rows in view first, then the end after a scroll.
  const top = await bodyRows(page, table);
  expect(top).toEqual(ref.lines.slice(0, top.length).map((l) => [String(l.line), l.text]));
  await run
    .getByRole('region', { name: 'Matching lines' })
    .evaluate((el) => (el.scrollTop = el.scrollHeight));
  const last = ref.lines[24];
  await expect(table.locator('tbody tr[aria-rowindex="26"] td')).toHaveText([
    String(last.line),
    last.text,
  ]);
  const end = await bodyRows(page, table);
  expect(end.at(-1)).toEqual([String(last.line), last.text]);
});
