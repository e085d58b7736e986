/**
 * Builds engines in Node the way the app builds them in the browser, on fake-indexeddb, an
 * in-memory file store and in-process step hosts. Several engines ("tabs") can share one
 * database, one file store and one lock registry.
 */
import {
  Engine,
  MemoryFileKeeper,
  MemoryFileStore,
  MemoryLockRegistry,
  Persistence,
  WorkerPool,
  WorkflowRegistry,
  localSpawn,
  openWaymarkDb,
  type Combiner,
  type DebugOptions,
  type EngineSettings,
  type FileKeeper,
  type FileStore,
  type Workflow,
} from '../../../src/engine';

let dbCounter = 0;

export interface World {
  dbName: string;
  files: MemoryFileStore;
  locks: MemoryLockRegistry;
  registry: WorkflowRegistry;
  /**
   * The picked files, as the browser app's keeper holds them (a service worker): they survive
   * a tab's crash and reload. A browser restart loses them: `restart(world)`.
   */
  keeper: MemoryFileKeeper;
}

/** What a browser restart does to the picked files: the next tab holds none. */
export function restart(world: World): void {
  world.keeper = new MemoryFileKeeper(true);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function newWorld(workflows: Workflow<any, any>[]): World {
  return {
    dbName: `test-${process.pid}-${++dbCounter}-${Math.random().toString(36).slice(2)}`,
    files: new MemoryFileStore(),
    locks: new MemoryLockRegistry(),
    registry: new WorkflowRegistry().register(...workflows),
    keeper: new MemoryFileKeeper(true),
  };
}

export interface Tab {
  engine: Engine;
  store: Persistence;
  pool: WorkerPool;
  owner: string;
  /** Crash: drop everything unsaved and release this tab's locks. */
  crash(): void;
  close(): Promise<void>;
}

let tabCounter = 0;

export async function openTab(
  world: World,
  opts: {
    settings?: Partial<EngineSettings>;
    debug?: DebugOptions;
    workers?: number;
    /** Where picked files are kept (default: the tab's own memory, gone with the tab). */
    keeper?: FileKeeper;
    /**
     * Give the engine a copier of its own (one in-process host, as the app's one worker), so
     * that runs copy behind; `copierFiles`: the store it writes the copy through (faults).
     */
    copier?: boolean;
    copierFiles?: FileStore;
    /** Where map steps combine (default: the engine's, in this thread). */
    combiner?: Combiner;
  } = {},
): Promise<Tab> {
  const db = await openWaymarkDb({ name: world.dbName });
  const store = new Persistence(db);
  const pool = new WorkerPool(localSpawn(world.registry, world.files), opts.workers ?? 2);
  const copier = opts.copier
    ? new WorkerPool(localSpawn(world.registry, opts.copierFiles ?? world.files), 1)
    : undefined;
  const owner = `tab-${++tabCounter}`;
  const engine = new Engine({
    store,
    registry: world.registry,
    runner: pool,
    copier,
    combiner: opts.combiner,
    files: world.files,
    locks: world.locks.forOwner(owner),
    settings: { backoffMs: 5, deadlineFloorMs: 2000, ...opts.settings },
    debug: opts.debug,
    keeper: opts.keeper ?? world.keeper,
  });
  return {
    engine,
    store,
    pool,
    owner,
    crash() {
      engine.abandon();
      pool.close();
      copier?.close();
      world.locks.dropOwner(owner);
      db.close();
    },
    async close() {
      await engine.shutdown();
      pool.close();
      copier?.close();
      db.close();
    },
  };
}

/** Deterministic pseudo-random bytes (xorshift32). */
export function randomBytes(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

export function fileOf(bytes: Uint8Array, name = 'input.bin'): File {
  return new File([bytes.slice()], name, { lastModified: 1_700_000_000_000 });
}

/** Waits until `pred` holds for the run, polling storage. */
export async function waitForRun(
  tab: Tab,
  runId: string,
  pred: (r: NonNullable<Awaited<ReturnType<Persistence['getRun']>>>) => boolean,
  timeoutMs = 20_000,
) {
  const t0 = Date.now();
  for (;;) {
    const r = await tab.store.getRun(runId);
    if (r && pred(r)) return r;
    if (Date.now() - t0 > timeoutMs)
      throw new Error(`timed out; run is ${r?.status} ${r?.message ?? ''}`);
    await new Promise((res) => setTimeout(res, 5));
  }
}
