/**
 * Where a map step's chunk results are combined, as the page's map step sees it: a session per
 * map step, fed each committed result in the order the page commits them, asked for the prefix
 * when a checkpoint or the finish needs it. `workerCombiner` (combine-spawn.ts) runs sessions
 * in a worker of their own; `localCombiner` in this thread.
 */
import {
  CombineSession,
  type CombineAnswer,
  type CombineOpenRequest,
  type CombineSnapshot,
} from './map-combine';
import type { MapStep } from './workflow';

export type { CombineAnswer, CombineOpenRequest, CombineSnapshot };

/** One map step's combining session. Calls are answered in the order they are made. */
export interface CombineHandle {
  /** Chunk `index`'s committed result. Rejects (a coded error) when combining failed. */
  add(index: number, result: unknown): Promise<CombineAnswer>;
  /** A copy of the prefix partial as it stands after every `add` made before this call. */
  snapshot(): Promise<CombineSnapshot>;
  /** Ends the session (its results are dropped). */
  close(): void;
}

/** Opens combining sessions for map steps. */
export interface Combiner {
  /** `step` is the step `req` names, for a combiner in this thread; a worker looks it up. */
  open(
    req: CombineOpenRequest,
    step: MapStep<unknown, unknown, unknown>,
  ): Promise<{ handle: CombineHandle; answer: CombineAnswer }>;
}

/**
 * Combines in this thread. The partial it starts from and the snapshots it gives are copies
 * (structured clones), as a worker's would be: a step may merge into its partial in place, and
 * the page keeps the partial it started from (the live state it can save synchronously).
 */
export function localCombiner(): Combiner {
  return {
    open(req, step) {
      const session = new CombineSession(
        step,
        req.params,
        req.prefix,
        structuredClone(req.partial),
      );
      let closed = false;
      // Each call after the ones before it, asynchronously, as through a worker's messages.
      let last: Promise<unknown> = Promise.resolve();
      const call = <T>(fn: () => T): Promise<T> => {
        const p = last.then(() => {
          if (closed) return new Promise<T>(() => undefined);
          return fn();
        });
        last = p.catch(() => undefined);
        return p;
      };
      const handle: CombineHandle = {
        add: (index, result) => call(() => session.add(index, result)),
        snapshot: () => call(() => structuredClone(session.snapshot())),
        close: () => {
          closed = true;
        },
      };
      return Promise.resolve({ handle, answer: session.opened() });
    },
  };
}
