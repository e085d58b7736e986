/**
 * The exact table's snapshot, packed into one byte array so that a column at TABLE_LIMIT
 * distinct values stays within the 128 KiB a column's snapshot may take (docs/csv-summary.md,
 * "Snapshot size"). Per entry, in table order:
 *
 * - a header varint: (bytes << 2) | mode for the inline modes, else (kept bytes << 3) |
 *   (truncated << 2) | mode;
 * - mode NIBBLES: a value of digits, signs, points and exponent letters (numbers, mostly), two
 *   characters a byte; mode INLINE: other short values' bytes themselves. Cheaper than a hash,
 *   and exact: the hash and number are computed again on load, by the functions `add` used;
 * - mode HASH / HASH_NUMBER: the 64-bit hash (8 bytes), then for HASH_NUMBER the number: a
 *   varint scale s ≤ 22 and the zigzag varint of m with m / 10^s = the number (what a decimal
 *   of up to 15 digits takes), or s = RAW and its 8 bytes; then the kept bytes, if any;
 * - the count, a varint.
 *
 * The kept texts of hashed entries are those of the ranking's longest prefix within
 * TABLE_TEXT_BUDGET bytes; the others are known again when the value next occurs.
 */
import { hashBytes, hashed } from './hash64';
import { keepWithinBudget } from './select';
import { KIND_DECIMAL } from '../value-kind';
import { scanValue, scannedValue } from './value-scan';
import { ValueTable } from './value-table';

/** UTF-8 bytes of kept texts a snapshot holds beyond those of inlined values. */
export const TABLE_TEXT_BUDGET = 16_384;
/** Values of at most this many bytes are stored as themselves rather than by hash. */
const INLINE_BYTES = 8;
const HASH = 0;
const HASH_NUMBER = 1;
const INLINE = 2;
const NIBBLES = 3;
/** Values of at most this many characters of NIBBLE_CHARS are stored two characters a byte. */
const NIBBLE_CHARS_MAX = 32;
const NIBBLE_CHARS = '0123456789.-+eE';
/** Byte → nibble + 1 (0: not in NIBBLE_CHARS). */
const NIBBLE_OF = new Uint8Array(256);
for (let k = 0; k < NIBBLE_CHARS.length; k++) NIBBLE_OF[NIBBLE_CHARS.charCodeAt(k)] = k + 1;
const scratch = new Uint8Array(NIBBLE_CHARS_MAX);
const RAW = 23;
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

export interface ValueTableSnapshot {
  size: number;
  packed: Uint8Array;
}

class Writer {
  bytes = new Uint8Array(1024);
  at = 0;
  private room(n: number): void {
    if (this.at + n <= this.bytes.length) return;
    const bigger = new Uint8Array(Math.max(2 * this.bytes.length, this.at + n));
    bigger.set(this.bytes.subarray(0, this.at));
    this.bytes = bigger;
  }
  /** A non-negative safe integer, 7 bits a byte. */
  varint(v: number): void {
    this.room(8);
    while (v >= 128) {
      this.bytes[this.at++] = (v % 128) | 128;
      v = Math.floor(v / 128);
    }
    this.bytes[this.at++] = v;
  }
  u32(v: number): void {
    this.room(4);
    for (let k = 0; k < 4; k++) this.bytes[this.at++] = (v >>> (8 * k)) & 0xff;
  }
  copy(src: Uint8Array, start: number, end: number): void {
    this.room(end - start);
    this.bytes.set(src.subarray(start, end), this.at);
    this.at += end - start;
  }
  /** Bytes of NIBBLE_CHARS, two a byte (the first in the low half). */
  nibbles(src: Uint8Array, start: number, end: number): void {
    this.room((end - start + 1) >> 1);
    for (let k = start; k < end; k += 2) {
      const hi = k + 1 < end ? NIBBLE_OF[src[k + 1]] - 1 : 15;
      this.bytes[this.at++] = (NIBBLE_OF[src[k]] - 1) | (hi << 4);
    }
  }
  float(x: number): void {
    this.room(8);
    new DataView(this.bytes.buffer).setFloat64(this.at, x, true);
    this.at += 8;
  }
}

