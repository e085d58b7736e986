/**
 * A `Combiner` whose sessions run in a worker of their own (combine-host.ts on the other side),
 * so that the page's main thread never merges chunk results nor saves the prefix's snapshot. One
 * worker for every session, started at the first; one that dies is replaced at the next open,
 * its sessions' calls rejected with `worker-died` (the run stops; its chunk results are in the
 * ledger, so a resume combines them again). A worker that stays alive but does not answer a call
 * within its deadline (a combine stuck in a loop, a worker the browser froze) counts as dead the
 * same way: comlink would wait for it forever (docs/checkpointing.md, "Where combining runs").
 */
import { releaseProxy, wrap, type Remote } from 'comlink';
import './comlink-errors';
import type { CombineHostApi } from './combine-host';
import type { CombineHandle, Combiner } from './combiner';
import { WaymarkError } from './errors';

interface Live {
  api: Remote<CombineHostApi>;
  /** Rejects when the worker dies; every call races it. */
  died: Promise<never>;
  dead: boolean;
  /** Terminates the worker; its calls reject with `worker-died` saying why. */
  die: (why: string) => void;
}

/**
 * How long one call may go unanswered before its worker counts as hung. Combining a chunk's
 * result or cloning the prefix's partial takes milliseconds to a few hundred (a CSV profile's
 * sketches); calls queue behind each other in the worker, a few at a time (one per lane).
 */
export const COMBINE_DEADLINE_MS = 30_000;

/**
 * `create` makes the Worker, e.g. `() => new Worker(new URL('…', import.meta.url), { type: 'module' })`;
 * `deadlineMs`: how long one call may take ({@link COMBINE_DEADLINE_MS}).
 */
export function workerCombiner(create: () => Worker, deadlineMs = COMBINE_DEADLINE_MS): Combiner {
  let live: Live | undefined;
  const start = (): Live => {
    const worker = create();
    const api = wrap<CombineHostApi>(worker);
    const me: Live = { api, died: Promise.resolve() as never, dead: false, die: () => undefined };
    me.died = new Promise<never>((_, reject) => {
      const die = (me.die = (why: string) => {
        if (me.dead) return;
        me.dead = true;
        if (live === me) live = undefined;
        try {
          api[releaseProxy]();
        } catch {
          // Already released.
        }
        worker.terminate();
        reject(new WaymarkError('worker-died', { detail: `the combiner: ${why}` }));
      });
      worker.addEventListener('error', (e) => {
        e.preventDefault();
        die(e.message || 'worker error');
      });
      worker.addEventListener('messageerror', () => die('a message could not be read'));
    });
    // Only ever raced: a death with no call in flight is noticed at the next open.
    me.died.catch(() => undefined);
    return me;
  };
  return {
    async open(req) {
      live ??= start();
      const me = live;
      // A dead worker's proxy is released: its calls get the death, never a thrown TypeError.
      const race = <T>(call: () => Promise<T>): Promise<T> => {
        if (me.dead) return me.died;
        const timer = setTimeout(
          () => me.die(`no answer within ${Math.round(deadlineMs / 1000)} s`),
          deadlineMs,
        );
        return Promise.race([call(), me.died]).finally(() => clearTimeout(timer));
      };
      const { session, answer } = await race(() => me.api.open(req));
      const handle: CombineHandle = {
        add: (index, result) => race(() => me.api.add(session, index, result)),
        snapshot: () => race(() => me.api.snapshot(session)),
        close: () => {
          race(() => me.api.close(session)).catch(() => undefined);
        },
      };
      return { handle, answer };
    },
  };
}
