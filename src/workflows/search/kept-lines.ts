/**
 * The kept matching lines of a Search partial, stored by column: a few typed arrays and one
 * string. Partials cross from worker to page by structured clone, go into IndexedDB per chunk and
 * into every checkpoint; as columns that is a handful of blobs, where ten thousand small line
 * objects made the page's main thread the bottleneck of a dense search.
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
 * Lines in columns; line `i` is row `i` of every array. The arrays have exactly one entry per
 * line (never views into a bigger buffer: IndexedDB would store the whole buffer).
 */
export interface KeptLines {
  /** Line numbers, counted from the partial's first byte. Float64: inputs can exceed 2^32 lines. */
  lineNo: Float64Array;
  /** Input byte offsets of the lines' first bytes. Float64: inputs can exceed 4 GiB. */
  offset: Float64Array;
  /** Length of each line's text within `text`, in UTF-16 units. */
  textLen: Uint32Array;
  /** 1 where the line's text was cut (`SearchLine.textTruncated`). */
  truncated: Uint8Array;
  /** Every line's text, in order, with nothing between them. */
  text: string;
}

/** Number of lines in `k`. */
export function keptCount(k: KeptLines): number {
  return k.lineNo.length;
}

export function emptyKeptLines(): KeptLines {
  return {
    lineNo: new Float64Array(0),
    offset: new Float64Array(0),
    textLen: new Uint32Array(0),
    truncated: new Uint8Array(0),
    text: '',
  };
}

const FIRST_CAPACITY = 64;

/** Collects a chunk's lines as they are found, then freezes them into exact-size columns. */
export class KeptLinesBuilder {
  private n = 0;
  private lineNo = new Float64Array(FIRST_CAPACITY);
  private offset = new Float64Array(FIRST_CAPACITY);
  private textLen = new Uint32Array(FIRST_CAPACITY);
  private truncated = new Uint8Array(FIRST_CAPACITY);
  private texts: string[] = [];

  /** Lines pushed so far. */
  get length(): number {
    return this.n;
  }

  push(line: number, offset: number, t: Pick<SearchLine, 'text' | 'textTruncated'>): void {
    if (this.n === this.lineNo.length) this.grow();
    const i = this.n++;
    this.lineNo[i] = line;
    this.offset[i] = offset;
    this.textLen[i] = t.text.length;
    this.truncated[i] = t.textTruncated ? 1 : 0;
    this.texts.push(t.text);
  }

  /** The lines as exact-size columns. The builder must not be used afterwards. */
  finish(): KeptLines {
    const n = this.n;
    return {
      lineNo: this.lineNo.slice(0, n),
      offset: this.offset.slice(0, n),
      textLen: this.textLen.slice(0, n),
      truncated: this.truncated.slice(0, n),
      text: this.texts.join(''),
    };
  }

  private grow(): void {
    const cap = this.lineNo.length * 2;
    this.lineNo = resized(this.lineNo, new Float64Array(cap));
    this.offset = resized(this.offset, new Float64Array(cap));
    this.textLen = resized(this.textLen, new Uint32Array(cap));
    this.truncated = resized(this.truncated, new Uint8Array(cap));
  }
}

function resized<T extends Float64Array | Uint32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/**
 * `a` followed by the first `take` lines of `b`, whose line numbers move up by `shift` (the
 * newlines before `b`). New columns: `a` and `b` may live on in the ledger or a checkpoint.
 */
export function appendKept(a: KeptLines, b: KeptLines, take: number, shift: number): KeptLines {
  const na = keptCount(a);
  const n = na + take;
  const lineNo = new Float64Array(n);
  lineNo.set(a.lineNo);
  for (let i = 0; i < take; i++) lineNo[na + i] = b.lineNo[i] + shift;
  const offset = new Float64Array(n);
  offset.set(a.offset);
  offset.set(b.offset.subarray(0, take), na);
  const textLen = new Uint32Array(n);
  textLen.set(a.textLen);
  textLen.set(b.textLen.subarray(0, take), na);
  const truncated = new Uint8Array(n);
  truncated.set(a.truncated);
  truncated.set(b.truncated.subarray(0, take), na);
  let bText = b.text;
  if (take < keptCount(b)) {
    let chars = 0;
    for (let i = 0; i < take; i++) chars += b.textLen[i];
    bText = bText.slice(0, chars);
  }
  return { lineNo, offset, textLen, truncated, text: a.text + bText };
}

/** One object per line: the public shape of the result. */
export function keptToLines(k: KeptLines): SearchLine[] {
  const n = keptCount(k);
  const out = new Array<SearchLine>(n);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const end = at + k.textLen[i];
    const l: SearchLine = { line: k.lineNo[i], offset: k.offset[i], text: k.text.slice(at, end) };
    if (k.truncated[i]) l.textTruncated = true;
    out[i] = l;
    at = end;
  }
  return out;
}

/** Columns from line objects (the shape of version-1 partials). */
export function keptFromLines(lines: readonly SearchLine[]): KeptLines {
  const b = new KeptLinesBuilder();
  for (const l of lines) b.push(l.line, l.offset, l);
  return b.finish();
}
