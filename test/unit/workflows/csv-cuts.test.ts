/**
 * Chunk boundaries anywhere in tricky records: every chunk size from 1 byte to the whole file
 * (so every byte is some chunk's first, every chunk guessing its start), must read as Python's
 * csv module reads the file whole — the records themselves (parser) and the profile (rows,
 * fields, counts, empties, min/max, distinct).
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { CsvParams, CsvProfileResult, QuoteOption } from '../../../src/workflows';
import { csvProfileWorkflow } from '../../../src/workflows';
import {
  INCOMPLETE,
  PLAIN,
  RecordFields,
  scanRecord,
  unquote,
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

async function profile(
  bytes: Uint8Array,
  quote: QuoteOption | undefined,
  chunkSize: number,
): Promise<{ result: CsvProfileResult; redone: number[] }> {
  const params: Partial<CsvParams> = quote ? { quote } : {};
  const out = await driveWorkflow(csvProfileWorkflow, bytes, params, {
    chunkSize,
    emptyChunkForEmptyInput: true,
  });
  return { result: out.result, redone: out.redone };
}

/**
 * The records scanRecord reads from the file, decoded (the BOM skipped): first from the bytes
 * before `cut` alone, as a chunk reads up to the end of its window, not knowing what follows;
 * from the record that runs past the cut (INCOMPLETE) on, from the whole file, as the chunk reads
 * again with a longer window. Nothing but the record's start is carried from one read to the
 * next, so an unfinished quote must leave the record INCOMPLETE, never end it.
 */
function scanAll(
  bytes: Uint8Array,
  delimiter: string,
  quote: string,
  cut = bytes.length,
): string[][] {
  const d = {
    delimiter: delimiter.charCodeAt(0),
    quote: quote === 'none' ? -1 : quote.charCodeAt(0),
  };
  const dec = new TextDecoder('utf-8', { ignoreBOM: true });
  const rec = new RecordFields();
  const out: string[][] = [];
  const scratch = new Uint8Array(bytes.length);
  let p = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let buf = bytes.subarray(0, cut);
  while (p < bytes.length) {
    const atEof = buf.length === bytes.length;
    const next = p < buf.length ? scanRecord(buf, p, atEof, d, rec) : INCOMPLETE;
    if (next === INCOMPLETE) {
      expect(atEof, 'INCOMPLETE only before the end of the input').toBe(false);
      buf = bytes;
      continue;
    }
    if (!rec.blank) {
      const fields: string[] = [];
      for (let k = 0; k < rec.count; k++) {
        const [s, e] = [rec.starts[k], rec.ends[k]];
        fields.push(
          rec.kinds[k] === PLAIN
            ? dec.decode(buf.subarray(s, e))
            : dec.decode(scratch.subarray(0, unquote(buf, s, e, d.quote, scratch))),
        );
      }
      out.push(fields);
    }
    p = next;
  }
  return out;
}

describe('CSV chunk boundaries anywhere, against Python csv', () => {
  it.each(corpus)(
    '%s: every chunk size gives the profile of the whole',
    async (name, bytes, quote) => {
      const whole = (await profile(bytes, quote, bytes.length + 1)).result;
      const path = tmp.write(`${name.replace(/\W+/g, '-')}.csv`, bytes);
      checkAgainstPython(path, whole, quote ?? '"', name);
      for (let size = 1; size <= bytes.length; size++)
        expect((await profile(bytes, quote, size)).result, `${name}: chunks of ${size}`).toEqual(
          whole,
        );
    },
  );

  it.each(corpus)("%s: the records are Python's", async (name, bytes, quote) => {
    const path = tmp.write(`${name.replace(/\W+/g, '-')}-records.csv`, bytes);
    const delimiter = (await profile(bytes, quote, bytes.length + 1)).result.delimiter;
    const expected = pythonCsvRecords(path, delimiter, quote ?? '"');
    expect(scanAll(bytes, delimiter, quote ?? '"'), name).toEqual(expected);
  });

  it.each(corpus)(
    "%s: read in two pieces cut anywhere, the records are Python's",
    async (name, bytes, quote) => {
      const path = tmp.write(`${name.replace(/\W+/g, '-')}-pieces.csv`, bytes);
      const delimiter = (await profile(bytes, quote, bytes.length + 1)).result.delimiter;
      const expected = pythonCsvRecords(path, delimiter, quote ?? '"');
      for (let cut = 0; cut <= bytes.length; cut++)
        expect(scanAll(bytes, delimiter, quote ?? '"', cut), `${name}: cut at ${cut}`).toEqual(
          expected,
        );
    },
  );
});
