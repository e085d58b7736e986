/**
 * Where focus goes after an action that removes or adds what had it (Delete, Start, Fork), so
 * that it never falls to the page body. Runs are found by their `data-run-id` (RunCard).
 */

const RUN = '[data-run-id]';

/** The runs in the page, in document order (a run's inner elements that carry the id too excluded). */
export function runElements(root: ParentNode = document): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(RUN)].filter(
    (el) => !el.parentElement?.closest(RUN),
  );
}

/** Ids of the runs in the page now: pass them to {@link focusNewRun} before starting one. */
export function runIdsInPage(root: ParentNode = document): Set<string> {
  return new Set(runElements(root).map((el) => el.dataset.runId ?? ''));
}

/** The run shown after `runId` (or before it when it is the last): where focus goes on delete. */
export function neighbourOf(runId: string, ids: readonly string[]): string | undefined {
  const i = ids.indexOf(runId);
  if (i < 0) return undefined;
  return ids[i + 1] ?? ids[i - 1];
}

/** Scrolls the element into view and focuses it (made focusable by script only: tabindex -1). */
export function focusElement(el: HTMLElement): void {
  if (!el.hasAttribute('tabindex') && !el.matches('a[href], button, input, select, textarea'))
    el.setAttribute('tabindex', '-1');
  const reduce = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
  el.scrollIntoView({ block: 'nearest', behavior: reduce ? 'auto' : 'smooth' });
  el.focus({ preventScroll: true });
}

/**
 * Resolves with the first element `find` returns within `timeoutMs`, checking once a frame
 * (the store renders a new run a moment after the action resolves), or undefined.
 */
export function whenPresent(
  find: () => HTMLElement | null | undefined,
  timeoutMs = 3000,
): Promise<HTMLElement | undefined> {
  const until = performance.now() + timeoutMs;
  return new Promise((resolve) => {
    const look = () => {
      const el = find();
      if (el) resolve(el);
      else if (performance.now() > until) resolve(undefined);
      else requestAnimationFrame(look);
    };
    look();
  });
}

function runById(id: string): HTMLElement | undefined {
  return runElements().find((el) => el.dataset.runId === id);
}

/** Resolves true once run `id` has left the page (the store renders a delete a moment later). */
export async function runGone(id: string, timeoutMs = 2000): Promise<boolean> {
  const body = await whenPresent(() => (runById(id) ? undefined : document.body), timeoutMs);
  return body !== undefined;
}

/** Focuses run `id` once it is in the page; false when it did not appear. */
export async function focusRun(id: string, timeoutMs?: number): Promise<boolean> {
  const el = await whenPresent(() => runById(id), timeoutMs);
  if (el) focusElement(el);
  return el !== undefined;
}

/** True while focus is where an action left it: on the body, or inside `scope`. */
export function focusUnmoved(scope: Element | null | undefined): boolean {
  const a = document.activeElement;
  return !a || a === document.body || (scope?.contains(a) ?? false);
}

/**
 * Focuses the first run not among `before` once it appears (a started or forked run), unless
 * the user moved focus out of `scope` meanwhile.
 */
export async function focusNewRun(
  before: ReadonlySet<string>,
  scope?: Element | null,
  timeoutMs?: number,
): Promise<boolean> {
  const el = await whenPresent(
    () => runElements().find((e) => !before.has(e.dataset.runId ?? '')),
    timeoutMs,
  );
  if (el && focusUnmoved(scope)) focusElement(el);
  return el !== undefined;
}

/** The New run form's file input (its "Choose file"): where focus goes when no run is left. */
export function focusNewRunForm(): void {
  const input = document.getElementById('file-input');
  const heading = document.getElementById('new-run-heading');
  if (input) input.focus();
  else if (heading) focusElement(heading);
}
