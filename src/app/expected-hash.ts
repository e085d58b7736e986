/**
 * "Expected hash": what the user pasted (hex in any case, a `sha256sum` line, or a Subresource
 * Integrity string such as `sha256-…`), read as a digest and compared with the run's digests.
 * Pure: the run view and the "Download result" JSON both use it.
 */

/** One digest of a run's result, as the hash workflows give it (lowercase hex). */
export interface Digest {
  algorithm: string;
  hex: string;
}

/** The verdict on what the user typed, for the view and the downloaded JSON. */
export interface HashCheck {
  /** The expected digest as lowercase hex, or the typed text when it is not a digest. */
  expected: string;
  match: boolean;
  /** The algorithm whose digest matched. */
  algorithm?: string;
  /** Why it cannot match (wrong length, another algorithm, not a digest). */
  note?: string;
}

/** SRI's algorithm tokens and the names the hash workflows use. */
const SRI_ALGORITHMS: Record<string, string> = {
  sha256: 'SHA-256',
  sha384: 'SHA-384',
  sha512: 'SHA-512',
};

/** Digest lengths in hex digits and what has them: a hint when the length is wrong. */
const LENGTH_NAMES: Record<number, string> = {
  8: 'CRC32',
  16: 'xxHash64',
  32: 'MD5',
  40: 'SHA-1',
  64: 'SHA-256 or BLAKE3',
  96: 'SHA-384',
  128: 'SHA-512',
};

const HEX = /^[0-9a-f]+$/i;

type Parsed = { hex: string; algorithm?: string } | { problem: string };

/** Base64 (standard or URL-safe, padding optional) → lowercase hex; undefined if not base64. */
export function base64ToHex(b64: string): string | undefined {
  const std = b64.replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(std) || std.replace(/=+$/, '').length % 4 === 1)
    return undefined;
  const padded = std
    .replace(/=+$/, '')
    .padEnd(Math.ceil(std.replace(/=+$/, '').length / 4) * 4, '=');
  let bin: string;
  try {
    bin = atob(padded);
  } catch {
    return undefined;
  }
  let hex = '';
  for (let i = 0; i < bin.length; i++) hex += bin.charCodeAt(i).toString(16).padStart(2, '0');
  return hex;
}

/** Reads one SRI token `alg-base64[?options]`; undefined when it is not one. */
function sriToken(token: string): { algorithm: string; hex: string } | undefined {
  const m = /^(sha256|sha384|sha512)-([A-Za-z0-9+/_=-]+)(\?.*)?$/i.exec(token);
  if (!m) return undefined;
  const hex = base64ToHex(m[2]);
  return hex === undefined ? undefined : { algorithm: SRI_ALGORITHMS[m[1].toLowerCase()], hex };
}

/**
 * What the typed text says the digest is. `wanted` (the run's algorithms) picks among several
 * SRI tokens, as an `integrity` attribute may hold one per algorithm.
 */
export function parseExpected(text: string, wanted: readonly string[] = []): Parsed {
  const t = text.trim();
  const tokens = t.split(/\s+/);
  const sri = tokens.map(sriToken).filter((x) => x !== undefined);
  if (sri.length > 0) return sri.find((s) => wanted.includes(s.algorithm)) ?? sri[0];
  const joined = t.replace(/\s+/g, '');
  if (HEX.test(joined)) return { hex: joined.toLowerCase() };
  // A checksum line, "hex  file name" (sha256sum) or "hex *file name" (binary mode).
  if (tokens.length > 1 && HEX.test(tokens[0])) return { hex: tokens[0].toLowerCase() };
  return { problem: 'This is not a hex digest or an SRI hash (sha256-…).' };
}

/** The verdict on `text` against `digests`; undefined while nothing is typed. */
export function checkExpected(text: string, digests: readonly Digest[]): HashCheck | undefined {
  if (text.trim() === '') return undefined;
  const parsed = parseExpected(
    text,
    digests.map((d) => d.algorithm),
  );
  if ('problem' in parsed) return { expected: text.trim(), match: false, note: parsed.problem };
  const { hex, algorithm } = parsed;
  if (algorithm !== undefined) {
    const d = digests.find((x) => x.algorithm === algorithm);
    if (!d)
      return {
        expected: hex,
        match: false,
        note: `This is a ${algorithm} hash; this run computed ${names(digests)}.`,
      };
    return d.hex === hex
      ? { expected: hex, match: true, algorithm }
      : { expected: hex, match: false };
  }
  const hit = digests.find((d) => d.hex === hex);
  if (hit) return { expected: hex, match: true, algorithm: hit.algorithm };
  if (digests.some((d) => d.hex.length === hex.length)) return { expected: hex, match: false };
  const what = LENGTH_NAMES[hex.length];
  const lengths = digests.map((d) => `${d.algorithm} has ${d.hex.length}`).join(', ');
  return {
    expected: hex,
    match: false,
    note:
      `This has ${hex.length} hex digit${hex.length === 1 ? '' : 's'}` +
      (what ? ` (the length of ${what})` : '') +
      `; ${lengths}: it cannot match.`,
  };
}

function names(digests: readonly Digest[]): string {
  return digests.map((d) => d.algorithm).join(', ');
}

/** A result's digests, by its shape: `{ algorithm, hex }` or `{ digests: [...] }`. */
export function digestsOf(result: unknown): Digest[] {
  const isDigest = (x: unknown): x is Digest =>
    typeof x === 'object' &&
    x !== null &&
    typeof (x as Digest).algorithm === 'string' &&
    typeof (x as Digest).hex === 'string';
  if (isDigest(result)) return [result];
  const list = (result as { digests?: unknown } | null)?.digests;
  return Array.isArray(list) ? list.filter(isDigest) : [];
}
