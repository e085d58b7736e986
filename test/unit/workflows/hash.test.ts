import { createHash } from 'node:crypto';
import * as zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WaymarkError } from '../../../src/engine/errors';
import {
  HASH_ALGORITHMS,
  type HashAlgorithm,
  type HashResult,
  blake3Workflow,
  crc32Workflow,
  md5Workflow,
  multiHashWorkflow,
  sha1Workflow,
  sha256Workflow,
  sha512Workflow,
  xxhash64Workflow,
} from '../../../src/workflows';
import { driveWorkflow, resolveParams, rng } from '../helpers/drive';
import { CHUNK_SIZES, KiB, MiB, randomBytes, tempDir, textFixture, utf8 } from './support/fixtures';
import { b3sum, hasTool, sumTool, xxhsum64 } from './support/reference';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const WORKFLOWS = {
  'SHA-256': sha256Workflow,
  'SHA-1': sha1Workflow,
  'SHA-512': sha512Workflow,
  MD5: md5Workflow,
  BLAKE3: blake3Workflow,
  xxHash64: xxhash64Workflow,
  CRC32: crc32Workflow,
} as const;

/** CRC-32 (IEEE), bit by bit: the naive form, for a Node without zlib.crc32. */
function naiveCrc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * An independent implementation of every algorithm: coreutils, b3sum, xxhsum, zlib. None of
 * them is hash-wasm, which the workflows use.
 */
function reference(algorithm: HashAlgorithm, bytes: Uint8Array, path: string): string {
  switch (algorithm) {
    case 'SHA-256':
      return sumTool('sha256sum', path);
    case 'SHA-1':
      return sumTool('sha1sum', path);
    case 'SHA-512':
      return sumTool('sha512sum', path);
    case 'MD5':
      return sumTool('md5sum', path);
    case 'BLAKE3':
      return b3sum(path);
    case 'xxHash64':
      return xxhsum64(path);
    case 'CRC32': {
      const z = (zlib as { crc32?: (d: Uint8Array) => number }).crc32;
      return (z ? z(bytes) : naiveCrc32(bytes)).toString(16).padStart(8, '0');
    }
  }
}

let written = 0;
/** The reference digest of bytes that are not on disk yet. */
function referenceOf(algorithm: HashAlgorithm, bytes: Uint8Array): string {
  return reference(algorithm, bytes, tmp.write(`ref-${++written}.bin`, bytes));
}

beforeAll(() => {
  // Real or nothing: without the reference tools these tests cannot check anything.
  for (const [tool, pkg] of [
    ['b3sum', 'b3sum'],
    ['xxhsum', 'xxhash'],
  ])
    if (!hasTool(tool))
      throw new Error(`${tool} is missing: apt-get install ${pkg} (.ci/run does)`);
});

const fixtures: [string, Uint8Array][] = [
  ['empty', new Uint8Array(0)],
  ['one byte', new Uint8Array([0x61])],
  ['text', textFixture(3, 300 * KiB)],
  ['random', randomBytes(4, 200 * KiB + 17)],
];

