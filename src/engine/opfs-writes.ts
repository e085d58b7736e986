/**
 * Positional writes to OPFS files through sync access handles kept open while a worker writes.
 * An input copy is written by every host that reads a piece of the input (the copying read), so
 * the handles are `readwrite-unsafe` ones, which several workers may hold on one file at once
 * (Chromium 121+); each writes only its own byte ranges. Opening, flushing and closing a handle
 * per 8 MiB block, as the copy once did, cost a round trip to the browser and an fsync per block.
 *
 * A writer's handle blocks read-only handles on the same file (and its removal): it closes once
 * its host has written nothing for READ_HANDLE_IDLE_MS, or when asked (`close`).
 */
import { READ_HANDLE_IDLE_MS, type SyncCapable, type SyncHandle } from './opfs-reads';

type UnsafeOpen = (opts?: { mode: 'readwrite-unsafe' | 'readwrite' }) => Promise<SyncHandle>;

/** A short write means the disk (or the origin's quota) is full: say so as the platform would. */
export function writeAll(h: SyncHandle, bytes: Uint8Array, at: number): void {
  let done = 0;
  while (done < bytes.length) {
    const n = h.write(bytes.subarray(done), { at: at + done });
    if (n <= 0)
      throw new DOMException(
        'The file could not be written: storage is full.',
        'QuotaExceededError',
      );
    done += n;
  }
}

interface OpenWrite {
  handle: Promise<SyncHandle>;
  busy: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** The write handles of one worker, by path. */
export class SharedWrites {
  private open = new Map<string, OpenWrite>();

  constructor(private fileHandle: (path: string) => Promise<FileSystemFileHandle>) {}

  /** True where this way of writing exists (a worker with sync access handles). */
  static available(): boolean {
    return typeof document === 'undefined' && 'FileSystemSyncAccessHandle' in globalThis;
  }

  async write(path: string, offset: number, bytes: Uint8Array): Promise<void> {
    const entry = this.entry(path);
    entry.busy++;
    try {
      writeAll(await entry.handle, bytes, offset);
    } catch (e) {
      // A handle that failed once is not trusted again: the next write opens afresh.
      this.drop(path, entry);
      throw e;
    } finally {
      entry.busy--;
      if (this.open.get(path) === entry) this.closeWhenIdle(path, entry);
    }
  }

  /** Flushes the open handle of `path`, if this worker has one (its writes are all in it). */
  async flush(path: string): Promise<void> {
    const entry = this.open.get(path);
    if (entry) (await entry.handle).flush();
  }

  /** Flushes and closes the handle of `path` now (the writing is over). */
  async close(path: string): Promise<void> {
    const entry = this.open.get(path);
    if (!entry) return;
    this.open.delete(path);
    clearTimeout(entry.timer);
    const h = await entry.handle.catch(() => undefined);
    try {
      h?.flush();
    } finally {
      h?.close();
    }
  }

  private entry(path: string): OpenWrite {
    let entry = this.open.get(path);
    if (!entry) {
      entry = { handle: this.openHandle(path), busy: 0, timer: undefined };
      // A failed open must not stay cached (nor surface as an unhandled rejection).
      entry.handle.catch(() => this.drop(path, entry as OpenWrite));
      this.open.set(path, entry);
    }
    return entry;
  }

  private async openHandle(path: string): Promise<SyncHandle> {
    const fh = (await this.fileHandle(path)) as SyncCapable;
    const open = fh.createSyncAccessHandle as unknown as UnsafeOpen;
    try {
      return await open.call(fh, { mode: 'readwrite-unsafe' });
    } catch (e) {
      // Where the mode is not known the handle is an exclusive one: one writer at a time.
      if ((e as DOMException).name !== 'TypeError') throw e;
      return open.call(fh);
    }
  }

  private closeWhenIdle(path: string, entry: OpenWrite): void {
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      if (entry.busy > 0) this.closeWhenIdle(path, entry);
      else this.drop(path, entry);
    }, READ_HANDLE_IDLE_MS);
  }

  private drop(path: string, entry: OpenWrite): void {
    clearTimeout(entry.timer);
    if (this.open.get(path) === entry) this.open.delete(path);
    entry.handle.then(
      (h) => {
        try {
          h.flush();
        } finally {
          h.close();
        }
      },
      () => undefined,
    );
  }
}
