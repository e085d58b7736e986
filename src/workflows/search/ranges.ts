/**
 * Where a listed line matches, for highlighting: the same matches the counts are made of
 * (non-overlapping, left to right, empty ones skipped, as `grep -o` reports them), found again
 * in the line's decoded text.
 */
import { caseInsensitiveSource } from './fold';
import { type SearchParams, compileRegExp } from './params';

/** `[start, end)` UTF-16 ranges of the matches of `params.pattern` in `text`. */
export function matchRanges(
  text: string,
  params: Pick<SearchParams, 'pattern' | 'regex' | 'ignoreCase'>,
): [number, number][] {
  const out: [number, number][] = [];
  if (!params.pattern) return out;
  if (!params.regex && !params.ignoreCase) {
    const len = params.pattern.length;
    for (let p = text.indexOf(params.pattern); p !== -1; p = text.indexOf(params.pattern, p + len))
      out.push([p, p + len]);
    return out;
  }
  let re: RegExp;
  try {
    re = params.regex
      ? compileRegExp(params.pattern, params.ignoreCase)
      : new RegExp(caseInsensitiveSource(params.pattern), 'gsu');
  } catch {
    return out; // A run's pattern was validated; one that no longer compiles highlights nothing.
  }
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length > 0) out.push([m.index, m.index + m[0].length]);
    else re.lastIndex = nextIndex(text, re.lastIndex, re.unicode);
    if (re.lastIndex > text.length) break;
  }
  return out;
}

/** One character on (a whole surrogate pair under the `u` flag), past an empty match. */
function nextIndex(s: string, i: number, unicode: boolean): number {
  if (!unicode || i + 1 >= s.length) return i + 1;
  const c = s.charCodeAt(i);
  const d = s.charCodeAt(i + 1);
  return c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff ? i + 2 : i + 1;
}
