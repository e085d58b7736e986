/**
 * Where input copies and output files live: an OPFS-like store of paths. The browser uses the
 * Origin Private File System (`opfs.ts`); Node tests use the in-memory store below, shared by
 * every engine instance in the process so that a "crashed" engine's files are still there.
 */
export interface FileStore {
  /**
   * Writes `bytes` at `offset` of `path` (creating it). Same bytes at the same offset: no change.
   * Several hosts may write one file at once (an input copy written as its chunks are read);
   * the write is in the file when this resolves, durable against a power loss after `flush`.
   */
  writeAt(path: string, offset: number, bytes: Uint8Array): Promise<void>;
  /** Makes the writes so far to `path` durable (a store that writes durably needs none). */
  flush?(path: string): Promise<void>;
  /** Replaces the whole file. */
  put(path: string, bytes: Uint8Array): Promise<void>;
  /** Sets the length (used to drop a partial tail). */
  truncate(path: string, size: number): Promise<void>;
  /** A readable snapshot; throws NotFoundError when missing. */
  file(path: string): Promise<Blob>;
  /**
   * Bytes [start, end) read straight from storage where several readers may do so at once
   * (OPFS read-only sync access handles, in a worker); undefined where they may not, and the
   * caller reads `file(path)` instead. With `into` (at least end − start bytes long), the bytes
   * are read into it and a view of it is returned: a reused buffer saves the page faults of a
   * fresh one, which cost more than the read itself.
   */
  readRange?(
    path: string,
    start: number,
    end: number,
    into?: Uint8Array,
  ): Promise<Uint8Array | undefined>;
  /** Size in bytes, or undefined when missing. */
  size(path: string): Promise<number | undefined>;
  /** Names directly under a directory path ('' for the root). */
  list(dir: string): Promise<string[]>;
  /** Removes a file or a directory with everything under it; missing is fine. */
  remove(path: string): Promise<void>;
  /** Copies every file under `fromDir` to `toDir`. */
  copyDir(fromDir: string, toDir: string): Promise<void>;
}

export const runDir = (runId: string) => `runs/${runId}`;
export const inputPath = (runId: string) => `runs/${runId}/input`;
export const outputDir = (runId: string) => `runs/${runId}/out`;
/** The folder of input copies, which belong to no one run (`input-copies.ts`). */
export const COPIES_DIR = 'copies';

function notFound(path: string): Error {
  const e = new Error(`${path} not found`);
  e.name = 'NotFoundError';
  return e;
}

/** An in-memory FileStore for Node and for tests. */
export class MemoryFileStore implements FileStore {
  private files = new Map<string, Uint8Array>();
  /**
   * Room to grow per file written with `writeAt`: a copy written piece by piece doubles its
   * buffer rather than reallocating it per piece (quadratic in the file's size).
   */
  private room = new Map<string, Uint8Array>();

  async writeAt(path: string, offset: number, bytes: Uint8Array): Promise<void> {
    const old = this.files.get(path) ?? new Uint8Array(0);
    const size = Math.max(old.length, offset + bytes.length);
    let next = old;
    if (size > old.length) {
      let room = this.room.get(path);
      if (!room || room.length < size || room.buffer !== old.buffer) {
        room = new Uint8Array(Math.max(size, 2 * old.length));
        room.set(old);
        this.room.set(path, room);
      }
      next = room.subarray(0, size);
    }
    next.set(bytes, offset);
    this.files.set(path, next);
  }

  async put(path: string, bytes: Uint8Array): Promise<void> {
    this.room.delete(path);
    this.files.set(path, bytes.slice());
  }

  async truncate(path: string, size: number): Promise<void> {
    const old = this.files.get(path) ?? new Uint8Array(0);
    const next = new Uint8Array(size);
    next.set(old.subarray(0, Math.min(size, old.length)));
    this.room.delete(path);
    this.files.set(path, next);
  }

  async file(path: string): Promise<Blob> {
    const f = this.files.get(path);
    if (!f) throw notFound(path);
    return new Blob([f.slice()]);
  }

  /** Like the OPFS store's, so that tests in Node exercise reads into reused chunk buffers. */
  async readRange(
    path: string,
    start: number,
    end: number,
    into?: Uint8Array,
  ): Promise<Uint8Array | undefined> {
    const f = this.files.get(path);
    if (!f) return undefined;
    const bytes = f.subarray(Math.min(start, f.length), Math.min(end, f.length));
    if (!into || into.length < bytes.length) return bytes.slice();
    into.set(bytes);
    return into.subarray(0, bytes.length);
  }

  async size(path: string): Promise<number | undefined> {
    return this.files.get(path)?.length;
  }

  async list(dir: string): Promise<string[]> {
    const prefix = dir ? `${dir}/` : '';
    const names = new Set<string>();
    for (const p of this.files.keys())
      if (p.startsWith(prefix)) names.add(p.slice(prefix.length).split('/')[0]);
    return [...names].sort();
  }

  async remove(path: string): Promise<void> {
    for (const p of [...this.files.keys()])
      if (p === path || p.startsWith(`${path}/`)) {
        this.files.delete(p);
        this.room.delete(p);
      }
  }

  async copyDir(fromDir: string, toDir: string): Promise<void> {
    for (const [p, b] of [...this.files])
      if (p.startsWith(`${fromDir}/`)) this.files.set(toDir + p.slice(fromDir.length), b.slice());
  }
}
