/**
 * The chunk map's palette against WCAG 2 contrast, computed here from the relative luminance
 * formula (https://www.w3.org/TR/WCAG21/#dfn-relative-luminance), in light and dark mode; and
 * the palette's card colour against the stylesheet's `--surface`, which the map is drawn on.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHUNK_PALETTE, CHUNK_SHAPE, CHUNK_STATES } from '../../../src/ui/chunk-palette';

function luminance(hex: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not #rrggbb: ${hex}`);
  const [r, g, b] = m.slice(1).map((h) => {
    const c = parseInt(h, 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const css = readFileSync(new URL('../../../src/ui/styles.css', import.meta.url), 'utf8');
const dark = css.slice(css.indexOf('@media (prefers-color-scheme: dark)'));
const surface = (text: string) => /--surface:\s*(#[0-9a-f]{6})/i.exec(text)?.[1];

describe('chunk map palette', () => {
  it('the reference formula gives the known ratios', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  it('draws on the card colour of the stylesheet', () => {
    expect(CHUNK_PALETTE.light.card).toBe(surface(css));
    expect(CHUNK_PALETTE.dark.card).toBe(surface(dark));
  });

  for (const mode of ['light', 'dark'] as const) {
    const p = CHUNK_PALETTE[mode];
    it(`${mode}: every state and the checkpoint mark are at least 3:1 against the card`, () => {
      for (const s of [...CHUNK_STATES, 'checkpoint'] as const)
        expect(contrast(p[s], p.card), `${s} ${p[s]}`).toBeGreaterThanOrEqual(3);
    });

    it(`${mode}: states drawn in the same shape are at least 3:1 from one another`, () => {
      const key = (s: (typeof CHUNK_STATES)[number]) =>
        `${CHUNK_SHAPE[s].bar}/${CHUNK_SHAPE[s].mark ?? 0}`;
      let pairs = 0;
      for (const a of CHUNK_STATES)
        for (const b of CHUNK_STATES)
          if (a < b && key(a) === key(b)) {
            pairs++;
            expect(contrast(p[a], p[b]), `${a} ${p[a]} / ${b} ${p[b]}`).toBeGreaterThanOrEqual(3);
          }
      // done and running share the full bar; the others each have a shape of their own.
      expect(pairs).toBe(1);
      expect(new Set(CHUNK_STATES.map(key)).size).toBe(CHUNK_STATES.length - 1);
    });
  }
});
