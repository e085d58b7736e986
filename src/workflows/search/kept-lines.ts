/**
 * The kept matching lines of a Search partial: where they are, not what they say. A chunk
 * records each line's number and byte offset in two typed arrays; the texts are read back from
 * the input once, in `finish`, for the lines that made it into the result (line-text.ts).
 *
 * Chunks dispatched before the first ones have filled the line cap each keep up to lineCap
 * lines that `combine` will mostly drop: decoding their texts was most of a dense search's first
 * chunks, and shipping them (to the page, into IndexedDB per chunk and into every checkpoint)
 * made the page's main thread the bottleneck. Two numbers a line clone as two blobs.
 */

export interface SearchLine {
  /** 1-based, as `grep -n` prints it. */
  line: number;
  /** Byte offset of the line's first byte in the input. */
  offset: number;
  /** The line without its `\n` (a `\r` before it stays, as grep keeps it), decoded leniently. */
  text: string;
  /** Present when `text` was cut to MAX_LINE_TEXT characters. */
  textTruncated?: true;
}

/**
 * Lines in columns; line `i` is row `i` of both arrays. The arrays have exactly one entry per
 * line (never views into a bigger buffer: IndexedDB would store the whole buffer).
 */
export interface KeptLines {
  /** Line numbers, counted from the partial's first byte. Float64: inputs can exceed 2^32 lines. */
  lineNo: Float64Array;
  /** Input byte offsets of the lines' first bytes. Float64: inputs can exceed 4 GiB. */
  offset: Float64Array;
}

/** Number of lines in `k`. */
export function keptCount(k: KeptLines): number {
  return k.lineNo.length;
}

export function emptyKeptLines(): KeptLines {
  return { lineNo: new Float64Array(0), offset: new Float64Array(0) };
}

const FIRST_CAPACITY = 64;

/** Collects a chunk's lines as they are found, then freezes them into exact-size columns. */
export class KeptLinesBuilder {
  private n = 0;
  private lineNo = new Float64Array(FIRST_CAPACITY);
  private offset = new Float64Array(FIRST_CAPACITY);

  /** Lines pushed so far. */
  get length(): number {
    return this.n;
  }

  push(line: number, offset: number): void {
    if (this.n === this.lineNo.length) {
      const grown = (from: Float64Array) => {
        const to = new Float64Array(from.length * 2);
        to.set(from);
        return to;
      };
      this.lineNo = grown(this.lineNo);
      this.offset = grown(this.offset);
    }
    this.lineNo[this.n] = line;
    this.offset[this.n++] = offset;
  }

  /** The lines as exact-size columns. The builder must not be used afterwards. */
  finish(): KeptLines {
    return { lineNo: this.lineNo.slice(0, this.n), offset: this.offset.slice(0, this.n) };
  }
}

/**
 * `a` followed by the first `take` lines of `b`, whose line numbers move up by `shift` (the
 * newlines before `b`). New columns: `a` and `b` may live on in the ledger or a checkpoint.
 */
export function appendKept(a: KeptLines, b: KeptLines, take: number, shift: number): KeptLines {
  const na = keptCount(a);
  const lineNo = new Float64Array(na + take);
  lineNo.set(a.lineNo);
  for (let i = 0; i < take; i++) lineNo[na + i] = b.lineNo[i] + shift;
  const offset = new Float64Array(na + take);
  offset.set(a.offset);
  offset.set(b.offset.subarray(0, take), na);
  return { lineNo, offset };
}

/** Columns from line objects (the shape of version-1 partials); their texts are read again. */
export function keptFromLines(lines: readonly Pick<SearchLine, 'line' | 'offset'>[]): KeptLines {
  const b = new KeptLinesBuilder();
  for (const l of lines) b.push(l.line, l.offset);
  return b.finish();
}
