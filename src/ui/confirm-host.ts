/**
 * The one confirmation dialog of the page (mounted by App.svelte) and the way controls ask it,
 * so that a run's controls do not each carry a dialog inside the run.
 */
import type { ConfirmSpec } from './confirm';

type Ask = (spec: ConfirmSpec) => Promise<boolean>;

let host: Ask | undefined;

/** App.svelte registers its dialog; the returned function unregisters it. */
export function setConfirmHost(ask: Ask): () => void {
  host = ask;
  return () => {
    if (host === ask) host = undefined;
  };
}

/**
 * Asks before an action: true when the user confirmed. Without a dialog mounted the answer is
 * no, so an action that must ask first never runs unasked.
 */
export function confirmAction(spec: ConfirmSpec): Promise<boolean> {
  return host ? host(spec) : Promise.resolve(false);
}
