/**
 * What a value's bytes look like, with the same rules as `../value-kind.ts` has for strings:
 * integer, decimal, boolean, ISO date or ISO date-time, after trimming spaces and tabs. Numbers
 * are converted from the bytes (Clinger's fast path: at most 15 significant digits and a power
 * of ten up to 10²², which one IEEE operation rounds correctly); longer ones go through
 * `Number()` on the few bytes, so every number equals what `Number(string)` gives.
 */
import { KIND_BOOLEAN, KIND_DATE, KIND_DATETIME, KIND_DECIMAL, KIND_INTEGER } from '../value-kind';

/** The last `scanValue` facts (a box: no allocation per value). */
export const scannedValue = { number: NaN, year: 0, month: 0 };

const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
  1e18, 1e19, 1e20, 1e21, 1e22,
];

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

function slowNumber(bytes: Uint8Array, start: number, end: number): number {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]);
  return Number(s);
}

/** KIND_INTEGER | KIND_DECIMAL, KIND_DECIMAL or 0; the number goes to `scannedValue.number`. */
function numberKind(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  let c = bytes[i];
  const negative = c === 45;
  if (c === 43 || c === 45) i++;
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  const intStart = i;
  for (; i < end && isDigit((c = bytes[i])); i++) {
    if (digits > 0 || c !== 48) {
      if (digits < 16) mantissa = mantissa * 10 + (c - 48);
      else scale++;
      digits++;
    }
  }
  const intDigits = i - intStart;
  let fracDigits = 0;
  let integer = true;
  if (i < end && bytes[i] === 46) {
    integer = false;
    i++;
    const fracStart = i;
    for (; i < end && isDigit((c = bytes[i])); i++) {
      if (digits > 0 || c !== 48) {
        if (digits < 16) {
          mantissa = mantissa * 10 + (c - 48);
          scale--;
        }
        digits++;
      } else scale--;
    }
    fracDigits = i - fracStart;
  }
  if (intDigits === 0 && fracDigits === 0) return 0;
  if (i < end) {
    c = bytes[i];
    if (c !== 101 && c !== 69) return 0;
    integer = false;
    i++;
    c = bytes[i];
    if (i < end && (c === 43 || c === 45)) i++;
    const expStart = i;
    while (i < end && isDigit(bytes[i])) i++;
    if (i === expStart || i !== end) return 0;
    // Rare in data: exponent forms go to Number() rather than being parsed twice.
    return slowKind(bytes, start, end, integer);
  }
  if (digits > 15 || scale < -22 || scale > 22) return slowKind(bytes, start, end, integer);
  let x = scale >= 0 ? mantissa * POW10[scale] : mantissa / POW10[-scale];
  if (negative) x = -x;
  scannedValue.number = x;
  return integer ? KIND_INTEGER | KIND_DECIMAL : KIND_DECIMAL;
}

function slowKind(bytes: Uint8Array, start: number, end: number, integer: boolean): number {
  const x = slowNumber(bytes, start, end);
  if (!Number.isFinite(x)) return 0;
  scannedValue.number = x;
  return integer ? KIND_INTEGER | KIND_DECIMAL : KIND_DECIMAL;
}

function two(bytes: Uint8Array, i: number): number {
  const a = bytes[i] - 48;
  const b = bytes[i + 1] - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** `YYYY-MM-DD` at bytes[s…], a real calendar date: its year and month go to `scannedValue`. */
function datePrefix(bytes: Uint8Array, s: number): boolean {
  const y1 = two(bytes, s);
  const y2 = two(bytes, s + 2);
  const month = two(bytes, s + 5);
  const day = two(bytes, s + 8);
  if (y1 < 0 || y2 < 0 || month < 1 || month > 12 || day < 1) return false;
  if (bytes[s + 4] !== 45 || bytes[s + 7] !== 45) return false;
  const year = y1 * 100 + y2;
  if (day > daysIn(year, month)) return false;
  scannedValue.year = year;
  scannedValue.month = month;
  return true;
}

/** After the date and its `T`/space: `HH:MM(:SS([.,]d+)?)?(Z|[+-]HH(:?MM)?)?` to the end. */
function timeRest(bytes: Uint8Array, i: number, end: number): boolean {
  if (end - i < 5) return false;
  const hh = two(bytes, i);
  const mm = two(bytes, i + 3);
  if (hh < 0 || hh > 23 || bytes[i + 2] !== 58 || mm < 0 || mm > 59) return false;
  i += 5;
  if (i < end && bytes[i] === 58) {
    const ss = end - i >= 3 ? two(bytes, i + 1) : -1;
    if (ss < 0 || ss > 60) return false;
    i += 3;
    if (i < end && (bytes[i] === 46 || bytes[i] === 44)) {
      const f = ++i;
      while (i < end && isDigit(bytes[i])) i++;
      if (i === f) return false;
    }
  }
  if (i === end) return true;
  const c = bytes[i];
  if (c === 90 || c === 122) return i + 1 === end;
  if (c !== 43 && c !== 45) return false;
  if (end - i < 3 || two(bytes, i + 1) < 0) return false;
  i += 3;
  if (i === end) return true;
  if (bytes[i] === 58) i++;
  return end - i === 2 && two(bytes, i) >= 0;
}

function isBoolean(bytes: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  if (n < 2 || n > 5) return false;
  let word = 0;
  for (let i = s; i < e; i++) word = word * 32 + ((bytes[i] | 0x20) - 96);
  // "true", "false", "yes", "no" as base-32 letter numbers (a = 1), case folded by | 0x20.
  return word === 674469 || word === 6337125 || word === 25779 || word === 463;
}

/**
 * The kinds the non-empty value bytes[start, end) fits, as a bit set (`../value-kind.ts`'s
 * KIND_*); when numeric its number, when a date or date-time its year and month, are left in
 * `scannedValue`.
 */
export function scanValue(bytes: Uint8Array, start: number, end: number): number {
  let s = start;
  let e = end;
  while (s < e && (bytes[s] === 32 || bytes[s] === 9)) s++;
  while (e > s && (bytes[e - 1] === 32 || bytes[e - 1] === 9)) e--;
  if (s === e) return 0;
  const c = bytes[s];
  if (isDigit(c) || c === 43 || c === 45 || c === 46) {
    const kind = numberKind(bytes, s, e);
    if (kind !== 0) return kind;
    if (e - s < 10 || !datePrefix(bytes, s)) return 0;
    if (e - s === 10) return KIND_DATE;
    const t = bytes[s + 10];
    return (t === 84 || t === 116 || t === 32) && timeRest(bytes, s + 11, e) ? KIND_DATETIME : 0;
  }
  return isBoolean(bytes, s, e) ? KIND_BOOLEAN : 0;
}
