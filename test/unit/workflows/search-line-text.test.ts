/**
 * The kept lines' texts, read back in finish: each equals its whole line decoded and cut to
 * MAX_LINE_TEXT, however long the line and whatever its characters, in blocks or alone.
 */
import { describe, expect, it } from 'vitest';
import { MAX_LINE_TEXT } from '../../../src/workflows';
import { keptFromLines } from '../../../src/workflows/search/kept-lines';
import { readKeptLines } from '../../../src/workflows/search/line-text';
import { randomBytes, utf8 } from './support/fixtures';

const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** The obvious answer: decode the whole line, cut it (never inside a surrogate pair). */
function naive(line: Uint8Array): { text: string; textTruncated?: true } {
  const text = decoder.decode(line);
  if (text.length <= MAX_LINE_TEXT) return { text };
  const hi = text.charCodeAt(MAX_LINE_TEXT - 1);
  const cut = hi >= 0xd800 && hi <= 0xdbff ? MAX_LINE_TEXT - 1 : MAX_LINE_TEXT;
  return { text: text.slice(0, cut), textTruncated: true };
}

describe('readKeptLines', () => {
  it('gives each line as decoding the whole line would, cut to MAX_LINE_TEXT (property)', async () => {
    // Characters of 1 to 4 bytes, a lone continuation byte and a cut-off sequence.
    const pieces = [
      ...['a', 'é', '€', '😀', '\r'].map((c) => utf8(c)),
      Uint8Array.of(0x80),
      Uint8Array.of(0xf0, 0x9f),
    ];
    for (let seed = 1; seed <= 40; seed++) {
      const r = randomBytes(seed + 300, 64);
      const parts: Uint8Array[] = [];
      const starts: number[] = [];
      let size = 0;
      for (let l = 0; l < 12; l++) {
        starts.push(size);
        // Lengths around the text cap and the byte cap: short, ~4096 units, ~16 KiB, longer.
        const target = [
          3,
          MAX_LINE_TEXT - 2,
          MAX_LINE_TEXT + 1,
          3 * MAX_LINE_TEXT,
          5 * MAX_LINE_TEXT,
        ][r[l] % 5];
        const kind = pieces[r[l + 12] % pieces.length];
        const mixed = r[l + 24] % 2 === 0;
        let units = 0;
        for (let k = 0; units < target; k++) {
          const p = mixed ? pieces[(k * 7 + l) % pieces.length] : kind;
          parts.push(p);
          size += p.length;
          units += 1;
        }
        if (!(l === 11 && seed % 2 === 0)) {
          parts.push(Uint8Array.of(10));
          size += 1;
        }
      }
      const bytes = new Uint8Array(size);
      let at = 0;
      for (const p of parts) {
        bytes.set(p, at);
        at += p.length;
      }
      const input = {
        size,
        read: async (a: number, b: number) => bytes.slice(a, Math.min(b, size)),
      };
      const kept = keptFromLines(starts.map((offset, i) => ({ line: i + 1, offset })));
      const got = await readKeptLines(kept, input);
      const want = starts.map((offset, i) => {
        let end = bytes.indexOf(10, offset);
        if (end === -1) end = size;
        return { line: i + 1, offset, ...naive(bytes.subarray(offset, end)) };
      });
      expect(got, `seed ${seed}`).toEqual(want);
      // Every other line alone: a block read for each.
      const alone = keptFromLines(
        want.filter((_, i) => i % 2).map(({ line, offset }) => ({ line, offset })),
      );
      expect(await readKeptLines(alone, input)).toEqual(want.filter((_, i) => i % 2));
    }
  });

  it('reads about one line of bytes per kept line when they are far apart', async () => {
    // The default cap of 10,000 lines, each 10 bytes, 1 MiB apart: rare matches in a 10 GiB log.
    const gap = 1 << 20;
    const n = 10_000;
    let bytesRead = 0;
    const input = {
      size: n * gap,
      async read(a: number, b: number) {
        bytesRead += b - a;
        const out = new Uint8Array(b - a).fill(0x61);
        for (let p = Math.ceil((a - 10) / gap) * gap + 10; p < b; p += gap)
          if (p >= a) out[p - a] = 10;
        return out;
      },
    };
    const kept = keptFromLines(
      Array.from({ length: n }, (_, i) => ({ line: i + 1, offset: i * gap })),
    );
    const lines = await readKeptLines(kept, input);
    expect(lines.every((l) => l.text === 'a'.repeat(10))).toBe(true);
    expect(bytesRead).toBeLessThanOrEqual(n * 4 * MAX_LINE_TEXT);
  });
});
