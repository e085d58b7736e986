/**
 * Completed runs of every task with results of the real shapes, for the preview (and its
 * screenshots). Deterministic: no clock, no randomness.
 */
import { checkExpected, digestsOf } from '../app/expected-hash';
import { RunResult } from '../app/run-result';
import type { RunView } from '../app/types';
import { builtinWorkflows } from '../workflows';

const MiB = 1024 * 1024;

type Make = (
  p: Partial<RunView> & { id: string; name: string; status: RunView['status'] },
) => RunView;

function resultOf(workflowId: string, value: unknown, params: Record<string, unknown> = {}) {
  const w = builtinWorkflows.find((x) => x.id === workflowId);
  const h = w?.highlight;
  return new RunResult(
    w?.resultView,
    value,
    params,
    h ? (text) => h.call(w, text, params) : undefined,
  );
}

function searchLines(n: number) {
  const out = [];
  let offset = 0;
  for (let i = 0; i < n; i++) {
    const line = 3 + i * 7;
    const text =
      i === 1
        ? 'markup <img src=x onerror=alert(1)> ERROR end'
        : i % 5 === 0
          ? `2024-03-0${(i % 9) + 1}T10:${String(i % 60).padStart(2, '0')} error: disk full on /dev/sda${i % 4} (retry ${i % 3}) — Error again`
          : `2024-03-01T09:00 worker ${i} ERROR timeout after ${i % 97} ms`;
    out.push({ line, offset, text });
    offset += 64 + (i % 13);
  }
  return out;
}

const bins = (lo: number, hi: number, counts: number[]) =>
  counts.map((count, i) => ({
    lo: lo + ((hi - lo) * i) / counts.length,
    hi: lo + ((hi - lo) * (i + 1)) / counts.length,
    count,
  }));

const csvResult = {
  rows: 415_263,
  delimiter: ',',
  raggedRows: 0,
  firstRaggedRow: null,
  columns: [
    {
      name: 'id',
      count: 415_263,
      empty: 0,
      nullShare: 0,
      type: 'integer',
      typeShare: 1,
      min: 1,
      max: 415_263,
      mean: 207_632,
      stddev: 119_876.2,
      distinct: 414_980,
      distinctEstimated: true,
      quantiles: {
        p1: 4153,
        p5: 20764,
        p25: 103_816,
        p50: 207_632,
        p75: 311_447,
        p95: 394_500,
        p99: 411_110,
      },
      quantilesRankError: 0.01,
      histogram: {
        unit: 'number',
        bins: bins(1, 415_263, Array(20).fill(20_763)),
        estimated: true,
      },
      top: [],
      topEstimated: true,
      nearlyUnique: true,
      minLength: 1,
      maxLength: 6,
      meanLength: 5.7,
      invalidUtf8: 0,
    },
    {
      name: 'city',
      count: 415_263,
      empty: 1_204,
      nullShare: 0.0029,
      type: 'string',
      typeShare: 1,
      min: 'Aachen',
      max: 'Zürich',
      mean: null,
      stddev: null,
      distinct: 12_730,
      distinctEstimated: true,
      quantiles: null,
      quantilesRankError: 0,
      histogram: null,
      top: [
        { value: 'Berlin', count: 40_112, countLow: 39_990, countHigh: 40_112 },
        { value: 'München', count: 22_871, countLow: 22_750, countHigh: 22_871 },
        { value: 'Köln', count: 18_006, countLow: 17_884, countHigh: 18_006 },
      ],
      topEstimated: true,
      nearlyUnique: false,
      minLength: 3,
      maxLength: 28,
      meanLength: 7.9,
      invalidUtf8: 0,
    },
    {
      name: 'price',
      count: 415_263,
      empty: 20_511,
      nullShare: 0.0494,
      type: 'decimal',
      typeShare: 0.998,
      min: 0.5,
      max: 1999.99,
      mean: 48.213,
      stddev: 61.07,
      distinct: 9_412,
      distinctEstimated: false,
      quantiles: { p1: 0.99, p5: 2.49, p25: 9.99, p50: 24.9, p75: 59, p95: 149, p99: 399 },
      quantilesRankError: 0,
      histogram: {
        unit: 'number',
        bins: bins(
          0.5,
          1999.99,
          [
            9120, 6200, 4100, 2900, 1800, 1200, 800, 600, 420, 300, 220, 160, 120, 90, 70, 50, 40,
            30, 20, 10,
          ],
        ),
        estimated: false,
      },
      top: [
        { value: '9.99', count: 18_233 },
        { value: '19.99', count: 11_020 },
        { value: '4.99', count: 9_871 },
      ],
      topEstimated: false,
      nearlyUnique: false,
      minLength: 3,
      maxLength: 7,
      meanLength: 4.6,
      invalidUtf8: 0,
    },
    {
      name: 'active',
      count: 415_263,
      empty: 0,
      nullShare: 0,
      type: 'boolean',
      typeShare: 1,
      min: 'false',
      max: 'true',
      mean: null,
      stddev: null,
      distinct: 2,
      distinctEstimated: false,
      quantiles: null,
      quantilesRankError: 0,
      histogram: null,
      top: [
        { value: 'true', count: 301_002 },
        { value: 'false', count: 114_261 },
      ],
      topEstimated: false,
      nearlyUnique: false,
      minLength: 4,
      maxLength: 5,
      meanLength: 4.3,
      invalidUtf8: 0,
    },
    {
      name: 'day',
      count: 415_263,
      empty: 88,
      nullShare: 0.0002,
      type: 'date',
      typeShare: 0.97,
      min: '2019-01-01',
      max: '2024-06-30',
      mean: null,
      stddev: null,
      distinct: 2_008,
      distinctEstimated: false,
      quantiles: null,
      quantilesRankError: 0,
      histogram: {
        unit: 'year',
        bins: ['2019', '2020', '2021', '2022', '2023', '2024'].map((y, i) => ({
          lo: y,
          hi: y,
          count: [50_000, 61_000, 70_000, 82_000, 99_000, 53_175][i],
        })),
        estimated: false,
      },
      top: [
        { value: '2023-12-24', count: 1_410 },
        { value: '2023-12-23', count: 1_377 },
      ],
      topEstimated: false,
      nearlyUnique: false,
      minLength: 10,
      maxLength: 10,
      meanLength: 10,
      invalidUtf8: 0,
    },
    {
      name: 'note <b>html</b>',
      count: 415_263,
      empty: 390_001,
      nullShare: 0.9392,
      type: 'string',
      typeShare: 1,
      min: '"quoted"',
      max: '😀 smile',
      mean: null,
      stddev: null,
      distinct: 311,
      distinctEstimated: false,
      quantiles: null,
      quantilesRankError: 0,
      histogram: null,
      top: [
        { value: 'n/a', count: 20_001 },
        { value: '<script>x</script>', count: 12 },
      ],
      topEstimated: false,
      nearlyUnique: false,
      minLength: 1,
      maxLength: 120,
      meanLength: 14.2,
      invalidUtf8: 3,
    },
  ],
};

