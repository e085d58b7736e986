/**
 * Inspect is exact at every chunk boundary: random inputs made of the cases that straddle seams
 * (CRLF, lone CR, 2–4 byte UTF-8, invalid bytes, NULs, BOMs, UTF-16-like NUL patterns), run
 * through the real map/combine/finish at many chunk sizes and combine orders, must equal a naive
 * single pass over the whole input written here, and for invalid UTF-8 WHATWG's TextDecoder.
 */
import { describe, expect, it } from 'vitest';
import { inspectWorkflow, type InspectResult } from '../../../src/workflows/inspect';
import { driveWorkflow, rng } from '../helpers/drive';
import { INVALID, concatBytes, utf8 } from './support/fixtures';

type Facts = Omit<InspectResult, 'type' | 'mime'>;

const CHUNK_SIZES = [1, 2, 3, 4, 5, 7, 13, 64, 4096];

async function inspect(
  bytes: Uint8Array,
  chunkSize: number,
  combine: 'ordered' | 'random-tree',
): Promise<InspectResult> {
  const r = await driveWorkflow(
    inspectWorkflow,
    bytes,
    {},
    { chunkSize, combine, seed: chunkSize },
  );
  return r.result;
}

/** Invalid UTF-8 by the platform's decoder: U+FFFD it made, less those the input spelled out. */
function decoderInvalid(bytes: Uint8Array): { count: number; first: number | null } {
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  let count = 0;
  let first: number | null = null;
  let at = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (
      cp === 0xfffd &&
      !(bytes[at] === 0xef && bytes[at + 1] === 0xbf && bytes[at + 2] === 0xbd)
    ) {
      count++;
      first ??= at;
      // How many bytes this replacement stood for: up to the next byte that decodes on its own.
      let len = 1;
      while (
        at + len < bytes.length &&
        len < 3 &&
        (bytes[at + len] & 0xc0) === 0x80 &&
        new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(at, at + len + 1)) ===
          '\ufffd'
      )
        len++;
      at += len;
    } else at += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return { count, first };
}

/** The expected facts, by the plainest means: one loop, whole input, no partials. */
function naive(bytes: Uint8Array): Facts {
  const lengths: number[] = [];
  let lf = 0;
  let crlf = 0;
  let cr = 0;
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 10) {
      lf++;
      lengths.push(i - start);
      start = i + 1;
    } else if (bytes[i] === 13) {
      lengths.push(i - start);
      if (bytes[i + 1] === 10) {
        crlf++;
        i++;
      } else cr++;
      start = i + 1;
    }
  }
  if (start < bytes.length) lengths.push(bytes.length - start);
  let longest = { bytes: 0, line: 0 };
  lengths.forEach((len, i) => {
    if (longest.line === 0 || len > longest.bytes) longest = { bytes: len, line: i + 1 };
  });
  const kinds = (lf ? 1 : 0) + (crlf ? 1 : 0) + (cr ? 1 : 0);
  const verdict =
    kinds === 0 ? 'none' : kinds > 1 ? 'mixed' : lf ? 'LF' : crlf ? 'CRLF' : ('CR' as const);

  const nulAt: number[] = [];
  const controlAt: number[] = [];
  let high = false;
  bytes.forEach((b, i) => {
    if (b === 0) nulAt.push(i);
    if (b >= 0x80) high = true;
    if ((b > 0 && b < 7) || (b > 13 && b < 32 && b !== 27) || b === 127) controlAt.push(i);
  });
  const control = controlAt.length > 0;
  const invalidUtf8 = decoderInvalid(bytes);
  const even = nulAt.filter((i) => i % 2 === 0).length;
  const odd = nulAt.length - even;
  const ctlEven = controlAt.filter((i) => i % 2 === 0).length;
  const ctlOdd = controlAt.length - ctlEven;
  const units = Math.floor(bytes.length / 2);
  const clean = nulAt.length === 0 && !control;
  const [b0, b1, b2] = bytes;
  let enc: Pick<Facts, 'encoding' | 'bom' | 'text'>;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf && invalidUtf8.count === 0 && clean)
    enc = { encoding: 'utf-8', bom: true, text: true };
  else if (b0 === 0xff && b1 === 0xfe) enc = { encoding: 'utf-16le', bom: true, text: true };
  else if (b0 === 0xfe && b1 === 0xff) enc = { encoding: 'utf-16be', bom: true, text: true };
  else if (units > 0 && odd / units > 0.5 && (even + ctlEven) / units <= 1 / 16)
    enc = { encoding: 'utf-16le', bom: false, text: true };
  else if (units > 0 && even / units > 0.5 && (odd + ctlOdd) / units <= 1 / 16)
    enc = { encoding: 'utf-16be', bom: false, text: true };
  else if (!clean) enc = { encoding: 'binary', bom: false, text: false };
  else if (invalidUtf8.count === 0)
    enc = { encoding: high ? 'utf-8' : 'us-ascii', bom: false, text: true };
  else enc = { encoding: 'iso-8859-1/windows-1252', bom: false, text: true };

  return {
    bytes: bytes.length,
    ...enc,
    lines: lengths.length,
    lineEndings: { lf, crlf, cr, verdict },
    longestLine: longest,
    nul: { count: nulAt.length, first: nulAt[0] ?? null },
    invalidUtf8,
  };
}

