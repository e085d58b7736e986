/**
 * The matches of one chunk's pieces of line that may go on past the chunk (its first and its
 * last), with the bytes after the chunk that a straddling match reaches: open-line.ts says how
 * they are put together with the next chunk's.
 */
import type { ByteLiteral } from './bytes';
import type { Entry } from './open-line';

export class LinePieces {
  private readonly m: number;
  /** The chunk's last `m − 1` bytes and the `m − 1` after it: where a match straddles the end. */
  private window: Uint8Array | undefined;

  /**
   * @param bytes the chunk
   * @param over the bytes after the chunk (at most `m − 1`; none at the input's end or a `\n`)
   * @param start the chunk's input offset
   */
  constructor(
    private readonly bytes: Uint8Array,
    private readonly over: Uint8Array,
    private readonly lit: ByteLiteral,
    private readonly start: number,
  ) {
    this.m = lit.length;
  }

  /** Where the window starts in the chunk. */
  private get windowStart(): number {
    return Math.max(0, this.bytes.length - this.m + 1);
  }

  /** The first match starting in [from, chunk end) that ends past the chunk, or -1. */
  private straddler(from: number): number {
    if (this.over.length === 0) return -1;
    const n = this.bytes.length;
    const w0 = this.windowStart;
    if (this.window === undefined) {
      this.window = new Uint8Array(n - w0 + this.over.length);
      this.window.set(this.bytes.subarray(w0), 0);
      this.window.set(this.over, n - w0);
    }
    const at = Math.max(from, w0);
    if (at >= n) return -1;
    const p = this.lit.find(this.window, at - w0, this.window.length);
    return p === -1 || p + w0 >= n ? -1 : p + w0;
  }

  /** The first match starting at or after `from` in the piece that ends at `end`, or -1. */
  private firstFrom(from: number, end: number): number {
    if (from + this.m <= end) {
      const p = this.lit.find(this.bytes, from, end);
      if (p !== -1) return p;
    }
    // Only a piece that reaches the chunk's end can go on into the bytes after it.
    return end === this.bytes.length ? this.straddler(from) : -1;
  }

  /**
   * The matches from `from` (a line start, or a match) to `end`, left to right, not
   * overlapping, and where the last one ends (`from` when there is none), in chunk offsets.
   */
  chain(from: number, end: number): { matches: number; next: number } {
    const c = this.lit.count(this.bytes, from, end);
    let matches = c.matches;
    let next = Math.max(from, c.next);
    // A match straddling the end ends past it, so there is one at most.
    if (end === this.bytes.length) {
      const s = this.straddler(next);
      if (s !== -1) {
        matches++;
        next = s + this.m;
      }
    }
    return { matches, next };
  }

  /**
   * The entries (open-line.ts) of the piece [0, end), which continues a line that started
   * before the chunk: its first match, and where the pattern overlaps itself, every other match
   * starting in its first `m − 1` bytes and the first one after those.
   */
  entries(end: number): Entry[] {
    const out: Entry[] = [];
    const add = (at: number) => {
      const c = this.chain(at, end);
      out.push({ at: this.start + at, matches: c.matches, next: this.start + c.next });
    };
    let at = this.firstFrom(0, end);
    if (at === -1) return out;
    // Matches of a pattern that cannot overlap itself never overlap: the previous chunk's last
    // match never takes this piece's first one, and the first is the only entry.
    if (!this.lit.selfOverlapping) {
      add(at);
      return out;
    }
    while (at !== -1 && at < this.m - 1) {
      add(at);
      at = this.firstFrom(at + 1, end);
    }
    if (at !== -1) add(at);
    return out;
  }
}
