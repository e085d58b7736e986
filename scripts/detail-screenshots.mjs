// Screenshots of the run detail (chunk map with its legend, counters, checkpoint history and
// event log) on the preview's mock app: a map task of 100,000 chunks and a fold task, light and
// dark, 1280 and 360 px wide, for the README (docs/screenshots/). Start the dev server first
// (npx vite --port N):
//   node scripts/detail-screenshots.mjs http://localhost:N/src/ui/preview.html docs/screenshots
import { chromium } from 'playwright';
import { CHROMIUM_ARGS, findChromium } from './chromium-path.mjs';

const [url, out] = process.argv.slice(2);
if (!url || !out) throw new Error('usage: detail-screenshots.mjs <preview url> <out dir>');

/** The mock's run (its article's name) and the file name of its shots. */
const SHOTS = [
  ['sensor-archive.bin', 'detail-map'],
  ['debian-12.7.0-amd64-DVD-1.iso', 'detail-fold'],
];

const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
for (const scheme of ['light', 'dark'])
  for (const width of [1280, 360]) {
    const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme: scheme });
    await page.goto(url);
    for (const [name, file] of SHOTS) {
      const run = page.getByRole('article', { name, exact: true });
      const details = run.getByRole('button', { name: 'Details', exact: true });
      if ((await details.getAttribute('aria-expanded')) !== 'true') await details.click();
      await run.getByRole('list', { name: 'Event log' }).waitFor();
      // The canvas draws on the next animation frame.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
      await page.evaluate(() => {
        (document.activeElement instanceof HTMLElement ? document.activeElement : null)?.blur();
      });
      await page.mouse.move(0, 0);
      await run.screenshot({
        path: `${out}/${file}-${width}-${scheme}.png`,
        animations: 'disabled',
      });
    }
    await page.close();
  }
await browser.close();
