/**
 * Issue 14, "a run's errors and needs (… incompatible version) appear on that run, with their
 * action" and the recovery banner naming it. A real incompatible run: a SHA-256 run paused at a
 * checkpoint whose records then say they were written by SHA-256 version 2 (as a newer Waymark
 * would leave them; this build's SHA-256 is version 1 and has no migration), left as a crash
 * leaves it (status Running, nobody holding it), and the page reloaded. The engine's own check
 * (run-execution's carryOver → migrateCheckpointState) turns it Incompatible on its resume.
 */
import { expect, test } from '@playwright/test';
import {
  MiB,
  downloadResult,
  expectState,
  gotoApp,
  makeFile,
  runCard,
  setDebug,
  sha256sum,
  startRun,
  storedCheckpoints,
  storedRun,
  tmp,
  waitForPercent,
  reloadApp,
} from './helpers';

test('a run saved by a workflow version this app cannot resume: Incompatible on its card, named in the banner, and Run again works', async ({
  page,
  context,
}) => {
  const dir = tmp();
  const file = makeFile(dir, 'newer.bin', 8 * MiB, 41);
  const other = makeFile(dir, 'fine.bin', 2 * MiB, 42);
  await setDebug(context, {
    throttleBytesPerSec: 2 * MiB,
    copyThrottleBytesPerSec: 32 * MiB,
    settings: { checkpointEveryMs: 300 },
  });
  await gotoApp(page);
  // A finished run beside it: the incompatible one must break nothing else.
  await startRun(page, other, 'SHA-256');
  await expectState(runCard(page, 'fine.bin'), 'Completed');
  await startRun(page, file, 'SHA-256');
  const run = runCard(page, 'newer.bin');
  await waitForPercent(run, 30);
  await expect.poll(async () => (await storedRun(page, 'newer.bin'))?.input.imported).toBe(8 * MiB);
  await run.getByRole('button', { name: 'Pause', exact: true }).click();
  await expectState(run, 'Paused');
  const cps = await storedCheckpoints(page, 'newer.bin');
  expect(cps.some((c) => c.bytesDone > 0)).toBe(true);

  // Its records as a version-2 SHA-256 would have written them, and left as a crash leaves it.
  const id = (await storedRun(page, 'newer.bin'))!.id;
  await page.evaluate(async (runId) => {
    type Rec = { workflowVersion: number; status: string };
    const { engine } = (
      globalThis as unknown as {
        waymark: {
          engine: {
            store: {
              db: {
                getAll(s: string, r: IDBKeyRange): Promise<Rec[]>;
                put(s: string, v: Rec): Promise<unknown>;
              };
              updateRun(id: string, f: (r: Rec) => void): Promise<unknown>;
            };
          };
        };
      }
    ).waymark;
    const range = IDBKeyRange.bound([runId, 0], [runId, Infinity]);
    for (const cp of await engine.store.db.getAll('checkpoints', range))
      await engine.store.db.put('checkpoints', { ...cp, workflowVersion: 2 });
    await engine.store.updateRun(runId, (r) => {
      r.workflowVersion = 2;
      r.status = 'running';
    });
  }, id);
  await reloadApp(page);

  // On the run: the state, the explanation naming both versions, and its action.
  await expectState(run, 'Incompatible');
  await expect(run.getByRole('alert')).toHaveText(
    'This run was saved by SHA-256 version 2 and cannot be continued by SHA-256 version 1. Start it again to get a result.',
  );
  await expect(run.getByRole('button', { name: 'Run again' })).toBeVisible();
  await expect(run.getByRole('button', { name: 'Resume' })).toHaveCount(0);
  expect((await storedRun(page, 'newer.bin'))?.status).toBe('incompatible');

  // The banner names it, and does not count it as resumed.
  const banner = page
    .getByRole('status')
    .filter({ has: page.getByRole('list', { name: 'Recovered runs' }) });
  await expect(banner.getByRole('listitem')).toHaveText([
    'newer.bin (SHA-256): incompatible version; start it again',
  ]);
  await expect(banner.getByRole('paragraph')).toHaveText('1 run needs your attention.');

  // Nothing else broke: the completed run still downloads its digest, and Run again on the
  // same file starts a new run that completes with sha256sum's digest.
  const fine = await downloadResult(page, runCard(page, 'fine.bin'));
  expect((fine.result as { hex: string }).hex).toBe(sha256sum(other));
  await run.getByLabel('Pick the file again').setInputFiles(file);
  const again = page.getByRole('article', { name: 'newer.bin' }).first();
  await expectState(again, 'Completed');
  const doc = await downloadResult(page, again);
  expect((doc.result as { hex: string }).hex).toBe(sha256sum(file));
  await expect(page.getByRole('article', { name: 'newer.bin' })).toHaveCount(2);
});