const PIECES: readonly Uint8Array[] = [
  ...['a', 'b', ' ', '\t', '\n', '\n', '\r', '\r', '\r\n', '\r\n', 'é', '€', '😀', '\ufffd'].map(
    (s) => utf8(s),
  ),
  utf8('x'.repeat(40)),
  new Uint8Array([0]),
  new Uint8Array([1]),
  new Uint8Array([0x7f]),
  new Uint8Array([0xef, 0xbb, 0xbf]),
  new Uint8Array([0xff, 0xfe]),
  new Uint8Array([0xfe, 0xff]),
  ...INVALID,
];

/** A random input of the boundary pieces; `flavour` biases it towards one encoding verdict. */
function soup(seed: number, flavour: 'any' | 'clean' | 'utf16' | 'latin1'): Uint8Array {
  const random = rng(seed);
  const size = Math.floor(random() * 1500);
  const parts: Uint8Array[] = [];
  if (flavour === 'clean' && random() < 0.5) parts.push(new Uint8Array([0xef, 0xbb, 0xbf]));
  let n = 0;
  while (n < size) {
    let p: Uint8Array;
    if (flavour === 'utf16') {
      // ASCII in UTF-16, the NUL on one side; now and then a stray byte shifts the parity,
      // or a control low byte counts against the pattern.
      const ascii = [0x61, 0x0a, 0x0d, 0x20][Math.floor(random() * 4)];
      const q = random();
      p = new Uint8Array(q < 0.03 ? [0x62] : q < 0.07 ? [0x01, 0] : [ascii, 0]);
    } else {
      p = PIECES[Math.floor(random() * PIECES.length)];
      const bad = p.some((b) => b === 0 || b === 1 || b === 0x7f) || p[0] === 0xff || p[0] === 0xfe;
      if (flavour === 'clean' && (bad || INVALID.includes(p))) continue;
      if (flavour === 'latin1' && bad) continue;
    }
    parts.push(p);
    n += p.length;
  }
  return concatBytes(parts);
}

