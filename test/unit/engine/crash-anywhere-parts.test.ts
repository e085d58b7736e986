/**
 * Second crash-anywhere property test. A map step writes one output part per chunk (as Gzip
 * does) and combines chunk indices by concatenation, which any lost, doubled or reordered chunk
 * changes; a task assembles the parts. Each round crashes the run many times — at a random
 * transaction, inside a transaction over the runs store alone (status changes, the import's
 * progress), or in the middle of an output write — while synchronous page-hide saves and pins
 * happen at random moments, and at a random crash the app is updated to version 2 of the
 * workflow, whose `migrateState` reshapes the partial. The result must be the uninterrupted
 * one, pins must survive, and each crash may cost only the chunks in flight (plus, once, the
 * ledger records the migration had to drop).
 */
import { describe, expect, it } from 'vitest';
import { makeCrashableMatching } from '../helpers/crashable';
import { CrashableFiles } from '../helpers/crashable-files';
import { fileOf, newWorld, openTab, randomBytes, type World } from '../helpers/engine-harness';
import { fnvOf } from '../helpers/test-workflows';
import {
  MAP_PIPELINE_DEPTH,
  Persistence,
  WorkflowRegistry,
  defineWorkflow,
  openWaymarkDb,
} from '../../../src/engine';
import { MAX_STRIPE_CHUNKS } from '../../../src/engine/stripe-queue';
import { xorshift32 } from '../../../scripts/fixtures.mjs';

function rng(seed: number): () => number {
  const next = xorshift32(seed);
  return () => next() / 2 ** 32;
}

const EVERY_CHUNKS = 4;
const WORKERS = 2;
const SETTINGS = {
  chunkSize: 256,
  checkpointEveryMs: 600_000,
  checkpointEveryChunks: EVERY_CHUNKS,
  importBlockSize: 1024,
  // Few kept: retention prunes at almost every save, so a pin it ignored would be gone.
  keepCheckpoints: 3,
};
/** Chunks a map step has in flight at most: one per lane. */
const LANES = WORKERS * (MAP_PIPELINE_DEPTH + 1);

/** A chunk's part: its bytes reversed, each xor its index, after one byte of the index. */
function partOf(bytes: Uint8Array, index: number): Uint8Array {
  const out = new Uint8Array(bytes.length + 1);
  out[0] = index & 0xff;
  for (let i = 0; i < bytes.length; i++) out[i + 1] = bytes[bytes.length - 1 - i] ^ (index & 0xff);
  return out;
}

type V1 = { order: number[]; bytes: number };
type V2 = { order: string; bytes: number };
type Final = { order: string; bytes: number; fnv: string };

function partsWorkflow(version: 1 | 2) {
  const toV2 = (p: V1 | V2): V2 =>
    version === 1 ? { ...p, order: (p as V1).order.map((i) => `${i}.`).join('') } : (p as V2);
  return defineWorkflow<Record<string, never>, Final>({
    id: 'test-parts',
    version,
    label: 'Parts (test)',
    params: { defaults: {} },
    migrateState: (from, stepId, value) => {
      if (from !== 1 || stepId !== 'parts') return undefined;
      const v = value as V1;
      return { order: v.order.map((i) => `${i}.`).join(''), bytes: v.bytes };
    },
    steps: [
      {
        kind: 'map',
        id: 'parts',
        async map(bytes: Uint8Array, ctx) {
          await ctx.output.write(`part-${ctx.index}`, partOf(bytes, ctx.index));
          return version === 1
            ? { order: [ctx.index], bytes: bytes.length }
            : { order: `${ctx.index}.`, bytes: bytes.length };
        },
        combine: (a: V1 | V2, b: V1 | V2) =>
          version === 1
            ? { order: [...(a as V1).order, ...(b as V1).order], bytes: a.bytes + b.bytes }
            : { order: (a as V2).order + (b as V2).order, bytes: a.bytes + b.bytes },
        empty: () => (version === 1 ? { order: [], bytes: 0 } : { order: '', bytes: 0 }),
        finish: (c: V1 | V2) => c,
      },
      {
        kind: 'task',
        id: 'assemble',
        async run(ctx) {
          const p = toV2(ctx.outputs.parts as V1 | V2);
          const count = p.order.split('.').length - 1;
          const all: Uint8Array[] = [];
          for (let i = 0; i < count; i++) all.push(await ctx.output.read(`part-${i}`));
          const joined = new Uint8Array(all.reduce((s, a) => s + a.length, 0));
          let at = 0;
          for (const a of all) {
            joined.set(a, at);
            at += a.length;
          }
          return { order: p.order, bytes: p.bytes, fnv: fnvOf(joined) };
        },
      },
    ],
  });
}

