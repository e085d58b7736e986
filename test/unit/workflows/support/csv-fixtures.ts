/**
 * Seeded CSV generator: RFC 4180 quoting (delimiters, doubled quotes, CR/LF inside quotes),
 * mixed column types, ragged rows, blank lines, BOM, CRLF, long fields, and quoted line breaks
 * and doubled quotes placed exactly on chosen byte offsets (chunk boundaries).
 */
import { rng } from '../../helpers/drive';
import { concatBytes, utf8 } from './fixtures';

export interface CsvFixtureOptions {
  seed: number;
  rows: number;
  delimiter?: string;
  /** '\n', '\r\n', or 'mixed'. */
  lineEnding?: '\n' | '\r\n' | 'mixed';
  bom?: boolean;
  /** Share of rows with a field too few or too many. */
  ragged?: number;
  /** Share of blank lines between rows. */
  blankLines?: number;
  finalNewline?: boolean;
  /** Share of rows with a field longer than small chunks. */
  longFields?: number;
  /** Byte offsets where a quoted line break, quoted CRLF and doubled quote must straddle. */
  boundaries?: number[];
  /** A column of unique values (for the distinct-count sketches). */
  uniqueColumn?: boolean;
  /** Invalid UTF-8 bytes inside some fields. */
  invalidUtf8?: boolean;
}

const NAMES = [
  'Ada',
  'Grace',
  'Linus',
  'Zoë',
  'Søren',
  'Émile',
  '李雷',
  'Ω',
  "O'Brien",
  'Smith, John',
  'The "Boss"',
  '😀 smile',
];
const CODES = ['A', 'B', 'B', 'C', 'C', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M'];

export function csvFixture(o: CsvFixtureOptions): Uint8Array {
  const random = rng(o.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const d = o.delimiter ?? ',';
  const eol = (): string =>
    o.lineEnding === 'mixed' ? pick(['\n', '\r\n']) : (o.lineEnding ?? '\n');
  const quote = (v: string, force = false): string =>
    force ||
    v.includes(d) ||
    v.includes('"') ||
    v.includes('\n') ||
    v.includes('\r') ||
    random() < 0.05
      ? `"${v.replaceAll('"', '""')}"`
      : v;

  const header = ['id', 'name', 'price', 'active', 'day', 'stamp', 'note', 'code'];
  if (o.uniqueColumn) header.push('uid');
  const parts: Uint8Array[] = [];
  let length = 0;
  const push = (b: Uint8Array): void => {
    parts.push(b);
    length += b.length;
  };
  if (o.bom) push(new Uint8Array([0xef, 0xbb, 0xbf]));
  push(utf8(header.map((h) => quote(h)).join(d) + eol()));
  const boundaries = [...(o.boundaries ?? [])].sort((a, b) => a - b);

  for (let r = 1; r <= o.rows; r++) {
    const next = boundaries[0];
    if (next !== undefined && length + 300 > next) {
      boundaries.shift();
      if (next > length + 20) push(boundaryRow(r, next - length, d, random));
      continue;
    }
    const fields = [
      String(r),
      pick(NAMES) + (random() < 0.1 ? `\n${pick(NAMES)}` : '') + (random() < 0.05 ? '\r\nx' : ''),
      random() < 0.05
        ? ''
        : random() < 0.03
          ? 'N/A'
          : (random() * 1000 - 200).toFixed(Math.floor(random() * 3)),
      pick(['true', 'false', 'yes', 'no', 'TRUE']),
      `20${String(10 + Math.floor(random() * 15))}-0${1 + Math.floor(random() * 9)}-${String(10 + Math.floor(random() * 18))}`,
      `2024-05-${String(10 + Math.floor(random() * 18))}T${String(10 + Math.floor(random() * 13))}:30:00Z`,
      random() < 0.3
        ? ''
        : random() < (o.longFields ?? 0)
          ? 'long '.repeat(1000 + Math.floor(random() * 2000))
          : pick(NAMES),
      pick(CODES),
    ];
    if (o.uniqueColumn) fields.push(`u${r * 7919}`);
    const raggedness = o.ragged ?? 0;
    if (random() < raggedness) {
      if (random() < 0.5) fields.pop();
      else fields.push('extra');
    }
    let line = utf8(fields.map((f) => quote(f)).join(d) + eol());
    if (o.invalidUtf8 && random() < 0.02)
      line = concatBytes([
        utf8(`${r}${d}`),
        new Uint8Array([0xff, 0xe2, 0x82]),
        utf8(`x${d}1` + eol()),
      ]);
    push(line);
    if (random() < (o.blankLines ?? 0)) push(utf8(eol()));
  }
  const out = concatBytes(parts);
  if (o.finalNewline === false) {
    let end = out.length;
    while (end > 0 && (out[end - 1] === 10 || out[end - 1] === 13)) end--;
    return out.subarray(0, end);
  }
  return out;
}

/**
 * A row whose quoted field puts a line break, a CRLF or a doubled quote across the boundary
 * `at` bytes after the row start: the boundary falls before, inside or after it.
 */
function boundaryRow(id: number, at: number, d: string, random: () => number): Uint8Array {
  const prefix = `${id}${d}"`;
  const variant = Math.floor(random() * 4);
  const inner = ['\n', '\n', '\r\n', '""'][variant];
  // The inner sequence starts on the boundary's last byte, or (variant 1) on its first.
  const pad = 'p'.repeat(Math.max(0, at - prefix.length - (variant === 1 ? 0 : 1)));
  return utf8(
    `${prefix}${pad}${inner}tail""q"${d}1.5${d}true${d}2020-01-01${d}2020-01-01T00:00${d}${d}B\n`,
  );
}
