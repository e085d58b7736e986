/** A matched line's pieces, against a naive per-character marking of the same ranges. */
import { describe, expect, it } from 'vitest';
import { LEAD, SHOWN, pieces } from '../../../src/ui/results/highlight';

/** Which characters of `text` the ranges cover, one flag per UTF-16 unit. */
function marksNaive(text: string, ranges: [number, number][]): boolean[] {
  const m = new Array<boolean>(text.length).fill(false);
  for (const [s, e] of ranges) for (let i = s; i < e; i++) m[i] = true;
  return m;
}

describe('pieces', () => {
  it('marks exactly the ranges and loses no text of a short line', () => {
    const text = 'an error, then <b>ERROR</b> again 😀error';
    const ranges: [number, number][] = [];
    for (
      let p = text.toLowerCase().indexOf('error');
      p !== -1;
      p = text.toLowerCase().indexOf('error', p + 5)
    )
      ranges.push([p, p + 5]);
    const r = pieces(text, ranges);
    expect(r.cutBefore || r.cutAfter).toBe(false);
    expect(r.pieces.map((p) => p.text).join('')).toBe(text);
    const flags = r.pieces.flatMap((p) => Array.from(p.text, () => p.mark));
    // Array.from splits by code point: compare per code point of the naive marks.
    const naive = marksNaive(text, ranges);
    const perCodePoint: boolean[] = [];
    for (let i = 0; i < text.length; i += text.codePointAt(i)! > 0xffff ? 2 : 1)
      perCodePoint.push(naive[i]);
    expect(flags).toEqual(perCodePoint);
  });

  it('cuts a long line before its first match and after SHOWN characters, never in a pair', () => {
    const text = '😀'.repeat(300) + 'needle' + 'x'.repeat(2000);
    const at = 600;
    const r = pieces(text, [[at, at + 6]]);
    expect(r.cutBefore).toBe(true);
    expect(r.cutAfter).toBe(true);
    const shown = r.pieces.map((p) => p.text).join('');
    expect(text.includes(shown)).toBe(true);
    expect(shown.length).toBeLessThanOrEqual(SHOWN + 1);
    expect(shown.indexOf('needle')).toBeGreaterThanOrEqual(LEAD - 1);
    expect(shown.indexOf('needle')).toBeLessThanOrEqual(LEAD + 1);
    expect(r.pieces.filter((p) => p.mark).map((p) => p.text)).toEqual(['needle']);
    expect(/^[\udc00-\udfff]/.test(shown)).toBe(false);
  });
});
