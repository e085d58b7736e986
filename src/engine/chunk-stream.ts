/**
 * A host's reads of a picked file's map chunks, through one stream across neighbouring chunks.
 * A new stream per 4 MiB chunk read a picked file at 385 MB/s where one stream per 64 MiB read
 * it at 620 (e2e bench, bare rows, 1 GiB): opening a blob stream is what a read costs in
 * Chromium. The map step sends a host stripes of neighbouring chunks (`StripeQueue`), so a
 * chunk that starts where the host's last one ended reads on from the open stream; any other
 * (a retry, a redo, a stolen stripe) opens a new one there.
 */
import { SpanReader } from './blob-reads';
import { WaymarkError } from './errors';

/** Bytes kept of each chunk's start: a step's first look past its chunk's end (Search: 64 KiB). */
const HEAD = 64 * 1024;
/** Bytes kept of each chunk's end: a step's look at the bytes before its chunk. */
const TAIL = 4 * 1024;
/** Chunks whose edges are kept: the host's pipelined chunks and the ones before them. */
const EDGES = 4;

/** The first and last bytes of a chunk a host read. */
interface Edges {
  key: string;
  start: number;
  end: number;
  head: Uint8Array;
  /** Empty until the whole chunk is read. */
  tail: Uint8Array;
}

/** A read asked for and not yet settled. */
interface Pending {
  key: string;
  start: number;
  end: number;
  /** Settles once the chunk's head is among the edges (or its read failed). */
  head: Promise<void>;
}

export class ChunkStream {
  private key: string | undefined;
  private reader: SpanReader | undefined;
  /** Where the open stream reads next. */
  private at = -1;
  /** The read in progress: reads of one stream go one after another, in the order asked. */
  private tail: Promise<unknown> = Promise.resolve();
  private edges: Edges[] = [];
  private pending: Pending[] = [];

  constructor(private readonly stallMs?: number) {}

  /**
   * Bytes [start, end) of `blob`, read on from the open stream where the last read of the same
   * `key` (the same file, see `MapChunkRequest.stream`) ended, else from a new one; read into `into` where it is long enough (see
   * `SpanReader.fill`: `into` is detached, the view returned is of the buffer to use next).
   * Throws what the browser's read throws, or `input-changed` where the file is shorter.
   */
  read(
    key: string,
    blob: Blob,
    start: number,
    end: number,
    into?: Uint8Array,
  ): Promise<Uint8Array> {
    let headRead = () => undefined as void;
    const p: Pending = { key, start, end, head: new Promise<void>((r) => (headRead = r)) };
    this.pending.push(p);
    const run = this.tail.then(() => this.readNow(key, blob, start, end, into, headRead));
    this.tail = run.catch(() => undefined);
    void this.tail.then(() => {
      headRead();
      const k = this.pending.indexOf(p);
      if (k >= 0) this.pending.splice(k, 1);
    });
    return run;
  }

  /**
   * A copy of bytes [start, end) from the edges of chunks read (or being read) under `key`, or
   * undefined where they are not there: the byte before a chunk is the end of the chunk before
   * it, and the bytes after a chunk are the start of the next, which a pipelined host is
   * usually reading already: they wait for that chunk's head only, not for all of it (waiting
   * for all of it held each chunk's step for the next chunk's whole read).
   */
  async near(key: string, start: number, end: number): Promise<Uint8Array | undefined> {
    const hit = this.edge(key, start, end);
    if (hit) return hit;
    const coming = this.pending.find((p) => p.key === key && p.start <= start && start < p.end);
    if (!coming) return undefined;
    await coming.head;
    return this.edge(key, start, end);
  }

  private edge(key: string, start: number, end: number): Uint8Array | undefined {
    for (const e of this.edges) {
      if (e.key !== key) continue;
      if (start >= e.start && end <= e.start + e.head.length)
        return e.head.slice(start - e.start, end - e.start);
      const tailAt = e.end - e.tail.length;
      if (start >= tailAt && end <= e.end) return e.tail.slice(start - tailAt, end - tailAt);
    }
    return undefined;
  }

  private async readNow(
    key: string,
    blob: Blob,
    start: number,
    end: number,
    into?: Uint8Array,
    headRead: () => void = () => undefined,
  ): Promise<Uint8Array> {
    const length = end - start;
    if (length <= 0) return new Uint8Array(0);
    if (!this.reader || this.key !== key || this.at !== start) {
      this.reader?.cancel();
      this.key = key;
      this.reader = new SpanReader(blob, start, blob.size, this.stallMs);
      this.at = start;
    }
    const buf =
      into && into.byteLength >= length && into.byteOffset === 0
        ? new Uint8Array(into.buffer, 0, length)
        : new Uint8Array(length);
    const first = Math.min(HEAD, length);
    let bytes: Uint8Array;
    try {
      // The head first, published as soon as it is read: the step of the chunk before this
      // one is waiting for it.
      const head = await this.reader.fill(buf.subarray(0, first));
      // Taken now: the next read detaches `head`.
      const got = head.length;
      let rest = new Uint8Array(head.buffer, first, 0);
      if (got === first) {
        if (this.edges.length >= EDGES) this.edges.shift();
        this.edges.push({ key, start, end, head: head.slice(), tail: new Uint8Array(0) });
        headRead();
        if (length > first)
          rest = await this.reader.fill(new Uint8Array(head.buffer, first, length - first));
      }
      bytes = new Uint8Array(rest.buffer, 0, got + rest.length);
    } catch (e) {
      this.close();
      throw e;
    }
    this.at += bytes.length;
    if (bytes.length !== length) {
      this.close();
      throw new WaymarkError('input-changed', {
        detail: `read ${bytes.length} bytes at ${start}, expected ${length}`,
      });
    }
    const edge = this.edges.find((e) => e.key === key && e.start === start);
    if (edge) edge.tail = bytes.slice(Math.max(0, length - TAIL));
    return bytes;
  }

  /** Drops the open stream (the next read opens a new one). */
  close(): void {
    this.reader?.cancel();
    this.reader = undefined;
    this.key = undefined;
    this.at = -1;
    this.edges = [];
  }
}
