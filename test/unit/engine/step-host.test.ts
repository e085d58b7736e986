/**
 * The step host on its own: map chunks of the private copy are read into buffers it reuses
 * (reading into fresh memory costs page faults), and each chunk still gets its own bytes.
 */
import { describe, expect, it } from 'vitest';
import { MemoryFileStore } from '../../../src/engine/files';
import { StepHost } from '../../../src/engine/step-host';
import type { MapChunkRequest } from '../../../src/engine/step-protocol';
import { WorkflowRegistry, defineWorkflow } from '../../../src/engine/workflow';
import { randomBytes } from '../helpers/engine-harness';

describe('StepHost map chunks', () => {
  it('reads chunks into reused buffers, two in flight at once, each with its own bytes', async () => {
    const buffers: ArrayBufferLike[] = [];
    const seen: number[][] = [];
    const registry = new WorkflowRegistry();
    registry.register(
      defineWorkflow<Record<string, never>, null>({
        id: 'firsts',
        version: 1,
        label: 'Firsts',
        params: { defaults: {} },
        steps: [
          {
            kind: 'map',
            id: 'firsts',
            async map(bytes: Uint8Array) {
              buffers.push(bytes.buffer);
              const before = Array.from(bytes.subarray(0, 4));
              // Another chunk runs here (pipelined): it must not have been read over this one.
              await new Promise((r) => setTimeout(r, 1));
              seen.push(Array.from(bytes.subarray(0, 4)));
              expect(seen.at(-1)).toEqual(before);
              return before;
            },
            combine: () => null,
            empty: () => null,
            finish: () => null,
          },
        ],
      }),
    );
    const files = new MemoryFileStore();
    const data = randomBytes(10_000, 3);
    await files.put('in.bin', data);
    const host = new StepHost(registry, files);
    const req = (index: number) =>
      ({
        runId: 'r',
        workflowId: 'firsts',
        stepIndex: 0,
        params: {},
        outputs: {},
        input: { kind: 'path', path: 'in.bin', size: data.length },
        index,
        start: index * 1000,
        end: index * 1000 + 1000,
        chunkCount: 10,
      }) as MapChunkRequest;
    for (let i = 0; i < 10; i += 2) {
      const got = await Promise.all([host.mapChunk(req(i)), host.mapChunk(req(i + 1))]);
      expect(got).toEqual([i, i + 1].map((k) => Array.from(data.subarray(k * 1000, k * 1000 + 4))));
    }
    // Two buffers at most, used again and again.
    expect(new Set(buffers).size).toBe(2);
  });
});
