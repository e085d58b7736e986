/**
 * Fields and records over their limits: a stray quote makes the rest of the file one quoted
 * field; the run must stop with a coded error naming the row (as Python's csv counts it) and the
 * byte of the quote, whatever the chunk size (the chunk with the quote guesses its start, fails,
 * and is redone from its exact start to say so). A binary file is refused as not CSV, and
 * invalid UTF-8 is counted in its column.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { isRetryable } from '../../../src/engine/errors';
import { FIELD_LIMIT, MAX_FIELDS, RECORD_LIMIT, csvProfileWorkflow } from '../../../src/workflows';
import type { CsvParams, CsvProfileResult } from '../../../src/workflows';
import { WaymarkError } from '../../../src/engine/errors';
import { driveWorkflow } from '../helpers/drive';
import { checkAgainstPython } from './support/csv-check';
import { KiB, MiB, concatBytes, tempDir, utf8 } from './support/fixtures';
import { pythonCsvRecords } from './support/reference';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** Rows of valid CSV with multibyte text and, if asked, invalid UTF-8 in a field. */
function rows(from: number, count: number, invalid = false): Uint8Array {
  const parts: Uint8Array[] = [];
  for (let i = from; i < from + count; i++) {
    parts.push(utf8(`${i},"é ${i}, ""q""",😀${i}\r\n`));
    if (invalid && i % 97 === 0) parts.push(new Uint8Array([0xff, 0xe2, 0x82, 0x2c, 0x31, 0x0a]));
  }
  return concatBytes(parts);
}

/** A CSV whose row `strayRow` has a stray quote (at the returned byte), then `tail` more bytes. */
function strayQuoteFile(before: number, tail: number): { bytes: Uint8Array; quoteAt: number } {
  const head = concatBytes([
    new Uint8Array([0xef, 0xbb, 0xbf]),
    utf8('id,name,note\n'),
    rows(1, before, true),
    utf8(`${before + 1},`),
  ]);
  const rest: Uint8Array[] = [utf8('"5 inch disk, stray\n')];
  let n = rest[0].length;
  for (let i = before + 2; n < tail; i += 1000) {
    // No quote in the tail: the stray one never closes.
    const chunk = utf8(Array.from({ length: 1000 }, (_, k) => `${i + k},plain ${k},x\n`).join(''));
    rest.push(chunk);
    n += chunk.length;
  }
  return { bytes: concatBytes([head, ...rest]), quoteAt: head.length };
}

const small = 64 * KiB;

/** The profile, or the coded error it stopped with. */
async function runMap(
  bytes: Uint8Array,
  chunkSize: number,
  params: Partial<CsvParams> = {},
): Promise<{ result?: CsvProfileResult; error?: WaymarkError }> {
  try {
    return {
      result: (await driveWorkflow(csvProfileWorkflow, bytes, params, { chunkSize })).result,
    };
  } catch (e) {
    if (e instanceof WaymarkError) return { error: e };
    throw e;
  }
}