describe('Inspect equals a naive single pass at every chunk size', () => {
  it.each(['any', 'clean', 'utf16', 'latin1'] as const)(
    'random %s inputs of boundary cases',
    async (flavour) => {
      const seen = new Set<string>();
      for (let seed = 1; seed <= 25; seed++) {
        const bytes = soup(seed * 7919 + flavour.length, flavour);
        const expected = naive(bytes);
        seen.add(`${expected.encoding}/${expected.lineEndings.verdict}`);
        const whole = await inspect(bytes, Math.max(1, bytes.length), 'ordered');
        for (const cs of CHUNK_SIZES) {
          for (const combine of ['ordered', 'random-tree'] as const) {
            const r = await inspect(bytes, cs, combine);
            const { type, mime, ...facts } = r;
            expect(facts, `seed ${seed}, chunk ${cs}, ${combine}`).toEqual(expected);
            expect({ type, mime }).toEqual({ type: whole.type, mime: whole.mime });
          }
        }
      }
      // The flavours do reach the verdicts they are for.
      const want = { any: 'binary', clean: 'utf-8', utf16: 'utf-16le', latin1: 'iso-8859-1' };
      expect(
        [...seen].some((s) => s.startsWith(want[flavour])),
        [...seen].join(' '),
      ).toBe(true);
    },
    120_000,
  );

  it('counts a CRLF split across a seam once, as CRLF, and a trailing CR as a lone CR', async () => {
    const bytes = utf8('ab\r\ncd\r\r\n\r');
    for (const cs of CHUNK_SIZES) {
      const r = await inspect(bytes, cs, 'ordered');
      // Python: b'ab\r\ncd\r\r\n\r'.splitlines() == [b'ab', b'cd', b'', b'']
      expect(r.lineEndings, `chunk ${cs}`).toEqual({ lf: 0, crlf: 2, cr: 2, verdict: 'mixed' });
      expect(r.lines).toBe(4);
      expect(r.longestLine).toEqual({ bytes: 2, line: 1 });
    }
  });

  it('finds the first invalid sequence and NUL inside a split multi-byte character', async () => {
    // '€' cut short (E2 82) before 'x', then NUL: invalid at 1, NUL at 4.
    const bytes = new Uint8Array([0x61, 0xe2, 0x82, 0x78, 0x00, 0xf0, 0x9f, 0x98, 0x80]);
    for (const cs of CHUNK_SIZES) {
      const r = await inspect(bytes, cs, 'random-tree');
      expect(r.invalidUtf8, `chunk ${cs}`).toEqual({ count: 1, first: 1 });
      expect(r.nul).toEqual({ count: 1, first: 4 });
    }
  });

  it('holds the UTF-16 pattern to its threshold at every chunk size: 1 in 16 low bytes may be NUL or control', async () => {
    // 100 units of 'a' in UTF-16; `bad` of them with a control (or NUL) low byte instead.
    const units = (bad: number, low: number, be: boolean): Uint8Array =>
      new Uint8Array(
        Array.from({ length: 100 }, (_, i) => (i % 14 === 3 && i / 14 < bad ? low : 0x61)).flatMap(
          (b) => (be ? [0, b] : [b, 0]),
        ),
      );
    const cases: [Uint8Array, string][] = [];
    for (const be of [false, true]) {
      const utf16 = be ? 'utf-16be' : 'utf-16le';
      cases.push([units(6, 0x01, be), utf16], [units(7, 0x01, be), 'binary']);
      cases.push([units(6, 0x00, be), utf16], [units(7, 0x00, be), 'binary']);
    }
    for (const [bytes, encoding] of cases) {
      expect(naive(bytes).encoding).toBe(encoding);
      for (const cs of CHUNK_SIZES) {
        const r = await inspect(bytes, cs, 'random-tree');
        expect(r.encoding, `chunk ${cs}`).toBe(encoding);
      }
    }
  });

  it('an empty input', async () => {
    const r = (
      await driveWorkflow(
        inspectWorkflow,
        new Uint8Array(0),
        {},
        {
          chunkSize: 4,
          emptyChunkForEmptyInput: true,
        },
      )
    ).result;
    expect(r).toMatchObject({ ...naive(new Uint8Array(0)), type: 'empty', mime: 'inode/x-empty' });
    expect(inspectWorkflow.summarize?.(r, {})).toBe('Empty file (inode/x-empty)');
  });
});
