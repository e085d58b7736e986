/**
 * Builds the app in the browser: database, file store, worker pool, locks, engine, store; then
 * looks for unfinished runs and resumes the orphaned ones.
 */
import {
  Engine,
  LeaseRunLocks,
  MemoryFileStore,
  OpfsFileStore,
  Persistence,
  WebRunLocks,
  WorkerPool,
  WorkflowRegistry,
  opfsAvailable,
  openWaymarkDb,
  sweepOrphanedRunFiles,
  workerSpawn,
  workerCombiner,
  WaymarkError,
  keptFileNeeded,
} from '../engine';
import { readDebug } from './debug';
import { watchLifecycle } from './lifecycle';
import { registerPwa } from './pwa';
import { loadSettings, toEngineSettings } from './settings';
import { AppStore } from './store.svelte';
import { ServiceWorkerFileKeeper } from './sw-file-keeper';
import { builtinWorkflows } from '../workflows';

export async function boot(): Promise<AppStore> {
  const debug = readDebug();
  // Set once they exist; the database may report a newer version before that.
  const ref: { engine?: Engine; app?: AppStore } = {};
  const blockedMessage = new WaymarkError('storage-blocked').message;
  const db = await openWaymarkDb({
    onVersionChange: async () => {
      if (ref.app) ref.app.banner = blockedMessage;
      await ref.engine?.shutdown('before-update');
    },
  });
  const store = new Persistence(db);
  const { developerTasks, ...debugEngine } = debug.settings ?? {};
  const saved = await loadSettings(store);
  // The debug override is where the page starts (tests turn "Developer tasks" on with it).
  const settings = developerTasks === undefined ? saved : { ...saved, developerTasks };
  const opfs = opfsAvailable();
  const files = opfs ? new OpfsFileStore() : new MemoryFileStore();
  const registry = new WorkflowRegistry().register(...builtinWorkflows);
  const engineSettings = { ...toEngineSettings(settings), ...debugEngine };
  // One worker to begin with: the engine sizes the pool from its `workers` setting (hosts
  // start on first use, so nothing is spawned twice).
  const pool = new WorkerPool(
    workerSpawn(
      () =>
        new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), {
          type: 'module',
          name: 'waymark-step-host',
        }),
    ),
    1,
  );
  // The background copy of an input (copy behind) runs in a worker of its own, so that map
  // steps keep every worker of the pool; a pool of one for its deadlines and respawns.
  const copier = new WorkerPool(
    workerSpawn(
      () =>
        new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), {
          type: 'module',
          name: 'waymark-copier',
        }),
    ),
    1,
  );
  // Map steps combine their chunk results in a worker of their own: a CSV profile's merges of
  // column summaries and its checkpoints' snapshots kept the page's main thread busy for
  // 50-1000 ms at a time, so that the page stuttered and took CPU from the workers.
  const combiner = workerCombiner(
    () =>
      new Worker(new URL('../../workers/combine.worker.ts', import.meta.url), {
        type: 'module',
        name: 'waymark-combiner',
      }),
  );
  const tabId = crypto.randomUUID();
  const locks =
    typeof navigator !== 'undefined' && navigator.locks
      ? new WebRunLocks()
      : new LeaseRunLocks(db, tabId);
  // Picked files outlive a reload in the service worker (none on the dev server: see pwa.ts).
  const keeper = new ServiceWorkerFileKeeper(
    'serviceWorker' in navigator && !import.meta.env.DEV ? navigator.serviceWorker : undefined,
  );
  const engine = new Engine({
    keeper,
    store,
    registry,
    runner: pool,
    copier,
    combiner,
    files,
    locks,
    settings: engineSettings,
    debug,
    tabId,
    broadcast: true,
  });
  ref.engine = engine;
  const pwa = registerPwa(() => {
    if (ref.app) ref.app.updateAvailable = true;
  });
  const app = new AppStore({
    engine,
    workflows: builtinWorkflows,
    settings,
    opfs,
    applyUpdate: pwa ? () => pwa.update(() => engine.shutdown('before-update')) : undefined,
  });
  ref.app = app;
  watchLifecycle(engine);
  // Unfinished runs first (the promise: found within 300 ms of the page being interactive),
  // then the full list and histories for the views.
  // The app follows the report through the engine's `recovered` event (the banner's lines).
  await engine.recover();
  performance.mark('waymark:recovery-scanned');
  await app.load();
  // Space that deleted runs could not give back before (see storage-sweep.ts), once the page
  // is up; the storage figure shown is refreshed after.
  void sweepOrphanedRunFiles(engine.store, files)
    .then((gone) => (gone.length ? app.refreshStorage() : undefined))
    .catch(() => undefined);
  // Files the service worker still holds for runs that no longer need them.
  void keeper.sweep(async (id) => keptFileNeeded(await store.getRun(id))).catch(() => undefined);
  (globalThis as { waymark?: unknown }).waymark = { engine, app };
  return app;
}
