/**
 * Counts of dates (or date-times) by year and by month, for their histogram: by month when the
 * months span at most 40 (or the years fewer than 5), else by year when the years span at most
 * 40, else by runs of years, so there are 5–40 bins whenever the data allows. Month counts are
 * dropped once there are more than MONTH_LIMIT distinct months (then by month is never chosen);
 * years are 0000–9999, so the year counts stay bounded too.
 */
import type { HistogramBin } from './types';

const MONTH_LIMIT = 60;
const MAX_BINS = 40;

export interface CalendarSnapshot {
  years: [number, number][];
  months: [number, number][] | null;
}

export class Calendar {
  years = new Map<number, number>();
  /** year × 12 + month − 1 → count; null past MONTH_LIMIT distinct months. */
  months: Map<number, number> | null = new Map();

  add(year: number, month: number, count = 1): void {
    this.years.set(year, (this.years.get(year) ?? 0) + count);
    const months = this.months;
    if (months === null) return;
    const key = year * 12 + month - 1;
    months.set(key, (months.get(key) ?? 0) + count);
    if (months.size > MONTH_LIMIT) this.months = null;
  }

  merge(next: Calendar): void {
    for (const [y, c] of next.years) this.years.set(y, (this.years.get(y) ?? 0) + c);
    if (this.months === null || next.months === null) {
      this.months = null;
      return;
    }
    for (const [m, c] of next.months) this.months.set(m, (this.months.get(m) ?? 0) + c);
    if (this.months.size > MONTH_LIMIT) this.months = null;
  }

  histogram(): { unit: 'month' | 'year'; bins: HistogramBin[] } | null {
    if (this.years.size === 0) return null;
    const pad = (n: number, w: number): string => String(n).padStart(w, '0');
    const months = this.months;
    const years = [...this.years.keys()];
    const y0 = Math.min(...years);
    const ySpan = Math.max(...years) - y0 + 1;
    if (months !== null) {
      const keys = [...months.keys()];
      const m0 = Math.min(...keys);
      const mSpan = Math.max(...keys) - m0 + 1;
      if (mSpan <= MAX_BINS || ySpan < 5) {
        const bins: HistogramBin[] = [];
        for (let k = m0; k < m0 + mSpan; k++) {
          const label = `${pad(Math.floor(k / 12), 4)}-${pad((k % 12) + 1, 2)}`;
          bins.push({ lo: label, hi: label, count: months.get(k) ?? 0 });
        }
        return { unit: 'month', bins };
      }
    }
    const width = Math.ceil(ySpan / MAX_BINS);
    const bins: HistogramBin[] = [];
    for (let y = y0; y < y0 + ySpan; y += width) {
      let count = 0;
      for (let k = y; k < y + width; k++) count += this.years.get(k) ?? 0;
      bins.push({ lo: pad(y, 4), hi: pad(Math.min(y + width - 1, y0 + ySpan - 1), 4), count });
    }
    return { unit: 'year', bins };
  }

  save(): CalendarSnapshot {
    return { years: [...this.years], months: this.months ? [...this.months] : null };
  }

  static load(s: CalendarSnapshot): Calendar {
    const c = new Calendar();
    c.years = new Map(s.years);
    c.months = s.months ? new Map(s.months) : null;
    return c;
  }
}
