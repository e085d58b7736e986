/**
 * A database connection that can "crash": at a chosen transaction it aborts every transaction
 * still in flight (uncommitted work is lost, as in a real crash) and refuses all later ones, so
 * the engine that used it can never write again.
 */
import { unwrap, type IDBPDatabase } from 'idb';

export interface CrashSwitch {
  /** Number of transactions opened so far. */
  readonly count: number;
  readonly crashed: boolean;
  /** Crash when the `n`-th transaction is about to open (1-based). */
  armAt(n: number): void;
  crash(): void;
  onCrash(cb: () => void): void;
}

export function makeCrashable(db: IDBPDatabase<unknown>): CrashSwitch {
  const raw = unwrap(db) as IDBDatabase;
  const live = new Set<IDBTransaction>();
  const original = IDBDatabase.prototype.transaction;
  let count = 0;
  let armed = Infinity;
  let crashed = false;
  const callbacks: (() => void)[] = [];
  const crash = () => {
    if (crashed) return;
    crashed = true;
    for (const tx of live) {
      // Only writes matter to a crash; aborting reads would just make idb's own promises noisy.
      if (tx.mode === 'readonly') continue;
      try {
        tx.abort();
      } catch {
        // Already committed: it happened before the crash.
      }
    }
    live.clear();
    for (const cb of callbacks) cb();
  };
  Object.defineProperty(raw, 'transaction', {
    configurable: true,
    value: function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
      if (!crashed && ++count >= armed) crash();
      if (crashed) throw new DOMException('The tab crashed', 'InvalidStateError');
      const tx = original.apply(this, args);
      live.add(tx);
      const done = () => live.delete(tx);
      tx.addEventListener('complete', done);
      tx.addEventListener('abort', done);
      tx.addEventListener('error', done);
      return tx;
    },
  });
  return {
    get count() {
      return count;
    },
    get crashed() {
      return crashed;
    },
    armAt(n) {
      armed = n;
    },
    crash,
    onCrash(cb) {
      callbacks.push(cb);
    },
  };
}

/** The store names and mode of a transaction as `IDBDatabase.transaction` was called. */
export interface TxShape {
  stores: string[];
  mode: IDBTransactionMode;
}

/**
 * Like `makeCrashable`, but also crashes when the `n`-th transaction that `match` accepts is
 * about to open (e.g. a read-write transaction over the runs store alone: a status change or
 * the import's progress record).
 */
export function makeCrashableMatching(
  db: IDBPDatabase<unknown>,
): CrashSwitch & { armAtMatching(n: number, match: (t: TxShape) => boolean): void } {
  const raw = unwrap(db) as IDBDatabase;
  const sw = makeCrashable(db);
  const inner = raw.transaction;
  let matching: ((t: TxShape) => boolean) | undefined;
  let left = Infinity;
  Object.defineProperty(raw, 'transaction', {
    configurable: true,
    value: function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
      const stores = typeof args[0] === 'string' ? [args[0]] : [...args[0]];
      if (!sw.crashed && matching?.({ stores, mode: args[1] ?? 'readonly' }) && --left <= 0)
        sw.crash();
      return inner.apply(this, args);
    },
  });
  return Object.assign(sw, {
    armAtMatching(n: number, match: (t: TxShape) => boolean) {
      matching = match;
      left = n;
    },
  });
}
