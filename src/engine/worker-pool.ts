/**
 * A pool of step hosts (Web Workers through comlink, or in-process hosts in tests) with its own
 * deadlines: a comlink call to a worker that died or hangs would otherwise never settle. A slot
 * that misses a deadline or dies is terminated and respawned; the caller gets a coded error and
 * decides whether to retry.
 */
import { WaymarkError } from './errors';
import { MAP_PIPELINE_DEPTH } from './step-protocol';

export { MAP_PIPELINE_DEPTH };
import type {
  FoldOpenRequest,
  FoldStepRequest,
  FoldStepResult,
  ImportRequest,
  MapChunkRequest,
  MapFinishRequest,
  StepHostApi,
  TaskRequest,
} from './step-protocol';

/** A running host: its API, how to stop it, and a way to hear that it died. */
export interface SpawnedHost {
  api: StepHostApi;
  terminate(): void;
  /** Called once if the host dies by itself (worker `error` event). */
  onDeath(cb: (why: string) => void): void;
}

export type Spawn = () => SpawnedHost;

export interface CallOptions {
  /** Milliseconds before the call counts as hung. */
  deadlineMs: number;
  /** Called when a worker takes the call (it may first wait for a free one). */
  onStart?: () => void;
  /**
   * The host this call would rather run on (taken modulo the pool's size): a map step sends a
   * stripe of neighbouring chunks to one host, which reads them through one open stream. The
   * call waits for that host while it is busy, but takes any host that is idle.
   */
  prefer?: number;
}

/** What the executor needs from wherever step code runs. */
export interface StepRunner {
  /** How many calls can run at once. */
  readonly size: number;
  /** Changes the number of hosts (the engine applies its `workers` setting with it). */
  resize(size: number): void;
  mapChunk(req: MapChunkRequest, opts: CallOptions): Promise<unknown>;
  mapFinish(req: MapFinishRequest, opts: CallOptions): Promise<unknown>;
  runTask(req: TaskRequest, opts: CallOptions): Promise<unknown>;
  importRange(req: ImportRequest, opts: CallOptions): Promise<void>;
  /** Opens a fold session on a dedicated host, held until `release`. */
  openFold(req: FoldOpenRequest, opts: CallOptions): Promise<FoldHandle>;
  /**
   * Starts every host now rather than at its first call: loading a worker's scripts takes a
   * tenth of a second or more, which a run about to use them all had better spend while it
   * imports or prepares.
   */
  warm?(): void;
}

export interface FoldHandle {
  step(req: FoldStepRequest, opts: CallOptions): Promise<FoldStepResult>;
  finish(opts: CallOptions): Promise<unknown>;
  release(): void;
}

/** A slot's started host, with the promise that rejects its calls in flight when it dies. */
interface LiveHost {
  host: SpawnedHost;
  died: Promise<never>;
  kill: (e: WaymarkError) => void;
}

interface Slot {
  /** Undefined until the slot is first used (or warmed). */
  live: LiveHost | undefined;
  /** Calls sent to the host and not yet settled. */
  inFlight: number;
  /** Held by a fold session: no other call may join it. */
  held: boolean;
  /** onStart of calls queued behind another on this host, told when they reach the front. */
  queued: (() => void)[];
  generation: number;
}

interface Waiter {
  depth: number;
  prefer: number | undefined;
  /** `behind`: the slot already had a call in flight when it took this one. */
  take: (s: Slot, behind: boolean) => void;
}

export class WorkerPool implements StepRunner {
  private slots: Slot[] = [];
  private waiters: Waiter[] = [];
  private closed = false;
  /** Counts of faults handled, for tests and diagnostics. */
  readonly stats = { respawned: 0, timeouts: 0, deaths: 0 };

  constructor(
    private readonly spawn: Spawn,
    size: number,
  ) {
    for (let i = 0; i < Math.max(1, size); i++) this.slots.push(this.makeSlot(0));
  }

  get size(): number {
    return this.slots.length;
  }

  warm(): void {
    if (this.closed) return;
    for (const slot of this.slots) this.ready(slot);
  }

