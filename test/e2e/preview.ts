/**
 * The preview entry (src/ui/preview.html, built into dist): the real views on the mock app
 * (src/ui/mock-app.svelte.ts), for checks that need every view at once and nothing moving.
 * Times are fixed (the page's clock), so "started ⟨time⟩" and the history's times never change.
 */
import { expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/** 2026-03-14 09:26:53 UTC: any fixed instant; the mock's runs are minutes before it. */
export const FIXED_NOW = Date.UTC(2026, 2, 14, 9, 26, 53);

export async function gotoPreview(page: Page, opts: { empty?: boolean } = {}): Promise<void> {
  await page.clock.setFixedTime(FIXED_NOW);
  await page.goto(`/src/ui/preview.html${opts.empty ? '?empty' : ''}`);
  if (opts.empty) await expect(page.getByRole('button', { name: 'Start' })).toBeVisible();
  else await expect(page.getByRole('article', { name: 'orders.csv' })).toBeVisible();
}

/** Opens every run's Details (the user's toggle; closed ones open, open ones stay). */
export async function openAllDetails(page: Page): Promise<void> {
  const closed = page.getByRole('button', { name: 'Details', exact: true, expanded: false });
  while ((await closed.count()) > 0) await closed.first().click();
}

/** Closes every run's Details but the first open one (the running run's, as when watched). */
export async function closeDetailsButFirst(page: Page): Promise<void> {
  const open = page.getByRole('button', { name: 'Details', exact: true, expanded: true });
  while ((await open.count()) > 1) await open.last().click();
}

/** axe on the whole page: no violation of serious or critical impact (the list names them). */
export async function expectNoSeriousViolations(
  page: Page,
  what: string,
  /** Only this part (a CSS selector), when the rest was checked already. */
  include?: string,
): Promise<void> {
  const builder = new AxeBuilder({ page });
  if (include) builder.include(include);
  const { violations } = await builder.analyze();
  const bad = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} at ${v.nodes
          .slice(0, 5)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
  expect(bad, `axe on ${what}`).toEqual([]);
}

/** The Settings panel (a `<details>` closed by default), opened. */
export async function openSettings(page: Page) {
  const panel = page
    .locator('details')
    .filter({ has: page.locator('summary', { hasText: /^Settings$/ }) });
  if ((await panel.getAttribute('open')) === null) await panel.locator('summary').click();
  await expect(page.getByLabel('Chunk size (MiB)')).toBeVisible();
  return panel;
}