/** The completed runs, one per result view; `make` fills a RunView's other fields. */
export function resultRuns(make: Make, now: number): RunView[] {
  const done = (
    id: string,
    name: string,
    workflowId: string,
    taskLabel: string,
    size: number,
    value: unknown,
    summary: string,
    extra: Partial<RunView> = {},
  ): RunView =>
    make({
      id,
      name,
      status: 'completed',
      workflowId,
      taskLabel,
      totalBytes: size,
      bytesDone: size,
      percent: 100,
      summary,
      result: resultOf(workflowId, value, extra.params),
      duration: { ms: 3_240, bytesPerSecond: (size / 3_240) * 1000 },
      createdAt: now - 11 * 60_000,
      ...extra,
    });
  const sha = {
    algorithm: 'SHA-256',
    hex: 'a3f1c9e0b7d24f6e8c1a5b9d3e7f2c4a6b8d0e2f4a6c8e0b2d4f6a8c0e2b4d6f',
  };
  const multi = {
    digests: [
      sha,
      { algorithm: 'MD5', hex: '9e107d9d372bb6826bd81d3542a419d6' },
      { algorithm: 'SHA-1', hex: '2fd4e1c67a2d28fced849ee1bb76e7391b93eb12' },
    ],
  };
  const search = {
    matches: 12_480,
    matchingLines: 11_873,
    lines: searchLines(10_000),
    truncated: true,
  };
  return [
    done(
      'r-sha',
      'ubuntu-24.04.iso',
      'sha256',
      'SHA-256',
      5.8 * 1024 * MiB,
      sha,
      `SHA-256 ${sha.hex}`,
      {
        expected: sha.hex.toUpperCase(),
        hashCheck: checkExpected(sha.hex.toUpperCase(), [sha]),
      },
    ),
    done(
      'r-multi',
      'release.tar.xz',
      'multi-hash',
      'Several digests',
      96 * MiB,
      multi,
      multi.digests.map((d) => `${d.algorithm} ${d.hex}`).join('; '),
      {
        params: { algorithms: ['SHA-256', 'MD5', 'SHA-1'] },
        expected: 'deadbeef',
        hashCheck: checkExpected('deadbeef', multi.digests),
      },
    ),
    done(
      'r-csv',
      'orders.csv',
      'csv-profile',
      'CSV profile',
      61 * MiB,
      csvResult,
      '415,263 rows × 6 columns, comma-separated',
    ),
    done(
      'r-search',
      'access.log',
      'search',
      'Search',
      2.1 * 1024 * MiB,
      search,
      '12,480 matches of “error” on 11,873 lines (the first 10,000 are listed)',
      { params: { pattern: 'error', regex: false, ignoreCase: true, lineCap: 10_000 } },
    ),
    done(
      'r-gzip2',
      'backup.sql',
      'gzip',
      'Gzip',
      300 * MiB,
      {
        inputBytes: 300 * MiB,
        outputBytes: 43_201_118,
        sha256OfOutput: '5d41402abc4b2a76b9719d911017c592ae3b6f0e2c4d1a9b8c7e6f5a4b3c2d1e',
      },
      '300 MiB → 41.2 MiB (13.7%)',
      { hasOutputFile: true },
    ),
    done(
      'r-count',
      'novel.txt',
      'count',
      'Count',
      1_234_567,
      { bytes: 1_234_567, lines: 20_480, words: 201_113, chars: 1_199_020, invalid: 2 },
      '20,480 lines, 201,113 words, 1,199,020 characters, 1,234,567 bytes, 2 invalid UTF-8 sequences',
    ),
    done(
      'r-inspect',
      'mystery.bin',
      'inspect',
      'Inspect',
      48_213,
      {
        bytes: 48_213,
        type: 'text',
        mime: 'text/plain',
        text: true,
        encoding: 'utf-8',
        bom: true,
        lines: 1_022,
        lineEndings: { lf: 1_000, crlf: 21, cr: 0, verdict: 'mixed' },
        longestLine: { bytes: 311, line: 88 },
        nul: { count: 0, first: null },
        invalidUtf8: { count: 1, first: 40_117 },
      },
      'UTF-8 (with BOM) text, 1,022 lines, mixed line endings, longest line 311 bytes',
    ),
  ].map((r) => ({
    ...r,
    hashCheck: r.hashCheck ?? checkExpected(r.expected, digestsOf(r.result?.value)),
  }));
}
