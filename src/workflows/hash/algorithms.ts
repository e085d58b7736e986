/**
 * The digest algorithms, all from hash-wasm because its hashers can export and re-import their
 * internal state (save/load), which is what lets a hash resume from a checkpoint mid-file.
 */
import {
  createBLAKE3,
  createCRC32,
  createMD5,
  createSHA1,
  createSHA256,
  createSHA512,
  createXXHash64,
  type IHasher,
} from 'hash-wasm';
import { WaymarkError } from '../../engine/errors';

export const HASH_ALGORITHMS = [
  'SHA-256',
  'SHA-1',
  'SHA-512',
  'MD5',
  'BLAKE3',
  'xxHash64',
  'CRC32',
] as const;
export type HashAlgorithm = (typeof HASH_ALGORITHMS)[number];

const CREATE: Record<HashAlgorithm, () => Promise<IHasher>> = {
  'SHA-256': () => createSHA256(),
  'SHA-1': () => createSHA1(),
  'SHA-512': () => createSHA512(),
  MD5: () => createMD5(),
  BLAKE3: () => createBLAKE3(),
  xxHash64: () => createXXHash64(0, 0),
  CRC32: () => createCRC32(),
};

export type { IHasher };

/** A fresh hasher, initialized. */
export async function createHasher(algorithm: HashAlgorithm): Promise<IHasher> {
  const h = await CREATE[algorithm]();
  h.init();
  return h;
}

/** A hasher resumed from `save()` output. */
export async function restoreHasher(algorithm: HashAlgorithm, state: Uint8Array): Promise<IHasher> {
  const h = await createHasher(algorithm);
  try {
    h.load(state);
  } catch (e) {
    // hash-wasm tags saved states with its build; a state from another build cannot resume.
    throw new WaymarkError(
      'incompatible-checkpoint',
      { saved: `another build of the ${algorithm} hasher`, current: 'this version of Waymark' },
      { cause: e },
    );
  }
  return h;
}

/** Matches user spellings like "sha256", "SHA-256" or "xxhash64" to an algorithm. */
export function parseAlgorithm(name: string): HashAlgorithm | undefined {
  const key = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  return HASH_ALGORITHMS.find((a) => key(a) === key(name));
}