  private makeSlot(generation: number): Slot {
    // Hosts start on first use: a page that only shows finished runs never starts a worker,
    // and start-up (the recovery scan) does not wait for worker scripts to load.
    return { live: undefined, inFlight: 0, held: false, queued: [], generation };
  }

  private ready(slot: Slot): Slot {
    this.liveOf(slot);
    return slot;
  }

  /** The slot's host, started now if it has none yet. */
  private liveOf(slot: Slot): LiveHost {
    return slot.live ?? this.arm(slot);
  }

  /** Gives a slot a fresh host. Slots are mutated in place so that holders keep valid references. */
  private arm(slot: Slot): LiveHost {
    const host = this.spawn();
    let kill: (e: WaymarkError) => void = () => undefined;
    const died = new Promise<never>((_, reject) => {
      kill = reject;
    });
    // A death with no call in flight must not surface as an unhandled rejection.
    died.catch(() => undefined);
    const live: LiveHost = { host, died, kill };
    slot.live = live;
    const gen = slot.generation;
    host.onDeath((why) => {
      if (slot.generation !== gen) return;
      this.stats.deaths++;
      live.kill(new WaymarkError('worker-died', { detail: why }));
      this.replace(slot);
    });
    return live;
  }

  /** Terminates a slot's host and arms it with a fresh one. */
  private replace(slot: Slot): void {
    if (!this.slots.includes(slot)) return;
    try {
      slot.live?.host.terminate();
    } catch {
      // Already gone.
    }
    this.stats.respawned++;
    // Calls still in flight on the old host (queued behind a hung one) would never settle. They
    // did nothing wrong: `bystander` lets the caller retry them without counting an attempt.
    slot.live?.kill(
      new WaymarkError('worker-died', { detail: 'its worker was replaced', bystander: 1 }),
    );
    slot.generation++;
    this.arm(slot);
  }

  /**
   * A slot that can take a call: an idle one first, else (depth > 1) the least loaded. With a
   * preference, the preferred slot while it has room, else only an idle one (a host is never
   * left idle while a call waits, but a busy one does not take another host's stripe).
   */
  private pick(depth: number, prefer?: number): Slot | undefined {
    if (prefer !== undefined && this.slots.length) {
      const mine = this.slots[prefer % this.slots.length];
      if (!mine.held && mine.inFlight < depth) return mine;
      return this.slots.find((s) => !s.held && s.inFlight === 0);
    }
    let best: Slot | undefined;
    for (const s of this.slots) {
      if (s.held || s.inFlight >= depth) continue;
      if (!best || s.inFlight < best.inFlight) best = s;
    }
    return best;
  }

  private acquire(depth = 1, prefer?: number): Promise<{ slot: Slot; behind: boolean }> {
    if (this.closed)
      return Promise.reject(
        new WaymarkError('invalid-state', { detail: 'the worker pool is closed' }),
      );
    return new Promise((resolve) => {
      this.waiters.push({
        depth,
        prefer,
        take: (s, behind) => resolve({ slot: this.ready(s), behind }),
      });
      this.dispatch();
    });
  }

  /**
   * Hands free capacity to waiters in arrival order. A waiter for a busy preferred slot lets
   * later waiters by; one with no preference that finds no room stops the line (as before
   * preferences: first come, first served).
   */
  private dispatch(): void {
    for (let k = 0; k < this.waiters.length;) {
      const w = this.waiters[k];
      const slot = this.pick(w.depth, w.prefer);
      if (!slot) {
        if (w.prefer === undefined) return;
        k++;
        continue;
      }
      this.waiters.splice(k, 1);
      slot.inFlight++;
      w.take(slot, slot.inFlight > 1);
    }
  }

  private releaseSlot(slot: Slot): void {
    if (!this.slots.includes(slot)) return;
    slot.inFlight = Math.max(0, slot.inFlight - 1);
    slot.queued.shift()?.();
    this.dispatch();
  }

