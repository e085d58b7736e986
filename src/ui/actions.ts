/** Runs an app action from an event handler: no floating promises, errors become text. */

export function errorText(e: unknown): string {
  if (e instanceof Error && e.message) return e.message;
  if (typeof e === 'string' && e) return e;
  return 'Something went wrong.';
}

/**
 * Calls `action`; on failure calls `onError` with a readable message (and logs the error).
 * Returns a promise that never rejects, so handlers can `void` it safely.
 */
export async function perform(
  action: () => Promise<unknown>,
  onError: (message: string) => void,
): Promise<void> {
  try {
    await action();
  } catch (e) {
    console.error(e);
    onError(errorText(e));
  }
}
