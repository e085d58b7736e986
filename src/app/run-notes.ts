/**
 * What the user typed on a run (its "Expected hash"), kept across reloads. The engine's run
 * record has no place for user annotations, so they live beside the app's settings in the
 * engine's key-value store, one record for all runs, pruned of runs that are gone.
 */
import type { Persistence } from '../engine';

const KEY = 'run-notes';
/** Typing saves at most this often (ms); the last text is never lost. */
const SAVE_AFTER_MS = 300;

export interface RunNote {
  expected?: string;
}

type Store = Pick<Persistence, 'getSetting' | 'setSetting'>;

export class RunNotes {
  private notes: Record<string, RunNote> = {};
  private timer: ReturnType<typeof setTimeout> | undefined;
  private dirty = false;

  constructor(private readonly store: Store) {}

  /** Reads the saved notes, keeping only those of `runIds` (deleted runs leave none behind). */
  async load(runIds: Iterable<string>): Promise<void> {
    const saved = await this.store.getSetting<Record<string, RunNote>>(KEY).catch(() => undefined);
    const keep = new Set(runIds);
    const pruned: Record<string, RunNote> = {};
    let dropped = false;
    for (const [id, note] of Object.entries(saved ?? {}))
      if (keep.has(id)) pruned[id] = note;
      else dropped = true;
    this.notes = { ...pruned, ...this.notes };
    if (dropped) this.saveSoon();
  }

  get(runId: string): RunNote | undefined {
    return this.notes[runId];
  }

  setExpected(runId: string, text: string): void {
    const { expected: _old, ...rest } = this.notes[runId] ?? {};
    const note: RunNote = text === '' ? rest : { ...rest, expected: text };
    if (Object.keys(note).length === 0) delete this.notes[runId];
    else this.notes[runId] = note;
    this.saveSoon();
  }

  remove(runId: string): void {
    if (!(runId in this.notes)) return;
    delete this.notes[runId];
    this.saveSoon();
  }

  /** Writes what is pending now, if anything (tests, and before the page goes away). */
  async flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dirty) return;
    this.dirty = false;
    await this.store.setSetting(KEY, structuredClone(this.notes));
  }

  private saveSoon(): void {
    this.dirty = true;
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch((e: unknown) => console.warn('Could not save run notes', e));
    }, SAVE_AFTER_MS);
  }
}
