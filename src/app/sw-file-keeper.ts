/**
 * The app's file keeper: picked files in this page's memory, and a second reference in the
 * service worker, which outlives a reload of the page (not a browser restart). After a reload
 * the page has nothing; `get` then asks the worker, which still holds the File, and the copy
 * goes on without asking the user.
 *
 * The worker's side is `public/waymark-keeper.js`. Each request is a message
 * `{ waymarkKeeper: op, runId?, file?, runIds? }` with a MessagePort for the one reply:
 * `hold` → `{ ok }`, `get` → `{ file? }`, `release` → `{ ok }`, `list` → `{ runIds }`,
 * `ping` (the runs this page holds) → `{ missing }` (those the worker lacks).
 *
 * Where there is no worker (dev server, no service worker support, first visit before it is
 * active) the page's memory is all there is: a reload then asks for the file, as it always
 * did. A worker that does not answer within `timeoutMs` counts as having nothing, so a dead
 * one costs a resume at most that long, never a hang.
 */
import type { FileKeeper } from '../engine';

type Request =
  | { waymarkKeeper: 'hold'; runId: string; file: Blob }
  | { waymarkKeeper: 'get' | 'release'; runId: string }
  | { waymarkKeeper: 'list' }
  | { waymarkKeeper: 'ping'; runIds: string[] };

interface Reply {
  ok?: boolean;
  file?: unknown;
  runIds?: unknown;
  missing?: unknown;
}

/** What the keeper needs of `navigator.serviceWorker` (a fake one in tests). */
export type WorkerContainer = Pick<
  ServiceWorkerContainer,
  'getRegistration' | 'ready' | 'addEventListener'
>;

export interface SwKeeperOptions {
  /** How long a request waits for the worker's answer (ms). */
  timeoutMs?: number;
  /** How often the page pings the worker while it holds files (ms): Chrome stops a worker idle for 30 s. */
  pingMs?: number;
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

export class ServiceWorkerFileKeeper implements FileKeeper {
  private readonly files = new Map<string, Blob>();
  private readonly timeoutMs: number;
  private readonly pingMs: number;
  private pinger: ReturnType<typeof setInterval> | undefined;
  /**
   * Whether a file held now outlives a reload: once a service worker is active. On a first
   * visit it may not be yet (it activates after precaching the app); until then runs copy their
   * input before processing it, so that a reload after the copy finds everything on disk.
   */
  get survivesReload(): boolean {
    return this.active;
  }

  private active = false;

  constructor(
    private readonly sw: WorkerContainer | undefined,
    opts: SwKeeperOptions = {},
  ) {
    this.timeoutMs = opts.timeoutMs ?? 3000;
    this.pingMs = opts.pingMs ?? 10_000;
    // Files held before the worker was active (first visit), and those a new version of the
    // worker never had (an update took over): give them to the worker that answers now.
    void sw?.ready
      .then(() => {
        this.active = true;
        return this.resend();
      })
      .catch(() => undefined);
    sw?.addEventListener('controllerchange', () => void this.resend());
  }

  async hold(runId: string, file: Blob): Promise<void> {
    this.files.set(runId, file);
    this.keepPinging();
    await this.ask({ waymarkKeeper: 'hold', runId, file });
  }

  async get(runId: string): Promise<Blob | undefined> {
    const own = this.files.get(runId);
    if (own) return own;
    const reply = await this.ask({ waymarkKeeper: 'get', runId });
    const file = reply?.file instanceof Blob ? reply.file : undefined;
    if (file && !this.files.has(runId)) {
      this.files.set(runId, file);
      this.keepPinging();
    }
    return file;
  }

  async release(runId: string): Promise<void> {
    this.files.delete(runId);
    if (!this.files.size) this.stopPinging();
    await this.ask({ waymarkKeeper: 'release', runId });
  }

  /** The runs the worker holds a file for (empty without a worker). */
  async list(): Promise<string[]> {
    return strings((await this.ask({ waymarkKeeper: 'list' }))?.runIds);
  }

  /**
   * Lets go of every file the worker holds that no run needs any more: left behind by a page
   * that crashed or closed before it could let go (start-up; `needed` reads the run's record).
   */
  async sweep(needed: (runId: string) => Promise<boolean>): Promise<string[]> {
    const gone: string[] = [];
    for (const runId of await this.list())
      if (!this.files.has(runId) && !(await needed(runId))) {
        await this.release(runId);
        gone.push(runId);
      }
    return gone;
  }

  /** Gives the worker every file this page holds that it lacks. */
  private async resend(): Promise<void> {
    if (!this.files.size) return;
    const reply = await this.ask({ waymarkKeeper: 'ping', runIds: [...this.files.keys()] });
    for (const runId of strings(reply?.missing)) {
      const file = this.files.get(runId);
      if (file) await this.ask({ waymarkKeeper: 'hold', runId, file });
    }
  }

  /** Each message keeps the worker alive another ~30 s; the reply says what it lost. */
  private keepPinging(): void {
    this.pinger ??= setInterval(() => void this.resend(), this.pingMs);
  }

  private stopPinging(): void {
    clearInterval(this.pinger);
    this.pinger = undefined;
  }

  /** The active worker of this page's registration, controlling the page or not. */
  private async worker(): Promise<ServiceWorker | undefined> {
    if (!this.sw) return undefined;
    try {
      return (await this.sw.getRegistration())?.active ?? undefined;
    } catch {
      return undefined;
    }
  }

  /** One request and its reply; undefined when there is no worker or it does not answer. */
  private async ask(req: Request): Promise<Reply | undefined> {
    const worker = await this.worker();
    if (!worker) return undefined;
    const { port1, port2 } = new MessageChannel();
    return new Promise((resolve) => {
      const done = (r: Reply | undefined) => {
        clearTimeout(timer);
        port1.close();
        resolve(r);
      };
      const timer = setTimeout(() => done(undefined), this.timeoutMs);
      port1.onmessage = (e: MessageEvent<Reply>) => done(e.data);
      try {
        worker.postMessage(req, [port2]);
      } catch {
        done(undefined);
      }
    });
  }
}
