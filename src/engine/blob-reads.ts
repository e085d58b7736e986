/**
 * Reads of a picked file into buffers the reader owns. `slice().arrayBuffer()` and a default
 * stream reader hand back a fresh ArrayBuffer for every read; at 500 MB/s those are garbage
 * faster than the collector frees them, and their backing stores (outside the V8 heap) were
 * what grew a copy-behind run's memory. A BYOB ("bring your own buffer") reader fills the
 * caller's buffer instead. The stream transfers the buffer it fills, so each read returns a view
 * of the buffer to use next; the one passed in is detached.
 */

import { WaymarkError } from './errors';

/** A BYOB reader of `blob`, or undefined where the browser's blob streams are not byte streams. */
export function byobReader(blob: Blob): ReadableStreamBYOBReader | undefined {
  try {
    return blob.stream().getReader({ mode: 'byob' });
  } catch {
    return undefined;
  }
}

/**
 * How long a blob stream read may first go without a byte before it is read again. Chromium's
 * blob streams now and then leave a read pending for good: a CSV profile's chunk read (64 MiB and
 * up, several reads per chunk, 2 workers or 1) never settled until its worker's deadline, 30–40
 * s later, while the same worker's other reads went on. A read that has given nothing for this
 * long is started again on a new stream, and each further window is twice as long (1, 2, 4, 8 s):
 * a stall costs about a second, where a fixed 5 s window cost 5–10 s of a 10 s profile, and a
 * disk that is only slow to start still gets 15 s before the read fails.
 */
export const READ_STALL_MS = 1_000;
/** Fresh streams tried after a stalled one before the read fails. */
const STALL_RETRIES = 3;

const STALLED = Symbol('stalled');
/** The blob's streams are not byte streams: it is read with `arrayBuffer()` instead. */
const PLAIN = Symbol('plain');

function orStall<T>(p: Promise<T>, ms: number): Promise<T | typeof STALLED> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stall = new Promise<typeof STALLED>(
    (resolve) => (timer = setTimeout(resolve, ms, STALLED)),
  );
  return Promise.race([p, stall]).finally(() => clearTimeout(timer));
}

/**
 * Bytes [start, end) of `blob`, read into `into` where it is long enough (else a new buffer).
 * Returns a view of them, whose `buffer` the caller keeps for the next read: `into` itself is
 * detached by the read (unless the fallback ran, which leaves it as it was). A read that stalls
 * ({@link READ_STALL_MS}) is started again from `start` on a new stream, up to 3 times, each
 * time waiting twice as long.
 */
export async function readBlobInto(
  blob: Blob,
  start: number,
  end: number,
  into?: Uint8Array,
  stallMs = READ_STALL_MS,
): Promise<Uint8Array> {
  const length = end - start;
  if (length <= 0) return new Uint8Array(0);
  let buf: ArrayBuffer | undefined =
    into && into.byteLength >= length && into.byteOffset === 0
      ? (into.buffer as ArrayBuffer)
      : undefined;
  for (let attempt = 0; ; attempt++) {
    // The buffer a stalled read holds is lost with it (the read transferred it): a new one.
    const got = await readOnce(
      blob.slice(start, end),
      length,
      buf ?? new ArrayBuffer(length),
      stallMs * 2 ** attempt,
    );
    if (got === PLAIN) return new Uint8Array(await blob.slice(start, end).arrayBuffer());
    if (got !== STALLED) return got;
    buf = undefined;
    if (attempt === STALL_RETRIES)
      throw new WaymarkError('input-unreadable', {
        detail: `reading bytes ${start}–${end} stalled ${attempt + 1} times`,
      });
  }
}

/**
 * One stream's read of `part` (`length` bytes) into `buf`, STALLED, or PLAIN where its stream
 * has no BYOB reader (asked of the range's own stream: a probe stream per read cost as much).
 */
async function readOnce(
  part: Blob,
  length: number,
  buf: ArrayBuffer,
  stallMs: number,
): Promise<Uint8Array | typeof STALLED | typeof PLAIN> {
  const reader = byobReader(part);
  if (!reader) return PLAIN;
  let at = 0;
  try {
    while (at < length) {
      const r = await orStall(reader.read(new Uint8Array(buf, at, length - at)), stallMs);
      if (r === STALLED) return STALLED;
      // The end also hands the buffer back (an empty view of it): the one passed in is detached.
      if (r.value) buf = r.value.buffer as ArrayBuffer;
      if (r.done || !r.value) break;
      at += r.value.byteLength;
      if (r.value.byteLength === 0) break;
    }
  } finally {
    // A stalled read stays pending on this stream: cancel it rather than leave it locked.
    void reader.cancel().catch(() => undefined);
  }
  return new Uint8Array(buf, 0, at);
}

/**
 * A blob read piece by piece, each piece at most `max` bytes, through one reused buffer where
 * the browser's blob streams are byte streams: a piece is valid until the next `next()`.
 */
export class PieceReader {
  private readonly byob: ReadableStreamBYOBReader | undefined;
  private readonly plain: ReadableStreamDefaultReader<Uint8Array> | undefined;
  private buf: ArrayBuffer | undefined;
  /** The plain reader's chunk beyond `max`, handed out next. */
  private pending: Uint8Array | undefined;

