/**
 * One execution of a run in this tab: imports its input if needed, checks its checkpoint
 * against the workflow's version, then drives its steps from where the latest checkpoint left
 * off, saving a boundary checkpoint after each. Stops at safe points on pause, cancel or
 * shutdown, and turns faults into the run's state (paused, failed, incompatible) with a
 * message, never into a crash.
 */
import { WaymarkError, toWaymarkError } from './errors';
import type { StepOutcome } from './execution-scope';
import { runFoldStep } from './fold-step';
import { formatBytes } from './format';
import { importInput } from './import-phase';
import { releaseOnComplete } from './input-copies';
import { runMapStep } from './map-step';
import { migrateCheckpointState, type VersionedState } from './state-migration';
import type { CheckpointRecord, RunRecord, StepState } from './records';
import { RunCopying, resumesAt } from './run-copying';
import { transition } from './run-status';
import { checkUnchanged, resolveInput } from './sources';
import type { InputSpec } from './step-protocol';
import { runTaskStep } from './task-step';
import { workflowResult } from './workflow';

export class RunExecution extends RunCopying {
  /** Runs to completion or to a stop; never throws. */
  async execute(): Promise<RunRecord | undefined> {
    try {
      await this.body();
    } catch (e) {
      // The run is another tab's now: its state is that tab's to write.
      if (this.stop === 'lost') return this.run;
      let err = toWaymarkError(e);
      if (err.code === 'quota-exceeded')
        err = new WaymarkError(
          'quota-exceeded',
          { needed: formatBytes(this.spaceNeeded()) },
          { cause: err },
        );
      const pausing = [
        'quota-exceeded',
        'input-changed',
        'input-unreadable',
        'input-mismatch',
      ].includes(err.code);
      try {
        if (err.code === 'permission-denied')
          await this.setStatus('interrupted', 'need-input', (r) => {
            r.need = 'grant-access';
            r.message = err.message;
          });
        else await this.stopWith(pausing ? 'paused' : 'failed', err);
      } catch {
        // Storage itself is failing: the run stays as last saved and recovery picks it up.
      }
    } finally {
      this.settleCheckpointRequests();
    }
    return this.run;
  }

  /** What the rest of the run still has to write: the rest of the input copy and of the outputs. */
  private spaceNeeded(): number {
    const run = this.run;
    if (!run) return 1 << 20;
    const copy = run.input.mode === 'opfs' ? run.input.size - run.input.imported : 0;
    const outputs = this.workflow?.outputFile ? Math.max(0, run.input.size - run.progress.done) : 0;
    return Math.max(1 << 20, copy + outputs);
  }

  private async body(): Promise<void> {
    const run = await this.d.store.getRun(this.runId);
    if (!run) throw new WaymarkError('not-found', { detail: this.runId });
    this.run = run;
    if (!this.d.registry.has(run.workflowId)) {
      await this.setStatus('incompatible', 'incompatible', (r) => {
        r.error = new WaymarkError('unknown-workflow', { detail: run.workflowId }).toJSON();
        r.message = r.error.message;
      });
      return;
    }
    this.workflow = this.d.registry.get(run.workflowId);
    // A map step will want every worker: let them load while the input is checked and copied.
    if (this.workflow.steps.some((s) => s.kind === 'map')) this.d.runner.warm?.();

    let cp = await this.d.checkpoints.latest(this.runId);
    // With no readable checkpoint the run record's step and outputs are where the run stands,
    // in the shape of the run's workflow version: they are checked the same way.
    const stands: VersionedState = cp
      ? { ...cp, parent: { runId: cp.runId, seq: cp.seq } }
      : {
          workflowVersion: this.run.workflowVersion,
          stepIndex: this.run.stepIndex,
          stepId: this.workflow.steps[this.run.stepIndex]?.id ?? 'done',
          bytesDone: 0,
          state: { kind: 'start' },
          outputs: this.run.outputs,
          stats: this.run.stats,
        };
    if (stands.workflowVersion !== this.workflow.version) {
      cp = await this.carryOver(stands);
      if (!cp) return;
    }
    const from = cp ? cp.stepIndex : this.run.stepIndex;

    const source = await this.prepareInput(from, cp);
    if (source === 'stop') return;
    await this.setStatus('running', 'run', (r) => {
      r.message = undefined;
      r.need = undefined;
      r.error = undefined;
    });
    if (this.behind && source) this.startCopy(source);
    try {
      await this.drive(from, cp, source);
    } finally {
      // Whatever ends the steps ends the copier too, its progress recorded first.
      await this.copy?.stop();
    }
    // The file changed under the copier: the steps stopped at a checkpoint, the run pauses.
    if (this.copyFault) throw this.copyFault;
  }

