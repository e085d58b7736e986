/**
 * One column's statistics over a contiguous range of records, fed with the bytes of each field
 * and mergeable in record order, so that chunks parsed in parallel combine into the profile of
 * the whole file. Its snapshot is plain, structured-cloneable data of bounded size.
 *
 * Two phases: while the range has at most TABLE_LIMIT distinct values an exact table counts
 * them (exact distinct, top values, quantiles and histogram); past that, fixed-size sketches
 * (HyperLogLog, Space-Saving, KLL). Counts, lengths, min/max and moments are exact throughout.
 * Values are told apart by a 64-bit hash of their bytes; a value holding invalid UTF-8 is first
 * replaced by the UTF-8 of its decoded text, so values count as the text the CSV shows.
 */
import { KIND_BOOLEAN, KIND_DATE, KIND_DATETIME, KIND_DECIMAL, KIND_INTEGER } from '../value-kind';
import { Calendar, type CalendarSnapshot } from './calendar';
import { hashBytes, hashed } from './hash64';
import { KEPT_BYTES, canonicalBytes, compareBytes, keptEnd } from './kept-text';
import { profileOf } from './profile-of';
import {
  type Sketches,
  type SketchesSnapshot,
  emptySketches,
  loadSketches,
  mergeSketches,
  saveSketches,
  sketchesOf,
} from './sketches';
import type { ColumnProfile } from './types';
import { scanUtf8, scanned } from './utf8-scan';
import { scanValue, scannedValue } from './value-scan';
import { type ValueTableSnapshot, loadTable, saveTable } from './table-snapshot';
import { TABLE_LIMIT, ValueTable } from './value-table';
import { hllAddHash } from '../hyperloglog';

/** The exact counters: plain numbers, merged by adding (moments by Chan et al.'s formula). */
export interface Counters {
  count: number;
  empty: number;
  invalidUtf8: number;
  integers: number;
  decimals: number;
  booleans: number;
  dates: number;
  datetimes: number;
  /** Characters (code points) of the non-empty values. */
  chars: number;
  minLength: number;
  maxLength: number;
  /** Welford/Chan: count, mean and sum of squared deviations of the numbers. */
  numCount: number;
  numMean: number;
  numM2: number;
  numMin: number;
  numMax: number;
}

/** Plain data (typed arrays, arrays, numbers, strings): structured-cloneable. */
export interface ColumnSummarySnapshot extends Counters {
  /** The first KEPT_BYTES of the smallest/largest value in byte (= code point) order. */
  textMin: Uint8Array | null;
  textMinCut: boolean;
  textMax: Uint8Array | null;
  textMaxCut: boolean;
  table: ValueTableSnapshot | null;
  sketches: SketchesSnapshot | null;
  dateCalendar: CalendarSnapshot | null;
  datetimeCalendar: CalendarSnapshot | null;
}

const newCounters = (): Counters => ({
  count: 0,
  empty: 0,
  invalidUtf8: 0,
  integers: 0,
  decimals: 0,
  booleans: 0,
  dates: 0,
  datetimes: 0,
  chars: 0,
  minLength: -1,
  maxLength: -1,
  numCount: 0,
  numMean: 0,
  numM2: 0,
  numMin: Infinity,
  numMax: -Infinity,
});

/** One column's statistics over a contiguous range of records. */
export class ColumnSummary {
  /** @internal Read by the profile; not part of the API. */
  c: Counters = newCounters();
  /** @internal */
  textMin: Uint8Array | null = null;
  /** @internal */
  textMinCut = false;
  /** @internal */
  textMax: Uint8Array | null = null;
  /** @internal */
  textMaxCut = false;
  /** @internal Exact phase; null once the sketches took over. */
  table: ValueTable | null = new ValueTable();
  /** @internal Sketch phase. */
  sketches: Sketches | null = null;
  /** @internal */
  dateCalendar: Calendar | null = null;
  /** @internal */
  datetimeCalendar: Calendar | null = null;

  /**
   * A summary that counts its values in the sketches from the first one: for a range whose
   * column is known to be past TABLE_LIMIT distinct values in the records before it (merged
   * after them, it ends in the sketch phase anyway), so filling an exact table first and
   * turning it into sketches would be work thrown away. Exact counters stay exact; the
   * sketches' estimates keep their stated bounds.
   */
  static sketching(): ColumnSummary {
    const out = new ColumnSummary();
    out.table = null;
    out.sketches = emptySketches();
    return out;
  }

  /** Whether it is in the sketch phase (past TABLE_LIMIT distinct values). */
  get sketched(): boolean {
    return this.table === null;
  }

