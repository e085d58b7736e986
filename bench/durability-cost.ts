/**
 * What `strict` durability costs against `relaxed`, on the browser's real IndexedDB: the
 * latency of a map checkpoint (through the engine's CheckpointManager) and of a ledger commit
 * (one chunk result per transaction, as a map step commits them), one at a time and with
 * `lanes` commits in flight at once (a map step keeps that many chunks going).
 */
import {
  CheckpointManager,
  FORMAT_VERSION,
  Persistence,
  openWaymarkDb,
  type RunRecord,
} from '../src/engine';

const MiB = 1 << 20;

function run(id: string): RunRecord {
  return {
    format: FORMAT_VERSION,
    id,
    workflowId: 'count',
    workflowVersion: 1,
    params: {},
    input: { name: 'bench', size: 1e12, lastModified: 0, type: '', mode: 'opfs', imported: 1e12 },
    status: 'running',
    stepIndex: 0,
    outputs: {},
    progress: { done: 0, total: 1e12 },
    chunkSize: 4 * MiB,
    createdAt: Date.now(),
    updatedAt: Date.now(),
    lastSeq: 0,
    kept: [],
    failedChunks: [],
    crashes: { count: 0, seq: 0 },
    stats: { processedBytes: 0, workMs: 0 },
    events: [],
    retries: 0,
  };
}

// The size of a Count partial (line, word, char and byte counts with a little bookkeeping).
const partial = () => ({ lines: 123456, words: 654321, chars: 7777777, bytes: 8888888, tail: 1 });

export interface DurabilityRow {
  durability: IDBTransactionDurability;
  checkpoint: { p50: number; mean: number };
  ledger: { p50: number; mean: number };
  /** Mean wall time per ledger commit with `lanes` in flight. */
  ledgerConcurrent: number;
}

const stats = (t: number[]) => {
  const s = [...t].sort((a, b) => a - b);
  return { p50: s[Math.floor(s.length / 2)], mean: s.reduce((a, b) => a + b, 0) / s.length };
};

export async function durabilityCost(samples: number, lanes: number): Promise<DurabilityRow[]> {
  const rows: DurabilityRow[] = [];
  // Twice, alternating, so that neither mode is measured only on a cold disk.
  for (const durability of ['relaxed', 'strict', 'relaxed', 'strict'] as const) {
    const name = `waymark-durability-${durability}-${rows.length}`;
    indexedDB.deleteDatabase(name);
    const store = new Persistence(await openWaymarkDb({ name }));
    store.checkpointDurability = durability;
    const cpm = new CheckpointManager(store, { keepLast: 20 });
    await store.putRun(run('r'));
    let index = 0;
    const commit = async () => {
      const tx = store.db.transaction('chunks', 'readwrite', { durability });
      await Promise.all([
        tx.store.put({
          format: FORMAT_VERSION,
          runId: 'r',
          stepIndex: 0,
          index: index++,
          status: 'done',
          attempts: 1,
          result: partial(),
          bytes: 4 * MiB,
        }),
        tx.done,
      ]);
    };
    let prefix = 0;
    const save = () => {
      const to = index;
      const p = cpm.save('r', {
        reason: 'interval',
        stepIndex: 0,
        stepId: 'count',
        bytesDone: to * 4 * MiB,
        state: { kind: 'map', prefix: to, partial: partial(), doneBeyond: [] },
        outputs: {},
        stats: { processedBytes: to * 4 * MiB, workMs: 0 },
        folded: { stepIndex: 0, from: prefix, to },
      });
      prefix = to;
      return p;
    };
    const cp: number[] = [];
    const ledger: number[] = [];
    for (let s = 0; s < samples; s++) {
      for (let c = 0; c < 4; c++) {
        const t0 = performance.now();
        await commit();
        ledger.push(performance.now() - t0);
      }
      const t0 = performance.now();
      await save();
      cp.push(performance.now() - t0);
    }
    const n = samples * 4;
    const t0 = performance.now();
    let left = n;
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        while (left-- > 0) await commit();
      }),
    );
    const ledgerConcurrent = (performance.now() - t0) / n;
    rows.push({ durability, checkpoint: stats(cp), ledger: stats(ledger), ledgerConcurrent });
    store.db.close();
    indexedDB.deleteDatabase(name);
  }
  return rows;
}
