// Screenshots of the confirmation dialogs (Cancel, Delete, Restore) on the preview's mock app,
// light and dark, 1280 and 360 px wide, for the README (docs/screenshots/). Start the dev server
// first (npx vite --port N):
//   node scripts/dialog-screenshots.mjs http://localhost:N/src/ui/preview.html docs/screenshots
import { chromium } from 'playwright';
import { CHROMIUM_ARGS, findChromium } from './chromium-path.mjs';

const [url, out] = process.argv.slice(2);
if (!url || !out) throw new Error('usage: dialog-screenshots.mjs <preview url> <out dir>');

/** The mock's run, how to open its dialog, and the file name of each shot. */
const SHOTS = [
  [
    'photos-backup.tar',
    (run) => run.getByRole('button', { name: 'Cancel', exact: true }),
    'confirm-cancel',
  ],
  ['dump.sql', (run) => run.getByRole('button', { name: 'Delete', exact: true }), 'confirm-delete'],
  [
    'dump.sql',
    (run) => run.getByRole('button', { name: /^Restore checkpoint \d+$/ }).last(),
    'confirm-restore',
  ],
];

const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
for (const scheme of ['light', 'dark'])
  for (const width of [1280, 360]) {
    const page = await browser.newPage({ viewport: { width, height: 800 }, colorScheme: scheme });
    await page.goto(url);
    await page.getByRole('article', { name: 'dump.sql' }).waitFor();
    for (const [name, opener, shot] of SHOTS) {
      const run = page.getByRole('article', { name }).first();
      // A "Details" toggle may keep the checkpoint history closed.
      const toggle = run.getByRole('button', { name: 'Details', exact: true });
      if ((await toggle.count()) > 0 && (await toggle.getAttribute('aria-expanded')) === 'false')
        await toggle.click();
      const button = opener(run);
      await button.scrollIntoViewIfNeeded();
      await button.click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      await page.screenshot({
        path: `${out}/${shot}-${width}-${scheme}.png`,
        animations: 'disabled',
      });
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
    }
    await page.close();
  }
await browser.close();