  constructor(
    blob: Blob,
    private readonly max: number,
  ) {
    this.byob = byobReader(blob);
    if (this.byob) this.buf = new ArrayBuffer(max);
    else this.plain = blob.stream().getReader();
  }

  /** The next piece, or undefined at the end. */
  async next(): Promise<Uint8Array | undefined> {
    if (this.byob) {
      const r = await this.byob.read(new Uint8Array(this.buf as ArrayBuffer, 0, this.max));
      if (r.done || !r.value) return undefined;
      this.buf = r.value.buffer as ArrayBuffer;
      return r.value;
    }
    let piece = this.pending;
    this.pending = undefined;
    if (!piece) {
      const r = await (this.plain as ReadableStreamDefaultReader<Uint8Array>).read();
      if (r.done) return undefined;
      piece = r.value;
    }
    if (piece.length > this.max) {
      this.pending = piece.subarray(this.max);
      piece = piece.subarray(0, this.max);
    }
    return piece;
  }

  /** Stops reading; what was read ahead is dropped. */
  async cancel(): Promise<void> {
    this.pending = undefined;
    await (this.byob ?? this.plain)?.cancel().catch(() => undefined);
  }
}

/**
 * Bytes [start, end) of a blob through few streams, each `fill` a whole piece in the caller's
 * buffer. A stream per piece (as {@link readBlobInto}) cost the read-ahead thread half its speed
 * on 4 GiB (4 MiB pieces: 20 s against 8 s under load) and left a blob, a stream and its pipe as
 * garbage per piece. But Chromium checks a picked file against its snapshot only when a stream
 * is opened (an append mid-stream goes unnoticed): so a new stream every `reopenEvery` bytes
 * (64 MiB), and {@link SpanReader.verify} before the last piece is handed on, bound how far a
 * read goes into a changed file and keep a changed file from ever completing a result.
 * A read that stalls ({@link READ_STALL_MS}) is started again on a new stream (from the piece's
 * start), each window twice the last, as in `readBlobInto` (the count starts over after a read
 * that gives bytes).
 */
export class SpanReader {
  private reader: ReadableStreamBYOBReader | undefined;
  private plain = false;
  private stalls = 0;
  /** Where the open stream started. */
  private openedAt = 0;

  constructor(
    private readonly blob: Blob,
    private at: number,
    private readonly end: number,
    private readonly stallMs = READ_STALL_MS,
    private readonly reopenEvery = 64 * 1024 * 1024,
  ) {}

  /**
   * The next at most `into.byteLength` bytes, read into `into` (detached by the read; the view
   * returned is of the buffer to use next). Fewer only at the end (empty after it).
   */
  async fill(into: Uint8Array): Promise<Uint8Array> {
    const length = Math.min(into.byteLength, this.end - this.at);
    // Taken now: the read detaches `into`, whose offset then reads 0.
    const offset = into.byteOffset;
    if (length <= 0) return new Uint8Array(into.buffer, offset, 0);
    if (this.plain) return this.slice(length);
    let buf = into.buffer as ArrayBuffer;
    let got = 0;
    if (this.reader && this.at - this.openedAt >= this.reopenEvery) this.drop();
    while (got < length) {
      if (!this.reader) {
        this.reader = byobReader(this.blob.slice(this.at, this.end));
        this.openedAt = this.at;
      }
      if (!this.reader) {
        this.plain = true;
        return this.slice(length);
      }
      const view = new Uint8Array(buf, offset + got, length - got);
      const r = await orStall(this.reader.read(view), this.stallMs * 2 ** this.stalls);
      if (r === STALLED) {
        // The stalled read holds the buffer, and this piece's bytes with it: read the piece
        // again into a new one.
        this.at -= got;
        got = 0;
        buf = new ArrayBuffer(offset + length);
        this.drop();
        if (++this.stalls > STALL_RETRIES)
          throw new WaymarkError('input-unreadable', {
            detail: `reading from byte ${this.at} stalled ${this.stalls} times`,
          });
        continue;
      }
      if (r.value) buf = r.value.buffer as ArrayBuffer;
      if (r.done || !r.value || r.value.byteLength === 0) {
        this.drop();
        break;
      }
      got += r.value.byteLength;
      this.at += r.value.byteLength;
      this.stalls = 0;
    }
    return new Uint8Array(buf, offset, got);
  }

  /**
   * Whether the blob is still the one picked, asked of a new stream (what Chromium checks):
   * throws what the browser's read throws, or `input-changed` where the range's end is gone.
   */
  async verify(): Promise<void> {
    if (this.end === 0) return;
    const last = await readBlobInto(this.blob, this.end - 1, this.end, undefined, this.stallMs);
    if (last.length !== 1)
      throw new WaymarkError('input-changed', { detail: `it no longer has byte ${this.end - 1}` });
  }

  /** Stops reading. */
  cancel(): void {
    this.drop();
    this.at = this.end;
  }

  private drop(): void {
    void this.reader?.cancel().catch(() => undefined);
    this.reader = undefined;
  }

  private async slice(length: number): Promise<Uint8Array> {
    const bytes = new Uint8Array(await this.blob.slice(this.at, this.at + length).arrayBuffer());
    this.at += bytes.length;
    return bytes;
  }
}
