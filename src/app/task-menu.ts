/**
 * The "Task" menu from the registry's list: each workflow as it describes itself, in menu
 * order (group, then order), the 'Developer' group only when asked for.
 */
import { DEFAULT_CHECKPOINT_MS } from '../engine/checkpoint-policy';
import { menuOrder, type AnyWorkflow } from '../engine/workflow';
import type { TaskOption } from './types';

export function taskOption(w: AnyWorkflow): TaskOption {
  return {
    id: w.id,
    label: w.label,
    description: w.description ?? '',
    group: w.group,
    fields: w.params.fields,
    defaults: { ...(w.params.defaults as object) },
    chunkSize: w.chunkSize,
    checkpointEveryMs: w.checkpointEveryMs ?? DEFAULT_CHECKPOINT_MS,
  };
}

export function taskMenu(workflows: readonly AnyWorkflow[], developerTasks: boolean): TaskOption[] {
  return menuOrder(workflows, developerTasks).map(taskOption);
}
