/**
 * The Web Locks API as the specification defines it, for Node (which has no `navigator.locks`):
 * one origin with several clients (tabs), each a `LockManager`. Exclusive and shared modes,
 * `ifAvailable`, `steal` and `signal`; a lock is held until its callback's promise settles, and
 * every lock of a client is released when that client dies (`crash`), as a closed tab's are.
 */

interface Request {
  name: string;
  mode: LockMode;
  client: string;
  callback: (lock: Lock | null) => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  signal?: AbortSignal;
  /** Set while granted: ends the hold (and rejects the request with `error`, if given). */
  end?: (error?: unknown) => void;
}

const abortError = () => new DOMException('The request was aborted.', 'AbortError');

export class FakeLockOrigin {
  private held: Request[] = [];
  private queue: Request[] = [];

  /** The `navigator.locks` of one client (tab). */
  client(id: string): LockManager {
    const request = (
      name: string,
      a: LockOptions | ((lock: Lock | null) => unknown),
      b?: (lock: Lock | null) => unknown,
    ) => this.request(id, name, typeof a === 'function' ? {} : a, (b ?? a) as Request['callback']);
    return { request, query: () => this.query() } as unknown as LockManager;
  }

  /** The client died: its held locks are released and its pending requests dropped. */
  crash(id: string): void {
    this.queue = this.queue.filter((r) => r.client !== id);
    for (const r of this.held.filter((h) => h.client === id)) r.end?.();
    this.grant();
  }

  private query(): Promise<LockManagerSnapshot> {
    const info = (r: Request): LockInfo => ({ name: r.name, mode: r.mode, clientId: r.client });
    return Promise.resolve({ held: this.held.map(info), pending: this.queue.map(info) });
  }

  private request(
    client: string,
    name: string,
    opts: LockOptions,
    callback: Request['callback'],
  ): Promise<unknown> {
    const mode = opts.mode ?? 'exclusive';
    if (opts.steal && (opts.ifAvailable || opts.signal || mode !== 'exclusive'))
      return Promise.reject(new DOMException('steal with other options', 'NotSupportedError'));
    if (opts.signal?.aborted) return Promise.reject(abortError());
    return new Promise((resolve, reject) => {
      const req: Request = { name, mode, client, callback, resolve, reject, signal: opts.signal };
      if (opts.steal) {
        for (const h of this.held.filter((x) => x.name === name)) h.end?.(abortError());
        this.start(req);
        return;
      }
      if (opts.ifAvailable && !this.grantable(req, [])) {
        // Not available: the callback runs at once with null, and nothing is held.
        queueMicrotask(() => {
          try {
            Promise.resolve(callback(null)).then(resolve, reject);
          } catch (e) {
            reject(e);
          }
        });
        return;
      }
      this.queue.push(req);
      opts.signal?.addEventListener('abort', () => {
        if (!this.queue.includes(req)) return;
        this.queue = this.queue.filter((r) => r !== req);
        reject(abortError());
        this.grant();
      });
      this.grant();
    });
  }

  /** Whether `req` can be granted now, given the requests queued before it. */
  private grantable(req: Request, ahead: Request[]): boolean {
    const others = [...this.held, ...ahead].filter((r) => r.name === req.name);
    return req.mode === 'shared' ? others.every((r) => r.mode === 'shared') : others.length === 0;
  }

  private grant(): void {
    const queue = this.queue;
    this.queue = [];
    const waiting: Request[] = [];
    for (const r of queue) {
      if (this.grantable(r, waiting)) this.start(r);
      else waiting.push(r);
    }
    this.queue = [...waiting, ...this.queue];
  }

  private start(req: Request): void {
    this.held.push(req);
    let ended = false;
    req.end = (error?: unknown) => {
      if (ended) return;
      ended = true;
      this.held = this.held.filter((h) => h !== req);
      if (error !== undefined) req.reject(error);
      this.grant();
    };
    const lock = { name: req.name, mode: req.mode } as Lock;
    // The callback runs in a later task, as the browser's does.
    setTimeout(() => {
      if (ended) return;
      let result: Promise<unknown>;
      try {
        result = Promise.resolve(req.callback(lock));
      } catch (e) {
        result = Promise.reject(e);
      }
      result.then(
        (v) => {
          req.resolve(v);
          req.end?.();
        },
        (e: unknown) => {
          req.reject(e);
          req.end?.();
        },
      );
    }, 0);
  }
}
