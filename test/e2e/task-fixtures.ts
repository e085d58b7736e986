/**
 * Seeded inputs for the task tests and the reference tools they are checked against (GNU wc,
 * grep, gunzip, cmp and the Python csv-module script of the unit tests), run in C.UTF-8.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { xorshift32 } from '../../scripts/fixtures.mjs';

export const KiB = 1024;

const ENV = { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8', POSIXLY_CORRECT: undefined };

/** The same script the unit tests use (test/unit/workflows/support). */
const CSV_REFERENCE = join(
  import.meta.dirname,
  '..',
  'unit',
  'workflows',
  'support',
  'csv_reference.py',
);

function tool(cmd: string, args: string[]): Buffer {
  const r = spawnSync(cmd, args, { env: ENV, maxBuffer: 1 << 30 });
  if (r.error) throw r.error;
  // grep exits 1 when nothing matches: an answer, not a failure.
  if (r.status !== 0 && !(cmd === 'grep' && r.status === 1))
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr.toString()}`);
  return r.stdout;
}

/** Seeded uniform numbers in [0, 1): the same on every machine. */
function rng(seed: number): () => number {
  const next = xorshift32(seed);
  return () => next() / 2 ** 32;
}

export const HTML = '<img src=x onerror=alert(1)>';

const WORDS = [
  'alpha',
  'beta',
  'error',
  'Error',
  'ERROR',
  'warn',
  'café',
  'CAFÉ',
  'naïve',
  '東京',
  'данные',
  '😀',
  'a😀b',
  '12345',
  '3.14',
  'x',
  'zero\u200bwidth',
  'e\u0301',
  'nb\u00a0sp',
];
const SEPARATORS = [' ', ' ', ' ', ' ', '  ', '\t', '\u2003', '\u3000'];

/**
 * Log-like text with the cases wc and grep disagree about most easily: multi-byte characters,
 * Unicode spaces, CRLF and LF lines, empty lines, invalid UTF-8, a NUL, markup, one very long
 * line in the middle, and no final newline.
 */
export function textFixture(path: string, size: number, seed = 1): string {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const parts: Buffer[] = [];
  let total = 0;
  const push = (b: Buffer): void => {
    parts.push(b);
    total += b.length;
  };
  let longDone = false;
  while (total < size) {
    const r = random();
    if (!longDone && total > size / 3) {
      // A line longer than several 64 KiB chunks, with matches along it.
      const words: string[] = [];
      for (let n = 0; n < 200 * KiB; n += 8) words.push(pick(WORDS));
      push(Buffer.from(words.join(' ') + '\n'));
      longDone = true;
    } else if (r < 0.02) push(Buffer.from(random() < 0.5 ? '\n' : '\r\n'));
    else if (r < 0.03) push(Buffer.from([0x62, 0xff, 0x20, 0xc3, 0x0a, 0xe2, 0x82, 0x20, 0x78]));
    else if (r < 0.035) push(Buffer.from(`markup ${HTML} end\n`));
    else if (r < 0.036) push(Buffer.from('nul\0byte\n'));
    else {
      const n = 1 + Math.floor(random() * 14);
      let line = '';
      for (let i = 0; i < n; i++) line += (i ? pick(SEPARATORS) : '') + pick(WORDS);
      push(Buffer.from(line + (random() < 0.3 ? '\r\n' : '\n')));
    }
  }
  // No final newline.
  push(Buffer.from('last line without a newline café'));
  writeFileSync(path, Buffer.concat(parts, total));
  return path;
}

const NAMES = [
  'Ada',
  'Grace',
  'Zoë',
  '李雷',
  "O'Brien",
  'Smith, John',
  'Doe; Jane',
  'The "Boss"',
  'two\nlines',
  'cr\r\nlf',
  '😀 smile',
  'pipe|tab\tmix',
];
const CODES = ['A', 'B', 'B', 'C', 'C', 'C', 'D', 'E'];

/**
 * A CSV with a BOM, RFC 4180 quoting (delimiters, doubled quotes, CR/LF inside quotes), CRLF and
 * LF records, blank lines, ragged rows and mixed column types.
 */
export function csvFixture(path: string, rows: number, delimiter: string, seed = 1): string {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const quote = (v: string): string =>
    v.includes(delimiter) ||
    v.includes('"') ||
    v.includes('\n') ||
    v.includes('\r') ||
    random() < 0.05
      ? `"${v.replaceAll('"', '""')}"`
      : v;
  const eol = (): string => (random() < 0.5 ? '\r\n' : '\n');
  const lines: string[] = [
    '\ufeff' +
      ['id', 'name', 'price', 'active', 'day', 'note', 'code'].map(quote).join(delimiter) +
      eol(),
  ];
  for (let r = 1; r <= rows; r++) {
    const fields = [
      String(r),
      pick(NAMES),
      random() < 0.05 ? '' : random() < 0.02 ? 'N/A' : (random() * 1000 - 200).toFixed(2),
      pick(['true', 'false', 'yes', 'no']),
      `20${10 + Math.floor(random() * 15)}-0${1 + Math.floor(random() * 9)}-${10 + Math.floor(random() * 18)}`,
      random() < 0.3 ? '' : pick(NAMES) + ' ' + Math.floor(random() * 500),
      pick(CODES),
    ];
    const ragged = random();
    if (ragged < 0.01) fields.pop();
    else if (ragged < 0.02) fields.push('extra');
    lines.push(fields.map(quote).join(delimiter) + eol());
    if (random() < 0.01) lines.push(eol());
  }
  writeFileSync(path, lines.join(''));
  return path;
}