class Reader {
  at = 0;
  constructor(readonly bytes: Uint8Array) {}
  varint(): number {
    let v = 0;
    let scale = 1;
    for (;;) {
      const b = this.bytes[this.at++];
      v += (b & 127) * scale;
      if (b < 128) return v;
      scale *= 128;
    }
  }
  u32(): number {
    const b = this.bytes;
    const i = this.at;
    this.at += 4;
    return (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
  }
  float(): number {
    const x = new DataView(this.bytes.buffer, this.bytes.byteOffset).getFloat64(this.at, true);
    this.at += 8;
    return x;
  }
}

/** The scale s with x = m / 10^s exactly for a safe integer m, or RAW. */
function scaleOf(x: number): number {
  if (Object.is(x, -0) || !Number.isFinite(x)) return RAW;
  for (let s = 0; s < RAW; s++) {
    const m = Math.round(x * POW10[s]);
    // Below 2^52, so that its zigzag form (2|m|) is still an exact integer.
    if (Math.abs(m) >= 2 ** 52) return RAW;
    if ((s === 0 ? m : m / POW10[s]) === x) return s;
  }
  return RAW;
}

function writeNumber(w: Writer, x: number): void {
  const s = scaleOf(x);
  w.varint(s);
  if (s === RAW) {
    w.float(x);
    return;
  }
  const m = Math.round(x * POW10[s]);
  w.varint(m >= 0 ? 2 * m : -2 * m - 1);
}

function readNumber(r: Reader): number {
  const s = r.varint();
  if (s === RAW) return r.float();
  const z = r.varint();
  const m = z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  return s === 0 ? m : m / POW10[s];
}

export function saveTable(t: ValueTable): ValueTableSnapshot {
  const n = t.size;
  const inlineMode = (e: number): number => {
    const len = t.textLength[e];
    if (len === 0 || t.truncated[e] === 1) return -1;
    const at = t.textAt[e];
    if (len <= NIBBLE_CHARS_MAX) {
      let k = at;
      while (k < at + len && NIBBLE_OF[t.arena[k]] !== 0) k++;
      if (k === at + len) return NIBBLES;
    }
    return len <= INLINE_BYTES ? INLINE : -1;
  };
  const modes = new Int8Array(n);
  for (let e = 0; e < n; e++) modes[e] = inlineMode(e);
  const inline = (e: number): boolean => modes[e] >= 0;
  // Hashed entries whose text the budget keeps (inlined ones carry theirs anyway).
  const kept = new Uint8Array(n);
  const known = new Int32Array(n);
  let m = 0;
  for (let e = 0; e < n; e++) if (t.textLength[e] > 0 && !inline(e)) known[m++] = e;
  keepWithinBudget(
    known.subarray(0, m),
    t.before,
    (e) => t.textLength[e],
    TABLE_TEXT_BUDGET,
    (e) => (kept[e] = 1),
  );
  const w = new Writer();
  for (let e = 0; e < n; e++) {
    const at = t.textAt[e];
    const len = t.textLength[e];
    if (modes[e] === INLINE) {
      w.varint((len << 2) | INLINE);
      w.copy(t.arena, at, at + len);
    } else if (modes[e] === NIBBLES) {
      w.varint((len << 2) | NIBBLES);
      w.nibbles(t.arena, at, at + len);
    } else {
      const x = t.numbers[e];
      const mode = Number.isNaN(x) ? HASH : HASH_NUMBER;
      const keep = kept[e] === 1 ? len : 0;
      w.varint(keep * 8 + (kept[e] === 1 ? t.truncated[e] * 4 : 0) + mode);
      w.u32(t.h1[e]);
      w.u32(t.h2[e]);
      if (mode === HASH_NUMBER) writeNumber(w, x);
      if (keep > 0) w.copy(t.arena, at, at + keep);
    }
    w.varint(t.counts[e]);
  }
  return { size: n, packed: w.bytes.slice(0, w.at) };
}

export function loadTable(s: ValueTableSnapshot): ValueTable {
  const t = new ValueTable();
  const r = new Reader(s.packed);
  const bytes = s.packed;
  for (let e = 0; e < s.size; e++) {
    const header = r.varint();
    const mode = header & 3;
    if (mode === INLINE || mode === NIBBLES) {
      const len = header >>> 2;
      let src = bytes;
      let start = r.at;
      if (mode === NIBBLES) {
        for (let k = 0; k < len; k++) {
          const b = bytes[r.at + (k >> 1)];
          scratch[k] = NIBBLE_CHARS.charCodeAt(k % 2 === 0 ? b & 15 : b >>> 4);
        }
        r.at += (len + 1) >> 1;
        src = scratch;
        start = 0;
      } else r.at += len;
      hashBytes(src, start, start + len);
      const { h1, h2 } = hashed;
      const x = scanValue(src, start, start + len) & KIND_DECIMAL ? scannedValue.number : NaN;
      t.insert(h1, h2, r.varint(), x, src, start, start + len, false);
      continue;
    }
    const len = Math.floor(header / 8);
    const cut = (header & 4) !== 0;
    const h1 = r.u32();
    const h2 = r.u32();
    const x = mode === HASH_NUMBER ? readNumber(r) : NaN;
    const start = r.at;
    r.at += len;
    t.insert(h1, h2, r.varint(), x, bytes, start, start + len, cut);
  }
  return t;
}
