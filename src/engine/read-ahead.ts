/**
 * A fold's input read on a thread of its own. A fold worker that reads and folds in turn waits
 * for every piece: a SHA-256 run on a picked 256 MiB file spent 0.3–0.8 s of its 2.9–3.4 s
 * waiting for reads (measured in the worker), time in which the hasher did nothing. Here a
 * nested worker reads ahead, a few pieces at most, and hands each piece over by transfer (no
 * copy); the fold thread gives each buffer back when it is done with it, so the same few buffers
 * go round and memory stays bounded whatever the file's size.
 *
 * The thread reads the range through a new stream every 64 MiB ({@link SpanReader}), not one
 * per piece (which cost this thread half its speed at 4 GiB and left a stream's garbage per
 * piece): Chromium checks a picked file when a stream opens, so a file changed on disk fails at
 * the next stream, and the last piece is only handed on once a new stream says the file is still
 * the one picked. A stalled read is started again.
 */
import { SpanReader } from './blob-reads';
import { WaymarkError, toWaymarkError, type SerializedError } from './errors';

/** Pieces read ahead at most: one being folded, the rest ready. */
export const READ_AHEAD_DEPTH = 3;

/** What the fold side sends. */
type ToReader =
  | { type: 'open'; blob: Blob; start: number; end: number; piece: number }
  | { type: 'give'; buffer: ArrayBuffer };
/** What the reading side sends. */
type FromReader =
  | { type: 'piece'; bytes: Uint8Array }
  | { type: 'end' }
  | { type: 'error'; error: SerializedError };

/** A worker, or one end of a MessageChannel (tests): what both sides talk through. */
export interface ReadAheadPort {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent) => void) | null;
}

/** The fold side's end of a reading thread: a worker it may end. */
export interface ReadAheadThread extends ReadAheadPort {
  terminate(): void;
}

/**
 * The reading thread's side: what a read-ahead worker entry runs (`serveReadAhead(self)`).
 * One `open` per thread; pieces go out as buffers come back.
 */
export function serveReadAhead(port: ReadAheadPort): void {
  const spare: ArrayBuffer[] = [];
  let made = 0;
  let wake: (() => void) | undefined;
  const buffer = async (size: number): Promise<ArrayBuffer> => {
    for (;;) {
      const b = spare.pop();
      if (b) return b;
      if (made < READ_AHEAD_DEPTH) {
        made++;
        return new ArrayBuffer(size);
      }
      await new Promise<void>((r) => (wake = r));
    }
  };
  const send = (m: FromReader, transfer: Transferable[] = []) => port.postMessage(m, transfer);
  const read = async (blob: Blob, start: number, end: number, piece: number) => {
    const span = new SpanReader(blob, start, end);
    try {
      for (let at = start; at < end;) {
        const bytes = await span.fill(new Uint8Array(await buffer(piece)));
        if (bytes.length === 0)
          throw new WaymarkError('input-changed', {
            detail: `it ended at byte ${at}, expected ${end}`,
          });
        at += bytes.length;
        // The fold completes on the last piece: the file must still be the one picked.
        if (at >= end) await span.verify();
        send({ type: 'piece', bytes }, [bytes.buffer]);
      }
      send({ type: 'end' });
    } catch (e) {
      send({ type: 'error', error: toWaymarkError(e).toJSON() });
    }
  };
  port.onmessage = (e: MessageEvent) => {
    const m = e.data as ToReader;
    if (m.type === 'give') {
      spare.push(m.buffer);
      wake?.();
      wake = undefined;
    } else void read(m.blob, m.start, m.end, m.piece);
  };
}

/**
 * Bytes [start, end) of `blob` in pieces of at most `piece` bytes, read ahead on `thread`. A
 * piece is the caller's until the next `next()`, which hands its buffer back. Same contract as
 * {@link PieceReader}.
 */
export class ReadAhead {
  private ready: FromReader[] = [];
  private waiting: ((m: FromReader) => void) | undefined;
  private lent: ArrayBuffer | undefined;
  private done = false;

  constructor(
    private readonly thread: ReadAheadThread,
    blob: Blob,
    start: number,
    end: number,
    piece: number,
  ) {
    thread.onmessage = (e: MessageEvent) => {
      const m = e.data as FromReader;
      const w = this.waiting;
      this.waiting = undefined;
      if (w) w(m);
      else this.ready.push(m);
    };
    const open: ToReader = { type: 'open', blob, start, end, piece };
    thread.postMessage(open);
  }

  /** The next piece, or undefined at the end; a read that failed throws its coded error. */
  async next(): Promise<Uint8Array | undefined> {
    if (this.lent) {
      const give: ToReader = { type: 'give', buffer: this.lent };
      this.thread.postMessage(give, [this.lent]);
      this.lent = undefined;
    }
    if (this.done) return undefined;
    const m = this.ready.shift() ?? (await new Promise<FromReader>((r) => (this.waiting = r)));
    if (m.type === 'end') {
      this.done = true;
      return undefined;
    }
    if (m.type === 'error') {
      this.done = true;
      throw WaymarkError.fromJSON(m.error);
    }
    this.lent = m.bytes.buffer as ArrayBuffer;
    return m.bytes;
  }

  /** Stops reading and ends the thread; what was read ahead is dropped. */
  cancel(): Promise<void> {
    this.done = true;
    this.ready = [];
    this.waiting?.({ type: 'end' });
    this.waiting = undefined;
    this.thread.onmessage = null;
    this.thread.terminate();
    return Promise.resolve();
  }
}
