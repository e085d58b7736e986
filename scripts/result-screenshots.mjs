// Screenshots of the result views on the preview's mock app, light and dark, 1280 and 360 px
// wide, for the README (docs/screenshots/). Start the dev server first (npx vite --port N):
//   node scripts/result-screenshots.mjs http://localhost:N/src/ui/preview.html docs/screenshots
import { chromium } from 'playwright';
import { CHROMIUM_ARGS, findChromium } from './chromium-path.mjs';

const [url, out] = process.argv.slice(2);
if (!url || !out) throw new Error('usage: result-screenshots.mjs <preview url> <out dir>');

/** The mock's completed runs (src/ui/mock-results.ts) and the file name of each shot. */
const RUNS = [
  ['ubuntu-24.04.iso', 'hash'],
  ['release.tar.xz', 'digests'],
  ['orders.csv', 'csv-profile'],
  ['access.log', 'search'],
  ['backup.sql', 'gzip'],
  ['novel.txt', 'count'],
  ['mystery.bin', 'inspect'],
];

const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
for (const scheme of ['light', 'dark'])
  for (const width of [1280, 360]) {
    const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme: scheme });
    await page.goto(url);
    await page.getByRole('article', { name: 'orders.csv' }).waitFor();
    for (const [name, shot] of RUNS) {
      const run = page.getByRole('article', { name }).first();
      if (shot === 'csv-profile') await run.getByRole('button', { name: 'price' }).click();
      // The result without the run's details under it.
      const details = run.getByRole('button', { name: 'Details', exact: true });
      if ((await details.getAttribute('aria-expanded')) === 'true') await details.click();
      await run.screenshot({
        path: `${out}/${shot}-${width}-${scheme}.png`,
        animations: 'disabled',
      });
    }
    await page.close();
  }
await browser.close();