describe('CSV fields over the limit', () => {
  it.each([
    ['in the first chunk, 64 KiB chunks', 40, small, 6 * MiB],
    ['far into the file, 64 KiB chunks', 5000, small, 6 * MiB],
    ['far into the file, 4 MiB chunks', 5000, 4 * MiB, 6 * MiB],
    ['in the first chunk, 4 MiB chunks', 40, 4 * MiB, 6 * MiB],
    // The field's limit, not the record's, stops a read that has not reached the end of the
    // file: past RECORD_LIMIT it would be a "record too large" naming neither quote nor remedy.
    ['with twice RECORD_LIMIT after it, 4 MiB chunks', 40, 4 * MiB, 2 * RECORD_LIMIT],
  ])(
    'a stray quote %s stops the run at the limit, naming its row and byte',
    async (_, before, size, tail) => {
      const { bytes, quoteAt } = strayQuoteFile(before, tail);
      expect(bytes[quoteAt]).toBe(0x22);
      // Python reads the stray field to the end: its last record is the row with the quote.
      const records = pythonCsvRecords(tmp.write(`stray-${before}.csv`, bytes), ',');
      const row = records.length - 1;
      expect(records[row][1].length).toBeGreaterThan(FIELD_LIMIT);

      const r = await runMap(bytes, size);
      expect(r.result).toBeUndefined();
      expect(r.error?.code).toBe('csv-field-too-large');
      expect(r.error?.details).toMatchObject({ row: `row ${row}`, offset: String(quoteAt) });
      expect(r.error?.message).toContain(`byte ${quoteAt} (row ${row})`);
      expect(r.error?.message).toContain('"Quote character" to None');
      expect(r.error && isRetryable(r.error)).toBe(false);
    },
  );

  it('with "Quote character" None, the same file profiles as Python reads it without quoting', async () => {
    const { bytes } = strayQuoteFile(300, 2 * MiB);
    const path = tmp.write('stray-none.csv', bytes);
    const r = await runMap(bytes, small, { quote: 'none' });
    expect(r.error).toBeUndefined();
    checkAgainstPython(path, r.result!, 'none');
  });

  it('a stray quote in the header row says so', async () => {
    const bytes = utf8('id,"name\n' + '1,2\n'.repeat(300_000));
    const r = await runMap(bytes, small);
    expect(r.error?.details).toMatchObject({ row: 'the header row', offset: '3' });
  });

  it('a field exactly at the limit is read; one character more is refused', async () => {
    // The field's bytes, its quotes included: a quote, the é's, two quotes, xx, a quote.
    const field = 'é'.repeat((FIELD_LIMIT - 6) / 2);
    const ok = utf8(`h,i\n1,"${field}""xx"\n`);
    const r = await runMap(ok, small);
    expect(r.error).toBeUndefined();
    const records = pythonCsvRecords(tmp.write('at-limit.csv', ok), ',');
    expect(r.result?.rows).toBe(records.length - 1);
    expect(r.result?.columns[1].maxLength).toBe([...records[1][1]].length);
    const over = utf8(`h,i\n1,"${field}""xxx"\n`);
    expect((await runMap(over, small)).error?.details).toMatchObject({
      row: 'row 1',
      offset: '6',
    });
  });

  it('a file with no line break stops as a record too large: one long field, or too many fields', async () => {
    const long = concatBytes([utf8('a,b\n1,'), new Uint8Array(2 * FIELD_LIMIT).fill(0x78)]);
    const r = await runMap(long, small);
    expect(r.error?.code).toBe('csv-record-too-large');
    expect(r.error?.details).toMatchObject({ what: 'field', row: 'row 1', offset: '6' });
    // Text after a closing quote is no longer inside quotes: no stray quote to blame.
    const after = concatBytes([utf8('a,b\n1,"q"'), new Uint8Array(2 * FIELD_LIMIT).fill(0x78)]);
    expect((await runMap(after, small)).error?.details).toMatchObject({
      what: 'field',
      offset: '6',
    });

    // MAX_FIELDS + 1 fields.
    const many = utf8('a,b\n1' + ','.repeat(MAX_FIELDS));
    const m = await runMap(many, small);
    expect(m.error?.code).toBe('csv-record-too-large');
    expect(m.error?.details).toMatchObject({ what: 'record', row: 'row 1', offset: '4' });
    expect(m.error?.message).toContain('65,536 fields');
    // The same with non-empty fields (another path through the parser).
    const manyX = utf8('a,b\n1' + ',x'.repeat(MAX_FIELDS));
    expect((await runMap(manyX, small)).error?.details).toMatchObject({ what: 'record' });
    // Just under the limit is a record like any other.
    const fits = utf8('a,b\n1' + ','.repeat(MAX_FIELDS - 1) + '\n');
    const f = await runMap(fits, small);
    expect(f.error).toBeUndefined();
    checkAgainstPython(tmp.write('many-fields.csv', fits), f.result!);
    expect(f.result?.firstRaggedRow).toBe(1);

    // Seventeen fields of the largest size in one record: more bytes than a record holds.
    const x = 'x'.repeat(FIELD_LIMIT);
    const wide = utf8('a,b\n' + Array.from({ length: 17 }, () => x).join(','));
    const w = await runMap(wide, 4 * MiB);
    expect(w.error?.code).toBe('csv-record-too-large');
    expect(w.error?.details).toMatchObject({ what: 'record', row: 'row 1', offset: '4' });
  });

  it('an engine-style run gives the same error whatever the chunk size', async () => {
    const { bytes, quoteAt } = strayQuoteFile(200, 2 * MiB);
    const row = pythonCsvRecords(tmp.write('stray-engine.csv', bytes), ',').length - 1;
    for (const chunkSize of [1000, 64 * KiB, 4 * MiB]) {
      const run = driveWorkflow(csvProfileWorkflow, bytes, {}, { chunkSize, seed: chunkSize });
      await expect(run, `chunk ${chunkSize}`).rejects.toMatchObject({
        code: 'csv-field-too-large',
        details: { offset: String(quoteAt), row: `row ${row}` },
      });
    }
  });

  it('a binary file is refused as not CSV, whatever the chunk size', async () => {
    const random = new Uint8Array(300 * KiB);
    let x = 7;
    for (let i = 0; i < random.length; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      random[i] = x >>> 24;
    }
    // A gzipped CSV, as a user might pick by mistake.
    const gz = new Uint8Array(gzipSync(rows(1, 3000)));
    for (const [bytes, chunkSize] of [
      [random, small],
      [random, 4 * MiB],
      [gz, KiB],
    ] as const) {
      const r = await runMap(bytes, chunkSize);
      expect(r.error?.code, `chunks of ${chunkSize}`).toBe('csv-not-text');
      expect(r.error && isRetryable(r.error)).toBe(false);
    }
  });

  it('counts values with invalid UTF-8 in their column, as Python decodes them with errors=replace', async () => {
    const bytes = rows(1, 20_000, true);
    const withHeader = concatBytes([utf8('id,name,emoji\r\n'), bytes]);
    const path = tmp.write('invalid.csv', withHeader);
    const records = pythonCsvRecords(path, ',').slice(1);
    for (const chunkSize of [small, 4 * MiB]) {
      const r = await runMap(withHeader, chunkSize);
      expect(r.error).toBeUndefined();
      checkAgainstPython(path, r.result!);
      r.result!.columns.forEach((c, i) => {
        // No real U+FFFD in the file: each one Python shows stands for invalid bytes.
        const want = records.filter((rec) => i < rec.length && rec[i].includes('\ufffd')).length;
        expect(c.invalidUtf8, `column ${c.name}`).toBe(want);
      });
    }
  });
});
