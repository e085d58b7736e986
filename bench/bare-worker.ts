/**
 * The baselines the engine is measured against, with no engine around them: a bare hash-wasm
 * loop over a Blob stream, and a bare "count newlines" loop, in a worker reading the same OPFS
 * file the same way.
 */
import { expose } from 'comlink';
import { createSHA256 } from 'hash-wasm';
import { PieceReader, SpanReader, readBlobInto } from '../src/engine/blob-reads';
import { SharedReads } from '../src/engine/opfs-reads';
import type { ChunkContext } from '../src/engine/workflow';
import { SEARCH_DEFAULTS, type SearchParams } from '../src/workflows/search';
import { searchChunk } from '../src/workflows/search/chunk';

async function fileHandle(path: string): Promise<FileSystemFileHandle> {
  let dir = await navigator.storage.getDirectory();
  const parts = path.split('/');
  for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p);
  return dir.getFileHandle(parts[parts.length - 1]);
}

async function file(path: string): Promise<File> {
  return (await fileHandle(path)).getFile();
}

/** The engine's own way of reading a range of an OPFS file, with its Blob fallback. */
const reads = new SharedReads(fileHandle);
async function readAt(path: string, f: File, a: number, b: number): Promise<Uint8Array> {
  return (await reads.read(path, a, b)) ?? new Uint8Array(await f.slice(a, b).arrayBuffer());
}

const api = {
  async sha256(path: string): Promise<{ bytes: number; ms: number; hex: string }> {
    const f = await file(path);
    const t0 = performance.now();
    const h = await createSHA256();
    h.init();
    const reader = f.stream().getReader();
    let bytes = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      h.update(value);
      bytes += value.length;
    }
    const hex = h.digest('hex');
    return { bytes, ms: performance.now() - t0, hex };
  },
};

