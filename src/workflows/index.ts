/**
 * The built-in workflows, in the order of the "Task" menu. Their ids are stored with every run
 * and their labels are part of the automation contract: never rename either.
 */
import type { Workflow } from '../engine/workflow';
import { countWorkflow } from './count';
import { csvProfileWorkflow } from './csv';
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

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list of workflows with different params and results
export const builtinWorkflows: Workflow<any, any>[] = [
  sha256Workflow,
  sha1Workflow,
  sha512Workflow,
  md5Workflow,
  blake3Workflow,
  xxhash64Workflow,
  crc32Workflow,
  multiHashWorkflow,
  csvProfileWorkflow,
  searchWorkflow,
  gzipWorkflow,
  countWorkflow,
  inspectWorkflow,
];
