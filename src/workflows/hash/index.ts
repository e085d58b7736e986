export { HASH_ALGORITHMS, type HashAlgorithm, parseAlgorithm } from './algorithms';
export {
  type HashParams,
  type HashResult,
  hashWorkflow,
  sha256Workflow,
  sha1Workflow,
  sha512Workflow,
  md5Workflow,
  blake3Workflow,
  xxhash64Workflow,
  crc32Workflow,
} from './single';
export { type MultiHashParams, type MultiHashResult, multiHashWorkflow } from './multi';