  /** Drives the steps from step `from` (the latest checkpoint `cp`) to the run's end or a stop. */
  private async drive(
    from: number,
    cp: CheckpointRecord | undefined,
    source: Blob | undefined,
  ): Promise<void> {
    const steps = this.workflow.steps;

    let outputs = cp ? cp.outputs : this.run.outputs;
    if (from >= steps.length) {
      if ((await this.settleCopy()) === 'stopped') return this.finishStop();
      // Restored or forked at the end: every step's output is there, the result follows.
      const result = workflowResult(this.workflow, outputs, this.run.params);
      await this.setStatus('completed', 'complete', (r) => {
        r.result = result;
        r.finishedAt = Date.now();
        r.progress = { done: r.input.size, total: r.input.size };
        // A copy this run could not fill (its file was not needed) is not kept as if whole.
        releaseOnComplete(r, this.d.settings.keepInputCopies && r.input.imported >= r.input.size);
      });
      return;
    }
    for (let i = from; i < steps.length; i++) {
      const step = steps[i];
      const state: StepState = cp && cp.stepIndex === i ? cp.state : { kind: 'start' };
      cp = undefined;
      this.spec = this.specFor(step.kind, source);
      let outcome: StepOutcome;
      const x = this.steps;
      if (step.kind === 'fold') outcome = await runFoldStep(x, i, step, state, outputs);
      else if (step.kind === 'map') outcome = await runMapStep(x, i, step, state, outputs);
      else outcome = await runTaskStep(x, i, step, outputs);
      if ('stopped' in outcome) return this.finishStop();
      if (i === steps.length - 1 && (await this.settleCopy()) === 'stopped')
        return this.finishStop();
      // The copying step has read, and so copied, every byte: the copy is complete.
      const copiedAll = this.spec.kind === 'copy' && (await this.completeCopy(source));
      if (copiedAll === 'stopped') return this.finishStop();
      outputs = { ...outputs, [step.id]: outcome.output };
      const last = i === steps.length - 1;
      const result = last ? workflowResult(this.workflow, outputs, this.run.params) : undefined;
      await this.save({
        reason: last ? 'final' : 'step-complete',
        stepIndex: i + 1,
        stepId: steps[i + 1]?.id ?? 'done',
        bytesDone: 0,
        state: { kind: 'start' },
        outputs,
        boundary: true,
        folded: outcome.folded && { stepIndex: i, ...outcome.folded },
        copied: copiedAll ? this.run.input.size : undefined,
        patch: (r) => {
          if (!last) return;
          transition(r, 'completed', 'complete');
          r.result = result;
          r.finishedAt = Date.now();
          r.progress = { done: r.input.size, total: r.input.size };
          r.message = undefined;
          releaseOnComplete(r, this.d.settings.keepInputCopies);
        },
      });
      // Its copy complete, the run reads the picked file no more.
      if (copiedAll) await this.d.held.release(this.runId);
    }
  }

  /** Whether the run's private copy holds the whole input. */
  private copyComplete(): boolean {
    return this.run.input.imported >= this.run.input.size;
  }