/** The result computed without the engine: every chunk once, in order. */
function expected(bytes: Uint8Array): Final {
  const n = Math.ceil(bytes.length / SETTINGS.chunkSize);
  const parts: number[] = [];
  let order = '';
  for (let i = 0; i < n; i++) {
    const chunk = bytes.subarray(i * SETTINGS.chunkSize, (i + 1) * SETTINGS.chunkSize);
    parts.push(...partOf(chunk, i));
    order += `${i}.`;
  }
  return { order, bytes: bytes.length, fnv: fnvOf(Uint8Array.from(parts)) };
}

type Plan = { kind: 'tx' | 'runs' | 'write' | 'none'; n: number };

const runsOnly = (t: { stores: string[]; mode: IDBTransactionMode }) =>
  t.mode === 'readwrite' && t.stores.length === 1 && t.stores[0] === 'runs';

async function crashingTab(world: World, registry: WorkflowRegistry) {
  const files = new CrashableFiles(world.files);
  // The harness types the store as the in-memory one; this one forwards to it.
  const view = { ...world, registry, files: files as unknown as World['files'] };
  const tab = await openTab(view, { settings: SETTINGS, workers: WORKERS });
  const sw = makeCrashableMatching(tab.store.db as never);
  let onCrash: () => void = () => undefined;
  const crashed = new Promise<void>((r) => (onCrash = r));
  sw.onCrash(() => {
    files.dead = true;
    tab.crash();
    onCrash();
  });
  const arm = (plan: Plan) => {
    if (plan.kind === 'tx') sw.armAt(sw.count + plan.n);
    if (plan.kind === 'runs') sw.armAtMatching(plan.n, runsOnly);
    if (plan.kind === 'write') files.armAtWrite(plan.n, () => sw.crash());
  };
  return { tab, files, crashed, arm, isCrashed: () => sw.crashed };
}

