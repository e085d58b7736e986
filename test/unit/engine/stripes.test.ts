/**
 * Map chunks in stripes: the order chunks go to hosts (`StripeQueue`), checked against a naive
 * model of what each host must get, and a host's reads of neighbouring chunks through one open
 * stream (`ChunkStream`), checked against plain slices of the same bytes and by counting the
 * streams the blob opened.
 */
import { describe, expect, it } from 'vitest';
import { ChunkStream } from '../../../src/engine/chunk-stream';
import { StripeQueue, stripeChunks, MAX_STRIPE_CHUNKS } from '../../../src/engine/stripe-queue';
import { randomBytes } from '../helpers/engine-harness';
import { xorshift32 } from '../../../scripts/fixtures.mjs';

const MiB = 1024 * 1024;
const bytes = randomBytes(900_001, 77);
const blob = new Blob([bytes as Uint8Array<ArrayBuffer>]);

const same = (a: Uint8Array, b: Uint8Array) =>
  Buffer.from(a.buffer, a.byteOffset, a.length).equals(
    Buffer.from(b.buffer, b.byteOffset, b.length),
  );

/** The blob, counting the streams opened on it or any slice of it. */
function counting(b: Blob, opened: { count: number }): Blob {
  return {
    size: b.size,
    slice: (s?: number, e?: number) => counting(b.slice(s, e), opened),
    arrayBuffer: () => b.arrayBuffer(),
    stream: () => {
      opened.count++;
      return b.stream();
    },
  } as unknown as Blob;
}

describe('StripeQueue', () => {
  it('gives each host runs of neighbouring chunks, every chunk exactly once', () => {
    const q = new StripeQueue(2, 4);
    q.add(Array.from({ length: 20 }, (_, i) => i));
    const got: number[][] = [[], []];
    // Host 0 asks twice as often as host 1, until neither gets anything.
    for (let turn = 0, empty = 0; empty < 2; turn++) {
      const host = turn % 3 === 2 ? 1 : 0;
      const i = q.next(host);
      empty = i === undefined ? empty + 1 : 0;
      if (i !== undefined) got[host].push(i);
    }
    expect([...got[0], ...got[1]].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i),
    );
    expect(got[0].slice(0, 4)).toEqual([0, 1, 2, 3]);
    expect(got[1].slice(0, 4)).toEqual([4, 5, 6, 7]);
    expect(q.size).toBe(0);
  });

  it('a redo goes first; an idle host takes the far half of the busiest stripe', () => {
    const q = new StripeQueue(2, 8);
    q.add(Array.from({ length: 8 }, (_, i) => i));
    expect(q.next(0)).toBe(0); // host 0 takes the stripe 0–7
    q.first(0); // its result refused: done again, before anything else
    expect(q.next(1)).toBe(0);
    // Nothing left to take: host 1 takes the far half (5–7) of what host 0 has left (1–7).
    expect(q.next(1)).toBe(5);
    expect(q.next(0)).toBe(1);
    expect([q.next(1), q.next(1)]).toEqual([6, 7]);
    // Host 1 again: it takes the far half of 2–4.
    expect(q.next(1)).toBe(4);
    expect([q.next(0), q.next(0), q.next(0)]).toEqual([2, 3, undefined]);
    expect(q.next(1)).toBeUndefined();
  });

  it('under any order of asking, hands out each chunk once (a naive set as reference)', () => {
    const random = xorshift32(9);
    for (let round = 0; round < 200; round++) {
      const n = 1 + (random() % 60);
      const hosts = 1 + (random() % 4);
      const q = new StripeQueue(hosts, 1 + (random() % 10));
      const todo = Array.from({ length: n }, (_, i) => i).filter(() => random() % 5 !== 0);
      q.add(todo);
      const seen: number[] = [];
      // Until a sweep over every host gives nothing (one left with a single chunk keeps it).
      for (let sweep = true; sweep;) {
        sweep = false;
        for (let k = 0; k < 1 + (random() % 3); k++) {
          const i = q.next(random() % hosts);
          if (i !== undefined) seen.push(i);
        }
        for (let h = 0; h < hosts; h++) {
          const i = q.next(h);
          if (i !== undefined) {
            seen.push(i);
            sweep = true;
          }
        }
      }
      expect(seen.sort((a, b) => a - b)).toEqual(todo);
    }
  });

  it('stripes only where a stream is kept open, about 64 MiB, at most 16 chunks', () => {
    expect(stripeChunks(false, 4 * MiB)).toBe(1);
    expect(stripeChunks(true, 4 * MiB)).toBe(16);
    expect(stripeChunks(true, 16 * MiB)).toBe(4);
    expect(stripeChunks(true, 128 * MiB)).toBe(1);
    expect(stripeChunks(true, 256)).toBe(MAX_STRIPE_CHUNKS);
  });
});

