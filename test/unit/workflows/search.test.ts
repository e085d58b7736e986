import { afterAll, describe, expect, it } from 'vitest';
import { WaymarkError } from '../../../src/engine/errors';
import {
  MAX_LINE_TEXT,
  type SearchParams,
  type SearchResult,
  searchWorkflow,
} from '../../../src/workflows';
import { driveWorkflow, resolveParams } from '../helpers/drive';
import {
  CHUNK_SIZES,
  KiB,
  concatBytes,
  spliceAtBoundaries,
  tempDir,
  textFixture,
  utf8,
} from './support/fixtures';
import { grep } from './support/reference';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

async function search(
  bytes: Uint8Array,
  params: Partial<SearchParams>,
  chunkSize: number,
  combine: 'ordered' | 'random-tree' = 'ordered',
): Promise<SearchResult> {
  return (
    await driveWorkflow(searchWorkflow, bytes, params, { chunkSize, combine, seed: chunkSize })
  ).result;
}

/** grep's answer in the workflow's shape (texts cut like the workflow cuts them). */
function expected(
  path: string,
  p: Pick<SearchParams, 'pattern' | 'regex' | 'ignoreCase'>,
): SearchResult {
  const g = grep(path, p);
  return {
    matches: g.matches,
    matchingLines: g.matchingLines,
    lines: g.lines.map((l) => {
      if (l.text.length <= MAX_LINE_TEXT) return l;
      const c = l.text.charCodeAt(MAX_LINE_TEXT - 1);
      const cut = c >= 0xd800 && c <= 0xdbff ? MAX_LINE_TEXT - 1 : MAX_LINE_TEXT;
      return { ...l, text: l.text.slice(0, cut), textTruncated: true as const };
    }),
    truncated: false,
  };
}

const PATTERNS: Pick<SearchParams, 'pattern' | 'regex' | 'ignoreCase'>[] = [
  { pattern: 'the', regex: false, ignoreCase: false },
  { pattern: 'THE', regex: false, ignoreCase: true },
  { pattern: 'e', regex: false, ignoreCase: false },
  { pattern: 'the dog', regex: false, ignoreCase: false },
  { pattern: 'Kiss', regex: false, ignoreCase: true },
  { pattern: 'ÉCOLE', regex: false, ignoreCase: true },
  { pattern: 'aa', regex: false, ignoreCase: false },
  { pattern: 'é', regex: false, ignoreCase: false },
  { pattern: '😀', regex: false, ignoreCase: false },
  { pattern: 'école', regex: false, ignoreCase: true },
  { pattern: 'dog\r', regex: false, ignoreCase: false },
  { pattern: '[0-9]+', regex: true, ignoreCase: false },
  { pattern: '^the', regex: true, ignoreCase: false },
  { pattern: 'dog$', regex: true, ignoreCase: false },
  { pattern: 'qu(i|a)ck +brown', regex: true, ignoreCase: true },
  { pattern: 'x*', regex: true, ignoreCase: false },
  { pattern: '(fox|dog) (jumps|over)', regex: true, ignoreCase: false },
];

const mixed = spliceAtBoundaries(textFixture(21, 400 * KiB), [1000, 1024, 4096, 4097]);
const fixtures: [string, Uint8Array][] = [
  ['empty', new Uint8Array(0)],
  ['no final newline', utf8('the dog\nthe end')],
  ['only a newline', utf8('\n')],
  ['CRLF', utf8('the dog\r\n\r\nthe cat\r\nno\r\n')],
  ['BOM', utf8('\ufeffthe first line\nthe second\n')],
  [
    'invalid UTF-8',
    concatBytes([
      utf8('the\xff'),
      new Uint8Array([0xff, 0xe2, 0x82]),
      utf8(' dog the\n'),
      new Uint8Array([0xc3]),
      utf8('the'),
    ]),
  ],
  ['long lines', utf8(`${'the fox '.repeat(3000)}\nshort the\n${'x'.repeat(9000)}the\n`)],
  ['mixed', mixed],
];

