/**
 * The engine's storage side for the app: the report of what each run occupies, the two ways to
 * free space at once, what deleting a run removes, and whether a file's copy already exists.
 */
import type { EventBus } from './events';
import { outputDir, runDir, type FileStore } from './files';
import { freeIfUnneeded, neededCopy, releaseCompleted, sameFile } from './input-copies';
import type { Persistence } from './persistence';
import { fingerprintOf } from './sources';
import { runFoldersInUse } from './storage-sweep';
import { storageReport, type StorageReport } from './storage-report';

export interface StorageDeps {
  store: Persistence;
  files: FileStore;
  bus: EventBus;
  /** Deletes one run (`Engine.remove`). */
  remove(runId: string): Promise<void>;
}

export class EngineStorage {
  constructor(private readonly d: StorageDeps) {
    // A run of this tab completed and released its copy (in the completion's transaction):
    // remove the copy unless another run needs it. A page closed before this leaves it to the
    // start-up sweep.
    d.bus.on((e) => {
      if (e.type !== 'run' || e.remote || e.run.status !== 'completed' || !e.run.input.released)
        return;
      freeIfUnneeded(d.store, d.files, e.run.input.opfsPath).catch((err: unknown) =>
        console.warn('Could not free an input copy yet; the next start-up will.', err),
      );
    });
  }

  /** What each run occupies (input copy, shared ones once; outputs; records) and what the actions free. */
  report(): Promise<StorageReport> {
    return storageReport(this.d.store, this.d.files);
  }

  /**
   * Releases the input copies of every completed run and removes the copies no run needs any
   * more; the runs keep their results and outputs, and "Run again" asks for the file. Returns
   * the bytes freed.
   */
  async freeInputCopies(): Promise<number> {
    const before = await this.copyBytes();
    const { released } = await releaseCompleted(this.d.store, this.d.files);
    for (const id of released) {
      const run = await this.d.store.getRun(id);
      if (run) this.d.bus.emit({ type: 'run', run });
    }
    return Math.max(0, before - (await this.copyBytes()));
  }

  /** Deletes every completed run (records, outputs, copies no other run needs). Returns their ids. */
  async deleteCompleted(): Promise<string[]> {
    const done = (await this.d.store.listRuns()).filter((r) => r.status === 'completed');
    for (const r of done) await this.d.remove(r.id);
    return done.map((r) => r.id);
  }

  /**
   * Whether a new run on `file` would reuse a complete copy (and so copy nothing): the answer
   * the quota check before a start needs. The start decides again in its own transaction.
   */
  async hasCopyOf(file: Blob & { name?: string; lastModified?: number }): Promise<boolean> {
    const fp = await fingerprintOf(file);
    return (await this.d.store.listRuns()).some(
      (r) =>
        neededCopy(r) !== undefined &&
        r.input.imported >= r.input.size &&
        sameFile(r.input.fingerprint, fp),
    );
  }

  /**
   * Removes what only a deleted run used: its folder (outputs; the input of an older run unless
   * a fork still needs it) and its copy unless another run needs it. Call after its records went.
   */
  async removeRunFiles(runId: string, copyPath: string | undefined): Promise<void> {
    if (!(await runFoldersInUse(this.d.store)).has(runId)) await this.d.files.remove(runDir(runId));
    else await this.d.files.remove(outputDir(runId));
    await freeIfUnneeded(this.d.store, this.d.files, copyPath);
  }

  private async copyBytes(): Promise<number> {
    return (await this.report()).copies;
  }
}