describe('crash anywhere, with output parts, pins, page-hide saves and a version change', () => {
  it('always ends with the uninterrupted result; pins survive; a crash costs only the chunks in flight', async () => {
    const random = rng(20261201);
    const rounds = 60;
    const kinds = { tx: 0, runs: 0, write: 0 };
    let migrations = 0;
    let pinsMade = 0;
    let redoneTotal = 0;
    const v1 = new WorkflowRegistry().register(partsWorkflow(1));
    const v2 = new WorkflowRegistry().register(partsWorkflow(2));
    for (let round = 0; round < rounds; round++) {
      const size = 5000 + Math.floor(random() * 7000);
      const bytes = randomBytes(size, 100 + round);
      const file = fileOf(bytes, `p${round}.bin`);
      const world = newWorld([]);
      const observer = new Persistence(await openWaymarkDb({ name: world.dbName }));
      // The update to version 2 comes with the tab after this crash (some rounds never see it).
      const updateAt = 1 + Math.floor(random() * 4);
      const pinned = new Set<number>();
      // Work done again, charged to the crash that lost it: a part written again is charged to
      // the last tab that wrote it before (it crashed before that chunk counted), except the
      // first rewrite of a chunk whose ledger record the migration dropped.
      const lastWriter = new Map<string, number>();
      const charged: number[] = [];
      const dropped = new Set<string>();
      let crashes = 0;
      let registry = v1;
      let switchedMidRun = false;

      let t = await crashingTab(world, registry);
      const id = await t.tab.engine.start('test-parts', file, {});
      const pick = (): Plan => {
        const r = random();
        if (r < 0.35) return { kind: 'tx', n: 1 + Math.floor(random() * 40) };
        if (r < 0.65) return { kind: 'runs', n: 1 + Math.floor(random() * 4) };
        return { kind: 'write', n: 1 + Math.floor(random() * 12) };
      };
      let plan = pick();
      t.arm(plan);

      let guard = 0;
      for (;;) {
        if (++guard > 80) throw new Error(`round ${round}: the run did not converge`);
        // Page-hide saves and pins at random moments while this tab lives.
        const current = t;
        let settled = false;
        const chaos = (async () => {
          while (!settled && !current.isCrashed()) {
            await new Promise((r) => setTimeout(r, 1 + random() * 8));
            if (settled || current.isCrashed()) break;
            if (random() < 0.6) current.tab.engine.checkpointAllSync('page-hidden');
            else {
              const list = await observer.listCheckpoints(id);
              if (!list.length) continue;
              const seq = list[Math.floor(random() * list.length)].seq;
              try {
                await current.tab.engine.pin(id, seq, true);
                pinned.add(seq);
                pinsMade++;
              } catch {
                // Crashed or pruned before the pin: no pin was made.
              }
            }
          }
        })();
        const outcome = await Promise.race([
          t.crashed.then(() => 'crashed' as const),
          (async () => {
            for (;;) {
              const r = await observer.getRun(id);
              if (r && !['queued', 'importing', 'running'].includes(r.status)) return 'settled';
              await new Promise((res) => setTimeout(res, 2));
              if (t.isCrashed()) return 'crashed';
            }
          })(),
        ]);
        settled = true;
        await chaos;
        for (const w of new Set(t.files.written)) {
          const k = lastWriter.get(w);
          if (k !== undefined && !dropped.delete(w)) charged[k] = (charged[k] ?? 0) + 1;
          if (k !== undefined) redoneTotal++;
          lastWriter.set(w, crashes);
        }
        for (const [k, n] of charged.entries())
          expect(n ?? 0, `round ${round}: chunks done again for crash ${k}`).toBeLessThanOrEqual(
            LANES,
          );

        if (outcome === 'crashed') {
          crashes++;
          if (plan.kind !== 'none') kinds[plan.kind]++;
          if (crashes === updateAt && registry === v1) {
            registry = v2;
            switchedMidRun = (await observer.getRun(id))?.workflowVersion === 1;
            // The migration drops the ledger records past the checkpoint it migrates (their
            // results have the old shape): at most one interval, the chunks in flight, and the
            // stripes other workers ran ahead on.
            // With no checkpoint yet the run record is migrated, from the start of the step.
            const latest = await observer.getCheckpoint(id, (await observer.getRun(id))!.lastSeq);
            const prefix = latest?.state.kind === 'map' ? latest.state.prefix : 0;
            for (const c of await observer.ledger.list(id, 0, prefix))
              dropped.add(`part-${c.index}`);
            // Beyond the prefix, each other worker may have done a stripe of its own: the map
            // step hands out stripes of neighbouring chunks (StripeQueue).
            expect(dropped.size, `round ${round}: dropped by the migration`).toBeLessThanOrEqual(
              EVERY_CHUNKS + MAX_STRIPE_CHUNKS * (WORKERS - 1) + LANES,
            );
          }
          t = await crashingTab(world, registry);
          // Sometimes no crash at all: the run must still converge.
          plan = random() < 0.15 ? { kind: 'none', n: 0 } : pick();
          t.arm(plan);
          try {
            await t.tab.engine.recover();
          } catch (e) {
            if ((e as Error).name !== 'InvalidStateError') throw e;
          }
          continue;
        }
        const run = await observer.getRun(id);
        if (run?.status !== 'interrupted') break;
        // What the user would do: pick the file again, or press Resume.
        try {
          if (run.need === 'repick') await t.tab.engine.repick(id, file);
          else await t.tab.engine.resume(id);
        } catch (e) {
          if ((e as Error).name !== 'InvalidStateError') throw e;
        }
      }

      const run = await observer.getRun(id);
      expect(run?.status, `round ${round}: ${run?.message}`).toBe('completed');
      expect(run?.result, `round ${round}`).toEqual(expected(bytes));
      const list = await observer.listCheckpoints(id);
      for (const seq of pinned)
        expect(list.find((c) => c.seq === seq)?.pinned, `round ${round}: pin ${seq}`).toBe(true);
      // (The 'migrated' checkpoint itself may be pruned by now: keep 3.)
      if (switchedMidRun && run?.workflowVersion === 2) migrations++;
      await t.tab.close();
      observer.db.close();
    }
    console.log(
      `crash-anywhere (parts): ${rounds} runs, crashes ${JSON.stringify(kinds)}, ${migrations} migrations, ${pinsMade} pins, ${redoneTotal} chunks redone`,
    );
    // The property is only tested if each kind of crash, migration and pin really happened.
    expect(kinds.tx).toBeGreaterThan(rounds / 2);
    // A 'runs' crash fires on the n-th runs-only transaction, which a loaded machine's timing may
    // leave out before the run settles (19 of ~45 planned fired in one CI run): a quarter of the
    // rounds is still many times each.
    expect(kinds.runs).toBeGreaterThan(rounds / 4);
    expect(kinds.write).toBeGreaterThan(rounds / 2);
    expect(migrations).toBeGreaterThan(rounds / 4);
    expect(pinsMade).toBeGreaterThan(rounds / 2);
  }, 180_000);
});