  /** One field's value: bytes[start, end), already unquoted and with doubled quotes undone. */
  add(bytes: Uint8Array, start: number, end: number): void {
    const c = this.c;
    c.count++;
    if (end === start) {
      c.empty++;
      return;
    }
    // One pass over the bytes hashes them and tells whether they are all ASCII.
    hashBytes(bytes, start, end);
    let chars = end - start;
    if (hashed.nonAscii) {
      scanUtf8(bytes, start, end);
      chars = scanned.chars;
      if (scanned.invalid > 0) {
        c.invalidUtf8++;
        bytes = canonicalBytes(bytes, start, end);
        start = 0;
        end = bytes.length;
        hashBytes(bytes, start, end);
      }
    }
    const { h1, h2 } = hashed;
    c.chars += chars;
    if (c.minLength < 0 || chars < c.minLength) c.minLength = chars;
    if (chars > c.maxLength) c.maxLength = chars;
    const kinds = scanValue(bytes, start, end);
    let x = NaN;
    if (kinds !== 0) {
      if (kinds & KIND_INTEGER) c.integers++;
      if (kinds & KIND_DECIMAL) {
        x = scannedValue.number;
        c.decimals++;
        c.numCount++;
        const delta = x - c.numMean;
        c.numMean += delta / c.numCount;
        c.numM2 += delta * (x - c.numMean);
        if (x < c.numMin) c.numMin = x;
        if (x > c.numMax) c.numMax = x;
      } else if (kinds & KIND_BOOLEAN) c.booleans++;
      else if (kinds & KIND_DATE) {
        c.dates++;
        (this.dateCalendar ??= new Calendar()).add(scannedValue.year, scannedValue.month);
      } else if (kinds & KIND_DATETIME) {
        c.datetimes++;
        (this.datetimeCalendar ??= new Calendar()).add(scannedValue.year, scannedValue.month);
      }
    }
    this.extremes(bytes, start, end);
    const table = this.table;
    if (table !== null) {
      const e = table.find(h1, h2);
      if (e >= 0) {
        table.counts[e]++;
        if (table.textLength[e] === 0) {
          const cut = keptEnd(bytes, start, end);
          table.setText(e, bytes, start, cut, cut < end);
        }
        return;
      }
      if (table.size < TABLE_LIMIT) {
        const cut = keptEnd(bytes, start, end);
        table.insert(h1, h2, 1, x, bytes, start, cut, cut < end);
        return;
      }
      this.toSketches();
    }
    const s = this.sketches as Sketches;
    hllAddHash(s.hll, h1, h2);
    s.top.add(h1, h2, bytes, start, end);
    if (!Number.isNaN(x)) s.kll.add(x);
  }

  private extremes(bytes: Uint8Array, start: number, end: number): void {
    const min = this.textMin;
    if (min === null || below(bytes, start, end, min, 0, min.length, this.textMinCut)) {
      const cut = keptEnd(bytes, start, end);
      this.textMin = bytes.slice(start, cut);
      this.textMinCut = cut < end;
    }
    const max = this.textMax;
    if (max === null || below(max, 0, max.length, bytes, start, end, false, this.textMaxCut)) {
      const cut = keptEnd(bytes, start, end);
      this.textMax = bytes.slice(start, cut);
      this.textMaxCut = cut < end;
    }
  }

  private toSketches(): void {
    this.sketches = sketchesOf(this.table as ValueTable);
    this.table = null;
  }

  /** Adds `next`, the summary of the records right after this one's (order matters only for ties). */
  merge(next: ColumnSummary): void {
    const a = this.c;
    const b = next.c;
    const n = a.numCount + b.numCount;
    if (b.numCount > 0) {
      const delta = b.numMean - a.numMean;
      a.numM2 += b.numM2 + (delta * delta * a.numCount * b.numCount) / n;
      a.numMean += (delta * b.numCount) / n;
    }
    a.numCount = n;
    a.numMin = Math.min(a.numMin, b.numMin);
    a.numMax = Math.max(a.numMax, b.numMax);
    for (const k of ['count', 'empty', 'invalidUtf8', 'integers', 'decimals', 'booleans'] as const)
      a[k] += b[k];
    a.dates += b.dates;
    a.datetimes += b.datetimes;
    a.chars += b.chars;
    if (b.minLength >= 0 && (a.minLength < 0 || b.minLength < a.minLength))
      a.minLength = b.minLength;
    a.maxLength = Math.max(a.maxLength, b.maxLength);
    const bMin = next.textMin;
    if (
      bMin !== null &&
      (this.textMin === null ||
        below(
          bMin,
          0,
          bMin.length,
          this.textMin,
          0,
          this.textMin.length,
          this.textMinCut,
          next.textMinCut,
        ))
    ) {
      this.textMin = bMin.slice();
      this.textMinCut = next.textMinCut;
    }
    const bMax = next.textMax;
    if (
      bMax !== null &&
      (this.textMax === null ||
        below(
          this.textMax,
          0,
          this.textMax.length,
          bMax,
          0,
          bMax.length,
          next.textMaxCut,
          this.textMaxCut,
        ))
    ) {
      this.textMax = bMax.slice();
      this.textMaxCut = next.textMaxCut;
    }
    this.dateCalendar = mergeCalendars(this.dateCalendar, next.dateCalendar);
    this.datetimeCalendar = mergeCalendars(this.datetimeCalendar, next.datetimeCalendar);
    this.mergeValues(next);
  }

