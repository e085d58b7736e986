/**
 * Decides whether a checkpoint from another workflow version can be used: the workflow's
 * `migrateState` upgrades the step's state and the earlier steps' outputs, or the checkpoint is
 * refused (the run becomes Incompatible, naming both versions). Pure: no storage.
 */
import { WaymarkError } from './errors';
import type { CheckpointRecord, StepState } from './records';
import type { AnyWorkflow } from './workflow';

export type MigrationOutcome =
  { state: StepState; outputs: Record<string, unknown> } | { error: WaymarkError };

/** What carries a workflow version: a checkpoint, or the run record when none can be read. */
export type VersionedState = Pick<
  CheckpointRecord,
  'workflowVersion' | 'stepIndex' | 'stepId' | 'bytesDone' | 'state' | 'outputs' | 'stats'
> & { parent?: { runId: string; seq: number } };

export function migrateCheckpointState(cp: VersionedState, w: AnyWorkflow): MigrationOutcome {
  const migrate = cp.workflowVersion < w.version ? w.migrateState : undefined;
  let state: StepState | undefined = cp.state;
  let outputs: Record<string, unknown> | undefined = { ...cp.outputs };
  if (!migrate) {
    // Nothing but a fresh start carries over without a migration.
    if (cp.state.kind !== 'start' || Object.keys(cp.outputs).length) state = undefined;
  } else {
    if (cp.state.kind === 'fold') {
      const snap = migrate(cp.workflowVersion, cp.stepId, cp.state.snap);
      state = snap === undefined ? undefined : { ...cp.state, snap };
    } else if (cp.state.kind === 'map') {
      const partial = migrate(cp.workflowVersion, cp.stepId, cp.state.partial);
      // Ledger results past the prefix are in the old shape: those chunks are redone.
      state = partial === undefined ? undefined : { ...cp.state, partial, doneBeyond: [] };
    }
    for (const [stepId, out] of Object.entries(cp.outputs)) {
      const next = migrate(cp.workflowVersion, stepId, out);
      if (next === undefined) outputs = undefined;
      else if (outputs) outputs[stepId] = next;
    }
  }
  if (state && outputs) return { state, outputs };
  return {
    error: new WaymarkError('incompatible-checkpoint', {
      saved: `${w.label} version ${cp.workflowVersion}`,
      current: `${w.label} version ${w.version}`,
    }),
  };
}
