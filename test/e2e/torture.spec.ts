/** The torture test's 3-kill version (npm run torture -- --kills N runs the long one). */
import { test, expect } from '@playwright/test';
import { torture } from '../torture/torture.mjs';
import { BASE_URL } from './helpers';

test('torture: 3 random SIGKILLs of the real browser; results exact, each kill costs at most one interval', async () => {
  test.setTimeout(300_000);
  const lines: string[] = [];
  const { failures } = await torture({
    kills: 3,
    baseURL: BASE_URL,
    sizeMiB: 12,
    log: (l: string) => lines.push(l),
  });
  console.log(lines.join('\n'));
  expect(failures).toEqual([]);
});
