/**
 * Guesses the delimiter from the start of the file: the candidate that splits the most records
 * into the same number of fields, counting only outside quotes. Delimiters, quotes and line
 * breaks are ASCII, so the guess reads bytes.
 */
export const DELIMITERS = [',', '\t', ';', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** Bytes of the file start that the guess looks at; fixed so that it never depends on chunks. */
export const SNIFF_BYTES = 64 * 1024;
const MAX_RECORDS = 200;
const CODES = DELIMITERS.map((d) => d.charCodeAt(0));

/**
 * `complete` says the sample is the whole file; otherwise its last record may be cut short and
 * is ignored. `quote` is the quote byte (-1 for none).
 */
export function sniffDelimiter(sample: Uint8Array, complete: boolean, quote: number): Delimiter {
  const records: number[][] = [];
  let counts = CODES.map(() => 0);
  let inQuotes = false;
  let nonEmpty = false;
  const endRecord = (): void => {
    if (nonEmpty) records.push(counts);
    counts = CODES.map(() => 0);
    nonEmpty = false;
  };
  for (let i = 0; i < sample.length && records.length < MAX_RECORDS; i++) {
    const c = sample[i];
    if (c === quote) inQuotes = !inQuotes;
    else if (!inQuotes && (c === 10 || c === 13)) {
      endRecord();
      continue;
    } else if (!inQuotes) {
      const k = CODES.indexOf(c);
      if (k !== -1) counts[k]++;
    }
    nonEmpty = true;
  }
  if (complete && records.length < MAX_RECORDS) endRecord();
  if (records.length === 0 && nonEmpty) records.push(counts);

  let best: Delimiter = ',';
  let bestScore = 0;
  let bestFields = 0;
  DELIMITERS.forEach((d, k) => {
    const tally = new Map<number, number>();
    for (const r of records) tally.set(r[k], (tally.get(r[k]) ?? 0) + 1);
    // The most common per-record count, and how many records agree on it.
    let mode = 0;
    let agree = 0;
    for (const [count, n] of tally) {
      if (n > agree || (n === agree && count > mode)) {
        mode = count;
        agree = n;
      }
    }
    if (mode === 0) return;
    const score = agree / records.length;
    if (score > bestScore || (score === bestScore && mode > bestFields)) {
      best = d;
      bestScore = score;
      bestFields = mode;
    }
  });
  return best;
}
