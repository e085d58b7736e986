/**
 * Reads of a picked file through reused buffers (`blob-reads.ts`), against plain slicing of the
 * same bytes; with Node's blob streams (byte streams, as Chromium's) and with a blob whose
 * stream is not a byte stream (the fallback).
 */
import { describe, expect, it } from 'vitest';
import { PieceReader, SpanReader, readBlobInto } from '../../../src/engine/blob-reads';
import { copyRange } from '../../../src/engine/copying-read';
import { MemoryFileStore } from '../../../src/engine/files';
import { randomBytes } from '../helpers/engine-harness';
import { WaymarkError } from '../../../src/engine';

const bytes = randomBytes(700_001, 41);
const blob = new Blob([bytes as Uint8Array<ArrayBuffer>]);

/** The same bytes behind a stream that only has a default reader. */
function plainBlob(b: Blob): Blob {
  const fake = {
    size: b.size,
    slice: (s?: number, e?: number) => plainBlob(b.slice(s, e)),
    arrayBuffer: () => b.arrayBuffer(),
    stream: () => {
      const r = b.stream().getReader();
      return new ReadableStream<Uint8Array>({
        async pull(c) {
          const n = await r.read();
          if (n.done) c.close();
          else c.enqueue(n.value);
        },
      });
    },
  };
  return fake as unknown as Blob;
}

async function pieces(reader: PieceReader): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (let p = await reader.next(); p; p = await reader.next()) out.push(p.slice());
  return out;
}

/** Byte equality (vitest's deep equality is slow on arrays this long). */
const same = (a: Uint8Array, b: Uint8Array) =>
  Buffer.from(a.buffer, a.byteOffset, a.length).equals(
    Buffer.from(b.buffer, b.byteOffset, b.length),
  );

const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

describe('blob reads into reused buffers', () => {
  it('readBlobInto: exactly the bytes of the range; the buffer it returns is the one to reuse', async () => {
    let into = new Uint8Array(300_000);
    for (const [s, e] of [
      [0, 1],
      [5, 262_149],
      [262_144, 524_288],
      [699_000, 700_001],
      [100, 100],
    ]) {
      const got = await readBlobInto(blob, s, e, into);
      expect(same(got, bytes.subarray(s, e))).toBe(true);
      // Read into the same memory (transferred), not into a fresh buffer of its own.
      if (!got.length) continue;
      expect(got.buffer.byteLength).toBe(300_000);
      into = new Uint8Array(got.buffer as ArrayBuffer);
    }
    // Too short a buffer: a new one, the bytes still right.
    expect(
      same(await readBlobInto(blob, 0, 400_000, new Uint8Array(10)), bytes.subarray(0, 400_000)),
    ).toBe(true);
    expect(await readBlobInto(plainBlob(blob), 7, 70_000, into)).toEqual(bytes.subarray(7, 70_000));
  });

  it('readBlobInto: a range past the end (a file that got shorter) gives the bytes there are', async () => {
    const end = blob.size;
    // The stream's end hands the buffer back too: reading on from a detached one threw a
    // TypeError (an "internal" error) instead of a short read the caller names.
    expect(
      same(
        await readBlobInto(blob, end - 5, end + 10, new Uint8Array(15)),
        bytes.subarray(end - 5),
      ),
    ).toBe(true);
    expect((await readBlobInto(blob, end, end + 10, new Uint8Array(10))).length).toBe(0);
  });

  it('PieceReader: pieces of at most max bytes making up the blob, with and without byte streams', async () => {
    for (const b of [blob, plainBlob(blob)]) {
      const got = await pieces(new PieceReader(b.slice(3), 100_000));
      expect(got.every((p) => p.length > 0 && p.length <= 100_000)).toBe(true);
      expect(same(concat(got), bytes.subarray(3))).toBe(true);
    }
    const r = new PieceReader(blob, 1000);
    expect(same((await r.next())!, bytes.subarray(0, 1000))).toBe(true);
    await r.cancel();
  });
});

/** The same bytes, but the first `stalls` streams opened give nothing, ever (as Chromium's now and then). */
function stallingBlob(b: Blob, stalls: { left: number }): Blob {
  const fake = {
    size: b.size,
    slice: (s?: number, e?: number) => stallingBlob(b.slice(s, e), stalls),
    arrayBuffer: () => b.arrayBuffer(),
    stream: () => {
      if (b.size === 0 || stalls.left-- <= 0) return b.stream();
      return new ReadableStream({ type: 'bytes', pull: () => new Promise<void>(() => undefined) });
    },
  };
  return fake as unknown as Blob;
}

describe('a stalled blob read', () => {
  it('is read again on a new stream, and gives exactly the bytes of the range', async () => {
    const stalls = { left: 2 };
    const got = await readBlobInto(stallingBlob(blob, stalls), 1000, 300_000, undefined, 50);
    expect(stalls.left).toBeLessThanOrEqual(0);
    expect(same(got, bytes.subarray(1000, 300_000))).toBe(true);
  });

  it('fails with a coded error once fresh streams stall too, each window twice the last', async () => {
    const t0 = performance.now();
    const err = await readBlobInto(stallingBlob(blob, { left: 99 }), 0, 5000, undefined, 20).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WaymarkError);
    expect((err as WaymarkError).code).toBe('input-unreadable');
    // 20 + 40 + 80 + 160 ms: a slow disk gets longer windows, not four short ones.
    expect(performance.now() - t0).toBeGreaterThanOrEqual(295);
  });
});

