/**
 * File types by their magic bytes, with the MIME type `file --mime-type` (5.44) gives for each
 * (checked in test/unit/workflows/inspect-tools.test.ts). Only signatures that need nothing
 * beyond the first 64 KiB are here; a type whose MIME type depends on more (ELF shared object
 * or PIE executable) is refined by elf.ts. Text formats (XML, HTML, RTF, PostScript) are named
 * too: they say what the text is, while whether it is text is decided from the bytes. Formats
 * `file` recognises only by parsing or guessing (JSON, scripts, C source) are plain text here.
 */

/** How many bytes of the start of the file the signatures look at. */
export const HEAD_SIZE = 64 * 1024;

export interface FileType {
  /** What it is, in words ("PNG image"). */
  name: string;
  mime: string;
}

/** True when `h` holds `sig` (a string of Latin-1 characters or bytes) at `offset`. */
function at(h: Uint8Array, offset: number, sig: string | readonly number[]): boolean {
  if (offset + sig.length > h.length) return false;
  for (let i = 0; i < sig.length; i++) {
    const want = typeof sig === 'string' ? sig.charCodeAt(i) : sig[i];
    if (h[offset + i] !== want) return false;
  }
  return true;
}

function u16(h: Uint8Array, offset: number, littleEndian: boolean): number {
  return littleEndian ? h[offset] | (h[offset + 1] << 8) : (h[offset] << 8) | h[offset + 1];
}

function u32(h: Uint8Array, offset: number, littleEndian: boolean): number {
  if (offset + 4 > h.length) return -1;
  return new DataView(h.buffer, h.byteOffset + offset, 4).getUint32(0, littleEndian);
}

const t = (name: string, mime: string): FileType => ({ name, mime });

/** ELF object kinds by e_type; a shared object (3) is a PIE executable or a library: elf.ts. */
const ELF_TYPES: Record<number, FileType> = {
  1: t('ELF relocatable object', 'application/x-object'),
  2: t('ELF executable', 'application/x-executable'),
  3: t('ELF shared object', 'application/x-sharedlib'),
  4: t('ELF core dump', 'application/x-coredump'),
};
export const ELF_SHARED = ELF_TYPES[3];

function elf(h: Uint8Array): FileType | undefined {
  if (!at(h, 0, [0x7f, 0x45, 0x4c, 0x46]) || h.length < 18) return undefined;
  return ELF_TYPES[u16(h, 16, h[5] !== 2)] ?? t('ELF file', 'application/octet-stream');
}

function msdos(h: Uint8Array): FileType | undefined {
  if (!at(h, 0, 'MZ')) return undefined;
  const pe = u32(h, 0x3c, true);
  if (pe > 0 && at(h, pe, 'PE\0\0'))
    return t('PE executable', 'application/vnd.microsoft.portable-executable');
  return t('MS-DOS executable', 'application/x-dosexec');
}

/** CA FE BA BE starts both a Mach-O universal binary and a Java class (whose version is ≥ 45). */
function cafebabe(h: Uint8Array): FileType | undefined {
  if (!at(h, 0, [0xca, 0xfe, 0xba, 0xbe])) return undefined;
  return u32(h, 4, false) < 45
    ? t('Mach-O universal binary', 'application/x-mach-binary')
    : t('Java class', 'application/x-java-applet');
}

function riff(h: Uint8Array): FileType | undefined {
  if (!at(h, 0, 'RIFF')) return undefined;
  if (at(h, 8, 'WEBP')) return t('WebP image', 'image/webp');
  if (at(h, 8, 'WAVE')) return t('WAV audio', 'audio/x-wav');
  if (at(h, 8, 'AVI ')) return t('AVI video', 'video/x-msvideo');
  return t('RIFF data', 'application/x-riff');
}

/** ISO base media (MP4 and its kin) by the major brand of the `ftyp` box. */
function isoMedia(h: Uint8Array): FileType | undefined {
  if (!at(h, 4, 'ftyp')) return undefined;
  if (at(h, 8, 'qt  ')) return t('QuickTime movie', 'video/quicktime');
  if (at(h, 8, 'M4A ')) return t('M4A audio', 'audio/x-m4a');
  if (at(h, 8, 'heic') || at(h, 8, 'heix')) return t('HEIF image', 'image/heic');
  if (at(h, 8, 'avif')) return t('AVIF image', 'image/avif');
  return t('MP4 video', 'video/mp4');
}

/** Ogg by the codec of its first packet (right after a one-segment first page header). */
function ogg(h: Uint8Array): FileType | undefined {
  if (!at(h, 0, 'OggS')) return undefined;
  if (at(h, 28, '\x80theora')) return t('Ogg video', 'video/ogg');
  if (['\x01vorbis', 'OpusHead', '\x7fFLAC', 'Speex   '].some((codec) => at(h, 28, codec)))
    return t('Ogg audio', 'audio/ogg');
  // file(1) says application/octet-stream here; this is the IANA type of Ogg in general.
  return t('Ogg data', 'application/ogg');
}

function bmp(h: Uint8Array): FileType | undefined {
  // "BM" alone is too common in text; the reserved words and a known DIB header size are not.
  if (!at(h, 0, 'BM') || u32(h, 6, true) !== 0) return undefined;
  return [12, 40, 52, 56, 64, 108, 124].includes(u32(h, 14, true))
    ? t('BMP image', 'image/bmp')
    : undefined;
}

