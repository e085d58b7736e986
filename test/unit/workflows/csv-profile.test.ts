import { afterAll, describe, expect, it } from 'vitest';
import { WaymarkError } from '../../../src/engine/errors';
import { type CsvParams, type CsvProfileResult, csvProfileWorkflow } from '../../../src/workflows';
import { type DriveOptions, driveWorkflow, resolveParams } from '../helpers/drive';
import { type CsvFixtureOptions, csvFixture } from './support/csv-fixtures';
import { CHUNK_SIZES, KiB, tempDir, utf8 } from './support/fixtures';
import { checkAgainstPython as checkWithPython } from './support/csv-check';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** Mean and stddev merged in another order differ in the last bits (csv-parallel checks them). */
const withoutMoments = (r: CsvProfileResult): unknown => ({
  ...r,
  columns: r.columns.map(({ mean: _m, stddev: _s, ...c }) => c),
});

async function profile(
  bytes: Uint8Array,
  params: Partial<CsvParams>,
  options: DriveOptions,
): Promise<CsvProfileResult> {
  return (await driveWorkflow(csvProfileWorkflow, bytes, params, options)).result;
}

/** Compares with the Python csv-module reference: rows, ragged rows and per-column facts. */
function checkAgainstPython(name: string, bytes: Uint8Array, r: CsvProfileResult): void {
  checkWithPython(tmp.write(`${name}.csv`, bytes), r, '"', name);
}

const cases: [string, CsvFixtureOptions, string][] = [
  ['comma LF', { seed: 1, rows: 3000 }, ','],
  [
    'semicolon CRLF BOM ragged blank lines, no final newline',
    {
      seed: 2,
      rows: 2500,
      delimiter: ';',
      lineEnding: '\r\n',
      bom: true,
      ragged: 0.03,
      blankLines: 0.02,
      finalNewline: false,
    },
    ';',
  ],
  [
    'tab, mixed line endings, long fields',
    { seed: 3, rows: 800, delimiter: '\t', lineEnding: 'mixed', longFields: 0.05 },
    '\t',
  ],
  [
    'pipe with invalid UTF-8',
    { seed: 4, rows: 2000, delimiter: '|', invalidUtf8: true, ragged: 0.01 },
    '|',
  ],
  [
    'quoted line breaks and doubled quotes on chunk boundaries',
    {
      seed: 5,
      rows: 4000,
      boundaries: [1000, 2048, 3000, 4096, 8194, 12288, 16388, 20480, 65536, 131072, 4097 * 40],
    },
    ',',
  ],
];

describe('CSV profile matches Python csv', () => {
  it.each(cases)('%s', async (name, options, delimiter) => {
    const bytes = csvFixture(options);
    for (const b of options.boundaries ?? []) {
      // A quoted \n, \r\n or "" ends on the boundary's last byte, or a quoted \n starts the next chunk.
      const straddles = [10, 13, 34].includes(bytes[b - 1]) || bytes[b] === 10;
      expect(straddles, `quoted line break or quote at ${b}`).toBe(true);
    }
    const r = await profile(
      bytes,
      {},
      { chunkSize: 4 * KiB, pieceSizes: (rnd) => 1 + Math.floor(rnd() * 3000), seed: options.seed },
    );
    expect(r.delimiter, 'auto-detected delimiter').toBe(delimiter);
    checkAgainstPython(name.replace(/\W+/g, '-'), bytes, r);
    // Naming the delimiter gives the same profile as guessing it.
    expect(
      withoutMoments(
        await profile(
          bytes,
          { delimiter: delimiter as CsvParams['delimiter'] },
          { chunkSize: 64 * KiB },
        ),
      ),
    ).toEqual(withoutMoments(r));
  });

  it('switches to estimates past 10,000 distinct values, within 2%', async () => {
    const bytes = csvFixture({ seed: 6, rows: 30_000, uniqueColumn: true });
    const r = await profile(bytes, {}, { chunkSize: 64 * KiB });
    const uid = r.columns.find((c) => c.name === 'uid');
    expect(uid?.distinctEstimated).toBe(true);
    expect(uid?.topEstimated).toBe(true);
    const id = r.columns.find((c) => c.name === 'id');
    expect(id?.distinctEstimated).toBe(true);
    expect(r.columns.find((c) => c.name === 'code')?.distinctEstimated).toBe(false);
    checkAgainstPython('unique', bytes, r);
  });

  it('gives identical exact results for every chunk size (moments to the last bits)', async () => {
    const bytes = csvFixture({
      seed: 7,
      rows: 6000,
      ragged: 0.01,
      blankLines: 0.01,
      longFields: 0.01,
      boundaries: [1000, 4096, 8194, 65536],
    });
    const baseline = await profile(bytes, {}, { chunkSize: 8 * 1024 * KiB });
    // The baseline itself is Python's answer, so that agreeing with it means something.
    checkAgainstPython('every-chunk-size', bytes, baseline);
    for (const chunkSize of CHUNK_SIZES) {
      expect(
        withoutMoments(await profile(bytes, {}, { chunkSize, seed: chunkSize })),
        `chunk ${chunkSize}`,
      ).toEqual(withoutMoments(baseline));
    }
    expect(
      withoutMoments(await profile(bytes.subarray(0, 40 * KiB), {}, { chunkSize: 7 })),
    ).toEqual(
      withoutMoments(await profile(bytes.subarray(0, 40 * KiB), {}, { chunkSize: 1 << 20 })),
    );
  }, 300_000);
});

