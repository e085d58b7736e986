/**
 * Page lifecycle: checkpoint when the page is hidden, frozen or about to go away, so that a tab
 * the browser discards or the user closes loses as little as possible. A discarded page
 * (`document.wasDiscarded`) needs nothing special: its locks are gone, so recovery resumes its
 * runs like a crashed tab's.
 */
import type { Engine } from '../engine';

export function watchLifecycle(engine: Engine): () => void {
  const save = () => {
    void engine.checkpointAll('page-hidden').catch(() => undefined);
  };
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') save();
  };
  // On pagehide the page may be about to unload: write synchronously from the latest state.
  const saveNow = () => engine.checkpointAllSync('page-hidden');
  window.addEventListener('pagehide', saveNow);
  document.addEventListener('visibilitychange', onVisibility);
  // A frozen page runs no callbacks until it is resumed (or discarded): write synchronously too.
  document.addEventListener('freeze', saveNow);
  return () => {
    window.removeEventListener('pagehide', saveNow);
    document.removeEventListener('visibilitychange', onVisibility);
    document.removeEventListener('freeze', saveNow);
  };
}
