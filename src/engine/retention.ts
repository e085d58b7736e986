/**
 * Retention: which checkpoints a save may drop (not the newest `keepLast`, not step boundaries,
 * not pinned ones), and where pins are read from when it does.
 */
import type { LedgerTx } from './chunk-ledger';
import type { KeptCheckpoint, RunRecord } from './records';

export interface RetentionOptions {
  /** Keep this many most recent checkpoints (besides boundaries and pinned ones). */
  keepLast: number;
}

export const DEFAULT_RETENTION: RetentionOptions = { keepLast: 20 };

/** The checkpoints a save that adds one more could drop, before pins are known. */
export function pruneCandidates(run: RunRecord, keepLast: number): number[] {
  const next = { seq: run.lastSeq + 1, boundary: false, pinned: false };
  const kept = [...run.kept.filter((k) => k.seq !== next.seq), next];
  return retentionVictims(
    kept.map((k) => ({ ...k, pinned: false })),
    keepLast,
  );
}

/** Which kept checkpoints retention drops: not the newest `keepLast`, not boundaries, not pinned. */
export function retentionVictims(kept: KeptCheckpoint[], keepLast: number): number[] {
  const sorted = [...kept].sort((a, b) => a.seq - b.seq);
  const recent = new Set(sorted.slice(-Math.max(1, keepLast)).map((k) => k.seq));
  return sorted.filter((k) => !recent.has(k.seq) && !k.boundary && !k.pinned).map((k) => k.seq);
}

/**
 * Whether each of `seqs` is pinned, read from the checkpoint records in `tx`. A pin lives on
 * its checkpoint record: the run's `kept` list may have been written from an execution's older
 * copy of the run (the synchronous save), so its `pinned` flags are never trusted for pruning.
 */
export async function pinsOf(
  tx: LedgerTx,
  runId: string,
  seqs: number[],
): Promise<Map<number, boolean>> {
  const cps = await Promise.all(seqs.map((s) => tx.objectStore('checkpoints').get([runId, s])));
  return new Map(seqs.map((s, i) => [s, cps[i]?.pinned === true]));
}
