import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkStorageFor } from '../../../src/app/storage';

function stubStorage(estimate: { usage: number; quota: number }, persisted = false, grant = true) {
  const persist = vi.fn(async () => grant);
  vi.stubGlobal('navigator', {
    storage: { estimate: async () => estimate, persisted: async () => persisted, persist },
  });
  return persist;
}

afterEach(() => vi.unstubAllGlobals());

describe('checkStorageFor', () => {
  it('refuses a run that cannot fit, saying how much it needs and how much is free', async () => {
    stubStorage({ usage: 900 * 2 ** 20, quota: 1000 * 2 ** 20 });
    await expect(checkStorageFor(80 * 2 ** 20, true, true)).rejects.toMatchObject({
      code: 'insufficient-storage',
      message: expect.stringMatching(/needs about 160 MiB of storage but only 100 MiB is free/),
    });
  });

  it('lets a run that fits start, and asks for persistent storage for a large one, saying why', async () => {
    const persist = stubStorage({ usage: 0, quota: 10 * 2 ** 30 });
    expect(await checkStorageFor(10 * 2 ** 20, true, false)).toBeUndefined();
    expect(persist).not.toHaveBeenCalled();
    const why = await checkStorageFor(500 * 2 ** 20, true, false);
    expect(persist).toHaveBeenCalledTimes(1);
    expect(why).toMatch(/large file.*persistent storage/);
  });

  it('needs no space for a run that neither copies its input nor writes a file', async () => {
    stubStorage({ usage: 100, quota: 100 });
    await expect(checkStorageFor(10 * 2 ** 30, false, false)).resolves.toBeUndefined();
  });
});
