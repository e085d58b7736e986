// A run as a user makes it, timed end to end: from the click on "Start" to the moment the run's
// state text reads "Completed", with the engine's own run events recorded along the way so that
// the time can be split into whatever phases there are (bench/phases.mjs).
import { profileContext } from './lib.mjs';
import { phases } from './phases.mjs';

/**
 * A fresh profile on disk with the app open on its default settings, as a new user has it
 * (`debug`: the app's documented debug setting, e.g. `{ copy: 'first' }` to time the copy alone;
 * `settings`: what the user set in the Settings panel).
 */
export async function freshApp(debug, settings) {
  const context = await profileContext();
  if (debug)
    await context.addInitScript(
      (d) => localStorage.setItem('waymark:debug', JSON.stringify(d)),
      debug,
    );
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto('/');
  await page.waitForFunction(() => globalThis.waymark !== undefined);
  // As for a user who has opened the app before: its service worker is active, so a picked file
  // outlives a reload and runs copy while they process (on a very first visit they copy first).
  await page.evaluate(() => navigator.serviceWorker?.ready);
  // A user's settings (the Settings panel's), e.g. `{ inputMode: 'repick' }`: "Keep input as:
  // Ask again", no copy at all.
  if (settings) await page.evaluate((s) => globalThis.waymark.app.updateSettings(s), settings);
  return { page, context };
}

/** Installed in the page: the click on Start, each run event and the moment "Completed" shows. */
function record(name) {
  const b = { t0: undefined, ui: undefined, events: [], error: undefined };
  globalThis.__e2e = b;
  document.addEventListener(
    'click',
    (e) => {
      const button = e.target instanceof Element ? e.target.closest('button') : null;
      if (button?.textContent?.trim() === 'Start' && b.t0 === undefined) b.t0 = performance.now();
    },
    { capture: true },
  );
  globalThis.waymark.engine.bus.on((e) => {
    if (e.type !== 'run' || e.remote) return;
    const { id, status, input, message } = e.run;
    b.events.push({ t: performance.now(), id, status, imported: input.imported, size: input.size });
    if (status === 'failed' || status === 'incompatible') b.error = `${status}: ${message}`;
  });
  // The state is a text inside the run's article (the automation contract): watch for it to read
  // "Completed", so the time is when the user could see it, not when the engine said so.
  const completed = () => {
    const article = [...document.querySelectorAll('article')].find(
      (a) => a.getAttribute('aria-label') === name,
    );
    if (!article) return false;
    const walk = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode())
      if (n.textContent?.trim() === 'Completed') return true;
    return false;
  };
  const seen = new MutationObserver(() => {
    if (b.t0 !== undefined && b.ui === undefined && completed()) {
      b.ui = performance.now();
      seen.disconnect();
    }
  });
  seen.observe(document.body, { subtree: true, childList: true, characterData: true });
}

/**
 * Picks `file`, chooses the task, fills its options, clicks Start and waits until the run reads
 * "Completed". Returns the phases (seconds from the click) and the run record.
 */
export async function startToCompleted(page, file, taskLabel, fill) {
  const name = file.split('/').at(-1);
  await page.evaluate(record, name);
  await page.getByLabel('Choose file').setInputFiles(file);
  await page.getByLabel('Task', { exact: true }).selectOption({ label: taskLabel });
  if (fill) await fill(page);
  await page.getByRole('button', { name: 'Start' }).click();
  await page.waitForFunction(
    () => globalThis.__e2e.ui !== undefined || globalThis.__e2e.error,
    undefined,
    { timeout: 0, polling: 100 },
  );
  const b = await page.evaluate(() => globalThis.__e2e);
  if (b.error) throw new Error(`${taskLabel} on ${name}: ${b.error}`);
  const p = phases(b);
  const run = await page.evaluate((id) => globalThis.waymark.engine.store.getRun(id), p.id);
  if (run?.status !== 'completed')
    throw new Error(`${taskLabel}: "Completed" shown, run ${run?.status}`);
  return { ...p, run };
}