describe('CSV profile details', () => {
  const run = (
    text: string | Uint8Array,
    params: Partial<CsvParams> = {},
  ): Promise<CsvProfileResult> =>
    profile(typeof text === 'string' ? utf8(text) : text, params, {
      chunkSize: 2,
      pieceSizes: [1, 2],
    });

  it('profiles an empty file and a header-only file', async () => {
    expect(await run('')).toEqual({
      rows: 0,
      delimiter: ',',
      raggedRows: 0,
      firstRaggedRow: null,
      columns: [],
    });
    const h = await run('a;b\r\n');
    expect(h.rows).toBe(0);
    expect(h.delimiter).toBe(';');
    expect(h.columns.map((c) => [c.name, c.count, c.type, c.min, c.distinct])).toEqual([
      ['a', 0, 'string', null, 0],
      ['b', 0, 'string', null, 0],
    ]);
  });

  it('strips a BOM, even one cut by piece boundaries, and only at the start', async () => {
    const r = await run('\ufeffname\n\ufeffx\n');
    expect(r.columns[0].name).toBe('name');
    expect(r.columns[0].top).toEqual([{ value: '\ufeffx', count: 1 }]);
  });

  it('infers types with the share of values that fit', async () => {
    const rows = ['n,d,b,day,ts,s'];
    for (let i = 0; i < 19; i++)
      rows.push(
        `${i},${i}.5,${i % 2 ? 'true' : 'No'},2024-02-${String(10 + i)},2024-02-01T10:${String(10 + i)}:00Z,x${i}`,
      );
    rows.push('N/A,1e3,yes,2023-02-29,2024-02-01 10:00,');
    const r = await run(rows.join('\n'));
    expect(r.columns.map((c) => [c.name, c.type, c.typeShare])).toEqual([
      ['n', 'integer', 19 / 20],
      ['d', 'decimal', 1],
      ['b', 'boolean', 1],
      ['day', 'date', 19 / 20],
      ['ts', 'datetime', 1],
      ['s', 'string', 1],
    ]);
    const n = r.columns[0];
    expect([n.min, n.max, n.mean]).toEqual([0, 18, 9]);
    expect(n.stddev).toBeCloseTo(Math.sqrt(570 / 18), 10);
    expect(r.columns[1].max).toBe(1000);
    expect(r.columns[5].empty).toBe(1);
  });

  it('counts ragged rows and reports the first', async () => {
    const r = await run('a,b\n1,2\n3\n4,5,6\n7,8\n');
    expect([r.rows, r.raggedRows, r.firstRaggedRow]).toEqual([4, 2, 2]);
    expect(r.columns.map((c) => c.count)).toEqual([4, 3]);
  });

  it('orders text by code point and measures length in characters', async () => {
    const r = await run('s\n\uffff\n\u{1f600}\na\n');
    expect([r.columns[0].min, r.columns[0].max]).toEqual(['a', '\u{1f600}']);
    expect([r.columns[0].minLength, r.columns[0].maxLength]).toEqual([1, 1]);
  });

  it('guesses the delimiter from records, ignoring delimiters inside quotes', async () => {
    expect((await run('a|b|c\n"x,y,z"|2|3\n')).delimiter).toBe('|');
    expect((await run('a\tb\n1\t2\n')).delimiter).toBe('\t');
    expect((await run('single\ncolumn\n')).delimiter).toBe(',');
  });

  it('validates the delimiter and quote options', () => {
    expect(() =>
      resolveParams(csvProfileWorkflow, { delimiter: ':' as CsvParams['delimiter'] }),
    ).toThrow(WaymarkError);
    expect(() => resolveParams(csvProfileWorkflow, { quote: '`' as CsvParams['quote'] })).toThrow(
      WaymarkError,
    );
    expect(resolveParams(csvProfileWorkflow, {})).toEqual({ delimiter: 'auto', quote: '"' });
    // Runs begun before the quote option existed have none stored: they keep '"'.
    expect(resolveParams(csvProfileWorkflow, { quote: undefined })).toEqual({
      delimiter: 'auto',
      quote: '"',
    });
  });

  it('summarizes', () => {
    const r: CsvProfileResult = {
      rows: 2,
      delimiter: ';',
      raggedRows: 1,
      firstRaggedRow: 2,
      columns: [],
    };
    expect(csvProfileWorkflow.summarize?.(r, { delimiter: 'auto' })).toBe(
      '2 rows × 0 columns, semicolon-separated, 1 ragged row (first: row 2)',
    );
  });
});