describe('Search matches GNU grep', () => {
  it.each(fixtures)('%s: every pattern, small chunks', async (name, bytes) => {
    const path = tmp.write(`${name.replace(/\W+/g, '-')}.txt`, bytes);
    for (const p of PATTERNS) {
      const want = expected(path, p);
      for (const cs of bytes.length > 10_000 ? [999, 4097] : [1, 3, 1000]) {
        expect(
          await search(bytes, { ...p, lineCap: 1_000_000 }, cs),
          `${p.pattern} chunk ${cs}`,
        ).toEqual(want);
      }
    }
  });

  it('gives identical results for every chunk size', async () => {
    const path = tmp.write('mixed-sweep.txt', mixed);
    for (const p of [PATTERNS[0], PATTERNS[1], PATTERNS[11]]) {
      const want = expected(path, p);
      expect(want.matchingLines).toBeGreaterThan(100);
      for (const cs of CHUNK_SIZES)
        expect(await search(mixed, { ...p, lineCap: 1_000_000 }, cs), `chunk ${cs}`).toEqual(want);
    }
  });

  it('gives the same result when chunk results combine in any order of association', async () => {
    const want = await search(mixed, { pattern: 'the', lineCap: 50 }, 1024);
    expect(await search(mixed, { pattern: 'the', lineCap: 50 }, 1024, 'random-tree')).toEqual(want);
  });

  it('keeps the first lineCap lines but counts all', async () => {
    const path = tmp.write('cap.txt', mixed);
    const all = expected(path, PATTERNS[0]);
    const capped = await search(mixed, { pattern: 'the', lineCap: 25 }, 1000);
    expect(capped).toEqual({ ...all, lines: all.lines.slice(0, 25), truncated: true });
    expect(await search(mixed, { pattern: 'the', lineCap: 0 }, 4096)).toEqual({
      ...all,
      lines: [],
      truncated: true,
    });
  });

  it('reads lines longer than a chunk once, from the chunk where they start', async () => {
    const bytes = utf8(`a\n${'y'.repeat(10_000)}needle${'z'.repeat(10_000)}\nneedle`);
    const r = await search(bytes, { pattern: 'needle' }, 1000);
    expect(r.matches).toBe(2);
    expect(r.lines.map((l) => [l.line, l.offset])).toEqual([
      [2, 2],
      [3, 20_009],
    ]);
    expect(r.lines[0].textTruncated).toBe(true);
    expect(r.lines[0].text.length).toBe(MAX_LINE_TEXT);
  });
});

describe('Search parameters', () => {
  const code = (params: Partial<SearchParams>): string | undefined => {
    try {
      resolveParams(searchWorkflow, params);
      return undefined;
    } catch (e) {
      return e instanceof WaymarkError ? e.code : 'not a WaymarkError';
    }
  };

  it('refuses an empty pattern and an invalid regular expression before start', () => {
    expect(code({ pattern: '' })).toBe('invalid-regex');
    expect(code({ pattern: '', regex: true })).toBe('invalid-regex');
    expect(code({ pattern: '(unclosed', regex: true })).toBe('invalid-regex');
    expect(code({ pattern: '[z-a]', regex: true })).toBe('invalid-regex');
    expect(code({ pattern: '(unclosed', regex: false })).toBeUndefined();
    expect(code({ pattern: 'a\nb' })).toBe('invalid-params');
    expect(code({ pattern: 'a', lineCap: -1 })).toBe('invalid-params');
    expect(code({ pattern: 'a', lineCap: 1.5 })).toBe('invalid-params');
  });

  it('accepts legacy escapes that the u flag refuses', async () => {
    expect(code({ pattern: '\\d+\\-\\d+', regex: true })).toBeUndefined();
    const r = await search(utf8('tel 12-34\n'), { pattern: '\\d+\\-\\d+', regex: true }, 4);
    expect(r.matches).toBe(1);
  });

  it('puts the message in the error detail', () => {
    // Fails when nothing throws, not only when the wrong thing does.
    const validate = () => resolveParams(searchWorkflow, { pattern: '(', regex: true });
    expect(validate).toThrow(WaymarkError);
    expect(validate).toThrow(/^The regular expression is not valid: .+/);
    expect(code({ pattern: '(', regex: true })).toBe('invalid-regex');
  });

  it('summarizes counts', () => {
    const summary = searchWorkflow.summarize?.(
      { matches: 3, matchingLines: 2, lines: [], truncated: true },
      { pattern: 'x', regex: false, ignoreCase: false, lineCap: 0 },
    );
    expect(summary).toBe('3 matches of “x” on 2 lines (the first 0 are listed)');
  });
});