  private mergeValues(next: ColumnSummary): void {
    const mine = this.table;
    const theirs = next.table;
    if (mine !== null && theirs !== null) {
      let added = 0;
      for (let e = 0; e < theirs.size; e++) if (mine.find(theirs.h1[e], theirs.h2[e]) < 0) added++;
      if (mine.size + added <= TABLE_LIMIT) {
        const { arena, textAt, textLength, truncated } = theirs;
        for (let e = 0; e < theirs.size; e++) {
          const m = mine.find(theirs.h1[e], theirs.h2[e]);
          const at = textAt[e];
          const cut = truncated[e] === 1;
          if (m < 0) {
            mine.insert(
              theirs.h1[e],
              theirs.h2[e],
              theirs.counts[e],
              theirs.numbers[e],
              arena,
              at,
              at + textLength[e],
              cut,
            );
          } else {
            mine.counts[m] += theirs.counts[e];
            if (mine.textLength[m] === 0) mine.setText(m, arena, at, at + textLength[e], cut);
          }
        }
        return;
      }
    }
    if (this.table !== null) this.toSketches();
    const other = next.table !== null ? sketchesOf(next.table) : (next.sketches as Sketches);
    mergeSketches(this.sketches as Sketches, other);
  }

  /** Structured-cloneable, bounded size whatever the input (see docs/csv-summary.md). */
  save(): ColumnSummarySnapshot {
    return {
      ...this.c,
      textMin: this.textMin ? this.textMin.slice() : null,
      textMinCut: this.textMinCut,
      textMax: this.textMax ? this.textMax.slice() : null,
      textMaxCut: this.textMaxCut,
      table: this.table ? saveTable(this.table) : null,
      sketches: this.sketches ? saveSketches(this.sketches) : null,
      dateCalendar: this.dateCalendar ? this.dateCalendar.save() : null,
      datetimeCalendar: this.datetimeCalendar ? this.datetimeCalendar.save() : null,
    };
  }

  static load(s: ColumnSummarySnapshot): ColumnSummary {
    const {
      textMin,
      textMinCut,
      textMax,
      textMaxCut,
      table,
      sketches,
      dateCalendar,
      datetimeCalendar,
      ...counters
    } = s;
    const out = new ColumnSummary();
    out.c = { ...counters };
    out.textMin = textMin ? textMin.slice() : null;
    out.textMinCut = textMinCut;
    out.textMax = textMax ? textMax.slice() : null;
    out.textMaxCut = textMaxCut;
    out.table = table ? loadTable(table) : null;
    out.sketches = sketches ? loadSketches(sketches) : null;
    out.dateCalendar = dateCalendar ? Calendar.load(dateCalendar) : null;
    out.datetimeCalendar = datetimeCalendar ? Calendar.load(datetimeCalendar) : null;
    return out;
  }

  /** The result for this column (the JSON of "Download result"). */
  profile(name: string): ColumnProfile {
    return profileOf(this, name);
  }
}

/**
 * a < b in byte order, where a cut value (only its first KEPT_BYTES kept) compares by that
 * start: a value that begins with a cut extreme counts as equal to it, not beyond it.
 */
function below(
  a: Uint8Array,
  aStart: number,
  aEnd: number,
  b: Uint8Array,
  bStart: number,
  bEnd: number,
  bCut: boolean,
  aCut = false,
): boolean {
  // Most values differ from an extreme in their first byte: decide there without a call.
  if (aEnd > aStart && bEnd > bStart && a[aStart] !== b[bStart]) return a[aStart] < b[bStart];
  if (bCut && aEnd - aStart > bEnd - bStart) aEnd = aStart + (bEnd - bStart);
  if (aCut && bEnd - bStart > aEnd - aStart) bEnd = bStart + (aEnd - aStart);
  return compareBytes(a, aStart, aEnd, b, bStart, bEnd) < 0;
}

function mergeCalendars(a: Calendar | null, b: Calendar | null): Calendar | null {
  if (b === null) return a;
  const out = a ?? new Calendar();
  out.merge(b);
  return out;
}

export { KEPT_BYTES };
