/**
 * The texts of the kept lines, read back from the input in `finish`: only the lines that made
 * it into the result are ever decoded.
 */
import type { ByteReader } from '../../engine/workflow';
import { type KeptLines, type SearchLine, keptCount } from './kept-lines';

const NL = 10;
/** Longest `text` kept per matching line, in UTF-16 units: a minified file is one huge line. */
export const MAX_LINE_TEXT = 4096;
/**
 * Bytes read per line at most. A UTF-16 unit never takes more than 3 bytes (a 4-byte character
 * is 2 units, an invalid byte 1), so a line's first MAX_LINE_TEXT units lie in its first
 * 3 × MAX_LINE_TEXT bytes, and a longer line is cut anyway; the rest is room for the decoder to
 * see how the sequence at that point ends.
 */
const MAX_LINE_BYTES = 4 * MAX_LINE_TEXT;
/** Lines near each other are read in one go. */
const BLOCK = 256 * 1024;

// ignoreBOM keeps a U+FEFF at the start of a decode in the text (grep prints it too); fatal:false
// turns invalid UTF-8 into U+FFFD instead of throwing.
const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

function clip(text: string): Pick<SearchLine, 'text' | 'textTruncated'> {
  if (text.length <= MAX_LINE_TEXT) return { text };
  const c = text.charCodeAt(MAX_LINE_TEXT - 1);
  const cut = c >= 0xd800 && c <= 0xdbff ? MAX_LINE_TEXT - 1 : MAX_LINE_TEXT;
  return { text: text.slice(0, cut), textTruncated: true };
}

/**
 * The kept lines as the result lists them, each with its text: from its offset up to its `\n`
 * (or the end of the input), decoded leniently and cut to MAX_LINE_TEXT. Decoding one line gives
 * the same text as slicing a decode of the whole input: "\n" is ASCII, so no invalid sequence
 * swallows it.
 */
export async function readKeptLines(k: KeptLines, input: ByteReader): Promise<SearchLine[]> {
  const n = keptCount(k);
  const out = new Array<SearchLine>(n);
  let block: Uint8Array = new Uint8Array(0);
  let blockStart = 0;
  for (let i = 0; i < n; i++) {
    const offset = k.offset[i];
    const want = Math.min(input.size, offset + MAX_LINE_BYTES);
    if (offset < blockStart || want > blockStart + block.length) {
      // One read for this line and the next ones whose bytes fit in a block with it, and no
      // byte more: kept lines far apart (rare matches in a huge log) cost a line's bytes each.
      let end = want;
      for (let j = i + 1; j < n && k.offset[j] + MAX_LINE_BYTES <= offset + BLOCK; j++)
        end = Math.max(end, Math.min(input.size, k.offset[j] + MAX_LINE_BYTES));
      block = await input.read(offset, end);
      blockStart = offset;
    }
    const from = offset - blockStart;
    const cap = Math.min(block.length, from + MAX_LINE_BYTES);
    const nl = block.indexOf(NL, from);
    const end = nl === -1 || nl > cap ? cap : nl;
    const line: SearchLine = {
      line: k.lineNo[i],
      offset,
      ...clip(decoder.decode(block.subarray(from, end))),
    };
    out[i] = line;
  }
  return out;
}
