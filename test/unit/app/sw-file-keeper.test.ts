/**
 * The page's keeper against the service worker's script itself (public/waymark-keeper.js, run
 * in a sandbox as the worker's global): what one page holds, a later page (a reload) gets
 * back; release and the start-up sweep let go; a worker that never answers, or none at all,
 * answers "none" within the timeout; files held before the worker was active, or that a
 * restarted worker lost, are given to it again.
 */
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ServiceWorkerFileKeeper, type WorkerContainer } from '../../../src/app/sw-file-keeper';

const SCRIPT = readFileSync(new URL('../../../public/waymark-keeper.js', import.meta.url), 'utf8');

type Handler = (e: { data: unknown; ports: MessagePort[] }) => void;

/** A fresh service worker running the keeper script: its memory starts empty. */
function startWorker(): ServiceWorker {
  const handlers: Handler[] = [];
  const self = { addEventListener: (_type: string, h: Handler) => handlers.push(h) };
  runInNewContext(SCRIPT, { self, Blob, Map, Array });
  return {
    postMessage(data: unknown, ports: MessagePort[]) {
      for (const h of handlers) h({ data, ports });
    },
  } as unknown as ServiceWorker;
}

/** A registration whose active worker can be swapped (restart) or missing (not yet active). */
function container(worker: { active: ServiceWorker | undefined }, ready: Promise<unknown>) {
  return {
    getRegistration: () => Promise.resolve({ active: worker.active }),
    ready,
    addEventListener: () => undefined,
  } as unknown as WorkerContainer;
}

const bytes = (b: Blob | undefined) =>
  b ? b.arrayBuffer().then((x) => [...new Uint8Array(x)]) : undefined;

describe('service worker file keeper', () => {
  it('a file held by one page is there for the next (a reload), until released', async () => {
    const sw = { active: startWorker() };
    const page = new ServiceWorkerFileKeeper(container(sw, Promise.resolve()), { pingMs: 60_000 });
    await page.hold('r1', new Blob([new Uint8Array([1, 2, 3])]));
    await page.hold('r2', new Blob([new Uint8Array([4])]));
    await page.release('r2');

    const reloaded = new ServiceWorkerFileKeeper(container(sw, Promise.resolve()));
    expect(await reloaded.list()).toEqual(['r1']);
    expect(await bytes(await reloaded.get('r1'))).toEqual([1, 2, 3]);
    expect(await reloaded.get('r2')).toBeUndefined();
    await reloaded.release('r1');
    expect(await new ServiceWorkerFileKeeper(container(sw, Promise.resolve())).list()).toEqual([]);
  });

  it('the start-up sweep lets go of files no run needs, and keeps the others', async () => {
    const sw = { active: startWorker() };
    const old = new ServiceWorkerFileKeeper(container(sw, Promise.resolve()), { pingMs: 60_000 });
    for (const id of ['done', 'copying', 'gone']) await old.hold(id, new Blob([id]));
    const page = new ServiceWorkerFileKeeper(container(sw, Promise.resolve()));
    const gone = await page.sweep((id) => Promise.resolve(id === 'copying'));
    expect(gone.sort()).toEqual(['done', 'gone']);
    expect(await page.list()).toEqual(['copying']);
  });

  it('no worker, or one that never answers: "none", within the timeout', async () => {
    const none = new ServiceWorkerFileKeeper(undefined);
    await none.hold('r', new Blob(['x']));
    expect(await bytes(await none.get('r'))).toEqual([120]);
    expect(await new ServiceWorkerFileKeeper(undefined).get('r')).toBeUndefined();

    const silent = { active: { postMessage: () => undefined } as unknown as ServiceWorker };
    const keeper = new ServiceWorkerFileKeeper(container(silent, Promise.resolve()), {
      timeoutMs: 100,
    });
    const t0 = Date.now();
    expect(await keeper.get('r')).toBeUndefined();
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('gives the worker what it lacks: files held before it was active, and after it restarted', async () => {
    const sw: { active: ServiceWorker | undefined } = { active: undefined };
    let activate!: () => void;
    const ready = new Promise<void>((r) => (activate = r));
    const page = new ServiceWorkerFileKeeper(container(sw, ready), { pingMs: 50 });
    await page.hold('early', new Blob(['e']));
    sw.active = startWorker();
    activate();
    const reloaded = () => new ServiceWorkerFileKeeper(container(sw, Promise.resolve()));
    await expect.poll(() => reloaded().list()).toEqual(['early']);

    // The browser stopped the worker and started a new one: its memory is empty; the ping puts
    // the file back.
    sw.active = startWorker();
    await expect.poll(() => reloaded().list()).toEqual(['early']);
    await page.release('early');
    expect(await reloaded().list()).toEqual([]);
  });
});
