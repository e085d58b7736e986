import { createHash } from 'node:crypto';
import * as zlib from 'node:zlib';
import { blake3, crc32, md5, sha1, sha256, sha512, xxhash64 } from 'hash-wasm';
import { afterAll, describe, expect, it } from 'vitest';
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
import { CHUNK_SIZES, KiB, randomBytes, tempDir, textFixture, utf8 } from './support/fixtures';
import { sumTool } from './support/reference';

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

const ONE_SHOT: Record<HashAlgorithm, (b: Uint8Array) => Promise<string>> = {
  'SHA-256': (b) => sha256(b),
  'SHA-1': (b) => sha1(b),
  'SHA-512': (b) => sha512(b),
  MD5: (b) => md5(b),
  BLAKE3: (b) => blake3(b),
  xxHash64: (b) => xxhash64(b),
  CRC32: (b) => crc32(b),
};

/** An independent implementation where one exists: coreutils, OpenSSL via node:crypto, zlib. */
function reference(algorithm: HashAlgorithm, bytes: Uint8Array, path: string): string | undefined {
  switch (algorithm) {
    case 'SHA-256':
      return sumTool('sha256sum', path);
    case 'SHA-1':
      return sumTool('sha1sum', path);
    case 'SHA-512':
      return sumTool('sha512sum', path);
    case 'MD5':
      return sumTool('md5sum', path);
    case 'CRC32': {
      const z = (zlib as { crc32?: (d: Uint8Array) => number }).crc32;
      return z ? z(bytes).toString(16).padStart(8, '0') : undefined;
    }
    default:
      return undefined;
  }
}

const fixtures: [string, Uint8Array][] = [
  ['empty', new Uint8Array(0)],
  ['one byte', new Uint8Array([0x61])],
  ['text', textFixture(3, 300 * KiB)],
  ['random', randomBytes(4, 200 * KiB + 17)],
];

describe('single-digest workflows', () => {
  for (const algorithm of HASH_ALGORITHMS) {
    it(`${algorithm} matches the reference tools and its one-shot digest`, async () => {
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
        expect(result).toEqual({
          algorithm,
          hex: await ONE_SHOT[algorithm](bytes),
        } satisfies HashResult);
        const ref = reference(algorithm, bytes, path);
        if (ref !== undefined) expect(result.hex, `${name} vs reference`).toBe(ref);
        expect(result.hex).toMatch(/^[0-9a-f]+$/);
      }
    });
  }

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
        const expected = await ONE_SHOT[algorithm](bytes);
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
  it('computes each digest in one pass, identical to the single workflows', async () => {
    const bytes = textFixture(6, 150 * KiB);
    const { result } = await driveWorkflow(
      multiHashWorkflow,
      bytes,
      { algorithms: [...HASH_ALGORITHMS] },
      { chunkSize: 1000, pieceSizes: [1, 7, 999, 3] },
    );
    expect(result.digests.map((d) => d.algorithm)).toEqual([...HASH_ALGORITHMS]);
    for (const d of result.digests)
      expect(d.hex, d.algorithm).toBe(await ONE_SHOT[d.algorithm](bytes));
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
