/**
 * A `ByteLiteral` on WebAssembly SIMD (scan.wat): finding, counting and newline counting 16
 * bytes at a time, several times faster than the JavaScript Horspool loops in bytes.ts, which
 * remain the answer where WebAssembly SIMD is missing or memory cannot grow.
 */
import type { ByteLiteral } from '../bytes';
import { SCAN_WASM } from './scan-module';

interface ScanExports {
  memory: WebAssembly.Memory;
  setup(pat: number, len: number): void;
  find(from: number, to: number): number;
  count(from: number, to: number): number;
  lines(): number;
  after(): number;
  newlines(from: number, to: number): number;
  collect(from: number, to: number, max: number, out: number): number;
  found(): number;
  stop(): number;
}

const PAGE = 65536;
/** The memory's declared maximum (2 GiB), which keeps every address a positive i32. */
const MAX_BYTES = 32768 * PAGE;

let compiled: WebAssembly.Module | null | undefined;
/** The compiled module, or null where this engine has no WebAssembly SIMD. */
function scanModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    const bytes = Uint8Array.from(atob(SCAN_WASM), (c) => c.charCodeAt(0));
    // Synchronous compiling is fine at this size (under 1 KiB, well below any engine's limit).
    compiled = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    compiled = null;
  }
  return compiled;
}

/** Whether `simdLiteral` can work here. */
export function simdAvailable(): boolean {
  return scanModule() !== null;
}

const align = (n: number) => Math.ceil(n / 64) * 64;

/**
 * The literal as a SIMD scanner, or undefined where WebAssembly SIMD is missing. `fallback`
 * answers for byte ranges too large for the module's memory.
 *
 * The bytes are searched in the module's own memory. `load(bytes)` copies a chunk there once;
 * later calls on that array or on subarrays of it then cost no copy, until `load(undefined)`
 * (the caller's memory may then hold other bytes). Any other array is copied on each call.
 */
export function simdLiteral(
  pattern: Uint8Array,
  foldAscii: boolean,
  fallback: ByteLiteral,
): ByteLiteral | undefined {
  const module = scanModule();
  if (module === null) return undefined;
  const x = new WebAssembly.Instance(module).exports as unknown as ScanExports;
  const m = pattern.length;
  const heap = () => new Uint8Array(x.memory.buffer);
  /** Where loaded chunks start: after the pattern and its masks. */
  const base = align(2 * m);
  let loaded: Uint8Array | undefined;

  /**
   * Makes room for `size` bytes at `at`, and the 16 bytes after them that the kernel may read
   * past an end; false where memory cannot grow that far.
   */
  const reserve = (at: number, size: number): boolean => {
    const need = at + size + 16;
    if (need > MAX_BYTES) return false;
    const have = x.memory.buffer.byteLength;
    if (need <= have) return true;
    try {
      x.memory.grow(Math.ceil((need - have) / PAGE));
      return true;
    } catch {
      return false;
    }
  };

  if (!reserve(0, base)) return undefined;
  heap().set(
    pattern.map((b) => (foldAscii && b >= 0x41 && b <= 0x5a ? b + 0x20 : b)),
    0,
  );
  heap().set(
    pattern.map((b) =>
      foldAscii && ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)) ? 0x20 : 0,
    ),
    m,
  );
  x.setup(0, m);

  /** Address of bytes[0] in the module's memory, copying if needed; -1 if it cannot fit. */
  const place = (bytes: Uint8Array): number => {
    if (
      loaded !== undefined &&
      bytes.buffer === loaded.buffer &&
      bytes.byteOffset >= loaded.byteOffset &&
      bytes.byteOffset + bytes.length <= loaded.byteOffset + loaded.length
    )
      return base + bytes.byteOffset - loaded.byteOffset;
    const at = align(base + (loaded?.length ?? 0));
    if (!reserve(at, bytes.length)) return -1;
    heap().set(bytes, at);
    return at;
  };

  return {
    length: m,
    selfOverlapping: fallback.selfOverlapping,
    load(bytes) {
      loaded = undefined;
      if (bytes === undefined || !reserve(base, bytes.length)) return;
      heap().set(bytes, base);
      loaded = bytes;
    },
    find(bytes, from, to) {
      const at = place(bytes);
      if (at < 0) return fallback.find(bytes, from, to);
      const p = x.find(at + from, at + to);
      return p === -1 ? -1 : p - at;
    },
    count(bytes, from, to) {
      const at = place(bytes);
      if (at < 0) return fallback.count(bytes, from, to);
      const matches = x.count(at + from, at + to);
      return { matches, lines: x.lines(), next: x.after() - at };
    },
    newlines(bytes, from, to) {
      const at = place(bytes);
      if (at < 0) return fallback.newlines(bytes, from, to);
      return x.newlines(at + from, at + to);
    },
    lines(bytes, from, to, max) {
      // No more lines than there can be: the list's room is memory this module keeps for good.
      max = Math.max(0, Math.min(max, to - from + 1));
      const at = place(bytes);
      // After the bytes searched and after the loaded chunk, which `bytes` may be a part of.
      const out = align(Math.max(at + bytes.length, base + (loaded?.length ?? 0)) + 16);
      if (at < 0 || !reserve(out, 12 * max)) return fallback.lines(bytes, from, to, max);
      const count = x.collect(at + from, at + to, max, out);
      const data = new Int32Array(x.memory.buffer, out, 3 * count);
      // Addresses to offsets in `bytes` (every third number is a newline count).
      for (let k = 0; k < data.length; k += 3) {
        data[k] -= at;
        data[k + 1] -= at;
      }
      return { count, data, matches: x.found(), stop: x.stop() - at };
    },
  };
}
