/**
 * One owner per run. A tab that runs a run holds a lock named after it for as long as it runs;
 * the browser releases Web Locks when a tab closes or crashes, which is how recovery tells an
 * orphaned run from one another tab is running. Where `navigator.locks` is missing, a
 * heartbeat lease in IndexedDB stands in.
 */
import { handled, type Db } from './persistence';

export type Release = () => void;

export interface RunLocks {
  /** Takes the run's lock if nobody holds it; undefined when another owner does. */
  tryAcquire(runId: string): Promise<Release | undefined>;
  /** Waits for the run's lock (takeover when the owner goes away). */
  acquire(runId: string, signal?: AbortSignal): Promise<Release>;
  /**
   * Registers a listener for locks this owner held and lost to another owner. Only leases can
   * be lost (a heartbeat that lapsed); Web Locks are held until released.
   */
  onLost?(listener: (runId: string) => void): void;
}

export const lockName = (runId: string) => `waymark-run:${runId}`;

/** Web Locks: released by the browser when the holder's tab dies. */
export class WebRunLocks implements RunLocks {
  constructor(private readonly locks: LockManager = navigator.locks) {}

  private request(runId: string, opts: LockOptions): Promise<Release | undefined> {
    return new Promise((resolve, reject) => {
      this.locks
        .request(lockName(runId), opts, (lock) => {
          if (!lock) {
            resolve(undefined);
            return undefined;
          }
          // Hold the lock until release() is called.
          return new Promise<void>((release) => resolve(release));
        })
        .catch((e: unknown) => {
          if ((e as Error)?.name === 'AbortError') reject(e);
          else reject(e);
        });
    });
  }

  tryAcquire(runId: string): Promise<Release | undefined> {
    return this.request(runId, { ifAvailable: true });
  }

  async acquire(runId: string, signal?: AbortSignal): Promise<Release> {
    const r = await this.request(runId, { signal });
    if (!r) throw new Error('lock not granted');
    return r;
  }
}

/**
 * Heartbeat leases in IndexedDB: the holder renews every `beatMs`; a lease not renewed for
 * `ttlMs` is free. Costs a write per second per owned run, which is why Web Locks are preferred.
 */
export class LeaseRunLocks implements RunLocks {
  private readonly lost = new Set<(runId: string) => void>();
  /** Runs this owner holds now: a second acquire of one is refused, as a Web Lock's would be. */
  private readonly holding = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly owner: string,
    private readonly ttlMs = 3000,
    private readonly beatMs = 1000,
  ) {}

  async tryAcquire(runId: string): Promise<Release | undefined> {
    const tx = handled(this.db.transaction('leases', 'readwrite'));
    const cur = await tx.store.get(runId);
    const now = Date.now();
    // Our own lease counts as taken while we hold it: one holder, one release. (Ours but not
    // held, e.g. a release whose delete never ran, is ours to take again.)
    const taken = cur && cur.expiresAt > now && cur.owner !== this.owner;
    if (taken || this.holding.has(runId)) {
      await tx.done;
      return undefined;
    }
    this.holding.add(runId);
    await tx.store.put({ runId, owner: this.owner, expiresAt: now + this.ttlMs });
    await tx.done.catch((e: unknown) => {
      this.holding.delete(runId);
      throw e;
    });
    let state: 'held' | 'released' | 'lost' = 'held';
    // Renew only while still the owner: a lease that expired (a throttled hidden tab) and was
    // taken by another tab is not taken back, and the holder hears that it lost it.
    const renew = async () => {
      const t = handled(this.db.transaction('leases', 'readwrite'));
      const l = await t.store.get(runId);
      if (state !== 'held') return t.done;
      if (l && l.owner === this.owner)
        await t.store.put({ ...l, expiresAt: Date.now() + this.ttlMs });
      else {
        state = 'lost';
        this.holding.delete(runId);
        clearInterval(timer);
      }
      await t.done;
      if (state === 'lost') for (const f of this.lost) f(runId);
    };
    const timer = setInterval(() => void renew().catch(() => undefined), this.beatMs);
    return () => {
      // Only the first release of this acquisition frees anything: a second call must not free
      // the lease this owner may have taken again since.
      if (state !== 'held') return;
      state = 'released';
      this.holding.delete(runId);
      clearInterval(timer);
      void (async () => {
        const t = handled(this.db.transaction('leases', 'readwrite'));
        const l = await t.store.get(runId);
        if (l?.owner === this.owner) await t.store.delete(runId);
        await t.done;
      })().catch(() => undefined);
    };
  }

  onLost(listener: (runId: string) => void): void {
    this.lost.add(listener);
  }

  async acquire(runId: string, signal?: AbortSignal): Promise<Release> {
    for (;;) {
      if (signal?.aborted) throw new DOMException('aborted', 'AbortError');
      const r = await this.tryAcquire(runId);
      if (r) return r;
      await new Promise((res) => setTimeout(res, this.beatMs));
    }
  }
}

/**
 * In-process locks for Node tests: several engine instances ("tabs") share one registry, and
 * `dropOwner` releases everything one of them held, as a crashed tab's locks are.
 */
export class MemoryLockRegistry {
  private held = new Map<string, string>();
  private tokens = new Map<string, object>();
  private waiting = new Map<string, (() => void)[]>();
  /** Owners whose tab crashed: like a dead page's, their pending requests never get a lock. */
  private dropped = new Set<string>();

  forOwner(owner: string): RunLocks {
    const gone = () => new DOMException('the tab is gone', 'AbortError');
    return {
      tryAcquire: async (runId) => this.take(runId, owner),
      acquire: async (runId, signal) => {
        for (;;) {
          if (this.dropped.has(owner)) throw gone();
          const r = this.take(runId, owner);
          if (r) return r;
          await new Promise<void>((res, rej) => {
            const list = this.waiting.get(runId) ?? [];
            list.push(res);
            this.waiting.set(runId, list);
            signal?.addEventListener('abort', () => {
              // An aborted request leaves the queue, so that a release wakes a live one.
              const at = list.indexOf(res);
              if (at >= 0) list.splice(at, 1);
              rej(new DOMException('aborted', 'AbortError'));
            });
          });
        }
      },
    };
  }

  private take(runId: string, owner: string): Release | undefined {
    if (this.held.has(runId) || this.dropped.has(owner)) return undefined;
    this.held.set(runId, owner);
    const token = {};
    this.tokens.set(runId, token);
    // One release per acquisition: a later lock of the same owner is not this one's to free.
    return () => {
      if (this.tokens.get(runId) === token) this.free(runId, owner);
    };
  }

  private free(runId: string, owner: string): void {
    if (this.held.get(runId) !== owner) return;
    this.held.delete(runId);
    this.tokens.delete(runId);
    // Every waiter tries again (the first to run takes it, the others queue again): a waiter
    // whose tab is gone must not swallow the wake-up of a live one.
    const all = this.waiting.get(runId) ?? [];
    this.waiting.delete(runId);
    for (const wake of all) wake();
  }

  /** Releases every lock `owner` holds (its tab crashed). */
  dropOwner(owner: string): void {
    this.dropped.add(owner);
    for (const [runId, o] of [...this.held]) if (o === owner) this.free(runId, owner);
  }

  holder(runId: string): string | undefined {
    return this.held.get(runId);
  }
}
