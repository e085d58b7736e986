/**
 * What the confirmation dialogs say before Restore, Delete and Cancel (automation contract:
 * a button named after the action and one to back out). Pure, unit-tested; the texts follow
 * what the engine does (src/engine/run-lifecycle.ts, checkpoint-manager.ts).
 */
import type { CheckpointView, RunStatus, RunView } from '../app/types';
import { needsFileFrom } from '../app/run-view';
import { formatBytes } from './format';

export interface ConfirmSpec {
  /** The dialog's heading (its accessible name). */
  title: string;
  /** Sentences: what happens, what is lost, what is kept. */
  lines: string[];
  /** Names the action exactly: "Restore checkpoint N", "Delete run", "Cancel run". */
  confirmLabel: string;
  /** Backs out; Escape does the same. */
  backLabel: string;
  /** The action cannot be undone: the confirm button looks dangerous. */
  destructive: boolean;
}

type RunFacts = Pick<
  RunView,
  'input' | 'status' | 'checkpoints' | 'hasOutputFile' | 'copyGone' | 'step'
>;

/** Whether the run's input copy is shared with another run, when the storage report knows. */
export type CopyShare = 'shared' | 'own' | 'unknown';

const ACTIVE: ReadonlySet<RunStatus> = new Set(['queued', 'importing', 'running']);

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function deleteSpec(run: RunFacts, share: CopyShare): ConfirmSpec {
  const name = run.input.name;
  const lines = [
    ACTIVE.has(run.status)
      ? `${name} stops and is deleted with everything it keeps in this browser.`
      : `${name} is deleted with everything it keeps in this browser.`,
  ];
  const lost = [
    'the run',
    count(run.checkpoints.length, 'checkpoint', 'checkpoints'),
    run.status === 'completed' ? 'its result' : 'its progress',
  ];
  if (run.hasOutputFile) lost.push('its output file');
  if (!run.copyGone && run.input.mode === 'opfs') {
    if (share === 'own') lost.push('its copy of the input');
    else if (share === 'unknown') lost.push('its copy of the input unless another run shares it');
  }
  lines.push(`Lost: ${lost.join(', ')}.`);
  const kept = ['Your original file is not touched.'];
  if (share === 'shared' && !run.copyGone)
    kept.unshift('The input copy stays: another run uses it.');
  lines.push(...kept, 'This cannot be undone.');
  return {
    title: `Delete ${name}?`,
    lines,
    confirmLabel: 'Delete run',
    backLabel: 'Keep run',
    destructive: true,
  };
}

export function cancelSpec(run: RunFacts): ConfirmSpec {
  const name = run.input.name;
  const lines = [
    `${name} stops for good: it cannot be resumed or paused again.`,
    run.status === 'queued'
      ? 'It has not started, so no work is lost.'
      : 'The partial work is lost: the record of which parts are done is dropped.',
  ];
  const kept: string[] = [];
  if (run.checkpoints.length > 0)
    kept.push(
      `its ${count(run.checkpoints.length, 'checkpoint', 'checkpoints')} (a restore starts it again from one)`,
    );
  if (run.input.mode === 'opfs' && !run.copyGone) kept.push('its input copy');
  if (kept.length > 0) lines.push(`Kept until you delete the run: ${kept.join(' and ')}.`);
  return {
    title: `Cancel ${name}?`,
    lines,
    confirmLabel: 'Cancel run',
    backLabel: 'Keep run',
    destructive: true,
  };
}

export function restoreSpec(
  run: RunFacts,
  c: Pick<CheckpointView, 'seq' | 'bytesDone' | 'stepIndex'>,
): ConfirmSpec {
  const name = run.input.name;
  const later = run.checkpoints.filter((x) => x.seq > c.seq).length;
  const lines = [
    `${name} goes back to checkpoint ${c.seq} (${formatBytes(c.bytesDone)} done) and runs again from there.`,
  ];
  if (run.status === 'completed')
    lines.push('Its result is removed now; a new one replaces it when the run completes again.');
  else if (ACTIVE.has(run.status))
    lines.push('The run is paused first; the work it did after that checkpoint is done again.');
  else lines.push('The work done after that checkpoint is done again.');
  lines.push(
    later > 0
      ? `Kept: ${count(later, 'later checkpoint stays', 'later checkpoints stay')} in the history; the restore adds one of its own.`
      : 'Kept: the checkpoint history; the restore adds one of its own.',
  );
  if (needsFileFrom(run, c)) lines.push('Its input copy is gone: you are asked for the file next.');
  return {
    title: `Restore checkpoint ${c.seq}?`,
    lines,
    confirmLabel: `Restore checkpoint ${c.seq}`,
    backLabel: 'Back',
    destructive: false,
  };
}
