// The memory benchmark counts the processes of one browser: the one whose command line names the
// profile, and all its descendants, typed by `--type=` as Chromium's children spell it (their
// command line rewritten into one string). Checked against the pids the shell itself reports.
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { browserTree } from '../../../bench/mem-sampler.mjs';

const PROFILE = `/tmp/waymark-tree-test-${process.pid}`;
const SCRIPT = `
  (exec -a "fake-chromium --type=renderer --user-data-dir=${PROFILE}" sleep 30) & echo $!
  bash -c 'sleep 30 & echo $!; wait' & echo $!
  wait
`;
let killAll: (() => void) | undefined;
afterEach(() => killAll?.());

describe('browserTree', () => {
  it('finds the main process by its profile and every descendant, with their types', async () => {
    // The script comes through the environment so that the main command line holds no --type.
    const main = spawn('bash', ['-c', 'eval "$S"', 'fake-chromium', `--user-data-dir=${PROFILE}`], {
      env: { ...process.env, S: SCRIPT },
    });
    // An unrelated process with the same flag as a child type is never taken for the main one.
    const other = spawn('bash', [
      '-c',
      `exec -a "fake-chromium --type=gpu-process --user-data-dir=${PROFILE}" sleep 30`,
    ]);
    let out = '';
    main.stdout.on('data', (d) => (out += String(d)));
    await new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (out.trim().split('\n').length >= 3) {
          clearInterval(t);
          resolve();
        }
      }, 20);
    });
    const [renderer, innerShell, innerSleep] = out.trim().split('\n').map(Number);
    const pids = [main.pid, renderer, innerShell, innerSleep] as number[];
    killAll = () => {
      for (const p of [...pids, other.pid as number]) {
        try {
          process.kill(p, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    };
    const tree = browserTree(PROFILE);
    expect([...tree.keys()].sort((a, b) => a - b)).toEqual([...pids].sort((a, b) => a - b));
    expect(tree.get(main.pid as number)?.type).toBe('browser');
    expect(tree.get(renderer)?.type).toBe('renderer');
    expect(tree.has(other.pid as number)).toBe(false);
  });
});
