/** Getting a File (and, where the browser allows, a durable file handle) out of a drop. */

export interface Dropped {
  file: File;
  handle?: FileSystemFileHandle;
}

interface ItemWithHandle extends DataTransferItem {
  getAsFileSystemHandle?: () => Promise<FileSystemHandle | null>;
}

/** True when a drag carries files (not text or links). */
export function carriesFiles(dt: DataTransfer | null): boolean {
  return !!dt && Array.from(dt.types).includes('Files');
}

/**
 * Must be called synchronously inside the drop handler: the item list is emptied as soon as
 * the handler returns, so both getAsFile and getAsFileSystemHandle start before any await.
 */
export function readDrop(dt: DataTransfer | null): Promise<Dropped | undefined> {
  if (!dt) return Promise.resolve(undefined);
  const item = Array.from(dt.items ?? []).find((i) => i.kind === 'file') as
    ItemWithHandle | undefined;
  const file = item?.getAsFile() ?? dt.files?.[0] ?? null;
  if (!file) return Promise.resolve(undefined);
  let pending: Promise<FileSystemHandle | null> | undefined;
  try {
    pending = item?.getAsFileSystemHandle?.();
  } catch {
    pending = undefined;
  }
  if (!pending) return Promise.resolve({ file });
  return pending.then(
    (h) => (h && h.kind === 'file' ? { file, handle: h as FileSystemFileHandle } : { file }),
    () => ({ file }),
  );
}
