/**
 * Count, Gzip and Inspect results as rows of facts (label, value), in the order people read
 * them. Pure; read defensively (a field a result lacks is left out).
 */
import { formatBytes } from '../format';
import { formatStat } from './result-format';

type Obj = Record<string, unknown>;
const num = (o: Obj, k: string): number | undefined =>
  typeof o[k] === 'number' ? (o[k] as number) : undefined;

/** Count's numbers in `wc`'s order (lines, words, characters, bytes), then invalid sequences. */
export function countRows(result: unknown): { what: string; flag: string; value: number }[] {
  const r = (result ?? {}) as Obj;
  const rows: [string, string, string][] = [
    ['Lines', 'wc -l', 'lines'],
    ['Words', 'wc -w', 'words'],
    ['Characters', 'wc -m', 'chars'],
    ['Bytes', 'wc -c', 'bytes'],
    ['Invalid UTF-8 sequences', '', 'invalid'],
  ];
  return rows.flatMap(([what, flag, key]) => {
    const value = num(r, key);
    return value === undefined ? [] : [{ what, flag, value }];
  });
}

export interface GzipFacts {
  inputBytes: number;
  outputBytes: number;
  /** Output ÷ input (undefined for an empty input). */
  ratio: number | undefined;
  sha256OfOutput: string;
}

export function gzipFacts(result: unknown): GzipFacts | undefined {
  const r = (result ?? {}) as Obj;
  const inputBytes = num(r, 'inputBytes');
  const outputBytes = num(r, 'outputBytes');
  if (inputBytes === undefined || outputBytes === undefined) return undefined;
  return {
    inputBytes,
    outputBytes,
    ratio: inputBytes > 0 ? outputBytes / inputBytes : undefined,
    sha256OfOutput: typeof r.sha256OfOutput === 'string' ? r.sha256OfOutput : '',
  };
}

/** "1.2 MiB (1,234,567 bytes)": the exact count beside the rounded size. */
export function bytesAndCount(n: number): string {
  return n < 1024 ? `${formatStat(n)} bytes` : `${formatBytes(n)} (${formatStat(n)} bytes)`;
}

const ENCODINGS: Record<string, string> = {
  'us-ascii': 'ASCII',
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  'iso-8859-1/windows-1252': 'ISO-8859-1 / Windows-1252',
  binary: 'binary',
};

const at = (first: unknown): string =>
  typeof first === 'number' ? `, the first at byte ${formatStat(first)}` : '';

/** Inspect's result as a definition list. */
export function inspectFacts(result: unknown): { term: string; value: string }[] {
  const r = (result ?? {}) as Obj;
  const out: { term: string; value: string }[] = [];
  const add = (term: string, value: string | undefined) => {
    if (value !== undefined) out.push({ term, value });
  };
  add('Type', typeof r.type === 'string' ? r.type : undefined);
  add('MIME type', typeof r.mime === 'string' ? r.mime : undefined);
  const size = num(r, 'bytes');
  add('Size', size === undefined ? undefined : bytesAndCount(size));
  if (typeof r.text === 'boolean') add('Text', r.text ? 'yes' : 'no (binary)');
  if (typeof r.encoding === 'string')
    add('Encoding', (ENCODINGS[r.encoding] ?? r.encoding) + (r.bom ? ', with a BOM' : ''));
  const lines = num(r, 'lines');
  add('Lines', lines === undefined ? undefined : formatStat(lines));
  const e = r.lineEndings as Obj | undefined;
  if (e && typeof e.verdict === 'string') {
    const counts = (['lf', 'crlf', 'cr'] as const)
      .filter((k) => typeof e[k] === 'number' && (e[k] as number) > 0)
      .map((k) => `${formatStat(e[k] as number)} ${k.toUpperCase()}`);
    add('Line endings', e.verdict + (counts.length ? ` (${counts.join(', ')})` : ''));
  }
  const longest = r.longestLine as Obj | undefined;
  if (longest && typeof longest.bytes === 'number' && typeof longest.line === 'number')
    add(
      'Longest line',
      longest.line > 0
        ? `${formatStat(longest.bytes)} bytes (line ${formatStat(longest.line)})`
        : 'none',
    );
  const nul = r.nul as Obj | undefined;
  if (nul && typeof nul.count === 'number')
    add('NUL bytes', `${formatStat(nul.count)}${at(nul.first)}`);
  const bad = r.invalidUtf8 as Obj | undefined;
  if (bad && typeof bad.count === 'number')
    add('Invalid UTF-8 sequences', `${formatStat(bad.count)}${at(bad.first)}`);
  return out;
}