describe('single-digest workflows', () => {
  for (const algorithm of HASH_ALGORITHMS) {
    it(`${algorithm} matches the reference tool`, async () => {
      const wf = WORKFLOWS[algorithm];
      for (const [name, bytes] of fixtures) {
        const path = tmp.write(`${name}.bin`, bytes);
        const { result, checkpoints } = await driveWorkflow(
          wf,
          bytes,
          {},
          { chunkSize: 4 * KiB, pieceSizes: (r) => 1 + Math.floor(r() * 5000), seed: 7 },
        );
        expect(checkpoints).toBeGreaterThan(0);
        expect(result, `${name} vs reference`).toEqual({
          algorithm,
          hex: reference(algorithm, bytes, path),
        } satisfies HashResult);
      }
    });
  }

  it('BLAKE3 and xxHash64 equal b3sum and xxhsum -H64 at every chunk boundary and over MiBs', async () => {
    // BLAKE3 works in 1024-byte chunks of 64-byte blocks, xxHash64 in 32-byte stripes: chunk
    // sizes on and off those, inputs one short of, at and one past a chunk, and a few MiB cut
    // into small chunks (thousands of pieces, each followed by a possible save → load).
    const cases: [number, number][] = [];
    for (const cs of [1000, 1024, 4097, 64 * KiB])
      for (const size of [0, 1, cs - 1, cs, cs + 1, 3 * cs + 7]) cases.push([cs, size]);
    cases.push([1000, 3 * MiB + 5], [4 * KiB, 5 * MiB], [64 * KiB, 4 * MiB + 31]);
    for (const [cs, size] of cases) {
      const bytes = randomBytes(cs + size, size);
      const path = tmp.write(`boundary-${cs}-${size}.bin`, bytes);
      for (const [wf, tool] of [
        [blake3Workflow, b3sum],
        [xxhash64Workflow, xxhsum64],
      ] as const) {
        const { result } = await driveWorkflow(
          wf,
          bytes,
          {},
          {
            chunkSize: cs,
            pieceSizes: (r) => (r() < 0.5 ? cs : 1 + Math.floor(r() * cs)),
            seed: cs ^ size,
          },
        );
        expect(result.hex, `${result.algorithm}, ${size} bytes in ${cs}-byte chunks`).toBe(
          tool(path),
        );
      }
    }
  });

  it('CRC32 gives the standard check value', async () => {
    const { result } = await driveWorkflow(crc32Workflow, utf8('123456789'), {}, { chunkSize: 4 });
    expect(result.hex).toBe('cbf43926');
  });

  it('SHA-256 agrees with node:crypto for every chunk size', async () => {
    const bytes = textFixture(5, 1200 * KiB);
    const expected = createHash('sha256').update(bytes).digest('hex');
    for (const chunkSize of CHUNK_SIZES) {
      const { result } = await driveWorkflow(
        sha256Workflow,
        bytes,
        {},
        { chunkSize, seed: chunkSize },
      );
      expect(result.hex, `chunk ${chunkSize}`).toBe(expected);
    }
  });

  it('resumes from a saved state at any split point: many random splits × all algorithms', async () => {
    const random = rng(2024);
    for (let trial = 0; trial < 12; trial++) {
      const bytes = randomBytes(trial, Math.floor(random() * 20 * KiB));
      for (const algorithm of HASH_ALGORITHMS) {
        const expected = referenceOf(algorithm, bytes);
        const { result } = await driveWorkflow(
          WORKFLOWS[algorithm],
          bytes,
          {},
          {
            chunkSize: 1 + Math.floor(random() * 8 * KiB),
            pieceSizes: (r) => (r() < 0.3 ? 1 + Math.floor(r() * 3) : 1 + Math.floor(r() * 3000)),
            checkpointChance: 0.5,
            seed: trial * 31 + algorithm.length,
          },
        );
        expect(result.hex, `${algorithm} trial ${trial}`).toBe(expected);
      }
    }
  });

  it('refuses a saved state from another hash-wasm build with incompatible-checkpoint', async () => {
    const step = sha256Workflow.steps[0];
    if (step.kind !== 'fold' || !step.load) throw new Error('expected a fold with load');
    await expect(step.load(new Uint8Array([1, 2, 3, 4, 5]), {})).rejects.toMatchObject({
      code: 'incompatible-checkpoint',
    });
  });

  it('summarizes as "<algorithm> <hex>"', () => {
    expect(sha256Workflow.summarize?.({ algorithm: 'SHA-256', hex: 'ab' }, {})).toBe('SHA-256 ab');
  });
});

describe('Several digests', () => {
  it('computes each digest in one pass, each equal to its reference tool', async () => {
    const bytes = textFixture(6, 150 * KiB);
    const path = tmp.write('several.txt', bytes);
    const { result } = await driveWorkflow(
      multiHashWorkflow,
      bytes,
      { algorithms: [...HASH_ALGORITHMS] },
      { chunkSize: 1000, pieceSizes: [1, 7, 999, 3] },
    );
    expect(result.digests.map((d) => d.algorithm)).toEqual([...HASH_ALGORITHMS]);
    for (const d of result.digests)
      expect(d.hex, d.algorithm).toBe(reference(d.algorithm, bytes, path));
  });

  it('defaults to SHA-256, MD5 and SHA-1', async () => {
    const { result } = await driveWorkflow(multiHashWorkflow, utf8('abc'), {}, { chunkSize: 2 });
    expect(result.digests).toEqual([
      {
        algorithm: 'SHA-256',
        hex: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      },
      { algorithm: 'MD5', hex: '900150983cd24fb0d6963f7d28e17f72' },
      { algorithm: 'SHA-1', hex: 'a9993e364706816aba3e25717850c26c9cd0d89d' },
    ]);
  });

  it('accepts forgiving spellings, drops duplicates, and refuses unknown or no algorithms', () => {
    expect(
      resolveParams(multiHashWorkflow, { algorithms: ['sha256', 'SHA-256', 'xxhash64', 'crc-32'] }),
    ).toEqual({
      algorithms: ['SHA-256', 'xxHash64', 'CRC32'],
    });
    for (const algorithms of [['sha3'], []]) {
      let error: unknown;
      try {
        resolveParams(multiHashWorkflow, { algorithms });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(WaymarkError);
      expect((error as WaymarkError).code).toBe('invalid-params');
    }
  });
});
