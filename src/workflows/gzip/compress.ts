/**
 * Gzip members with the platform's CompressionStream (browsers and Node ≥ 18), and SHA-256 of
 * stored outputs streamed part by part.
 */
import { createSHA256 } from 'hash-wasm';
import type { OutputStore } from '../../engine/workflow';

/** Blob parts must be backed by a plain ArrayBuffer; copy views of anything else. */
function blobPart(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer
    ? (bytes as Uint8Array<ArrayBuffer>)
    : new Uint8Array(bytes);
}

/** One complete gzip member. Deterministic for the same bytes on the same platform. */
export async function gzipMember(bytes: Uint8Array): Promise<Uint8Array> {
  const compressed = new Blob([blobPart(bytes)])
    .stream()
    .pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(compressed).arrayBuffer());
}

/** SHA-256 of the named outputs concatenated, reading each as a stream. Also their total size. */
export async function sha256OfOutputs(
  output: OutputStore,
  names: readonly string[],
): Promise<{ hex: string; bytes: number }> {
  const hasher = await createSHA256();
  hasher.init();
  let bytes = 0;
  for (const name of names) {
    const reader = (await output.blob(name)).stream().getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      hasher.update(value);
      bytes += value.length;
    }
  }
  return { hex: hasher.digest('hex'), bytes };
}
