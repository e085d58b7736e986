/**
 * FileStore on the Origin Private File System. In workers, writes go through sync access
 * handles (the fastest path); on the main thread through writable streams.
 */
import type { FileStore } from './files';

const ROOT = 'waymark';

type SyncHandle = {
  read(buf: Uint8Array, opts: { at: number }): number;
  write(buf: Uint8Array, opts: { at: number }): number;
  truncate(size: number): void;
  flush(): void;
  close(): void;
};

/** A short write means the disk (or the origin's quota) is full: say so as the platform would. */
function writeAll(h: SyncHandle, bytes: Uint8Array, at: number): void {
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

function split(path: string): { dirs: string[]; name: string } {
  const parts = path.split('/').filter(Boolean);
  return { dirs: parts.slice(0, -1), name: parts[parts.length - 1] };
}

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

/** True where the Origin Private File System exists. */
export function opfsAvailable(): boolean {
  return (
    typeof navigator !== 'undefined' &&
    !!navigator.storage &&
    typeof navigator.storage.getDirectory === 'function'
  );
}

type SyncOpen = (opts?: { mode: 'read-only' }) => Promise<SyncHandle>;
type SyncCapable = FileSystemFileHandle & { createSyncAccessHandle?: SyncOpen };

export class OpfsFileStore implements FileStore {
  /** Whether read-only sync access handles may be open several at once here (probed once). */
  private sharedReads: boolean | undefined;
  /** File handles of files read by range: walking the directories costs a round trip each. */
  private readHandles = new Map<string, SyncCapable>();

  private async dir(dirs: string[], create: boolean): Promise<FileSystemDirectoryHandle> {
    let d = await navigator.storage.getDirectory();
    for (const name of [ROOT, ...dirs]) d = await d.getDirectoryHandle(name, { create });
    return d;
  }

  private async handle(path: string, create: boolean): Promise<FileSystemFileHandle> {
    const { dirs, name } = split(path);
    return (await this.dir(dirs, create)).getFileHandle(name, { create });
  }

  private async withSync<T>(path: string, fn: (h: SyncHandle) => T): Promise<T> {
    const fh = (await this.handle(path, true)) as FileSystemFileHandle & {
      createSyncAccessHandle?: () => Promise<SyncHandle>;
    };
    if (typeof fh.createSyncAccessHandle === 'function' && typeof document === 'undefined') {
      const h = await fh.createSyncAccessHandle();
      try {
        const r = fn(h);
        h.flush();
        return r;
      } finally {
        h.close();
      }
    }
    throw new Error('no sync access handle');
  }

  async writeAt(path: string, offset: number, bytes: Uint8Array): Promise<void> {
    try {
      await this.withSync(path, (h) => writeAll(h, bytes, offset));
    } catch (e) {
      if ((e as Error).message !== 'no sync access handle') throw e;
      const w = await (await this.handle(path, true)).createWritable({ keepExistingData: true });
      await w.write({ type: 'write', position: offset, data: bytes as Uint8Array<ArrayBuffer> });
      await w.close();
    }
  }

  async put(path: string, bytes: Uint8Array): Promise<void> {
    try {
      await this.withSync(path, (h) => {
        h.truncate(0);
        writeAll(h, bytes, 0);
      });
    } catch (e) {
      if ((e as Error).message !== 'no sync access handle') throw e;
      const w = await (await this.handle(path, true)).createWritable({ keepExistingData: false });
      await w.write(bytes as Uint8Array<ArrayBuffer>);
      await w.close();
    }
  }

  async truncate(path: string, size: number): Promise<void> {
    try {
      await this.withSync(path, (h) => h.truncate(size));
    } catch (e) {
      if ((e as Error).message !== 'no sync access handle') throw e;
      const w = await (await this.handle(path, true)).createWritable({ keepExistingData: true });
      await w.truncate(size);
      await w.close();
    }
  }

  async file(path: string): Promise<Blob> {
    return (await this.handle(path, false)).getFile();
  }

  /**
   * Reads through a read-only sync access handle, opened and closed around one synchronous read:
   * a plain read from disk in the worker's own thread, ~3× faster than reading the File's Blob,
   * which the browser streams over to the worker. The handle takes a shared lock only for that
   * moment, so other workers read at the same time and nothing is left locked.
   */
  async readRange(path: string, start: number, end: number): Promise<Uint8Array | undefined> {
    if (this.sharedReads === false || typeof document !== 'undefined') return undefined;
    try {
      let fh = this.readHandles.get(path);
      if (!fh) {
        fh = (await this.handle(path, false)) as SyncCapable;
        if (this.readHandles.size >= 8) this.readHandles.clear();
        this.readHandles.set(path, fh);
      }
      this.sharedReads ??=
        typeof fh.createSyncAccessHandle === 'function' && (await probeSharedReads(fh));
      if (!this.sharedReads) return undefined;
      const h = await (fh.createSyncAccessHandle as SyncOpen).call(fh, { mode: 'read-only' });
      try {
        const out = new Uint8Array(Math.max(0, end - start));
        let done = 0;
        while (done < out.length) {
          const n = h.read(out.subarray(done), { at: start + done });
          if (n <= 0) break;
          done += n;
        }
        return done === out.length ? out : out.subarray(0, done);
      } finally {
        h.close();
      }
    } catch {
      // Locked by a writer, gone, or not allowed: the Blob path says what is wrong, if anything.
      this.readHandles.delete(path);
      return undefined;
    }
  }

  async size(path: string): Promise<number | undefined> {
    try {
      return (await this.file(path)).size;
    } catch {
      return undefined;
    }
  }

  async list(dir: string): Promise<string[]> {
    try {
      const d = await this.dir(dir.split('/').filter(Boolean), false);
      const names: string[] = [];
      for await (const name of (d as unknown as { keys(): AsyncIterable<string> }).keys())
        names.push(name);
      return names.sort();
    } catch {
      return [];
    }
  }

  async remove(path: string): Promise<void> {
    const { dirs, name } = split(path);
    try {
      await (await this.dir(dirs, false)).removeEntry(name, { recursive: true });
    } catch {
      // Already gone.
    }
  }

  async copyDir(fromDir: string, toDir: string): Promise<void> {
    for (const name of await this.list(fromDir)) {
      const src = await this.file(`${fromDir}/${name}`);
      await this.put(`${toDir}/${name}`, new Uint8Array(await src.arrayBuffer()));
    }
  }
}
