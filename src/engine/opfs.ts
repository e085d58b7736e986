/**
 * FileStore on the Origin Private File System. In workers, writes go through sync access
 * handles (the fastest path); on the main thread through writable streams.
 */
import type { FileStore } from './files';
import { READ_HANDLE_IDLE_MS, SharedReads, type SyncHandle } from './opfs-reads';
import { SharedWrites, writeAll } from './opfs-writes';

const ROOT = 'waymark';

function split(path: string): { dirs: string[]; name: string } {
  const parts = path.split('/').filter(Boolean);
  return { dirs: parts.slice(0, -1), name: parts[parts.length - 1] };
}

/** True where the Origin Private File System exists. */
export function opfsAvailable(): boolean {
  return (
    typeof navigator !== 'undefined' &&
    !!navigator.storage &&
    typeof navigator.storage.getDirectory === 'function'
  );
}

export class OpfsFileStore implements FileStore {
  private reads = new SharedReads((path) => this.handle(path, false));
  private writes = new SharedWrites((path) => this.handle(path, true));

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

  /** In a worker, through a write handle kept open while this worker writes (opfs-writes.ts). */
  async writeAt(path: string, offset: number, bytes: Uint8Array): Promise<void> {
    if (SharedWrites.available()) return this.writes.write(path, offset, bytes);
    const w = await (await this.handle(path, true)).createWritable({ keepExistingData: true });
    await w.write({ type: 'write', position: offset, data: bytes as Uint8Array<ArrayBuffer> });
    await w.close();
  }

  async flush(path: string): Promise<void> {
    await this.writes.flush(path);
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

  /** Reads through read-only sync access handles kept open while reading (opfs-reads.ts). */
  readRange(
    path: string,
    start: number,
    end: number,
    into?: Uint8Array,
  ): Promise<Uint8Array | undefined> {
    return this.reads.read(path, start, end, into);
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
    // A worker that has just finished reading a file keeps a read handle on it for a moment,
    // which makes removing it fail: try again until that handle must be closed.
    const until = Date.now() + 10 * READ_HANDLE_IDLE_MS;
    for (;;) {
      try {
        await (await this.dir(dirs, false)).removeEntry(name, { recursive: true });
        return;
      } catch (e) {
        // Gone already (or its directory is): nothing to do.
        if ((e as DOMException).name === 'NotFoundError' || Date.now() > until) return;
        await new Promise((r) => setTimeout(r, READ_HANDLE_IDLE_MS / 2));
      }
    }
  }

  async copyDir(fromDir: string, toDir: string): Promise<void> {
    for (const name of await this.list(fromDir)) {
      const src = await this.file(`${fromDir}/${name}`);
      await this.put(`${toDir}/${name}`, new Uint8Array(await src.arrayBuffer()));
    }
  }
}
