/**
 * Count: bytes, lines, words and characters exactly as GNU `wc -c -l -w -m` in C.UTF-8
 * (coreutils 9.1, glibc 2.36), plus the number of invalid UTF-8 sequences.
 *
 * What wc counts, checked against the real wc:
 * - lines: `\n` bytes (a last line without one is not counted);
 * - chars: sequences glibc decodes (it accepts forms up to U+7FFFFFFF, see glibc-utf8.ts);
 *   invalid bytes are skipped one by one and not counted;
 * - words: runs of printable non-space characters. \t \n \v \f \r, space, the iswspace
 *   characters and U+00A0 U+2007 U+202F U+2060 separate; non-printable characters (controls,
 *   unassigned code points, U+2028) and invalid bytes neither separate nor start a word, so
 *   `a\xffb` is one word and `\x01` alone is none.
 * `invalid` counts maximal subparts (one per U+FFFD a standard decoder would show).
 */
import { defineWorkflow, type MapStep } from '../../engine/workflow';
import { plural } from '../shared/format';
import { type CountPartial, emptyPartial, finalTally, joinPartials, summarize } from './segment';

/** Count has no options. */
export type CountParams = Record<string, never>;

export interface CountResult {
  bytes: number;
  lines: number;
  words: number;
  chars: number;
  invalid: number;
}

const countStep: MapStep<CountParams, CountPartial, CountResult> = {
  kind: 'map',
  id: 'count',
  map: (bytes) => summarize(bytes),
  combine: (a, b) => joinPartials(a, b),
  empty: () => emptyPartial(),
  finish: (combined) => {
    const t = finalTally(combined);
    return { bytes: t.bytes, lines: t.lines, words: t.words, chars: t.chars, invalid: t.invalid };
  },
};

export const countWorkflow = defineWorkflow<CountParams, CountResult>({
  id: 'count',
  version: 1,
  label: 'Count',
  description: 'Lines, words, characters and bytes, as wc counts them.',
  group: 'Analyse',
  order: 20,
  params: { defaults: {} },
  steps: [countStep],
  resultView: 'count',
  summarize: (r) =>
    `${plural(r.lines, 'line')}, ${plural(r.words, 'word')}, ${plural(r.chars, 'character')}, ` +
    `${plural(r.bytes, 'byte')}` +
    (r.invalid > 0 ? `, ${plural(r.invalid, 'invalid UTF-8 sequence')}` : '') +
    (r.bytes === 0 ? ' (empty file)' : ''),
});
