export { inspectWorkflow, type InspectParams } from './workflow';
export type { InspectResult } from './result';
