/**
 * Reads of a picked file through reused buffers (`blob-reads.ts`), against plain slicing of the
 * same bytes; with Node's blob streams (byte streams, as Chromium's) and with a blob whose
 * stream is not a byte stream (the fallback).
 */
import { describe, expect, it } from 'vitest';
import { PieceReader, readBlobInto, streamThrough } from '../../../src/engine/blob-reads';
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

  it('streamThrough: every byte once, in order, through one buffer; and without byte streams', async () => {
    for (const b of [blob, plainBlob(blob)]) {
      const parts: Uint8Array[] = [];
      const buffers = new Set<number>();
      await streamThrough(b, 65_536, async (p) => {
        expect(p.length).toBeLessThanOrEqual(b === blob ? 65_536 : Infinity);
        buffers.add(p.buffer.byteLength);
        parts.push(p.slice());
      });
      expect(same(concat(parts), bytes)).toBe(true);
      if (b === blob) expect([...buffers]).toEqual([65_536]);
    }
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
