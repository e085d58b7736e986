/**
 * Reading values from bytes, against the string tools: character counts and invalid UTF-8 of
 * random byte strings against TextDecoder; kinds and numbers of random numeric-looking values
 * against `classify` on the decoded string (which reads them with Number()).
 */
import { describe, expect, it } from 'vitest';
import { rng } from '../../../helpers/drive';
import { scanUtf8, scanned } from '../../../../../src/workflows/csv/summary/utf8-scan';
import { scanValue, scannedValue } from '../../../../../src/workflows/csv/summary/value-scan';
import { KIND_DECIMAL, classified, classify } from '../../../../../src/workflows/csv/value-kind';

const loose = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

describe('scanUtf8 counts what TextDecoder makes of the bytes', () => {
  it('random bytes biased to UTF-8 lead and continuation bytes', () => {
    const r = rng(1);
    const pool = [
      0x41, 0x80, 0xbf, 0xc2, 0xc0, 0xdf, 0xe0, 0xa0, 0xed, 0x9f, 0xef, 0xf0, 0x90, 0xf4, 0x8f,
      0xf5, 0xff,
    ];
    for (let t = 0; t < 20_000; t++) {
      const b = Uint8Array.from({ length: 1 + Math.floor(r() * 9) }, () =>
        r() < 0.8 ? pool[Math.floor(r() * pool.length)] : Math.floor(r() * 256),
      );
      const s = loose.decode(b);
      scanUtf8(b, 0, b.length);
      expect(scanned.chars, `${Array.from(b)}`).toBe([...s].length);
      expect(scanned.invalid > 0, `${Array.from(b)}`).toBe(s.includes('\uFFFD'));
    }
  });
});

describe('scanValue reads kinds and numbers as classify does from strings', () => {
  it('random numeric-looking, date-looking and boolean-looking values', () => {
    const r = rng(2);
    const alphabet = '0123456789012345678901234567890.-+eE :T Z';
    const words = [
      'true',
      'FALSE',
      'Yes',
      'no',
      'nope',
      'tru',
      '2024-02-29',
      '2023-02-29',
      '2024-13-01',
      '2024-01-01T23:59:60Z',
      '2024-01-01 24:00',
      '2024-01-01T12:30:15.5+05:30',
      '2024-01-01t01:02+0100',
      '2024-01-01T01:02:03,25z',
    ];
    for (let t = 0; t < 50_000; t++) {
      let v = '';
      if (r() < 0.2) v = words[Math.floor(r() * words.length)];
      else
        for (let k = 1 + Math.floor(r() * 22); k > 0; k--)
          v += alphabet[Math.floor(r() * alphabet.length)];
      if (r() < 0.1) v = ` ${v}\t`;
      if (v.trim() === '') continue;
      const b = new TextEncoder().encode(v);
      const kinds = scanValue(b, 0, b.length);
      expect(kinds, JSON.stringify(v)).toBe(classify(v));
      if (kinds & KIND_DECIMAL)
        expect(Object.is(scannedValue.number, classified.number), JSON.stringify(v)).toBe(true);
    }
  });
});
