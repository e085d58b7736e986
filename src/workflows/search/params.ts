/**
 * Search options, their checks, and the matcher they compile to.
 */
import { WaymarkError } from '../../engine/errors';
import { searchError } from './errors';
import { type ByteLiteral, byteLiteral } from './bytes';
import { caseInsensitiveSource, foldsWithinAscii } from './fold';
import { simdLiteral } from './wasm/scanner';

export interface SearchParams {
  pattern: string;
  /** Treat the pattern as a JavaScript regular expression instead of literal text. */
  regex: boolean;
  ignoreCase: boolean;
  /** Matching lines kept in the result; all are counted regardless. */
  lineCap: number;
}

export const SEARCH_DEFAULTS: SearchParams = {
  pattern: '',
  regex: false,
  ignoreCase: false,
  lineCap: 10_000,
};

/** Finds matches inside one line of a decoded text. */
export interface Matcher {
  /**
   * Present when the pattern can be found in the raw bytes with the same answers: then only
   * matching lines are ever decoded.
   */
  bytes?: ByteLiteral;
  /** -1 if text[start, end) does not match; else its number of non-empty matches. */
  matchLine(text: string, start: number, end: number): number;
  /** The first index ≥ from where a match may start, or -1: lets the scan skip whole lines. */
  nextCandidate(text: string, from: number): number;
}

/**
 * Compiles with the `u` flag where the pattern allows it, so that `.` and case folding work on
 * whole characters, and falls back to the legacy syntax that users often write (`\-`, `\:`),
 * which the `u` flag refuses.
 */
export function compileRegExp(source: string, ignoreCase: boolean): RegExp {
  // `s` (dotAll): a line never holds "\n", so this only lets `.` match "\r" (CRLF files),
  // U+2028 and U+2029 — as grep's `.` does.
  const flags = ignoreCase ? 'gis' : 'gs';
  try {
    return new RegExp(source, flags + 'u');
  } catch {
    return new RegExp(source, flags);
  }
}

const encoder = new TextEncoder();

/** The fastest exact finder this engine offers: WebAssembly SIMD, else JavaScript. */
function literalFinder(pattern: string, foldAscii: boolean): ByteLiteral {
  const bytes = encoder.encode(pattern);
  const js = byteLiteral(bytes, foldAscii);
  return simdLiteral(bytes, foldAscii, js) ?? js;
}

/**
 * A literal that holds U+FFFD or a lone surrogate stays on the decoding path: there it also
 * matches the replacement characters that invalid bytes decode to, as it always has.
 */
const byteSafe = (pattern: string) => !/[\p{Cs}\ufffd]/u.test(pattern);

function literalMatcher(pattern: string): Matcher {
  const len = pattern.length;
  return {
    bytes: byteSafe(pattern) ? literalFinder(pattern, false) : undefined,
    matchLine(text, start, end) {
      let n = 0;
      // Non-overlapping, left to right, as `grep -o` reports them.
      for (
        let p = text.indexOf(pattern, start);
        p !== -1 && p + len <= end;
        p = text.indexOf(pattern, p + len)
      )
        n++;
      return n > 0 ? n : -1;
    },
    nextCandidate: (text, from) => text.indexOf(pattern, from),
  };
}

function regexMatcher(re: RegExp): Matcher {
  return {
    matchLine(text, start, end) {
      // Matched per line, as grep does, so `\s` or `[^x]` never run across a newline.
      const line = text.slice(start, end);
      re.lastIndex = 0;
      let m = re.exec(line);
      if (m === null) return -1;
      let n = 0;
      while (m !== null) {
        if (m[0].length > 0) n++;
        // grep -o skips empty matches and moves on by one character.
        else re.lastIndex = nextIndex(line, re.lastIndex, re.unicode);
        if (re.lastIndex > line.length) break;
        m = re.exec(line);
      }
      return n;
    },
    nextCandidate: (_text, from) => from,
  };
}

function nextIndex(s: string, i: number, unicode: boolean): number {
  if (!unicode || i + 1 >= s.length) return i + 1;
  const c = s.charCodeAt(i);
  const d = s.charCodeAt(i + 1);
  return c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff ? i + 2 : i + 1;
}

function ignoreCaseLiteralMatcher(pattern: string): Matcher {
  const m = regexMatcher(new RegExp(caseInsensitiveSource(pattern), 'gsu'));
  // Where every letter folds within ASCII (most patterns), A–Z = a–z on bytes is grep's answer.
  if (byteSafe(pattern) && foldsWithinAscii(pattern)) m.bytes = literalFinder(pattern, true);
  return m;
}

export function compileMatcher(params: SearchParams): Matcher {
  if (params.regex) return regexMatcher(compileRegExp(params.pattern, params.ignoreCase));
  if (params.ignoreCase) return ignoreCaseLiteralMatcher(params.pattern);
  return literalMatcher(params.pattern);
}

export function validateSearchParams(params: SearchParams): SearchParams {
  const { pattern, lineCap } = params;
  if (typeof pattern !== 'string' || pattern.length === 0)
    throw searchError('invalid-regex', { detail: 'the pattern is empty' });
  // Lines never contain a newline, so such a pattern could never match.
  if (/[\n]/.test(pattern))
    throw new WaymarkError('invalid-params', { detail: 'the pattern must be a single line' });
  if (params.regex) {
    // grep syntax that JavaScript reads differently would silently give other answers: refuse it.
    if (/\[\[:[a-z]+:\]\]/.test(pattern))
      throw searchError('invalid-regex', {
        detail:
          'POSIX classes such as [[:space:]] are not JavaScript syntax; use \\s, \\d, \\w or [a-z]',
      });
    if (/(^|[^\\])\{,\d+\}/.test(pattern))
      throw searchError('invalid-regex', {
        detail: 'a repeat like {,n} is not JavaScript syntax; write {0,n}',
      });
    try {
      compileRegExp(pattern, params.ignoreCase);
    } catch (e) {
      throw searchError('invalid-regex', {
        detail: e instanceof Error ? e.message : String(e),
      });
    }
  }
  if (!Number.isInteger(lineCap) || lineCap < 0)
    throw new WaymarkError('invalid-params', {
      detail: `the line cap must be a whole number ≥ 0, not ${lineCap}`,
    });
  return { pattern, regex: Boolean(params.regex), ignoreCase: Boolean(params.ignoreCase), lineCap };
}
