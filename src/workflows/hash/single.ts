/**
 * One workflow per digest algorithm, all from one factory: a fold whose state is the hasher and
 * whose checkpoint is the hasher's saved internal state.
 */
import { defineWorkflow, type FoldStep, type Workflow } from '../../engine/workflow';
import { type HashAlgorithm, type IHasher, createHasher, restoreHasher } from './algorithms';

/** Single digests have no options. */
export type HashParams = Record<string, never>;

export interface HashResult {
  algorithm: HashAlgorithm;
  /** Lowercase hex, as sha256sum and friends print it. */
  hex: string;
}

/** One digest workflow; `order` places it in the Verify group of the Task menu. */
export function hashWorkflow(
  id: string,
  algorithm: HashAlgorithm,
  order: number,
  description = `The ${algorithm} digest, to compare with a published one.`,
): Workflow<HashParams, HashResult> {
  const step: FoldStep<HashParams, IHasher, HashResult, Uint8Array> = {
    kind: 'fold',
    id: 'hash',
    init: () => createHasher(algorithm),
    update: (hasher, bytes) => hasher.update(bytes),
    finish: (hasher) => ({ algorithm, hex: hasher.digest('hex') }),
    save: (hasher) => hasher.save(),
    load: (state) => restoreHasher(algorithm, state),
  };
  return defineWorkflow<HashParams, HashResult>({
    id,
    version: 1,
    label: algorithm,
    description,
    group: 'Verify',
    order,
    params: { defaults: {} },
    steps: [step],
    resultView: 'digest',
    summarize: (r) => `${r.algorithm} ${r.hex}`,
  });
}

export const sha256Workflow = hashWorkflow(
  'sha256',
  'SHA-256',
  10,
  'The SHA-256 digest, as sha256sum prints it.',
);
export const sha1Workflow = hashWorkflow('sha1', 'SHA-1', 20);
export const sha512Workflow = hashWorkflow('sha512', 'SHA-512', 30);
export const md5Workflow = hashWorkflow('md5', 'MD5', 40);
export const blake3Workflow = hashWorkflow('blake3', 'BLAKE3', 50);
export const xxhash64Workflow = hashWorkflow(
  'xxhash64',
  'xxHash64',
  60,
  'A fast check that two copies match (not for security).',
);
export const crc32Workflow = hashWorkflow(
  'crc32',
  'CRC32',
  70,
  'The CRC32 checksum: catches damage, not tampering.',
);
