/**
 * Removes the run folders that no run needs any more. Deleting a run removes its folder at
 * once, but that can fail and leave gigabytes behind: a worker still held a read handle on the
 * input copy, or the page closed mid-delete; and a fork deleted after its source left the
 * source's input copy, which the fork had read. Nothing else ever looks at those folders again.
 */
import type { FileStore } from './files';
import { runDir } from './files';
import type { Persistence } from './persistence';

/**
 * Removes every `runs/<id>` folder whose run is gone and whose input no remaining run reads
 * (forks read their source's copy). Returns the ids removed.
 *
 * Safe beside running and starting runs, in any tab: a run's record is always committed before
 * its folder is made (start, fork), and the folders are listed before the records are read, so
 * every listed folder of a live run is seen as live.
 */
export async function sweepOrphanedRunFiles(
  store: Persistence,
  files: FileStore,
): Promise<string[]> {
  const folders = await files.list('runs');
  if (folders.length === 0) return [];
  const needed = await runFoldersInUse(store);
  const gone = folders.filter((id) => !needed.has(id));
  for (const id of gone) await files.remove(runDir(id));
  return gone;
}

/**
 * The `runs/<id>` folders some stored run record needs: its own, and the one its input is read
 * from (forks read their source's copy). Read from the raw records, never through the validated
 * reader: a record this code cannot read (a newer Waymark's, in an older tab or a rolled-back
 * app) still owns its files, and looking at it here must neither quarantine nor rewrite it.
 */
export async function runFoldersInUse(store: Persistence): Promise<Set<string>> {
  const tx = store.db.transaction('runs', 'readonly');
  const [keys, raws] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll()]);
  await tx.done;
  const needed = new Set<string>(keys.map(String));
  for (const raw of raws as unknown[]) {
    const path = (raw as { input?: { opfsPath?: unknown } } | null)?.input?.opfsPath;
    const reads = typeof path === 'string' ? /^runs\/([^/]+)\//.exec(path) : null;
    if (reads) needed.add(reads[1]);
  }
  return needed;
}
