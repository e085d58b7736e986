/**
 * Removes the run folders that no run needs any more. Deleting a run removes its folder at
 * once, but that can fail and leave gigabytes behind: a worker still held a read handle on the
 * input copy, or the page closed mid-delete; and a fork deleted after its source left the
 * source's input copy, which the fork had read. Nothing else ever looks at those folders again.
 */
import type { FileStore } from './files';
import { inputPath, runDir } from './files';
import { neededCopies, neededCopy, sweepCopies } from './input-copies';
import type { Persistence } from './persistence';

/**
 * Removes every `runs/<id>` folder whose run is gone and whose input no remaining run needs
 * (forks read their source's copy), the `runs/<id>/input` copies of older runs that no run needs
 * any more, and the shared copies in `copies/` that no run needs (`input-copies.ts`). Returns
 * the ids (and copy paths) removed.
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
  const legacyCopies = await Promise.all(
    folders.map(async (id) => ((await files.size(inputPath(id))) !== undefined ? id : undefined)),
  );
  const gone: string[] = [];
  if (folders.length > 0) {
    const needed = await runFoldersInUse(store);
    const copies = await neededCopies(store);
    for (const id of folders) {
      if (!needed.has(id)) {
        await files.remove(runDir(id));
        gone.push(id);
      } else if (legacyCopies.includes(id) && !copies.has(inputPath(id))) {
        await files.remove(inputPath(id));
        gone.push(inputPath(id));
      }
    }
  }
  return [...gone, ...(await sweepCopies(store, files))];
}

/**
 * The `runs/<id>` folders some stored run record needs: its own, and the one of an older run
 * whose copy (`runs/<id>/input`) it still needs (forks read their source's copy). Read from the raw records, never through the validated
 * reader: a record this code cannot read (a newer Waymark's, in an older tab or a rolled-back
 * app) still owns its files, and looking at it here must neither quarantine nor rewrite it.
 */
export async function runFoldersInUse(store: Persistence): Promise<Set<string>> {
  const tx = store.db.transaction('runs', 'readonly');
  const [keys, raws] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll()]);
  await tx.done;
  const needed = new Set<string>(keys.map(String));
  for (const raw of raws as unknown[]) {
    const reads = /^runs\/([^/]+)\//.exec(neededCopy(raw) ?? '');
    if (reads) needed.add(reads[1]);
  }
  return needed;
}
