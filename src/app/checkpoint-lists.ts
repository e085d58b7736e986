/**
 * Each run's checkpoint list as the views show it (newest first), kept in step with the engine
 * from its events: a new checkpoint joins from its event, retention's choices come with the run
 * record, and a run first seen through an event is read once from storage. Each checkpoint's
 * size comes from the storage report, which estimates it once.
 */
import type { CheckpointRecord, Engine, RunRecord, StorageReport } from '../engine';
import { checkpointView } from './run-view';
import type { CheckpointView } from './types';

type CheckpointMeta = Omit<CheckpointRecord, 'state' | 'outputs'>;

/** Plain maps on purpose: the store copies them into its reactive views at most once a frame. */
export class CheckpointLists {
  private cps = new Map<string, CheckpointView[]>();
  private pending = new Set<string>();
  private sizes = new Map<string, Record<number, number>>();

  constructor(
    private readonly engine: Pick<Engine, 'checkpoints'>,
    /** Called once a list read later (see {@link add}) has arrived. */
    private readonly changed: () => void,
  ) {}

  get(runId: string): CheckpointView[] {
    const list = this.cps.get(runId) ?? [];
    const sizes = this.sizes.get(runId);
    return sizes ? list.map((c) => ({ ...c, bytes: sizes[c.seq] })) : list;
  }

  /** The sizes the latest storage report gives (a checkpoint newer than it has none yet). */
  sized(report: StorageReport | undefined): void {
    this.sizes = new Map(report?.runs.map((r) => [r.runId, r.checkpoints]));
  }

  delete(runId: string): void {
    this.cps.delete(runId);
  }

  /**
   * A new checkpoint joins the list from its event, which carries everything the list shows:
   * reading the run's checkpoints back would deserialize every kept state (20 of up to 700 KiB
   * for a CSV profile) on the page at each checkpoint, CPU the workers need.
   */
  add(runId: string, cp: CheckpointMeta): void {
    const list = this.cps.get(runId);
    if (!list) return this.loadSoon(runId);
    const rest = list.filter((c) => c.seq !== cp.seq);
    this.cps.set(
      runId,
      [checkpointView(cp), ...rest].sort((a, b) => b.seq - a.seq),
    );
  }

  /** The run record says which checkpoints retention kept and which are pinned. */
  keep(run: RunRecord): void {
    const list = this.cps.get(run.id);
    if (!list) return;
    const kept = new Map(run.kept.map((k) => [k.seq, k]));
    this.cps.set(
      run.id,
      list.flatMap((c) => {
        const k = kept.get(c.seq);
        return k ? [{ ...c, pinned: k.pinned, boundary: k.boundary }] : [];
      }),
    );
  }

  private loadSoon(runId: string): void {
    if (this.pending.has(runId)) return;
    this.pending.add(runId);
    setTimeout(() => {
      this.pending.delete(runId);
      void this.load(runId).then(this.changed);
    }, 150);
  }

  async load(runId: string): Promise<void> {
    const list = await this.engine.checkpoints.list(runId);
    this.cps.set(runId, list.map(checkpointView).reverse());
  }
}
