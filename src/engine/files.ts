/**
 * Where input copies and output files live: an OPFS-like store of paths. The browser uses the
 * Origin Private File System (`opfs.ts`); Node tests use the in-memory store below, shared by
 * every engine instance in the process so that a "crashed" engine's files are still there.
 */
export interface FileStore {
  /** Writes `bytes` at `offset` of `path` (creating it). Same bytes at the same offset: no change. */
  writeAt(path: string, offset: number, bytes: Uint8Array): Promise<void>;
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

  async writeAt(path: string, offset: number, bytes: Uint8Array): Promise<void> {
    const old = this.files.get(path) ?? new Uint8Array(0);
    const size = Math.max(old.length, offset + bytes.length);
    const next = old.length === size ? old : new Uint8Array(size);
    if (next !== old) next.set(old);
    next.set(bytes, offset);
    this.files.set(path, next);
  }

  async put(path: string, bytes: Uint8Array): Promise<void> {
    this.files.set(path, bytes.slice());
  }

  async truncate(path: string, size: number): Promise<void> {
    const old = this.files.get(path) ?? new Uint8Array(0);
    const next = new Uint8Array(size);
    next.set(old.subarray(0, Math.min(size, old.length)));
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
      if (p === path || p.startsWith(`${path}/`)) this.files.delete(p);
  }

  async copyDir(fromDir: string, toDir: string): Promise<void> {
    for (const [p, b] of [...this.files])
      if (p.startsWith(`${fromDir}/`)) this.files.set(toDir + p.slice(fromDir.length), b.slice());
  }
}