/** The same bytes; the first stream opened gives `n` bytes, then nothing, ever. */
function stallsAfter(b: Blob, n: number, opened = { count: 0 }): Blob {
  const fake = {
    size: b.size,
    slice: (s?: number, e?: number) => stallsAfter(b.slice(s, e), n, opened),
    arrayBuffer: () => b.arrayBuffer(),
    stream: () => {
      if (opened.count++ > 0) return b.stream();
      let sent = false;
      return new ReadableStream({
        type: 'bytes',
        pull: async (c) => {
          if (sent) return new Promise<void>(() => undefined);
          sent = true;
          c.enqueue(new Uint8Array(await b.slice(0, n).arrayBuffer()));
        },
      });
    },
  };
  return fake as unknown as Blob;
}

async function spanPieces(r: SpanReader, piece: number): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  let buf = new Uint8Array(piece);
  for (;;) {
    const got = await r.fill(buf);
    if (got.length === 0) return out;
    out.push(got.slice());
    buf = new Uint8Array(got.buffer as ArrayBuffer);
  }
}

describe('SpanReader: one stream over a range, whole pieces', () => {
  it('gives every byte of the range once, in full pieces but the last, with and without byte streams', async () => {
    for (const b of [blob, plainBlob(blob)]) {
      const got = await spanPieces(new SpanReader(b, 7, 650_000), 64_000);
      expect(got.slice(0, -1).every((p) => p.length === 64_000)).toBe(true);
      expect(same(concat(got), bytes.subarray(7, 650_000))).toBe(true);
    }
  });

  it('a file that ends early gives the bytes there are, then nothing', async () => {
    const got = await spanPieces(new SpanReader(blob, 600_000, 900_000), 64_000);
    expect(same(concat(got), bytes.subarray(600_000))).toBe(true);
  });

  it('a read that stalls mid-range goes on from the piece it was in, on a new stream', async () => {
    const opened = { count: 0 };
    const got = await spanPieces(
      new SpanReader(stallsAfter(blob, 12_345, opened), 0, blob.size, 30),
      100_000,
    );
    expect(opened.count).toBe(2);
    expect(same(concat(got), bytes)).toBe(true);
  });

  it('opens a new stream every reopenEvery bytes (where Chromium checks the file), and verifies the end', async () => {
    const opened = { count: 0 };
    const counting = (b: Blob): Blob =>
      ({
        size: b.size,
        slice: (s?: number, e?: number) => counting(b.slice(s, e)),
        stream: () => {
          opened.count++;
          return b.stream();
        },
      }) as unknown as Blob;
    const r = new SpanReader(counting(blob), 0, 700_000, 1000, 200_000);
    const got = await spanPieces(r, 50_000);
    expect(same(concat(got), bytes.subarray(0, 700_000))).toBe(true);
    // 0, 200,000, 400,000, 600,000: a stream each.
    expect(opened.count).toBe(4);
    await r.verify();
    expect(opened.count).toBe(5);
    // A blob that lost its end (a file cut short on disk) fails verification with a code.
    const cut = new SpanReader(blob.slice(0, 1000), 0, 2000);
    await expect(cut.verify()).rejects.toMatchObject({ code: 'input-changed' });
  });

  it('fills a view at an offset into its buffer, and returns a view at that offset', async () => {
    const r = new SpanReader(blob, 0, 300_000);
    const buf = new Uint8Array(300_000);
    const head = await r.fill(buf.subarray(0, 65_536));
    const rest = await r.fill(new Uint8Array(head.buffer, 65_536, 300_000 - 65_536));
    expect(rest.byteOffset).toBe(65_536);
    expect(same(new Uint8Array(rest.buffer, 0, 300_000), bytes.subarray(0, 300_000))).toBe(true);
  });

  it('fails with a coded error after four stalls in a row', async () => {
    const r = new SpanReader(stallingBlob(blob, { left: 99 }), 0, 5000, 10);
    const err = await r.fill(new Uint8Array(5000)).catch((e: unknown) => e);
    expect((err as WaymarkError).code).toBe('input-unreadable');
  });
});

describe('copyRange: the plain copier', () => {
  const copied = async (files: MemoryFileStore) =>
    new Uint8Array(await (await files.file('c')).arrayBuffer());

  it('copies exactly the range, at its offset, with and without byte streams', async () => {
    for (const b of [blob, plainBlob(blob)]) {
      const files = new MemoryFileStore();
      await copyRange(files, b, 'c', 0, 100_000);
      await copyRange(files, b, 'c', 100_000, blob.size);
      expect(same(await copied(files), bytes)).toBe(true);
    }
  });

  it('a read that stalls mid-copy goes on on a new stream, and the copy is byte for byte the file', async () => {
    // Fails with a copier that waits on its one stream: the read never settles.
    const opened = { count: 0 };
    const files = new MemoryFileStore();
    await copyRange(files, stallsAfter(blob, 54_321, opened), 'c', 0, blob.size, true, 30);
    expect(opened.count).toBe(2);
    expect(same(await copied(files), bytes)).toBe(true);
  });

  it('a file shorter than the range fails as changed on disk', async () => {
    const files = new MemoryFileStore();
    const err = await copyRange(files, blob.slice(0, 1000), 'c', 0, 2000).catch((e: unknown) => e);
    expect((err as WaymarkError).code).toBe('input-changed');
  });
});
