// Screenshots of the runs list on the preview's mock app (several runs, one with its Details
// open), light and dark, 1280 and 360 px wide, for the README (docs/screenshots/). Start the dev
// server first (npx vite --port N):
//   node scripts/list-screenshots.mjs http://localhost:N/src/ui/preview.html docs/screenshots
import { chromium } from 'playwright';
import { CHROMIUM_ARGS, findChromium } from './chromium-path.mjs';

const [url, out] = process.argv.slice(2);
if (!url || !out) throw new Error('usage: list-screenshots.mjs <preview url> <out dir>');

/** How many runs from the top of the list each shot shows. */
const SHOWN = 7;

const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
for (const scheme of ['light', 'dark'])
  for (const width of [1280, 360]) {
    const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme: scheme });
    await page.goto(url);
    const runs = page.getByRole('article');
    await runs.nth(SHOWN).waitFor();
    // The newest running run keeps its Details open (as it would be while watched); the others
    // are closed, as the user would close them, to show the rows.
    const open = page.getByRole('button', { name: 'Details', exact: true, expanded: true });
    while ((await open.count()) > 1) await open.last().click();
    // Clicking scrolled and focused; the clip below is in page coordinates, from the top.
    await page.evaluate(() => {
      (document.activeElement instanceof HTMLElement ? document.activeElement : null)?.blur();
      window.scrollTo(0, 0);
    });
    await page.mouse.move(0, 0);
    const list = await page.locator('#runs').boundingBox();
    const last = await runs.nth(SHOWN - 1).boundingBox();
    await page.screenshot({
      path: `${out}/runs-${width}-${scheme}.png`,
      fullPage: true,
      animations: 'disabled',
      clip: {
        x: Math.max(0, list.x - 8),
        y: Math.max(0, list.y - 8),
        width: list.width + 16,
        height: last.y + last.height - list.y + 16,
      },
    });
    await page.close();
  }
await browser.close();
