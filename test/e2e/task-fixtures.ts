/**
 * Seeded inputs for the task tests and the reference tools they are checked against (GNU wc,
 * grep, gunzip, cmp and the Python csv-module script of the unit tests), run in C.UTF-8.
 */
import { writeFileSync } from 'node:fs';
import { xorshift32 } from '../../scripts/fixtures.mjs';
import { grep as referenceGrep, wc } from '../unit/workflows/support/reference';

// The reference tools are the unit tests' own (one implementation of how wc, grep, gunzip, cmp
// and Python's csv module are called).
export { cmp, gunzip, pythonCsvProfile, wc } from '../unit/workflows/support/reference';

export const KiB = 1024;

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

export type WcCounts = ReturnType<typeof wc>;

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
  const r = referenceGrep(path, {
    pattern: q.pattern,
    regex: !!q.regex,
    ignoreCase: !!q.ignoreCase,
  });
  const lines: GrepLine[] = r.lines.map((l) => {
    if (l.text.length <= MAX_LINE_TEXT) return l;
    const c = l.text.charCodeAt(MAX_LINE_TEXT - 1);
    const cut = c >= 0xd800 && c <= 0xdbff ? MAX_LINE_TEXT - 1 : MAX_LINE_TEXT;
    return { ...l, text: l.text.slice(0, cut), textTruncated: true };
  });
  return { matchingLines: r.matchingLines, matches: r.matches, lines };
}
