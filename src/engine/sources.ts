/**
 * Inputs that survive a reload. A File object does not: the engine keeps a private copy in
 * OPFS (default), a FileSystemFileHandle (asks for permission again on resume), or asks the
 * user to pick the same file again, checked against a fingerprint.
 */
import { WaymarkError } from './errors';
import type { Fingerprint, InputRecord } from './records';
import type { InputSpec } from './step-protocol';

export const FINGERPRINT_EDGE = 64 * 1024;

function hex(buf: ArrayBuffer): string {
  return [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function sha256(blob: Blob): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()));
}

/** Size, name, modified time and SHA-256 of the first and last 64 KiB. */
export async function fingerprintOf(
  file: Blob & { name?: string; lastModified?: number },
): Promise<Fingerprint> {
  const [head, tail] = await Promise.all([
    sha256(file.slice(0, FINGERPRINT_EDGE)),
    sha256(file.slice(Math.max(0, file.size - FINGERPRINT_EDGE))),
  ]);
  return {
    size: file.size,
    name: file.name ?? '',
    lastModified: file.lastModified ?? 0,
    head,
    tail,
  };
}

/** Throws input-mismatch naming the first difference between a picked file and the run's input. */
export async function verifyRepick(input: InputRecord, file: File): Promise<void> {
  const expected = `${input.name}, ${input.size} bytes`;
  const mismatch = (detail: string) => new WaymarkError('input-mismatch', { detail, expected });
  if (file.size !== input.size) throw mismatch(`size ${file.size} bytes, expected ${input.size}`);
  if (file.name !== input.name) throw mismatch(`name "${file.name}", expected "${input.name}"`);
  if (file.lastModified !== input.lastModified) throw mismatch('it was modified since');
  if (input.fingerprint) {
    const fp = await fingerprintOf(file);
    if (fp.head !== input.fingerprint.head || fp.tail !== input.fingerprint.tail)
      throw mismatch('its content differs');
  }
}

/** Throws input-changed when a file the run reads directly no longer matches what it started with. */
export function checkUnchanged(input: InputRecord, file: Blob & { lastModified?: number }): void {
  if (file.size !== input.size)
    throw new WaymarkError('input-changed', {
      detail: `its size is now ${file.size} bytes, was ${input.size}`,
    });
  if (
    file.lastModified !== undefined &&
    input.lastModified &&
    file.lastModified !== input.lastModified
  )
    throw new WaymarkError('input-changed', { detail: 'it was modified on disk' });
}

type PermissionHandle = FileSystemFileHandle & {
  queryPermission?(d: { mode: 'read' }): Promise<PermissionState>;
  requestPermission?(d: { mode: 'read' }): Promise<PermissionState>;
};

/** Whether a stored handle can be read now without asking. */
export async function handleReadable(handle: FileSystemFileHandle): Promise<boolean> {
  const h = handle as PermissionHandle;
  if (!h.queryPermission) return true;
  return (await h.queryPermission({ mode: 'read' })) === 'granted';
}

/** Asks for read permission again (must run inside a user gesture). */
export async function requestHandle(handle: FileSystemFileHandle): Promise<boolean> {
  const h = handle as PermissionHandle;
  if (!h.requestPermission) return true;
  return (await h.requestPermission({ mode: 'read' })) === 'granted';
}

/**
 * The input to process: the OPFS copy once imported, else a file this page holds (picked or
 * from the handle). Undefined when the user must act first (re-pick or grant access).
 */
export async function resolveInput(
  input: InputRecord,
  held: Blob | undefined,
): Promise<{ spec: InputSpec } | { need: 'repick' | 'grant-access' }> {
  if (input.mode === 'opfs' && input.opfsPath && input.imported >= input.size)
    return { spec: { kind: 'path', path: input.opfsPath, size: input.size } };
  if (held) {
    checkUnchanged(input, held as File);
    return { spec: { kind: 'blob', blob: held, size: input.size } };
  }
  if (input.handle) {
    if (!(await handleReadable(input.handle))) return { need: 'grant-access' };
    let file: File;
    try {
      file = await input.handle.getFile();
    } catch (e) {
      throw new WaymarkError('input-unreadable', { detail: (e as Error).message });
    }
    checkUnchanged(input, file);
    return { spec: { kind: 'blob', blob: file, size: input.size } };
  }
  return { need: 'repick' };
}
