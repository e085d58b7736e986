/**
 * The order in which a map step's chunks go to hosts (see {@link StripeQueue}).
 */
/**
 * Bytes of neighbouring chunks one host takes at a time. The host reads a stripe through one
 * stream (`StepHost`), where a stream per 4 MiB chunk read a picked file at about half the
 * speed of one stream per 64 MiB (e2e bench, bare rows). A stripe also bounds how far ahead of
 * the combined prefix a host runs (the combiner holds results beyond it).
 */
export const STRIPE_BYTES = 64 * 1024 * 1024;
/**
 * At most this many chunks to a stripe: with small chunks a stripe of 64 MiB would hand one
 * host most of the input, and the prefix (what a checkpoint holds) would wait for it.
 */
export const MAX_STRIPE_CHUNKS = 16;

/**
 * Chunks per stripe for an input: one where the host reads its own copy (no stream to keep
 * open: OPFS reads by position), else about {@link STRIPE_BYTES}.
 */
export function stripeChunks(picked: boolean, chunkSize: number): number {
  if (!picked) return 1;
  return Math.max(1, Math.min(MAX_STRIPE_CHUNKS, Math.round(STRIPE_BYTES / chunkSize)));
}

/**
 * Hands out chunks to hosts in stripes of neighbouring chunks, so that each host reads on where
 * its last chunk ended. Redos go first to whoever asks. A host with nothing left takes the far
 * half of the busiest host's stripe, so that no host idles while another has a stripe to go.
 */
export class StripeQueue {
  private readonly stripes: number[][];
  private readonly pending: number[] = [];
  private readonly urgent: number[] = [];

  constructor(
    hosts: number,
    private readonly stripe: number,
  ) {
    this.stripes = Array.from({ length: Math.max(1, hosts) }, () => []);
  }

  /** Chunks to do, in the order to do them. */
  add(chunks: number[]): void {
    this.pending.push(...chunks);
  }

  get size(): number {
    return (
      this.urgent.length + this.pending.length + this.stripes.reduce((n, s) => n + s.length, 0)
    );
  }

  /** A chunk to do before any other (a refused result's redo). */
  first(i: number): void {
    this.urgent.push(i);
  }

  /** The next chunk for `host`, or undefined when nothing is left. */
  next(host: number): number | undefined {
    if (this.urgent.length) return this.urgent.shift();
    const mine = this.stripes[host % this.stripes.length];
    if (!mine.length && this.pending.length) mine.push(...this.pending.splice(0, this.stripe));
    if (!mine.length) {
      const busiest = this.stripes.reduce((a, b) => (b.length > a.length ? b : a));
      // Two or more: the busiest keeps the near half, which it is reading on into.
      if (busiest.length >= 2) mine.push(...busiest.splice(Math.ceil(busiest.length / 2)));
    }
    return mine.shift();
  }
}
