/**
 * What a CSV value looks like: integer, decimal, boolean, ISO date or ISO date-time. Values are
 * trimmed of spaces and tabs first (" 42" is an integer). Only unambiguous formats are
 * recognized: "01/02/2024" could be January or February, so it stays a string.
 *
 * Numbers are recognized by a hand-written scanner rather than regular expressions: this runs
 * for every value of a multi-gigabyte file.
 */
export const KIND_INTEGER = 1;
export const KIND_DECIMAL = 2;
export const KIND_BOOLEAN = 4;
export const KIND_DATE = 8;
export const KIND_DATETIME = 16;

const DATETIME =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,][0-9]+)?)?(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)?$/i;
const BOOLEANS = new Set(['true', 'false', 'yes', 'no']);

/** The number of the last value `classify` found numeric (a box: no allocation per value). */
export const classified = { number: NaN };

/** Spaces and tabs only: other whitespace is rare in data and would differ between tools. */
export function trimBlanks(v: string): string {
  let a = 0;
  let b = v.length;
  while (a < b && (v.charCodeAt(a) === 32 || v.charCodeAt(a) === 9)) a++;
  while (b > a && (v.charCodeAt(b - 1) === 32 || v.charCodeAt(b - 1) === 9)) b--;
  return a === 0 && b === v.length ? v : v.slice(a, b);
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * KIND_INTEGER | KIND_DECIMAL, KIND_DECIMAL or 0 for `[+-]?(digits[.digits?]|.digits)([eE][+-]?digits)?`.
 */
function numberKind(t: string): number {
  const n = t.length;
  let i = 0;
  let c = t.charCodeAt(0);
  if (c === 43 || c === 45) i++;
  const intStart = i;
  while (i < n && isDigit(t.charCodeAt(i))) i++;
  const intDigits = i - intStart;
  if (i === n) return intDigits > 0 ? KIND_INTEGER | KIND_DECIMAL : 0;
  let fracDigits = 0;
  if (t.charCodeAt(i) === 46) {
    i++;
    const fracStart = i;
    while (i < n && isDigit(t.charCodeAt(i))) i++;
    fracDigits = i - fracStart;
  }
  if (intDigits === 0 && fracDigits === 0) return 0;
  if (i < n) {
    c = t.charCodeAt(i);
    if (c !== 101 && c !== 69) return 0;
    i++;
    c = t.charCodeAt(i);
    if (c === 43 || c === 45) i++;
    const expStart = i;
    while (i < n && isDigit(t.charCodeAt(i))) i++;
    if (i === expStart || i !== n) return 0;
  }
  return KIND_DECIMAL;
}

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= days;
}

/** `YYYY-MM-DD` at the start of t, if it is a real calendar date. */
function datePrefix(t: string): boolean {
  for (const k of [0, 1, 2, 3, 5, 6, 8, 9]) if (!isDigit(t.charCodeAt(k))) return false;
  if (t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45) return false;
  return validDate(Number(t.slice(0, 4)), Number(t.slice(5, 7)), Number(t.slice(8, 10)));
}

/**
 * The kinds a non-empty value fits, as a bit set; when numeric, its number is left in
 * `classified.number`. A decimal that overflows to Infinity is not numeric.
 */
export function classify(value: string): number {
  const t = trimBlanks(value);
  const c = t.charCodeAt(0);
  if (isDigit(c) || c === 43 || c === 45 || c === 46) {
    const kind = numberKind(t);
    if (kind !== 0) {
      const x = Number(t);
      if (!Number.isFinite(x)) return 0;
      classified.number = x;
      return kind;
    }
    if (t.length < 10 || !datePrefix(t)) return 0;
    if (t.length === 10) return KIND_DATE;
    const m = DATETIME.exec(t);
    return m && Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[6] ?? 0) < 61
      ? KIND_DATETIME
      : 0;
  }
  if (t.length >= 2 && t.length <= 5 && BOOLEANS.has(t.toLowerCase())) return KIND_BOOLEAN;
  return 0;
}