/** Reading alone, two ways, to tell I/O cost from hashing cost. */
const io = {
  async streamRead(path: string): Promise<{ bytes: number; ms: number }> {
    const f = await file(path);
    const t0 = performance.now();
    const reader = f.stream().getReader();
    let bytes = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
    }
    return { bytes, ms: performance.now() - t0 };
  },
  async syncRead(path: string, block: number): Promise<{ bytes: number; ms: number }> {
    let dir = await navigator.storage.getDirectory();
    const parts = path.split('/');
    for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p);
    const fh = await dir.getFileHandle(parts[parts.length - 1]);
    const t0 = performance.now();
    const h = await (
      fh as unknown as {
        createSyncAccessHandle(o: { mode: string }): Promise<{
          read(b: Uint8Array, o: { at: number }): number;
          getSize(): number;
          close(): void;
        }>;
      }
    ).createSyncAccessHandle({ mode: 'read-only' });
    const size = h.getSize();
    const buf = new Uint8Array(block);
    let bytes = 0;
    while (bytes < size) bytes += h.read(buf, { at: bytes });
    h.close();
    return { bytes, ms: performance.now() - t0 };
  },
  /**
   * The browser's own read speed for a picked file, the ceiling of the engine's copy: the whole
   * `File` through `stream()`, touching nothing.
   */
  async streamFile(f: File): Promise<{ bytes: number; ms: number }> {
    const t0 = performance.now();
    const reader = f.stream().getReader();
    let bytes = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
    }
    return { bytes, ms: performance.now() - t0 };
  },
  /**
   * The picked `File` hashed with hash-wasm's SHA-256 as it is read, with no engine around it:
   * `byob` reads through the engine's own piece reader (one reused buffer of `piece` bytes),
   * `plain` through a default stream reader. The ceiling of a SHA-256 run on a picked file.
   */
  async hashFile(
    f: File,
    how: 'byob' | 'plain' | 'memory',
    piece: number,
  ): Promise<{ bytes: number; ms: number; hex: string }> {
    const t0 = performance.now();
    const h = await createSHA256();
    h.init();
    let bytes = 0;
    if (how === 'memory') {
      // No I/O: the same number of bytes hashed from one buffer, the hasher's own speed.
      const buf = new Uint8Array(piece).fill(97);
      for (; bytes < f.size; bytes += piece) h.update(buf);
    } else if (how === 'byob') {
      const r = new PieceReader(f, piece);
      for (let p = await r.next(); p; p = await r.next()) {
        h.update(p);
        bytes += p.length;
      }
    } else {
      const reader = f.stream().getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        h.update(value);
        bytes += value.length;
      }
    }
    return { bytes, ms: performance.now() - t0, hex: h.digest('hex') };
  },
  /** The same picked `File` read as `slice(a, b).arrayBuffer()` pieces of `piece` bytes. */
  async sliceFile(f: File, piece: number): Promise<{ bytes: number; ms: number }> {
    const t0 = performance.now();
    let bytes = 0;
    for (let at = 0; at < f.size; at += piece)
      bytes += (await f.slice(at, Math.min(at + piece, f.size)).arrayBuffer()).byteLength;
    return { bytes, ms: performance.now() - t0 };
  },
  /** Reads bytes [from, to) in `chunk` pieces as the engine's map workers do. */
  async readRange(
    path: string,
    from: number,
    to: number,
    chunk: number,
  ): Promise<{ bytes: number; ms: number }> {
    const f = await file(path);
    const t0 = performance.now();
    let bytes = 0;
    for (let at = from; at < to; at += chunk)
      bytes += (await readAt(path, f, at, Math.min(at + chunk, to))).length;
    return { bytes, ms: performance.now() - t0 };
  },
  /** Pure JavaScript work with no I/O: counts "\n" in a 4 MiB text-like buffer, `mib` MiB in all. */
  async spin(mib: number): Promise<{ bytes: number; ms: number; newlines: number }> {
    const buf = new Uint8Array(4 * 1024 * 1024);
    for (let i = 0; i < buf.length; i++) buf[i] = i % 61 === 60 ? 10 : 97 + (i % 26);
    const t0 = performance.now();
    let newlines = 0;
    for (let r = 0; r < mib / 4; r++)
      for (let i = 0; i < buf.length; i++) newlines += buf[i] === 10 ? 1 : 0;
    return { bytes: mib * 1024 * 1024, ms: performance.now() - t0, newlines };
  },
  /**
   * Search's own chunk function over a file with no engine around it: one worker, chunks read
   * one after another as the engine reads them, counting only (as after the first lines are
   * kept). `computeMs` is the time spent in the search code alone.
   */
  async searchBare(
    path: string,
    pattern: string,
    chunk: number,
  ): Promise<{ bytes: number; ms: number; computeMs: number; matches: number; lines: number }> {
    const f = await file(path);
    const input = {
      size: f.size,
      read: (a: number, b: number) => readAt(path, f, a, Math.min(b, f.size)),
    };
    const params: SearchParams = { ...SEARCH_DEFAULTS, pattern };
    const t0 = performance.now();
    let computeMs = 0;
    let matches = 0;
    let lines = 0;
    for (let start = 0, index = 0; start < f.size; start += chunk, index++) {
      const end = Math.min(start + chunk, f.size);
      const bytes = await input.read(start, end);
      const c0 = performance.now();
      const ctx = { params, input, start, end, index, chunkCount: 0, hint: 0 };
      const p = await searchChunk(bytes, ctx as unknown as ChunkContext<SearchParams>);
      computeMs += performance.now() - c0;
      matches += p.matches;
      lines += p.matchingLines;
    }
    return { bytes: f.size, ms: performance.now() - t0, computeMs, matches, lines };
  },
  /**
   * The picked `File` read in 4 MiB pieces through a new stream every `span` bytes
   * (`SpanReader`): what opening a stream costs. A map chunk opens one per chunk, the fold's
   * read-ahead one per 64 MiB.
   */
  async readSpansOf(f: File, span: number, piece: number): Promise<{ bytes: number; ms: number }> {
    const t0 = performance.now();
    let bytes = 0;
    let buf = new Uint8Array(piece);
    const r = new SpanReader(f, 0, f.size, undefined, span);
    for (;;) {
      const got = await r.fill(buf);
      if (got.length === 0) break;
      bytes += got.length;
      buf = new Uint8Array(got.buffer as ArrayBuffer);
    }
    return { bytes, ms: performance.now() - t0 };
  },
  /**
   * The picked `File` copied into this origin's OPFS with no engine around it: read in pieces
   * of `piece` bytes (one stream) and written through one sync access
   * handle, flushed once at the end. `prealloc` sets the file's size first (one capacity
   * request to the browser instead of one per growth). The ceiling of the engine's copy.
   */
  async copyFile(
    f: File,
    piece: number,
    prealloc: boolean,
  ): Promise<{ bytes: number; ms: number; flushMs: number }> {
    const root = await navigator.storage.getDirectory();
    const name = `bare-copy-${Date.now()}`;
    const fh = await root.getFileHandle(name, { create: true });
    const t0 = performance.now();
    const h = await (
      fh as unknown as {
        createSyncAccessHandle(o: { mode: string }): Promise<{
          write(b: Uint8Array, o: { at: number }): number;
          truncate(n: number): void;
          flush(): void;
          close(): void;
        }>;
      }
    ).createSyncAccessHandle({ mode: 'readwrite-unsafe' });
    if (prealloc) h.truncate(f.size);
    let bytes = 0;
    // One stream, but read again on a new one where it stalls: Chromium's blob streams now and
    // then leave a read pending for good, and a bare `PieceReader` then hung the benchmark.
    const r = new SpanReader(f, 0, f.size, undefined, Infinity);
    let buf = new Uint8Array(piece);
    for (;;) {
      const p = await r.fill(buf);
      if (p.length === 0) break;
      bytes += h.write(p, { at: bytes });
      buf = new Uint8Array(p.buffer as ArrayBuffer);
    }
    const f0 = performance.now();
    h.flush();
    const flushMs = performance.now() - f0;
    h.close();
    const ms = performance.now() - t0;
    await root.removeEntry(name);
    return { bytes, ms, flushMs };
  },
  async hashMemory(mib: number): Promise<{ bytes: number; ms: number }> {
    const buf = new Uint8Array(4 * 1024 * 1024).fill(7);
    const h = await createSHA256();
    h.init();
    const t0 = performance.now();
    for (let i = 0; i < mib / 4; i++) h.update(buf);
    h.digest('hex');
    return { bytes: mib * 1024 * 1024, ms: performance.now() - t0 };
  },
};