  /** Runs one call on a slot, racing it against the deadline and the host's death. */
  private async call<T>(
    slot: Slot,
    fn: (api: StepHostApi) => Promise<T>,
    opts: CallOptions,
  ): Promise<{ value: T; slot: Slot }> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const generation = slot.generation;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new WaymarkError('worker-timeout', { detail: `${Math.round(opts.deadlineMs)} ms` }),
          ),
        opts.deadlineMs,
      );
    });
    try {
      const { host, died } = this.liveOf(slot);
      const value = await Promise.race([fn(host.api), timeout, died]);
      return { value, slot };
    } catch (e) {
      if (e instanceof WaymarkError && (e.code === 'worker-timeout' || e.code === 'worker-died')) {
        if (e.code === 'worker-timeout') this.stats.timeouts++;
        // A hung or dead host cannot be trusted with another call: replace it (once).
        if (e.code === 'worker-timeout' && slot.generation === generation) this.replace(slot);
      }
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  private async once<T>(
    fn: (api: StepHostApi) => Promise<T>,
    opts: CallOptions,
    depth = 1,
  ): Promise<T> {
    const { slot, behind } = await this.acquire(depth, opts.prefer);
    const start = () => opts.onStart?.();
    if (behind) slot.queued.push(start);
    else start();
    try {
      // Queued behind another call, it also waits for that one's share of the worker's time.
      const deadlineMs = behind ? opts.deadlineMs * depth : opts.deadlineMs;
      return (await this.call(slot, fn, { ...opts, deadlineMs })).value;
    } finally {
      const k = slot.queued.indexOf(start);
      if (k >= 0) slot.queued.splice(k, 1);
      this.releaseSlot(slot);
    }
  }

  mapChunk(req: MapChunkRequest, opts: CallOptions): Promise<unknown> {
    return this.once((api) => api.mapChunk(req), opts, MAP_PIPELINE_DEPTH);
  }

  mapFinish(req: MapFinishRequest, opts: CallOptions): Promise<unknown> {
    return this.once((api) => api.mapFinish(req), opts);
  }

  runTask(req: TaskRequest, opts: CallOptions): Promise<unknown> {
    return this.once((api) => api.runTask(req), opts);
  }

  importRange(req: ImportRequest, opts: CallOptions): Promise<void> {
    return this.once((api) => api.importRange(req), opts);
  }

  async openFold(req: FoldOpenRequest, opts: CallOptions): Promise<FoldHandle> {
    const { slot } = await this.acquire();
    slot.held = true;
    let session: number;
    try {
      session = (await this.call(slot, (api) => api.openFold(req), opts)).value;
    } catch (e) {
      slot.held = false;
      this.releaseSlot(slot);
      throw e;
    }
    let released = false;
    const gen = slot.generation;
    const alive = () => {
      if (slot.generation !== gen)
        throw new WaymarkError('worker-died', { detail: 'the fold session was lost' });
    };
    return {
      step: async (r, o) => {
        alive();
        return (await this.call(slot, (api) => api.foldStep(session, r), o)).value;
      },
      finish: async (o) => {
        alive();
        return (await this.call(slot, (api) => api.foldFinish(session), o)).value;
      },
      release: () => {
        if (released) return;
        released = true;
        if (slot.generation === gen)
          void slot.live?.host.api.closeFold(session).catch(() => undefined);
        slot.held = false;
        this.releaseSlot(slot);
      },
    };
  }

  /** Changes the number of hosts (takes effect for idle slots now, busy ones when released). */
  resize(size: number): void {
    size = Math.max(1, Math.floor(size));
    while (this.slots.length < size) this.slots.push(this.makeSlot(0));
    for (let i = this.slots.length - 1; i >= 0 && this.slots.length > size; i--) {
      if (this.slots[i].inFlight === 0) {
        this.slots[i].live?.host.terminate();
        this.slots.splice(i, 1);
      }
    }
    this.dispatch();
  }

  /** Terminates every host. */
  close(): void {
    this.closed = true;
    for (const s of this.slots) s.live?.host.terminate();
    this.slots = [];
  }
}
