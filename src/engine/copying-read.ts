/**
 * The host's side of writing the input copy: the copying read (a piece of the picked file read
 * for a step is written to the copy before the step sees it) and the plain copier (a range of
 * the file streamed to the copy, for what no step reads). Both write through the file store's
 * positional writes, which on OPFS keep a write handle open while the host writes.
 */
import { READ_STALL_MS, SpanReader, readBlobInto } from './blob-reads';
import { WaymarkError, toWaymarkError } from './errors';
import type { FileStore } from './files';

/** The plain copier's one buffer: big enough that a read costs little per byte. */
const COPY_BUFFER = 1024 * 1024;

/**
 * A picked File that can no longer be read has changed on disk (Chromium fails such reads with
 * NotReadableError, or a stream with a bare "network error"): never mix two versions of it.
 */
export function changed(e: unknown): WaymarkError {
  const err = toWaymarkError(e);
  if (err.code === 'input-changed') return err;
  return new WaymarkError(
    'input-changed',
    { detail: 'it was modified, moved or deleted on disk' },
    { cause: e },
  );
}

/** Writes `bytes` to the copy at `offset`; a full disk surfaces as quota-exceeded. */
export async function writeCopy(
  files: FileStore,
  path: string,
  offset: number,
  bytes: Uint8Array,
): Promise<void> {
  try {
    await files.writeAt(path, offset, bytes);
  } catch (e) {
    throw toWaymarkError(e);
  }
}

export async function flushCopy(files: FileStore, path: string): Promise<void> {
  try {
    await files.flush?.(path);
  } catch (e) {
    throw toWaymarkError(e);
  }
}

/**
 * Bytes [start, end) of the picked file (read into `into` by `read`, see `readBlobInto`), written
 * to the copy (and flushed) before returned.
 */
export async function readCopying(
  files: FileStore,
  source: Blob,
  path: string,
  start: number,
  end: number,
  into?: Uint8Array,
  read: typeof readBlobInto = readBlobInto,
): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await read(source, start, end, into);
  } catch (e) {
    throw changed(e);
  }
  if (bytes.length !== end - start)
    throw new WaymarkError('input-changed', {
      detail: `read ${bytes.length} bytes at ${start}, expected ${end - start}`,
    });
  await writeCopy(files, path, start, bytes);
  // The chunk's result is committed as soon as the step answers: its bytes must be on disk.
  await flushCopy(files, path);
  return bytes;
}

/**
 * The plain copier: streams [start, end) of `source` to the copy through one open write handle
 * (no fresh buffer per block, no open/close per block), flushing once at the end, so that the
 * record the page writes next never counts bytes that a power loss could take back.
 */
export async function copyRange(
  files: FileStore,
  source: Blob,
  path: string,
  start: number,
  end: number,
  flush = true,
  stallMs = READ_STALL_MS,
): Promise<void> {
  let at = start;
  // An empty range still creates the copy (an empty input's copy is an empty file).
  if (start === end) await writeCopy(files, path, start, new Uint8Array(0));
  // Through the span reader's stall watchdog: a blob stream that leaves a read pending for good
  // (docs/checkpointing.md §2.4) once held the whole copy until the page's 15 s deadline
  // replaced the copier; now the read starts again on a new stream after a second.
  const reader = new SpanReader(source, start, end, stallMs);
  let buf = new Uint8Array(COPY_BUFFER);
  try {
    for (;;) {
      const bytes = await reader.fill(buf);
      if (bytes.length === 0) break;
      await writeCopy(files, path, at, bytes);
      at += bytes.length;
      buf = new Uint8Array(bytes.buffer as ArrayBuffer);
    }
  } catch (e) {
    reader.cancel();
    // The copy's own failures are coded already; a read that fails is the file changing.
    throw e instanceof WaymarkError ? e : changed(e);
  }
  if (at !== end)
    throw new WaymarkError('input-changed', {
      detail: `read ${at - start} bytes at ${start}, expected ${end - start}`,
    });
  if (flush) await flushCopy(files, path);
}
