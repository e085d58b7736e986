/**
 * Where a listed line matches (for highlighting), against `grep -o -b`: the byte offset of every
 * match grep prints must be a range's start, the ranges' texts grep's matched texts, in order.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { matchRanges } from '../../../src/workflows/search/ranges';

const dir = mkdtempSync(join(tmpdir(), 'waymark-ranges-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LINES = [
  'error Error ERROR errorerror',
  'café CAFÉ Café, naïve and 東京 error',
  'aaaa aaa a',
  '😀 error😀error',
  'no match here',
  '<img src=x onerror=alert(1)>',
  'ſtraße STRASSE Strasse',
];

/** grep -o -b's matches as [byte offset, text], per line of LINES. */
function grepMatches(args: string[]): [number, string][] {
  const file = join(dir, 'lines.txt');
  writeFileSync(file, LINES.join('\n') + '\n');
  const env = { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' };
  const out = spawnSync('grep', ['-a', '-o', '-b', ...args, file], { env }).stdout.toString();
  return out
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const c = l.indexOf(':');
      return [Number(l.slice(0, c)), l.slice(c + 1)];
    });
}

/** matchRanges over every line, as [absolute byte offset, matched text]. */
function ours(params: {
  pattern: string;
  regex: boolean;
  ignoreCase: boolean;
}): [number, string][] {
  const out: [number, string][] = [];
  let base = 0;
  for (const line of LINES) {
    for (const [s, e] of matchRanges(line, params))
      out.push([base + Buffer.byteLength(line.slice(0, s)), line.slice(s, e)]);
    base += Buffer.byteLength(line) + 1;
  }
  return out;
}

describe('matchRanges', () => {
  it.each([
    ['error', false, false, ['-F']],
    ['aa', false, false, ['-F']],
    ['😀', false, false, ['-F']],
    ['error', false, true, ['-F', '-i']],
    ['café', false, true, ['-F', '-i']],
    ['err[a-z]+', true, false, ['-E']],
    ['c[a-zé]+', true, true, ['-E', '-i']],
    ['a*', true, false, ['-E']],
  ] as const)(
    'finds %s (regex %s, ignore case %s) where grep does',
    (pattern, regex, ignoreCase, flags) => {
      expect(ours({ pattern, regex, ignoreCase })).toEqual(grepMatches([...flags, '-e', pattern]));
    },
  );

  it('finds nothing for an empty pattern', () => {
    expect(matchRanges('abc', { pattern: '', regex: false, ignoreCase: false })).toEqual([]);
  });
});
