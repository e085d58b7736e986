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

/** "Load more" adds at least this many lines, and doubles a cap larger than that. */
export const LOAD_MORE_STEP = 1000;

/** The line cap "Load more" asks for after `cap`: double, and at least {@link LOAD_MORE_STEP} more. */
export function nextLineCap(cap: number): number {
  return cap + Math.max(cap, LOAD_MORE_STEP);
}

/**
 * The cap the run kept its lines under, when "Load more" can raise it: the result hit it (some
 * matching lines are not listed) and the run's options say what it was.
 */
export function loadMoreFrom(facts: SearchFacts, params: Readonly<Record<string, unknown>>) {
  const cap = params.lineCap;
  if (!facts.truncated || typeof cap !== 'number' || !Number.isInteger(cap)) return undefined;
  return { cap, next: nextLineCap(cap) };
}