/**
 * Search's chunk code on one piece of a picked file, as a map chunk runs it. The matches summed
 * over pieces are not an answer (a line across two pieces is joined by the engine's combine, not
 * here): the bare Search figures are throughput ceilings, checked only for reading every byte.
 */
function pieceSearcher(f: File, pattern: string) {
  const params: SearchParams = { ...SEARCH_DEFAULTS, pattern };
  const input = {
    size: f.size,
    read: (a: number, b: number) => readBlobInto(f, a, Math.min(b, f.size)),
  };
  return async (bytes: Uint8Array, start: number): Promise<number> => {
    const end = start + bytes.length;
    const ctx = { params, input, start, end, index: 0, chunkCount: 0, hint: 0 };
    return (await searchChunk(bytes, ctx as unknown as ChunkContext<SearchParams>)).matches;
  };
}

/** Search's chunk code over bytes [from, to) of a picked file, read as one stream per 64 MiB. */
async function searchSpanOf(f: File, from: number, to: number, pattern: string, piece: number) {
  const search = pieceSearcher(f, pattern);
  const t0 = performance.now();
  let matches = 0;
  let buf = new Uint8Array(piece);
  const r = new SpanReader(f, from, to);
  for (let start = from; ;) {
    const got = await r.fill(buf);
    if (got.length === 0) break;
    matches += await search(got, start);
    start += got.length;
    buf = new Uint8Array(got.buffer as ArrayBuffer);
  }
  return { matches, ms: performance.now() - t0 };
}

/** Pieces arriving on `port` searched; answers with its totals when the sender says it is done. */
function searchFed(port: MessagePort, pattern: string, f: File) {
  const search = pieceSearcher(f, pattern);
  let matches = 0;
  let busy = 0;
  // In arrival order: searchChunk may await (a line's end read from the file).
  let chain = Promise.resolve();
  port.onmessage = (e: MessageEvent<{ bytes?: Uint8Array; start?: number; done?: true }>) => {
    chain = chain.then(async () => {
      const { bytes, start = 0, done } = e.data;
      if (done || !bytes) {
        port.postMessage({ matches, busy });
        return;
      }
      const c0 = performance.now();
      matches += await search(bytes, start);
      busy += performance.now() - c0;
      // The buffer goes back to the reader to be filled again.
      port.postMessage({ back: bytes }, [bytes.buffer]);
    });
  };
}

/** The whole file read as one stream, its pieces sent round-robin to the ports (3 buffers each). */
async function feed(f: File, ports: MessagePort[], piece: number) {
  const t0 = performance.now();
  const free: Uint8Array[] = [];
  let waiting: (() => void) | undefined;
  for (const p of ports)
    p.onmessage = (e: MessageEvent<{ back?: Uint8Array }>) => {
      if (e.data.back) {
        free.push(e.data.back);
        waiting?.();
      }
    };
  for (let i = 0; i < ports.length * 3; i++) free.push(new Uint8Array(piece));
  const r = new SpanReader(f, 0, f.size, undefined, Infinity);
  let k = 0;
  for (let start = 0; ; k++) {
    while (free.length === 0) await new Promise<void>((res) => (waiting = res));
    const got = await r.fill(free.pop()!);
    if (got.length === 0) break;
    ports[k % ports.length].postMessage({ bytes: got, start }, [got.buffer]);
    start += got.length;
  }
  const totals = await Promise.all(
    ports.map(
      (p) =>
        new Promise<{ matches: number; busy: number }>((res) => {
          p.onmessage = (e: MessageEvent<{ matches?: number; busy: number }>) => {
            if (e.data.matches !== undefined) res(e.data as { matches: number; busy: number });
          };
          p.postMessage({ done: true });
        }),
    ),
  );
  return { ms: performance.now() - t0, totals };
}
Object.assign(api, io, { searchSpanOf, searchFed, feed });

export type BareApi = typeof api &
  typeof io & { searchSpanOf: typeof searchSpanOf; searchFed: typeof searchFed; feed: typeof feed };
expose(api);
