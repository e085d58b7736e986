/**
 * An ELF shared object is a library or a position-independent executable; `file` tells them
 * apart by the DF_1_PIE flag in the dynamic section, which can lie anywhere in the file. So this
 * reads the program headers and the dynamic section (a few hundred bytes) through the input.
 */
import type { ByteReader } from '../../engine/workflow';
import { ELF_SHARED, type FileType } from './magic';

const PT_DYNAMIC = 2;
const DT_NULL = 0;
const DT_FLAGS_1 = 0x6ffffffb;
const DF_1_PIE = 0x08000000;
/** More than any real dynamic section holds before DT_NULL; bounds what a broken file costs. */
const MAX_DYNAMIC = 64 * 1024;
const MAX_HEADERS = 512;

export const PIE_EXECUTABLE: FileType = {
  name: 'ELF PIE executable',
  mime: 'application/x-pie-executable',
};

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A 64-bit field as a number (file offsets and sizes fit well within 2^53). */
function word(v: DataView, at: number, wide: boolean, le: boolean): number {
  return wide ? Number(v.getBigUint64(at, le)) : v.getUint32(at, le);
}

/**
 * Refines the ELF_SHARED type of `head` (the file's first bytes) into a PIE executable when
 * its dynamic section says so; anything unreadable or truncated leaves it a shared object.
 */
export async function refineElf(head: Uint8Array, input: ByteReader): Promise<FileType> {
  if (head.length < 64) return ELF_SHARED;
  const wide = head[4] === 2;
  const le = head[5] !== 2;
  const h = view(head);
  const phoff = word(h, wide ? 0x20 : 0x1c, wide, le);
  const phentsize = h.getUint16(wide ? 0x36 : 0x2a, le);
  const phnum = Math.min(h.getUint16(wide ? 0x38 : 0x2c, le), MAX_HEADERS);
  if (phentsize < (wide ? 56 : 32) || phoff + phnum * phentsize > input.size) return ELF_SHARED;
  const ph = view(await input.read(phoff, phoff + phnum * phentsize));
  for (let i = 0; i < phnum; i++) {
    const p = i * phentsize;
    if (ph.byteLength < p + phentsize || ph.getUint32(p, le) !== PT_DYNAMIC) continue;
    const offset = word(ph, p + (wide ? 8 : 4), wide, le);
    const size = Math.min(word(ph, p + (wide ? 32 : 16), wide, le), MAX_DYNAMIC);
    if (offset >= input.size) return ELF_SHARED;
    const dyn = view(await input.read(offset, offset + size));
    const entry = wide ? 16 : 8;
    for (let d = 0; d + entry <= dyn.byteLength; d += entry) {
      const tag = word(dyn, d, wide, le);
      if (tag === DT_NULL) break;
      if (tag === DT_FLAGS_1 && (word(dyn, d + entry / 2, wide, le) & DF_1_PIE) !== 0)
        return PIE_EXECUTABLE;
    }
    return ELF_SHARED;
  }
  return ELF_SHARED;
}