  /**
   * Where step `kind` reads: the complete copy; else the picked file, which a fold or map step
   * also copies as it reads in one pass (copy behind: the copier copies it, no step does).
   */
  private specFor(kind: 'fold' | 'map' | 'task', source: Blob | undefined): InputSpec {
    const { input } = this.run;
    if (input.mode !== 'opfs' || !input.opfsPath) return this.spec;
    if (this.copyComplete() || !source)
      return { kind: 'path', path: input.opfsPath, size: input.size };
    if (kind === 'task' || this.behind) return { kind: 'blob', blob: source, size: input.size };
    return { kind: 'copy', blob: source, path: input.opfsPath, size: input.size };
  }

  /**
   * Checks the input (and its copy) before the steps run from step `from`, and returns the
   * picked file while the copy is incomplete. Copy behind (`copyMode`): the steps read the file
   * and the background copier copies it meanwhile. One pass: the first step that reads the
   * input writes the copy as it reads, except where no step left reads it or the copy was found
   * shorter than recorded. Otherwise, and where a reload would lose the source (see
   * `FileKeeper.survivesReload`), the plain copier copies it first (status Importing).
   * 'stop': the run waits for the user (the file, a permission) or was stopped.
   */
  private async prepareInput(
    from: number,
    cp: CheckpointRecord | undefined,
  ): Promise<Blob | undefined | 'stop'> {
    const { input } = this.run;
    // Restored or forked at the end (every step done): no step reads the input, so its copy,
    // freed or not, and the picked file are not needed to complete again.
    if (from >= this.workflow.steps.length) return undefined;
    const held = await this.d.held.get(this.runId);
    if (input.mode !== 'opfs' || !input.opfsPath) {
      const resolved = await resolveInput(input, held);
      if ('need' in resolved) {
        await this.needInput(resolved.need);
        return 'stop';
      }
      this.spec = resolved.spec;
      return undefined;
    }
    const path = input.opfsPath;
    const copied = await this.d.files.size(path);
    const short = (copied ?? -1) < Math.min(input.imported, input.size);
    if (short)
      // The private copy is gone or shorter than recorded (storage cleared): copy it again.
      this.run = await this.d.store.updateRun(this.runId, (r) => {
        r.input.imported = Math.max(0, copied ?? 0);
      });
    this.spec = { kind: 'path', path, size: input.size };
    if (copied !== undefined && this.run.input.imported >= input.size) return undefined;
    const source = held ?? (await this.sourceFromHandle());
    if (!source) return 'stop';
    checkUnchanged(input, source);
    const reads = this.workflow.steps.slice(from).some((s) => s.kind !== 'task');
    const mode = this.copyMode();
    // An empty input has no bytes for a copier to race: its (empty) copy is made first, so no
    // step looks for a copy the copier has not created yet.
    if (mode === 'behind' && input.size > 0) {
      this.behind = true;
      return source;
    }
    // One pass writes only what the step reads from where it resumes: a step that resumes past
    // the copied prefix (a fork or restore onto a fresh copy, a copy found shorter) would leave
    // a hole the copy's size hides. An empty input still gets its (empty) copy.
    const onePass =
      mode === 'one-pass' &&
      reads &&
      input.size > 0 &&
      resumesAt(cp, from, this.run.chunkSize, input.size) <= this.run.input.imported &&
      !(short && input.imported > 0);
    if (onePass) return source;
    await this.setStatus('importing', 'import', (r) => {
      r.message = undefined;
      r.need = undefined;
    });
    if ((await this.copyRest(source)) !== 'stopped') return undefined;
    await this.finishStop();
    return 'stop';
  }

  /**
   * After the copying step: the copy holds every byte if the disk says so; otherwise the plain
   * copier writes the rest from the recorded prefix (a write that fell short, a step that
   * stopped reading early). True once complete.
   */
  private async completeCopy(source: Blob | undefined): Promise<true | 'stopped'> {
    const { input } = this.run;
    if ((await this.d.files.size(input.opfsPath as string)) === input.size) return true;
    if (!source) throw new WaymarkError('input-missing');
    return (await this.copyRest(source)) === 'stopped' ? 'stopped' : true;
  }

