// The tasks the end-to-end and memory sections run through the UI, each with the standard tool
// it is measured against and the check of its answer against that tool's (a wrong answer throws).
import { execFileSync } from 'node:child_process';
import { timeCommand } from './lib.mjs';
import { PATTERN, RARE, check } from './tasks.mjs';

const ENV = { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' };
const sh = (script, ...args) =>
  execFileSync('sh', ['-c', script, 'sh', ...args], { env: ENV, maxBuffer: 1 << 30 }).toString();

const fillSearch = (pattern) => async (page) => {
  await page.getByLabel('Pattern').fill(pattern);
  await page.getByLabel('Regular expression').setChecked(false);
  await page.getByLabel('Ignore case').setChecked(false);
};

/** Matches and matching lines as grep counts them. */
const grepAnswer = (count, pattern, file) => ({
  matchingLines: Number(count.trim()),
  matches: Number(sh('grep -a -F -o -e "$1" "$2" | wc -l', pattern, file).trim()),
});
const searchCheck = (what) => (run, want) =>
  check(
    `${what} vs grep -c / grep -o | wc -l`,
    { matchingLines: run.result.matchingLines, matches: run.result.matches },
    want,
  );

/**
 * `tool(file, repeat)` times the tool (best of `repeat`; its output goes to a pipe, never to
 * /dev/null, where GNU grep stops at the first match) and returns its answer as the engine's
 * result should read.
 */
export const E2E_TASKS = [
  {
    key: 'sha256',
    name: 'SHA-256',
    label: 'SHA-256',
    toolName: 'sha256sum',
    tool(file, repeat) {
      const t = timeCommand('sha256sum', [file], repeat);
      return { seconds: t.seconds, want: t.out.split(' ')[0] };
    },
    verify: (run, want) => check('SHA-256 vs sha256sum', run.result.hex, want),
  },
  {
    key: 'count',
    name: 'Count',
    label: 'Count',
    toolName: 'wc -lwmc',
    tool(file, repeat) {
      const t = timeCommand('wc', ['-lwmc', file], repeat);
      const [lines, words, chars, bytes] = t.out.trim().split(/\s+/).map(Number);
      return { seconds: t.seconds, want: { bytes, lines, words, chars } };
    },
    verify(run, want) {
      const { bytes, lines, words, chars } = run.result;
      check('Count vs wc -lwmc', { bytes, lines, words, chars }, want);
    },
  },
  {
    key: 'rare',
    name: `Search "${RARE}" (rare)`,
    pattern: RARE,
    label: 'Search',
    fill: fillSearch(RARE),
    toolName: 'grep -c -F',
    tool(file, repeat) {
      const t = timeCommand('grep', ['-a', '-F', '-c', '-e', RARE, file], repeat);
      return { seconds: t.seconds, want: grepAnswer(t.out, RARE, file) };
    },
    verify: searchCheck('Search (rare)'),
  },
  {
    key: 'error',
    name: `Search "${PATTERN}" (half the lines)`,
    pattern: PATTERN,
    label: 'Search',
    fill: fillSearch(PATTERN),
    toolName: 'grep -c -F',
    tool(file, repeat) {
      const t = timeCommand('grep', ['-a', '-F', '-c', '-e', PATTERN, file], repeat);
      return { seconds: t.seconds, want: grepAnswer(t.out, PATTERN, file) };
    },
    verify: searchCheck('Search'),
  },
];

/** Reads the file once so that every reader after it finds it in the page cache. */
export const warm = (file) => sh('cat "$1" | wc -c', file);
