/**
 * The read-ahead thread, with both of its ends in this process: through a real MessageChannel
 * (buffers really transferred, a real Blob), and through a plain in-process pair for blobs that
 * cannot be cloned (one whose stream fails). References: the blob's own bytes, node:crypto.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WaymarkError } from '../../../src/engine/errors';
import { MemoryFileStore } from '../../../src/engine/files';
import {
  READ_AHEAD_DEPTH,
  ReadAhead,
  serveReadAhead,
  type ReadAheadPort,
  type ReadAheadThread,
} from '../../../src/engine/read-ahead';
import { StepHost } from '../../../src/engine/step-host';
import { WorkflowRegistry, defineWorkflow } from '../../../src/engine/workflow';
import { randomBytes } from '../helpers/engine-harness';

const blobOf = (d: Uint8Array) => new Blob([d as Uint8Array<ArrayBuffer>]);

/** A real channel: the reading side served on one port, the other end as the thread. */
function channelThread(): ReadAheadThread & { ended: boolean } {
  const { port1, port2 } = new MessageChannel();
  serveReadAhead(port2 as unknown as ReadAheadPort);
  const t = {
    ended: false,
    postMessage: (m: unknown, transfer?: Transferable[]) => port1.postMessage(m, transfer ?? []),
    set onmessage(f: ((e: MessageEvent) => void) | null) {
      port1.onmessage = f;
    },
    get onmessage() {
      return port1.onmessage;
    },
    terminate() {
      t.ended = true;
      port1.close();
      port2.close();
    },
  };
  return t;
}

/**
 * Both ends in-process with no cloning (blobs with methods of their own), counting the pieces
 * the reading side has out (sent, not yet given back).
 */
function localThread(): ReadAheadThread & { out: number; most: number } {
  const reader: ReadAheadPort = {
    onmessage: null,
    postMessage(m: unknown) {
      const d = m as { type: string };
      if (d.type === 'piece') t.most = Math.max(t.most, ++t.out);
      queueMicrotask(() => t.onmessage?.({ data: m } as MessageEvent));
    },
  };
  const t = {
    out: 0,
    most: 0,
    onmessage: null as ((e: MessageEvent) => void) | null,
    postMessage(m: unknown) {
      if ((m as { type: string }).type === 'give') t.out--;
      queueMicrotask(() => reader.onmessage?.({ data: m } as MessageEvent));
    },
    terminate() {
      reader.onmessage = null;
    },
  };
  serveReadAhead(reader);
  return t;
}

async function all(r: ReadAhead, slow = false): Promise<{ bytes: Uint8Array; pieces: number[] }> {
  const parts: Uint8Array[] = [];
  const pieces: number[] = [];
  for (let p = await r.next(); p; p = await r.next()) {
    parts.push(p.slice());
    pieces.push(p.length);
    if (slow) await new Promise((res) => setTimeout(res, 2));
  }
  return { bytes: new Uint8Array(Buffer.concat(parts)), pieces };
}

describe('ReadAhead', () => {
  it('gives every byte of the range once, in order, in pieces of at most the piece size (real channel, real Blob)', async () => {
    const data = randomBytes(1_000_003, 7);
    const blob = blobOf(data);
    const thread = channelThread();
    const got = await all(new ReadAhead(thread, blob, 17, data.length, 65_536));
    expect(Buffer.from(got.bytes).equals(Buffer.from(data.subarray(17)))).toBe(true);
    expect(Math.max(...got.pieces)).toBeLessThanOrEqual(65_536);
    thread.terminate();
  });

  it('keeps at most its few buffers out, however slow the fold and long the file', async () => {
    const data = randomBytes(300_000, 8);
    const thread = localThread();
    const got = await all(new ReadAhead(thread, blobOf(data), 0, data.length, 4_096), true);
    expect(Buffer.from(got.bytes).equals(Buffer.from(data))).toBe(true);
    expect(got.pieces.length).toBeGreaterThan(60);
    expect(thread.most).toBeLessThanOrEqual(READ_AHEAD_DEPTH);
  });

  it('a read that fails reaches the fold as a coded error; a file shorter than said too', async () => {
    const data = randomBytes(50_000, 9);
    // Its stream fails after byte 20,000, as a file deleted on disk does.
    const failing = {
      size: data.length,
      slice: (s = 0, e = data.length) => ({
        size: e - s,
        stream: () => {
          let at = s;
          return new ReadableStream({
            type: 'bytes',
            pull: (c) => {
              if (at >= 20_000) return c.error(new DOMException('gone', 'NotReadableError'));
              const n = Math.min(20_000, e) - at;
              c.enqueue(data.slice(at, at + n));
              at += n;
            },
          });
        },
      }),
    } as unknown as Blob;
    const r = new ReadAhead(localThread(), failing, 0, data.length, 10_000);
    let caught: unknown;
    let read = 0;
    try {
      for (let p = await r.next(); p; p = await r.next()) read += p.length;
    } catch (e) {
      caught = e;
    }
    expect(read).toBe(20_000);
    expect(caught).toBeInstanceOf(WaymarkError);

    const short = new ReadAhead(localThread(), blobOf(data), 0, data.length + 5, 10_000);
    await expect(all(short)).rejects.toMatchObject({ code: 'input-changed' });
  });
});

describe('StepHost folds with a read-ahead thread', () => {
  it('folds a 20 MiB input to the same digest as node:crypto, across calls, and ends the thread', async () => {
    const registry = new WorkflowRegistry().register(
      defineWorkflow<Record<string, never>, string>({
        id: 'sha',
        version: 1,
        label: 'SHA',
        params: { defaults: {} },
        steps: [
          {
            kind: 'fold',
            id: 'sha',
            init: () => ({ parts: [] as Uint8Array[] }),
            update: (s: { parts: Uint8Array[] }, bytes: Uint8Array) => {
              s.parts.push(bytes.slice());
              return s;
            },
            save: () => ({ parts: [] }),
            finish: (s: { parts: Uint8Array[] }) =>
              createHash('sha256').update(Buffer.concat(s.parts)).digest('hex'),
          },
        ],
      }),
    );
    const data = randomBytes(20 * 1024 * 1024 + 5, 10);
    const threads: ReturnType<typeof channelThread>[] = [];
    const host = new StepHost(registry, new MemoryFileStore(), undefined, () => {
      const t = channelThread();
      threads.push(t);
      return t;
    });
    const id = await host.openFold({
      runId: 'r',
      workflowId: 'sha',
      stepIndex: 0,
      params: {},
      outputs: {},
      input: { kind: 'blob', blob: blobOf(data), size: data.length },
      chunkSize: 1024 * 1024,
      offset: 0,
      snap: undefined,
    } as Parameters<StepHost['openFold']>[0]);
    let calls = 0;
    for (let eof = false; !eof; calls++)
      eof = (await host.foldStep(id, { budgetMs: 5, wantSnap: false })).eof;
    expect(await host.foldFinish(id)).toBe(createHash('sha256').update(data).digest('hex'));
    // Several calls, one thread, kept across them and ended with the session.
    expect(calls).toBeGreaterThan(1);
    expect(threads).toHaveLength(1);
    expect(threads[0].ended).toBe(true);
  });
});