describe('ChunkStream', () => {
  it('reads neighbouring chunks on one stream, asked while the last is still read', async () => {
    const opened = { count: 0 };
    const b = counting(blob, opened);
    const s = new ChunkStream();
    const cs = 100_000;
    // Asked all at once, as a pipelined host does: each read goes after the one before.
    const reads = Array.from({ length: 9 }, (_, i) =>
      s.read('a', b, i * cs, Math.min(bytes.length, (i + 1) * cs), new Uint8Array(cs)),
    );
    const got = await Promise.all(reads);
    got.forEach((g, i) => expect(same(g, bytes.subarray(i * cs, (i + 1) * cs))).toBe(true));
    expect(opened.count).toBe(1);
    // The last bytes, asked with another object for the same file (as a File crosses to a
    // worker with every request): on the same stream. Then a chunk out of sequence (a retry):
    // a new stream there.
    const again = counting(blob, opened);
    expect(same(await s.read('a', again, 900_000, 900_001), bytes.subarray(900_000))).toBe(true);
    expect(opened.count).toBe(1);
    expect(same(await s.read('a', b, 300_000, 400_000), bytes.subarray(300_000, 400_000))).toBe(
      true,
    );
    expect(opened.count).toBe(2);
    // Another file (another key): a stream of its own.
    const other = counting(blob.slice(0, 500_000), opened);
    expect(same(await s.read('c', other, 400_000, 500_000), bytes.subarray(400_000, 500_000))).toBe(
      true,
    );
    expect(opened.count).toBe(3);
  });

  it('a file shorter than the chunk fails as changed, and the next read starts afresh', async () => {
    const s = new ChunkStream();
    const short = blob.slice(0, 150_000);
    await expect(
      s.read('a', short, 100_000, 200_000, new Uint8Array(100_000)),
    ).rejects.toMatchObject({
      code: 'input-changed',
    });
    expect(same(await s.read('b', blob, 0, 1000), bytes.subarray(0, 1000))).toBe(true);
  });

  it("serves a step's small reads next to its chunk from the edges of chunks read, waiting for one on its way", async () => {
    const opened = { count: 0 };
    const b = counting(blob, opened);
    const s = new ChunkStream();
    const cs = 200_000;
    await s.read('a', b, 0, cs, new Uint8Array(cs));
    // The next chunk is asked for; the first one's step looks past its end meanwhile.
    const second = s.read('a', b, cs, 2 * cs, new Uint8Array(cs));
    const after = await s.near('a', cs, cs + 9);
    expect(same(after!, bytes.subarray(cs, cs + 9))).toBe(true);
    // The byte before the second chunk, and 64 KiB past the first chunk's end.
    expect(same((await s.near('a', cs - 1, cs))!, bytes.subarray(cs - 1, cs))).toBe(true);
    expect(same((await s.near('a', cs, cs + 65_536))!, bytes.subarray(cs, cs + 65_536))).toBe(true);
    await second;
    expect(opened.count).toBe(1);
    // Not there: beyond the kept edges, another key, or bytes no read is bringing.
    expect(await s.near('a', cs, cs + 65_537)).toBeUndefined();
    expect(await s.near('a', 100_000, 100_010)).toBeUndefined();
    expect(await s.near('b', cs - 1, cs)).toBeUndefined();
    expect(await s.near('a', 2 * cs, 2 * cs + 1)).toBeUndefined();
  });
});