export interface WcCounts {
  bytes: number;
  lines: number;
  words: number;
  chars: number;
}

/** `wc -c -l -w -m`, one flag at a time. */
export function wc(path: string): WcCounts {
  const n = (flag: string): number =>
    Number(tool('wc', [flag, path]).toString().trim().split(/\s+/)[0]);
  return { bytes: n('-c'), lines: n('-l'), words: n('-w'), chars: n('-m') };
}

export interface GrepQuery {
  pattern: string;
  regex?: boolean;
  ignoreCase?: boolean;
}

export interface GrepLine {
  line: number;
  offset: number;
  text: string;
  textTruncated?: true;
}

/** Longest line text the Search result keeps (src/workflows/search/chunk.ts MAX_LINE_TEXT). */
const MAX_LINE_TEXT = 4096;

/** `grep -c`, `grep -o | wc -l` and `grep -n -b` (texts cut as the result cuts them). */
export function grep(
  path: string,
  q: GrepQuery,
): { matchingLines: number; matches: number; lines: GrepLine[] } {
  // -a: invalid UTF-8 and NUL stay text; -e: a pattern may start with "-".
  const args = ['-a', q.regex ? '-E' : '-F', ...(q.ignoreCase ? ['-i'] : []), '-e', q.pattern];
  const matchingLines = Number(
    tool('grep', ['-c', ...args, path])
      .toString()
      .trim(),
  );
  let matches = 0;
  for (const b of tool('grep', ['-o', ...args, path])) if (b === 10) matches++;
  const out = tool('grep', ['-n', '-b', ...args, path]);
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const lines: GrepLine[] = [];
  for (let start = 0; start < out.length;) {
    let end = out.indexOf(10, start);
    if (end === -1) end = out.length;
    const rec = out.subarray(start, end);
    const c1 = rec.indexOf(58);
    const c2 = rec.indexOf(58, c1 + 1);
    let text = decoder.decode(rec.subarray(c2 + 1));
    let textTruncated: true | undefined;
    if (text.length > MAX_LINE_TEXT) {
      const c = text.charCodeAt(MAX_LINE_TEXT - 1);
      text = text.slice(0, c >= 0xd800 && c <= 0xdbff ? MAX_LINE_TEXT - 1 : MAX_LINE_TEXT);
      textTruncated = true;
    }
    lines.push({
      line: Number(rec.subarray(0, c1).toString()),
      offset: Number(rec.subarray(c1 + 1, c2).toString()),
      text,
      ...(textTruncated ? { textTruncated } : {}),
    });
    start = end + 1;
  }
  return { matchingLines, matches, lines };
}

/** `gunzip -c` of a file. */
export function gunzip(path: string): Buffer {
  return tool('gunzip', ['-c', path]);
}

/** `cmp -s`: true when the two files are byte-identical. */
export function cmp(a: string, b: string): boolean {
  return spawnSync('cmp', ['-s', a, b]).status === 0;
}

export interface PyColumn {
  name: string;
  count: number;
  empty: number;
  distinct: number;
  textMin: string | null;
  textMax: string | null;
  numMin: number | null;
  numMax: number | null;
}

/** Python's csv module (csv_reference.py): rows, ragged rows and per-column facts. */
export function pythonCsvProfile(
  path: string,
  delimiter: string,
): { rows: number; raggedRows: number; columns: PyColumn[] } {
  const out = tool('python3', [CSV_REFERENCE, path, delimiter === '\t' ? 'tab' : delimiter]);
  return JSON.parse(out.toString()) as { rows: number; raggedRows: number; columns: PyColumn[] };
}
