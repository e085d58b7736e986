/**
 * Seeded fixture generators. Every test builds its inputs here, so a failure reproduces with the
 * same bytes; `writeFixture` puts them in a temp dir for the reference tools.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rng } from '../../helpers/drive';

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A temp dir removed by `cleanup()`. */
export function tempDir(): {
  dir: string;
  write(name: string, bytes: Uint8Array): string;
  cleanup(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'waymark-wf-'));
  return {
    dir,
    write(name, bytes) {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const KiB = 1024;
export const MiB = 1024 * 1024;
/** The chunk sizes every task is checked with: powers of two from 1 KiB to 8 MiB and odd ones. */
export const CHUNK_SIZES = [1000, 1 * KiB, 4 * KiB, 4097, 64 * KiB, 1 * MiB, 8 * MiB];

const WORDS = [
  'the',
  'quick',
  'brown',
  'fox',
  'jumps',
  'over',
  'lazy',
  'dog',
  'error',
  'warning',
  'info',
  'café',
  'naïve',
  'Ünïcödé',
  'straße',
  'ÉCOLE',
  '東京',
  'данные',
  'λόγος',
  '€100',
  '😀',
  'a😀b',
  'aaaa',
  'x1',
  '42',
  '3.14',
  'THE',
  'The',
  'zero\u200bwidth',
  'e\u0301',
  'tab\tsep',
];
const SEPARATORS = [
  ' ',
  ' ',
  ' ',
  '  ',
  '\t',
  '\u00a0',
  '\u2003',
  '\u3000',
  '\u2028',
  '\u0085',
  '\u000b',
  '\f',
];

/**
 * Text like a log with surprises: multi-byte characters, Unicode spaces, CRLF and LF lines,
 * controls, invalid UTF-8, empty lines, lines longer than small chunks, no final newline.
 */
export function textFixture(seed: number, size: number): Uint8Array {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const parts: Uint8Array[] = [];
  let total = 0;
  const push = (b: Uint8Array): void => {
    parts.push(b);
    total += b.length;
  };
  while (total < size) {
    const r = random();
    if (r < 0.02) push(utf8('\n'));
    else if (r < 0.03) {
      // A line longer than several small chunks.
      const words: string[] = [];
      const target = 3000 + Math.floor(random() * 12000);
      for (let n = 0; n < target; n += 6) words.push(pick(WORDS));
      push(utf8(words.join(' ') + '\n'));
    } else {
      const n = 1 + Math.floor(random() * 14);
      const line: (string | Uint8Array)[] = [];
      for (let i = 0; i < n; i++) {
        if (i > 0) line.push(pick(SEPARATORS));
        const q = random();
        if (q < 0.03) line.push(pick(INVALID));
        else if (q < 0.05) line.push(pick(['\x01', '\x00', '\x7f', '\u0378', '\u{10ffff}']));
        line.push(pick(WORDS));
      }
      line.push(random() < 0.3 ? '\r\n' : '\n');
      push(concatBytes(line.map((x) => (typeof x === 'string' ? utf8(x) : x))));
    }
  }
  const out = concatBytes(parts);
  // No final newline: the last line ends mid-word.
  return out.subarray(0, size);
}

/** Invalid UTF-8 of every sort: stray continuations, truncated sequences, overlongs, surrogates, 5-byte forms. */
export const INVALID: readonly Uint8Array[] = [
  [0xff],
  [0xfe],
  [0x80],
  [0xbf, 0x80],
  [0xc0, 0x80],
  [0xc1, 0xbf],
  [0xe2, 0x82],
  [0xe2],
  [0xf0, 0x9f, 0x98],
  [0xed, 0xa0, 0x80],
  [0xe0, 0x80, 0x80],
  [0xf0, 0x80, 0x80, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xfc, 0x84, 0x80, 0x80, 0x80, 0x80],
  [0xf8, 0x87, 0xbf, 0xbf, 0xbf],
  [0xc3],
  [0xe2, 0x82, 0xe2, 0x82, 0xac],
].map((b) => new Uint8Array(b));

/** Sequences that are most interesting when cut: each is written across chunk boundaries at every cut. */
export const SPLIT_SNIPPETS: readonly Uint8Array[] = [
  utf8('€'),
  utf8('😀'),
  utf8('é'),
  utf8('hello'),
  utf8('a\u00a0b'),
  utf8('x\r\ny'),
  utf8('\u3000'),
  new Uint8Array([0x61, 0xe2, 0x82, 0x62]),
  new Uint8Array([0xf8, 0x88, 0x80, 0x80, 0x80]),
  new Uint8Array([0x80, 0x80, 0x80]),
  utf8('word\nword'),
];

/**
 * Overwrites `base` so that around every multiple of each chunk size one of SPLIT_SNIPPETS is
 * cut at one of its inner positions, in turn.
 */
export function spliceAtBoundaries(base: Uint8Array, chunkSizes: readonly number[]): Uint8Array {
  const out = base.slice();
  let turn = 0;
  for (const cs of chunkSizes) {
    for (let b = cs; b < out.length - 16; b += cs) {
      const snippet = SPLIT_SNIPPETS[turn % SPLIT_SNIPPETS.length];
      const cut = 1 + (Math.floor(turn / SPLIT_SNIPPETS.length) % Math.max(1, snippet.length - 1));
      turn++;
      // Spaces around keep the snippet's words from merging with whatever was there.
      out.set([0x20], b - cut - 1);
      out.set(snippet, b - cut);
      out.set([0x20], b - cut + snippet.length);
    }
  }
  return out;
}

/** Random bytes (incompressible). */
export function randomBytes(seed: number, size: number): Uint8Array {
  const random = rng(seed);
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = Math.floor(random() * 256);
  return out;
}
