/** Inspect's one-line "Result" summary for each kind of verdict. */
import { describe, expect, it } from 'vitest';
import { inspectWorkflow } from '../../../src/workflows/inspect';
import { driveWorkflow } from '../helpers/drive';
import { utf8 } from './support/fixtures';

async function summary(bytes: Uint8Array): Promise<string | undefined> {
  const { result } = await driveWorkflow(inspectWorkflow, bytes, {}, { chunkSize: 3 });
  return inspectWorkflow.summarize?.(result, {});
}

const bytes = (...b: number[]): Uint8Array => new Uint8Array(b);

describe('Inspect summary', () => {
  it.each([
    [
      'ASCII, LF',
      utf8('one\ntwo\nthree\n'),
      'ASCII text, 3 lines, LF line endings, longest line 5 bytes',
    ],
    [
      'UTF-8 with BOM, CRLF, one line',
      utf8('\ufeffcafé\r\n'),
      'UTF-8 (with BOM) text, 1 line, CRLF line endings, longest line 8 bytes',
    ],
    [
      'mixed endings',
      utf8('a\nb\r\nc\rd\n'),
      'ASCII text, 4 lines, mixed line endings (2 LF, 1 CRLF, 1 CR), longest line 1 byte',
    ],
    [
      'no line ending',
      utf8('x'.repeat(1234)),
      'ASCII text, 1 line, no line endings, longest line 1,234 bytes',
    ],
    [
      'Latin-1',
      bytes(0x63, 0x61, 0x66, 0xe9, 0x0a),
      'ISO-8859-1/Windows-1252 text, 1 line, LF line endings, longest line 4 bytes',
    ],
    [
      'UTF-16LE by its NUL pattern',
      bytes(0x68, 0, 0x69, 0, 0x0a, 0),
      'UTF-16LE text, 2 lines, LF line endings, longest line 4 bytes',
    ],
    ['binary data', bytes(1, 2, 3, 0, 0xff), 'Data (application/octet-stream), binary'],
    [
      'a PNG',
      bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d),
      'PNG image (image/png), binary',
    ],
    [
      'a text format',
      utf8('<?xml version="1.0"?>\n<a/>\n'),
      'XML document (text/xml), ASCII text, 2 lines, LF line endings, longest line 21 bytes',
    ],
  ])('%s', async (_, input, want) => {
    expect(await summary(input)).toBe(want);
  });
});
