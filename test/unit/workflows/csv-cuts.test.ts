/**
 * The CSV state carried between pieces: tricky records cut at every position, and short ones at
 * every pair of positions, with a checkpoint (save → structured clone → load) at each cut, must
 * read as Python's csv module reads them whole — the records themselves (parser) and the
 * profile (rows, fields, counts, empties, min/max, distinct).
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { CsvParams, CsvProfileResult, QuoteOption } from '../../../src/workflows';
import { csvProfileWorkflow } from '../../../src/workflows';
import { byteOffsetOf } from '../../../src/workflows/csv/byte-offset';
import {
  type ParserState,
  finishParser,
  newParser,
  parseText,
} from '../../../src/workflows/csv/parser';
import { driveWorkflow } from '../helpers/drive';
import { checkAgainstPython } from './support/csv-check';
import { concatBytes, tempDir, utf8 } from './support/fixtures';
import { pythonCsvRecords } from './support/reference';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

type Case = [name: string, bytes: Uint8Array, quote?: QuoteOption];
const t = (name: string, text: string, quote?: QuoteOption): Case => [name, utf8(text), quote];

const corpus: Case[] = [
  t('a quoted empty field alone on a line', 'h\na\n""\nb\n'),
  t('quoted empty fields', 'a,b\n"",""\n,""\n"",\n'),
  t('doubled quotes', 'h,i\n"x""y",z\n"""",""""""\n"a""",b\n'),
  t('CRLF inside and outside quotes', 'a,b\r\n"1\r\n2",3\r\n"\r\n",\r\n'),
  t('lone CR inside and outside quotes', 'a,b\r"x\ry",2\r3,4\r"\r"\r'),
  t('LF CR and CR LF CR', 'a\n\r"b"\r\n\rc\r\r\n'),
  t('a BOM', '\ufeffa,b\n1,2\n'),
  t('a BOM-like character inside', '\ufeffname\n\ufeffx\n"\ufeff"\n'),
  t('a last record without a line break, ending in a quote', 'a,b\n1,"2"'),
  t('a last record ending inside a doubled quote', 'a\n"x"""'),
  t('delimiters inside quotes', 'a,b\n"x,y",z\n"p,""q""",r\n",",","\n'),
  t('quotes at the start and end', '"a"\n"b"\n""'),
  t('only quotes', 'h\n""""\n"""x"""\n""""""\n'),
  t('blank lines inside quotes', 'a;b\n"a;b";"c\n\nd"\n'),
  t('blank lines and empty quoted lines', 'h\n\n\n""\n\r\n\r\nx\n""'),
  t('text after a closing quote', 'a,b\n"x"y,z\n"p"",q"r\n'),
  t('a quote inside an unquoted field', 'a,b\nx"y,"z\nw"",v\n'),
  t('an unterminated quote', 'h,i\n"unterminated\nrow,2\n'),
  t('an unterminated quote after a doubled one', 'h\n"a""\nb'),
  t('multibyte characters', 'é,😀\n"é""😀",x\n€,"a\n😀"\n'),
  t('tab delimiter', 'a\tb\n"x\ty"\t2\n\t\n'),
  t('ragged rows', 'a,b\n1\n1,2,3\n"",\n'),
  t('empty file', ''),
  t('only a BOM', '\ufeff'),
  t('only line breaks', '\n\r\n\r'),
  t('single quote as the quote', "h,i\n'a,b',c\n'x''y',z\n'\n',\"\n", "'"),
  t('no quote character', 'h,i\n"a,b",c\n""\n"x\n', 'none'),
  [
    'invalid UTF-8 inside and outside quotes',
    concatBytes([
      utf8('h,i\n"'),
      new Uint8Array([0xe2, 0x82]),
      utf8('",'),
      new Uint8Array([0xff]),
      utf8('\n"x'),
      new Uint8Array([0xf0, 0x9f]),
      utf8('""",'),
      new Uint8Array([0xc3]),
    ]),
  ],
];

/** Pairs of cuts are tried for inputs up to this many bytes (n² runs). */
const PAIRS_UP_TO = 48;

async function profile(
  bytes: Uint8Array,
  quote: QuoteOption | undefined,
  cuts: number[],
  checkpointChance: number,
): Promise<CsvProfileResult> {
  const sizes = cuts.map((c, i) => c - (i ? cuts[i - 1] : 0)).concat(bytes.length + 1);
  const params: Partial<CsvParams> = quote ? { quote } : {};
  return (
    await driveWorkflow(csvProfileWorkflow, bytes, params, {
      chunkSize: bytes.length + 1,
      pieceSizes: sizes,
      checkpointChance,
    })
  ).result;
}

/** Records from the parser fed `text` in pieces, its state cloned (a checkpoint) at each cut. */
function parseInPieces(text: string, delimiter: string, quote: string, cuts: number[]): string[][] {
  const records: string[][] = [];
  let state: ParserState = newParser();
  const dialect = {
    delimiter: delimiter.charCodeAt(0),
    quote: quote === 'none' ? -1 : quote.charCodeAt(0),
  };
  let from = 0;
  for (const to of [...cuts, text.length]) {
    const piece = text.slice(from, to);
    parseText(state, piece, dialect, {
      emit: (r) => records.push(r),
      locate: (i) => byteOffsetOf(piece, utf8(piece), 0, i),
      tooLarge: () => {
        throw new Error('no field here is too large');
      },
    });
    state = structuredClone(state);
    from = to;
  }
  finishParser(state, (r) => records.push(r));
  return records;
}

function cutSets(n: number): number[][] {
  const sets: number[][] = [];
  for (let a = 1; a < n; a++) sets.push([a]);
  if (n <= PAIRS_UP_TO)
    for (let a = 1; a < n; a++) for (let b = a + 1; b < n; b++) sets.push([a, b]);
  return sets;
}

describe('CSV quote and line state carried between pieces, against Python csv', () => {
  it.each(corpus)(
    '%s: every cut of the bytes gives the profile of the whole',
    async (name, bytes, quote) => {
      const whole = await profile(bytes, quote, [], 0);
      const path = tmp.write(`${name.replace(/\W+/g, '-')}.csv`, bytes);
      checkAgainstPython(path, whole, quote ?? '"', name);
      for (const cuts of cutSets(bytes.length)) {
        for (const chance of [0, 1]) {
          expect(await profile(bytes, quote, cuts, chance), `${name}: cut at ${cuts}`).toEqual(
            whole,
          );
        }
      }
    },
  );

  it.each(corpus)(
    "%s: every cut of the text gives Python's records",
    async (name, bytes, quote) => {
      const path = tmp.write(`${name.replace(/\W+/g, '-')}-records.csv`, bytes);
      const delimiter = (await profile(bytes, quote, [], 0)).delimiter;
      const expected = pythonCsvRecords(path, delimiter, quote ?? '"');
      let text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      expect(parseInPieces(text, delimiter, quote ?? '"', []), `${name}: whole`).toEqual(expected);
      for (const cuts of cutSets(text.length))
        expect(
          parseInPieces(text, delimiter, quote ?? '"', cuts),
          `${name}: cut at ${cuts}`,
        ).toEqual(expected);
    },
  );
});
