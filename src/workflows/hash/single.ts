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

export function hashWorkflow(
  id: string,
  algorithm: HashAlgorithm,
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
    params: { defaults: {} },
    steps: [step],
    summarize: (r) => `${r.algorithm} ${r.hex}`,
  });
}

export const sha256Workflow = hashWorkflow('sha256', 'SHA-256');
export const sha1Workflow = hashWorkflow('sha1', 'SHA-1');
export const sha512Workflow = hashWorkflow('sha512', 'SHA-512');
export const md5Workflow = hashWorkflow('md5', 'MD5');
export const blake3Workflow = hashWorkflow('blake3', 'BLAKE3');
export const xxhash64Workflow = hashWorkflow('xxhash64', 'xxHash64');
export const crc32Workflow = hashWorkflow('crc32', 'CRC32');
