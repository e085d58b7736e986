/**
 * Checkpoint commit latency at 100, 10,000 and 100,000 done chunks, on the browser's real
 * IndexedDB, through the engine's own CheckpointManager. The ledger is filled and folded the
 * way a map step does (results committed, then absorbed by checkpoints and deleted), so the
 * database carries the history of all chunks done before each measurement.
 */
import {
  CheckpointManager,
  FORMAT_VERSION,
  Persistence,
  openWaymarkDb,
  type RunRecord,
} from '../src/engine';

const CHUNKS_PER_CHECKPOINT = 10;

function run(id: string): RunRecord {
  return {
    format: FORMAT_VERSION,
    id,
    workflowId: 'byte-histogram',
    workflowVersion: 1,
    params: {},
    input: { name: 'bench', size: 1e12, lastModified: 0, type: '', mode: 'opfs', imported: 1e12 },
    status: 'running',
    stepIndex: 0,
    outputs: {},
    progress: { done: 0, total: 1e12 },
    chunkSize: 1 << 20,
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

const partial = () => new Array<number>(256).fill(12345);

export async function checkpointLatency(levels: number[], samples: number) {
  indexedDB.deleteDatabase('waymark-bench');
  const store = new Persistence(await openWaymarkDb({ name: 'waymark-bench' }));
  const cpm = new CheckpointManager(store, { keepLast: 20 });
  await store.putRun(run('r'));
  let prefix = 0;
  const commit = async (from: number, to: number, perTx: number) => {
    for (let i = from; i < to; i += perTx) {
      const tx = store.db.transaction('chunks', 'readwrite');
      for (let j = i; j < Math.min(to, i + perTx); j++)
        void tx.store.put({
          format: FORMAT_VERSION,
          runId: 'r',
          stepIndex: 0,
          index: j,
          status: 'done',
          attempts: 1,
          result: partial(),
          bytes: 1 << 20,
        });
      await tx.done;
    }
  };
  const save = (to: number) =>
    cpm.save('r', {
      reason: 'interval',
      stepIndex: 0,
      stepId: 'count',
      bytesDone: to * (1 << 20),
      state: { kind: 'map', prefix: to, partial: partial(), doneBeyond: [] },
      outputs: {},
      stats: { processedBytes: 0, workMs: 0 },
      folded: { stepIndex: 0, from: prefix, to },
    });
  const out: { chunks: number; p50: number; p99: number; mean: number }[] = [];
  for (const level of levels) {
    // Reach the level as a map step would, in big batches: commit, then fold by checkpoints.
    while (prefix < level) {
      const to = Math.min(level, prefix + 1000);
      await commit(prefix, to, 1000);
      await save(to);
      prefix = to;
    }
    const times: number[] = [];
    for (let s = 0; s < samples; s++) {
      // Ten chunk commits (one transaction each, as the engine does), then one checkpoint.
      await commit(prefix, prefix + CHUNKS_PER_CHECKPOINT, 1);
      const t0 = performance.now();
      await save(prefix + CHUNKS_PER_CHECKPOINT);
      times.push(performance.now() - t0);
      prefix += CHUNKS_PER_CHECKPOINT;
    }
    times.sort((a, b) => a - b);
    out.push({
      chunks: level,
      p50: times[Math.floor(times.length * 0.5)],
      p99: times[Math.min(times.length - 1, Math.floor(times.length * 0.99))],
      mean: times.reduce((a, b) => a + b, 0) / times.length,
    });
  }
  store.db.close();
  return out;
}
