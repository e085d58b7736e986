/**
 * The registry: the one list of workflows the app offers, registered as it is in the page and in
 * every worker. The Task menu orders them by their own group and order, not by this list. Their
 * ids are stored with every run and their labels are part of the automation contract: never
 * rename either. A new built-in task is its folder plus one line here.
 */
import type { AnyWorkflow } from '../engine/workflow';
import { countWorkflow } from './count';
import { csvProfileWorkflow } from './csv';
import { byteHistogramWorkflow } from './examples/byte-histogram';
import { gzipWorkflow } from './gzip';
import {
  blake3Workflow,
  crc32Workflow,
  md5Workflow,
  multiHashWorkflow,
  sha1Workflow,
  sha256Workflow,
  sha512Workflow,
  xxhash64Workflow,
} from './hash';
import { inspectWorkflow } from './inspect';
import { searchWorkflow } from './search';

export * from './count';
export * from './csv';
export * from './gzip';
export * from './hash';
export * from './search';
export { byteHistogramWorkflow } from './examples/byte-histogram';

export const builtinWorkflows: readonly AnyWorkflow[] = [
  sha256Workflow,
  sha1Workflow,
  sha512Workflow,
  md5Workflow,
  blake3Workflow,
  xxhash64Workflow,
  crc32Workflow,
  multiHashWorkflow,
  csvProfileWorkflow,
  countWorkflow,
  searchWorkflow,
  gzipWorkflow,
  inspectWorkflow,
  // The engine example of the docs: registered for them and the tests, offered only with the
  // "Developer tasks" setting (its group is 'Developer').
  byteHistogramWorkflow,
];
