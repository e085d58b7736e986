/**
 * Where the File a user picked is kept while a run still needs it. A `File` object lives only
 * in the page that got it; the copy into OPFS needs it until the last byte is copied, also
 * across a reload of that page. A keeper is the place that can outlive the page: in the app,
 * the page's memory backed by the service worker (`src/app/sw-file-keeper.ts`), which stays
 * alive across reloads but not across a browser restart. The engine's default keeps the file
 * in this page's memory only, as the engine did before keepers existed.
 */

/**
 * Keeps picked files by run id. Implementations never throw for a missing or unreachable
 * store: `get` answers undefined, and the engine then asks the user for the file
 * (`need: 'repick'`, verified by its fingerprint).
 */
export interface FileKeeper {
  /** Keeps `file` for the run, replacing what was kept for it before. */
  hold(runId: string, file: Blob): Promise<void>;
  /** The file kept for the run, or undefined when it is not (or no longer) reachable. */
  get(runId: string): Promise<Blob | undefined>;
  /** Forgets the run's file; a run with nothing kept is no error. */
  release(runId: string): Promise<void>;
}

/** The default keeper: a Map in this page, gone with it (a reload asks for the file again). */
export class MemoryFileKeeper implements FileKeeper {
  private readonly files = new Map<string, Blob>();

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
