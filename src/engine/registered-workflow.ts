/**
 * The type of a workflow whose parameter and result types are not known statically: whatever
 * run it belongs to, the engine and the app hold it as the registry hands it out. It is the
 * registry's own type, so that the one place that erases a workflow's types (`WorkflowRegistry`
 * in `workflow.ts`) decides it, and nothing else writes `any` for it.
 */
import type { WorkflowRegistry } from './workflow';

export type RegisteredWorkflow = ReturnType<WorkflowRegistry['get']>;
