/**
 * The combining half of a map step: chunk results in, combined in chunk order into the prefix
 * partial, refused ones (`MapStep.accepts`) sent back to be mapped again. Pure logic with no
 * transport, so that the same code runs in the combiner worker (the page's main thread then
 * never merges: a CSV profile's merges of 20 column summaries took 50-1000 ms tasks there) and
 * in-process (tests, and a page without the worker).
 */
import { WaymarkError } from './errors';
import type { MapStep } from './workflow';

/** What a combining session starts from: the checkpointed prefix, or 0 and `empty`. */
export interface CombineOpenRequest {
  workflowId: string;
  stepIndex: number;
  params: unknown;
  prefix: number;
  partial: unknown;
}

/** The session's answer to an `add` (or to its opening). */
export interface CombineAnswer {
  /** Chunks combined so far (0..prefix-1). */
  prefix: number;
  /**
   * A chunk whose result `accepts` refused: dropped here, to be mapped again. The prefix waits
   * at it, so `hint` is then the hint of exactly the chunks before it.
   */
  refused?: number;
  /** `MapStep.hint` of the prefix, when the prefix moved (or a chunk was refused). */
  hint?: { value: unknown };
}

/** The combined prefix as it stands (a checkpoint's state, the finish's input). */
export interface CombineSnapshot {
  prefix: number;
  partial: unknown;
}

export class CombineSession {
  private prefix: number;
  private partial: unknown;
  /** Results beyond the prefix, waiting for the chunks before them. */
  private readonly waiting = new Map<number, unknown>();
  /** Chunks refused once: a redo sees the exact prefix, so refusing it again would loop. */
  private readonly refusedOnce = new Set<number>();

  constructor(
    private readonly step: MapStep<unknown, unknown, unknown>,
    private readonly params: unknown,
    prefix: number,
    partial: unknown,
  ) {
    this.prefix = prefix;
    this.partial = partial;
  }

  /** The answer before any result: where the prefix stands and its hint. */
  opened(): CombineAnswer {
    return { prefix: this.prefix, hint: { value: this.hintNow() } };
  }

  /** Chunk `index`'s result (committed in the ledger): combined once the prefix reaches it. */
  add(index: number, result: unknown): CombineAnswer {
    // A result the prefix already holds (cannot happen: a chunk is committed once); ignored
    // rather than combined twice.
    if (index < this.prefix) return { prefix: this.prefix };
    this.waiting.set(index, result);
    const before = this.prefix;
    let refused: number | undefined;
    while (this.waiting.has(this.prefix)) {
      const next = this.waiting.get(this.prefix);
      this.waiting.delete(this.prefix);
      if (this.step.accepts && !this.step.accepts(this.partial, next, this.params)) {
        if (this.refusedOnce.has(this.prefix))
          throw new WaymarkError('internal', {
            detail: `map step ${this.step.id} refused the redo of chunk ${this.prefix}`,
          });
        this.refusedOnce.add(this.prefix);
        refused = this.prefix;
        break;
      }
      this.partial = this.step.combine(this.partial, next, this.params);
      this.prefix++;
    }
    const moved = this.prefix !== before || refused !== undefined;
    return {
      prefix: this.prefix,
      ...(refused === undefined ? {} : { refused }),
      ...(moved ? { hint: { value: this.hintNow() } } : {}),
    };
  }

  /** The prefix partial itself: the transport clones it (structured clone, postMessage). */
  snapshot(): CombineSnapshot {
    return { prefix: this.prefix, partial: this.partial };
  }

  private hintNow(): unknown {
    return this.step.hint?.(this.partial, this.params);
  }
}