function mp3(h: Uint8Array): FileType | undefined {
  if (at(h, 0, 'ID3')) return t('MP3 audio', 'audio/mpeg');
  // An MPEG audio layer III frame header: sync bits, then no bad bitrate or sample rate.
  if (h.length < 3 || h[0] !== 0xff || ![0xfb, 0xfa, 0xf3, 0xf2, 0xe3, 0xe2].includes(h[1]))
    return undefined;
  return (h[2] & 0xf0) !== 0xf0 && (h[2] & 0x0c) !== 0x0c
    ? t('MP3 audio', 'audio/mpeg')
    : undefined;
}

function textFormat(h: Uint8Array): FileType | undefined {
  if (at(h, 0, '<?xml')) return t('XML document', 'text/xml');
  if (at(h, 0, '{\\rtf')) return t('RTF document', 'text/rtf');
  if (at(h, 0, '%!PS')) return t('PostScript document', 'application/postscript');
  const start = new TextDecoder('latin1').decode(h.subarray(0, 15)).toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html'))
    return t('HTML document', 'text/html');
  return undefined;
}

type Signature = (h: Uint8Array) => FileType | undefined;

const fixed = (offset: number, sig: string | readonly number[], type: FileType): Signature => {
  return (h) => (at(h, offset, sig) ? type : undefined);
};

/** In order: the first that matches wins (a Debian package is also an `ar` archive). */
const SIGNATURES: readonly Signature[] = [
  fixed(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], t('PNG image', 'image/png')),
  fixed(0, [0xff, 0xd8, 0xff], t('JPEG image', 'image/jpeg')),
  fixed(0, 'GIF87a', t('GIF image', 'image/gif')),
  fixed(0, 'GIF89a', t('GIF image', 'image/gif')),
  riff,
  fixed(0, 'II*\0', t('TIFF image', 'image/tiff')),
  fixed(0, 'MM\0*', t('TIFF image', 'image/tiff')),
  bmp,
  fixed(0, [0, 0, 1, 0], t('Windows icon', 'image/vnd.microsoft.icon')),
  fixed(0, '%PDF-', t('PDF document', 'application/pdf')),
  fixed(0, [0x1f, 0x8b], t('gzip compressed data', 'application/gzip')),
  fixed(0, 'PK\x03\x04', t('ZIP archive', 'application/zip')),
  fixed(0, 'PK\x05\x06', t('ZIP archive', 'application/zip')),
  fixed(0, 'PK\x07\x08', t('ZIP archive', 'application/zip')),
  fixed(0, 'BZh', t('bzip2 compressed data', 'application/x-bzip2')),
  fixed(0, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], t('xz compressed data', 'application/x-xz')),
  fixed(0, [0x28, 0xb5, 0x2f, 0xfd], t('Zstandard compressed data', 'application/zstd')),
  fixed(0, [0x04, 0x22, 0x4d, 0x18], t('LZ4 compressed data', 'application/x-lz4')),
  fixed(0, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], t('7-Zip archive', 'application/x-7z-compressed')),
  fixed(0, 'Rar!\x1a\x07', t('RAR archive', 'application/x-rar')),
  fixed(257, 'ustar', t('tar archive', 'application/x-tar')),
  fixed(0, '!<arch>\ndebian', t('Debian package', 'application/vnd.debian.binary-package')),
  fixed(0, '!<arch>\n', t('ar archive', 'application/x-archive')),
  fixed(0x8001, 'CD001', t('ISO 9660 image', 'application/x-iso9660-image')),
  fixed(0, 'SQLite format 3\0', t('SQLite database', 'application/vnd.sqlite3')),
  fixed(
    0,
    [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    t('OLE2 compound document', 'application/x-ole-storage'),
  ),
  elf,
  msdos,
  cafebabe,
  fixed(0, [0xfe, 0xed, 0xfa, 0xce], t('Mach-O binary', 'application/x-mach-binary')),
  fixed(0, [0xfe, 0xed, 0xfa, 0xcf], t('Mach-O binary', 'application/x-mach-binary')),
  fixed(0, [0xce, 0xfa, 0xed, 0xfe], t('Mach-O binary', 'application/x-mach-binary')),
  fixed(0, [0xcf, 0xfa, 0xed, 0xfe], t('Mach-O binary', 'application/x-mach-binary')),
  fixed(0, '\0asm', t('WebAssembly module', 'application/wasm')),
  mp3,
  isoMedia,
  ogg,
  fixed(0, 'fLaC', t('FLAC audio', 'audio/flac')),
  fixed(0, 'MThd', t('MIDI audio', 'audio/midi')),
  fixed(0, 'wOFF', t('WOFF font', 'font/woff')),
  fixed(0, 'wOF2', t('WOFF2 font', 'font/woff2')),
  textFormat,
];

/** The type the first bytes of a file announce, or undefined when none does. */
export function detectMagic(head: Uint8Array): FileType | undefined {
  for (const s of SIGNATURES) {
    const type = s(head);
    if (type) return type;
  }
  return undefined;
}
