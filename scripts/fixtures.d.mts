export function xorshift32(seed: number): () => number;
export function writeRandomFile(path: string, size: number, seed?: number): string;
export function byteHistogramOf(path: string): {
  bytes: number;
  entropy: number;
  top: { byte: number; count: number }[];
};