  /** The plain copier, from `input.imported` to the end, recording its progress. */
  private async copyRest(source: Blob): Promise<'stopped' | undefined> {
    const r = await importInput(
      {
        store: this.d.store,
        runner: this.d.runner,
        bus: this.d.bus,
        blockSize: this.d.settings.importBlockSize,
        due: () => this.policy.due(),
        recorded: () => {
          this.policy.written();
          this.settleCheckpointRequests();
        },
        deadlineFloorMs: this.d.debug.deadlineFloorMs ?? this.d.settings.deadlineFloorMs,
        throttle: this.d.debug.throttleBytesPerSec,
        shouldStop: () => this.stop !== undefined,
        checkWrite: () => this.checkWrite(),
        copiedSize: () => this.d.files.size(this.run.input.opfsPath as string),
        retry: (fn) => this.retry(fn),
      },
      this.run,
      source,
    );
    if (r === 'stopped') return 'stopped';
    this.run = r;
    this.spec = { kind: 'path', path: r.input.opfsPath as string, size: r.input.size };
    return undefined;
  }

  private async sourceFromHandle(): Promise<Blob | undefined> {
    const resolved = await resolveInput(
      { ...this.run.input, mode: 'handle', imported: 0 },
      undefined,
    );
    if ('need' in resolved) {
      await this.needInput(resolved.need);
      return undefined;
    }
    return resolved.spec.kind === 'blob' ? resolved.spec.blob : undefined;
  }

  private async needInput(need: 'repick' | 'grant-access'): Promise<void> {
    const err =
      need === 'repick' ? new WaymarkError('input-missing') : new WaymarkError('permission-denied');
    await this.setStatus('interrupted', 'need-input', (r) => {
      r.need = need;
      r.message = err.message;
      r.error = err.toJSON();
    });
  }

  /** Applies the state of a run's stop request once the current step has stopped. */
  private async finishStop(): Promise<void> {
    await this.copy?.stop();
    if (
      this.run.status === 'failed' ||
      this.run.status === 'paused' ||
      this.run.status === 'interrupted'
    )
      return;
    if (this.stop === 'cancel') {
      await this.setStatus('canceled', 'cancel', (r) => {
        r.finishedAt = Date.now();
        r.message = undefined;
      });
      await this.d.store.ledger.dropRun(this.runId);
    } else if (this.stop === 'pause') {
      await this.setStatus('paused', 'pause');
    }
    // 'shutdown': the status stays active so that the next start-up resumes the run.
  }

  /**
   * State from another workflow version is used only if the workflow migrates it; otherwise
   * the run becomes Incompatible, with both versions named.
   */
  private async carryOver(from: VersionedState): Promise<CheckpointRecord | undefined> {
    const w = this.workflow;
    const migrated = migrateCheckpointState(from, w);
    if ('error' in migrated) {
      const err = migrated.error;
      await this.setStatus('incompatible', 'incompatible', (r) => {
        r.error = err.toJSON();
        r.message = err.message;
      });
      return undefined;
    }
    const { state, outputs } = migrated;
    // A new numbered checkpoint in the new shape: the old one stays as it was.
    const { checkpoint, run } = await this.d.checkpoints.save(this.runId, {
      reason: 'migrated',
      stepIndex: from.stepIndex,
      stepId: from.stepId,
      bytesDone: from.bytesDone,
      state,
      outputs,
      stats: from.stats,
      parent: from.parent,
      workflowVersion: w.version,
      // Ledger results past the prefix (all of them, when the checkpoint is at a step's start)
      // have the old shape, and migrateState never sees them: those chunks are done again.
      dropLedgerPast: true,
      patch: (r) => {
        r.workflowVersion = w.version;
      },
    });
    this.run = run;
    return checkpoint;
  }
}
