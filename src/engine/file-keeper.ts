/**
 * Where the File a user picked is kept while a run still needs it: while its input copy is
 * incomplete (the copy is written from it), or for a run that reads the file directly. A `File`
 * object lives only in the page that got it; a keeper is the place that can outlive the page:
 * in the app, the page's memory backed by the service worker (`src/app/sw-file-keeper.ts`),
 * which stays alive across reloads but not across a browser restart. The engine's default keeps
 * the file in this page's memory only.
 */

/**
 * Keeps picked files by run id. Implementations never throw for a missing or unreachable
 * store: `get` answers undefined, and the engine then asks the user for the file
 * (`need: 'repick'`, verified by its fingerprint).
 */
export interface FileKeeper {
  /**
   * Whether a held file is still there after this page reloads (a service worker holds it).
   * Only then does a run copy its input while processing it: the promise that a reload never
   * asks for the file holds only where the source outlives the page, or the run has a handle.
   */
  readonly survivesReload?: boolean;
  /** Keeps `file` for the run, replacing what was kept for it before. */
  hold(runId: string, file: Blob): Promise<void>;
  /** The file kept for the run, or undefined when it is not (or no longer) reachable. */
  get(runId: string): Promise<Blob | undefined>;
  /** Forgets the run's file; a run with nothing kept is no error. */
  release(runId: string): Promise<void>;
}

/** Holds files in memory: this page's (a reload loses them), or a test's shared "browser". */
export class MemoryFileKeeper implements FileKeeper {
  private readonly files = new Map<string, Blob>();

  constructor(readonly survivesReload = false) {}

  hold(runId: string, file: Blob): Promise<void> {
    this.files.set(runId, file);
    return Promise.resolve();
  }

  get(runId: string): Promise<Blob | undefined> {
    return Promise.resolve(this.files.get(runId));
  }

  release(runId: string): Promise<void> {
    this.files.delete(runId);
    return Promise.resolve();
  }

  /** The runs with a file kept (tests). */
  runIds(): string[] {
    return [...this.files.keys()];
  }
}
