/**
 * Where the engine finds the picked file of a run while the run still needs it: while its
 * input copy is incomplete (the copy is written from it), or for a run that reads the file
 * directly. The browser app may supply one that survives a reload (a service worker holding
 * the File); the default holds it in this page's memory, which a reload loses.
 */
export interface FileKeeper {
  /**
   * Whether a held file is still there after this page reloads (a service worker holds it).
   * Only then does a run copy its input while processing it: the promise that a reload never
   * asks for the file holds only where the source outlives the page, or the run has a handle.
   */
  readonly survivesReload?: boolean;
  /** Holds `file` as the source of run `runId` (replacing any earlier one). */
  hold(runId: string, file: Blob): void;
  /** The file held for the run, if any (asynchronous: a keeper may have to ask elsewhere). */
  get(runId: string): Promise<Blob | undefined>;
  /** The run needs its file no more (its copy is complete, or the run is over or deleted). */
  release(runId: string): void;
}

/** Holds files in memory: this page's (a reload loses them), or a test's shared "browser". */
export class MemoryFileKeeper implements FileKeeper {
  private files = new Map<string, Blob>();

  constructor(readonly survivesReload = false) {}

  hold(runId: string, file: Blob): void {
    this.files.set(runId, file);
  }

  async get(runId: string): Promise<Blob | undefined> {
    return this.files.get(runId);
  }

  release(runId: string): void {
    this.files.delete(runId);
  }
}
