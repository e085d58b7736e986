/**
 * Which rows of a long list of equal-height rows to render for a scroll position: the visible
 * ones and a few on either side, with the space the others take above and below.
 */
export interface RowWindow {
  /** First rendered row (0-based) and one past the last. */
  start: number;
  end: number;
  /** Pixels of the rows before `start` and after `end`. */
  before: number;
  after: number;
}

export function rowWindow(
  scrollTop: number,
  viewport: number,
  rowHeight: number,
  total: number,
  overscan = 8,
): RowWindow {
  if (total <= 0 || rowHeight <= 0) return { start: 0, end: 0, before: 0, after: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const shown = Math.ceil(Math.max(0, viewport) / rowHeight) + 1;
  const start = Math.min(total, Math.max(0, first - overscan));
  const end = Math.min(total, first + shown + overscan);
  return { start, end, before: start * rowHeight, after: (total - end) * rowHeight };
}
