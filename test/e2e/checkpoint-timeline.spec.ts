/**
 * The checkpoint timeline of a map task (Count runs its chunks on a pool and has no fold
 * strip): one mark per stored checkpoint, in time order, each at the progress its record
 * says. The reference is the engine's stored checkpoint records (their number, time, step and
 * done bytes) and the file's size as stat says, read independently of the view.
 */
import { statSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import {
  MiB,
  expectState,
  gotoApp,
  makeFile,
  openDetails,
  runCard,
  setDebug,
  startRun,
  storedCheckpoints,
  tmp,
} from './helpers';

/** Count's steps (src/workflows/count/workflow.ts: one map step). */
const COUNT_STEPS = 1;

test('a Count run: the timeline marks every stored checkpoint at its progress, oldest first', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  const file = makeFile(tmp(), 'timed.bin', 24 * MiB + 777, 21);
  const size = statSync(file).size;
  await setDebug(context, {
    throttleBytesPerSec: 4 * MiB,
    settings: { workers: 1, chunkSize: 1 * MiB, checkpointEveryMs: 300 },
  });
  await gotoApp(page);
  await startRun(page, file, 'Count');
  const run = runCard(page, 'timed.bin');
  await expectState(run, 'Running');
  await openDetails(run);
  const timeline = run.getByRole('img', { name: 'Checkpoint timeline' });
  // Mid-run already: a map task's timeline, beside its chunk map.
  await expect(timeline).toHaveAccessibleDescription(/^\d+ checkpoints? over /);
  await expect(run.getByRole('img', { name: /chunks/ }).first()).toBeVisible();
  await expectState(run, 'Completed');

  const stored = (await storedCheckpoints(page, 'timed.bin')).sort(
    (a, b) => a.at - b.at || a.seq - b.seq,
  );
  // Interval checkpoints over a 6 s run (a chunk takes at least 250 ms at this pace), and the
  // result: more than the 10 rows the table shows before "Show all", all on the timeline.
  expect(stored.length).toBeGreaterThan(10);
  const expected = stored.map((c) =>
    c.stepIndex >= COUNT_STEPS
      ? 'the result'
      : `${Math.floor(((c.stepIndex + Math.min(1, c.bytesDone / size)) / COUNT_STEPS) * 100)} %`,
  );
  // Progress rises along the run (no restore here), and the last mark is the result.
  expect(expected.at(-1)).toBe('the result');
  await expect(timeline).toHaveAccessibleDescription(
    new RegExp(`^${stored.length} checkpoints over `),
  );
  const description = (await timeline.evaluate(
    (el) => document.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent,
  )) as string;
  const seen = [...description.matchAll(/(\d+ %|the result) after /g)].map((m) => m[1]);
  expect(seen).toEqual(expected);
  // One mark per checkpoint: dots, and the result's square.
  await expect(timeline.locator('circle')).toHaveCount(stored.length - 1);
  await expect(timeline.locator('rect')).toHaveCount(1);
  // The marks go left to right in time order, as high as their progress.
  const marks = await timeline.locator('circle, rect').evaluateAll((els) =>
    els.map((e) => {
      const b = (e as SVGGraphicsElement).getBBox();
      return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
    }),
  );
  for (let i = 1; i < marks.length; i++) {
    expect(marks[i].x).toBeGreaterThanOrEqual(marks[i - 1].x);
    expect(marks[i].y).toBeLessThanOrEqual(marks[i - 1].y);
  }
  // The history table shows the newest 10 of them until "Show all" is pressed.
  await expect(
    run.getByRole('table', { name: 'Checkpoint history' }).locator('tbody tr'),
  ).toHaveCount(10);
});
