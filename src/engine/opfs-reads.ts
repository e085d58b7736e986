/**
 * Range reads of OPFS files through read-only sync access handles, kept open while a worker
 * reads: a plain read from disk in the worker's own thread, several times faster than reading
 * the File's Blob (which the browser streams over to the worker), and no round trip to open a
 * handle for each of a chunk's reads.
 */

export type SyncHandle = {
  read(buf: Uint8Array, opts: { at: number }): number;
  write(buf: Uint8Array, opts: { at: number }): number;
  truncate(size: number): void;
  flush(): void;
  close(): void;
};

type SyncOpen = (opts?: { mode: 'read-only' }) => Promise<SyncHandle>;
export type SyncCapable = FileSystemFileHandle & { createSyncAccessHandle?: SyncOpen };

/**
 * How long a read handle stays open after its last read. A read-only handle takes a shared lock
 * that keeps the file from being removed or written, so it must not outlive the reading by
 * much: `OpfsFileStore.remove` retries for longer than this.
 */
export const READ_HANDLE_IDLE_MS = 100;

/**
 * True where two read-only sync access handles may be open on one file at once (Chromium 121+).
 * Where `mode` is not understood the first handle is an exclusive one and the second fails.
 */
async function probeSharedReads(fh: SyncCapable): Promise<boolean> {
  const open: SyncHandle[] = [];
  try {
    const create = fh.createSyncAccessHandle as SyncOpen;
    for (let i = 0; i < 2; i++) open.push(await create.call(fh, { mode: 'read-only' }));
    return true;
  } catch {
    return false;
  } finally {
    for (const h of open) h.close();
  }
}

interface OpenRead {
  handle: Promise<SyncHandle>;
  /** Reads started and not finished: the handle is not closed under them. */
  busy: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** The read handles of one worker, by path. */
export class SharedReads {
  /** Whether read-only sync access handles may be open several at once here (probed once). */
  private shared: boolean | undefined;
  private open = new Map<string, OpenRead>();

  constructor(private fileHandle: (path: string) => Promise<FileSystemFileHandle>) {}

  /**
   * bytes [start, end) of the file (read into `into` when given), or undefined where this way of
   * reading is not available.
   */
  async read(
    path: string,
    start: number,
    end: number,
    into?: Uint8Array,
  ): Promise<Uint8Array | undefined> {
    if (this.shared === false || typeof document !== 'undefined') return undefined;
    let entry = this.open.get(path);
    if (!entry) {
      entry = { handle: this.openHandle(path), busy: 0, timer: undefined };
      this.open.set(path, entry);
    }
    entry.busy++;
    try {
      const h = await entry.handle;
      const length = Math.max(0, end - start);
      const out = into && into.length >= length ? into.subarray(0, length) : new Uint8Array(length);
      let done = 0;
      while (done < out.length) {
        const n = h.read(out.subarray(done), { at: start + done });
        if (n <= 0) break;
        done += n;
      }
      return done === out.length ? out : out.subarray(0, done);
    } catch {
      // Not allowed here, locked by a writer or gone: the Blob path says what is wrong, if
      // anything; the next read opens afresh.
      this.drop(path, entry);
      return undefined;
    } finally {
      entry.busy--;
      if (this.open.get(path) === entry) this.closeWhenIdle(path, entry);
    }
  }

  private async openHandle(path: string): Promise<SyncHandle> {
    const fh = (await this.fileHandle(path)) as SyncCapable;
    if (typeof fh.createSyncAccessHandle !== 'function') this.shared = false;
    this.shared ??= await probeSharedReads(fh);
    if (!this.shared) throw new Error('no shared read-only sync access handles');
    return (fh.createSyncAccessHandle as SyncOpen).call(fh, { mode: 'read-only' });
  }

  private closeWhenIdle(path: string, entry: OpenRead): void {
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      if (entry.busy > 0) this.closeWhenIdle(path, entry);
      else this.drop(path, entry);
    }, READ_HANDLE_IDLE_MS);
  }

  private drop(path: string, entry: OpenRead): void {
    clearTimeout(entry.timer);
    if (this.open.get(path) === entry) this.open.delete(path);
    entry.handle.then(
      (h) => h.close(),
      () => undefined,
    );
  }
}
