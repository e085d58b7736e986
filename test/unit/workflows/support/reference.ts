/**
 * The real tools the workflows are checked against: GNU wc, grep, gunzip, the *sum tools and a
 * Python csv-module script, all run in the C.UTF-8 locale.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const env = { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8', POSIXLY_CORRECT: undefined };
const here = dirname(fileURLToPath(import.meta.url));

function run(cmd: string, args: string[], input?: Uint8Array): Buffer {
  const r = spawnSync(cmd, args, { env, input, maxBuffer: 1 << 30 });
  if (r.error) throw r.error;
  // grep exits 1 when nothing matches; that is an answer, not a failure.
  if (r.status !== 0 && !(cmd === 'grep' && r.status === 1))
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr.toString()}`);
  return r.stdout;
}

export function hasTool(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

/** `wc -c -l -w -m` of a file. */
export function wc(path: string): { bytes: number; lines: number; words: number; chars: number } {
  const n = (flag: string): number =>
    Number(run('wc', [flag, path]).toString().trim().split(/\s+/)[0]);
  return { bytes: n('-c'), lines: n('-l'), words: n('-w'), chars: n('-m') };
}

export interface GrepOptions {
  pattern: string;
  regex: boolean;
  ignoreCase: boolean;
}

function grepArgs(o: GrepOptions): string[] {
  // -a: lines with invalid UTF-8 or NUL are still text; -e: patterns may start with "-".
  return ['-a', o.regex ? '-E' : '-F', ...(o.ignoreCase ? ['-i'] : []), '-e', o.pattern];
}

/** Matching lines (grep -c), matches (grep -o | wc -l) and the lines with numbers and byte offsets (grep -n -b). */
export function grep(
  path: string,
  o: GrepOptions,
): {
  matchingLines: number;
  matches: number;
  lines: { line: number; offset: number; text: string }[];
} {
  const args = grepArgs(o);
  const matchingLines = Number(
    run('grep', ['-c', ...args, path])
      .toString()
      .trim(),
  );
  const onlyMatching = run('grep', ['-o', ...args, path]);
  let matches = 0;
  for (const b of onlyMatching) if (b === 10) matches++;
  const out = run('grep', ['-n', '-b', ...args, path]);
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const lines: { line: number; offset: number; text: string }[] = [];
  let start = 0;
  while (start < out.length) {
    let end = out.indexOf(10, start);
    if (end === -1) end = out.length;
    const rec = out.subarray(start, end);
    const c1 = rec.indexOf(58);
    const c2 = rec.indexOf(58, c1 + 1);
    lines.push({
      line: Number(rec.subarray(0, c1).toString()),
      offset: Number(rec.subarray(c1 + 1, c2).toString()),
      text: decoder.decode(rec.subarray(c2 + 1)),
    });
    start = end + 1;
  }
  return { matchingLines, matches, lines };
}

/** gunzip -c of a file. */
export function gunzip(path: string): Buffer {
  return run('gunzip', ['-c', path]);
}

/** cmp -s: true when the files are byte-identical. */
export function cmp(a: string, b: string): boolean {
  return spawnSync('cmp', ['-s', a, b]).status === 0;
}

/** Hex digest from a coreutils *sum tool (sha256sum, md5sum, …), or b3sum. */
export function sumTool(tool: string, path: string): string {
  return execFileSync(tool, [path], { env }).toString().split(/\s+/)[0];
}

/** The reference implementations of BLAKE3 (`b3sum`) and xxHash64 (`xxhsum -H64`), seed 0. */
export function b3sum(path: string): string {
  return sumTool('b3sum', path);
}

export function xxhsum64(path: string): string {
  return execFileSync('xxhsum', ['-H64', path], { env }).toString().split(/\s+/)[0];
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
  minLength: number | null;
  maxLength: number | null;
  top: { value: string; count: number }[];
}

/** The Python csv-module reference profile; `quote` is '"' (default), "'" or 'none'. */
export function pythonCsvProfile(
  path: string,
  delimiter: string,
  quote = '"',
): { rows: number; raggedRows: number; columns: PyColumn[] } {
  const out = run('python3', [
    join(here, 'csv_reference.py'),
    path,
    delimiter === '\t' ? 'tab' : delimiter,
    quote,
  ]);
  return JSON.parse(out.toString()) as { rows: number; raggedRows: number; columns: PyColumn[] };
}

/** The records Python's csv module reads from a file (blank lines skipped). */
export function pythonCsvRecords(path: string, delimiter: string, quote = '"'): string[][] {
  const out = run('python3', [
    join(here, 'csv_reference.py'),
    path,
    delimiter === '\t' ? 'tab' : delimiter,
    quote,
    '--records',
  ]);
  return JSON.parse(out.toString()) as string[][];
}

/** wc_classes.py's table, straight from glibc. */
export function glibcClassTable(): string {
  return run('python3', [join(here, 'wc_classes.py')])
    .toString()
    .trim();
}

/** Matching lines (grep -c) and matches (grep -o | wc -l) only: no line is copied into memory. */
export function grepCounts(
  path: string,
  o: GrepOptions,
): { matchingLines: number; matches: number } {
  const args = grepArgs(o);
  const matchingLines = Number(
    run('grep', ['-c', ...args, path])
      .toString()
      .trim(),
  );
  let matches = 0;
  for (const b of run('grep', ['-o', ...args, path])) if (b === 10) matches++;
  return { matchingLines, matches };
}
