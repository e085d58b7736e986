/**
 * Service worker registration (workbox-window). A new version waits until the user says
 * "Update now"; before it takes over, running work checkpoints (reason "before-update"), so
 * the reload that follows resumes it from there.
 */
import { Workbox } from 'workbox-window';

export interface Pwa {
  /** Checkpoint first (the callback), then activate the waiting version and reload. */
  update(beforeReload: () => Promise<void>): Promise<void>;
}

export function registerPwa(onUpdateAvailable: () => void): Pwa | undefined {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return undefined;
  const wb = new Workbox(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL });
  wb.addEventListener('waiting', () => onUpdateAvailable());
  wb.register().catch((e: unknown) => console.warn('Service worker registration failed', e));
  return {
    async update(beforeReload) {
      await beforeReload();
      wb.addEventListener('controlling', () => window.location.reload());
      wb.messageSkipWaiting();
    },
  };
}
