/** A Search result's lines and counts, read defensively, and the sentence above its table. */
import { formatStat } from './result-format';

export interface MatchLine {
  line: number;
  offset: number;
  text: string;
  textTruncated?: boolean;
}

export interface SearchFacts {
  matches: number;
  matchingLines: number;
  lines: MatchLine[];
  truncated: boolean;
}

export function searchFacts(result: unknown): SearchFacts {
  const r = (result ?? {}) as Record<string, unknown>;
  const n = (v: unknown) => (typeof v === 'number' ? v : 0);
  const lines = Array.isArray(r.lines) ? (r.lines as MatchLine[]) : [];
  return {
    matches: n(r.matches),
    matchingLines: n(r.matchingLines),
    lines,
    truncated: r.truncated === true || lines.length < n(r.matchingLines),
  };
}

const plural = (n: number, one: string, many: string) => `${formatStat(n)} ${n === 1 ? one : many}`;

/** "1,234 matches on 1,200 lines". */
export function countsSentence(f: SearchFacts): string {
  return `${plural(f.matches, 'match', 'matches')} on ${plural(f.matchingLines, 'line', 'lines')}`;
}
