/**
 * "Expected hash": hex in any case, a sha256sum line and SRI strings, checked against digests
 * made by Node's crypto and the *sum tools, never by the code under test.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { base64ToHex, checkExpected, digestsOf } from '../../../src/app/expected-hash';

const data = Buffer.from('Waymark checks what you paste.\n');
const hex = (alg: string) => createHash(alg).update(data).digest('hex');
const b64 = (alg: string) => createHash(alg).update(data).digest('base64');
const sha256 = { algorithm: 'SHA-256', hex: hex('sha256') };
const sha512 = { algorithm: 'SHA-512', hex: hex('sha512') };
const md5 = { algorithm: 'MD5', hex: hex('md5') };

const dir = mkdtempSync(join(tmpdir(), 'waymark-expected-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('base64ToHex', () => {
  it('decodes what Node encodes, padded or not, standard or URL-safe', () => {
    for (let n = 0; n < 70; n++) {
      const bytes = createHash('sha512').update(String(n)).digest().subarray(0, n);
      const want = bytes.toString('hex');
      expect(base64ToHex(bytes.toString('base64'))).toBe(want);
      expect(base64ToHex(bytes.toString('base64url'))).toBe(want);
    }
  });

  it('refuses what is not base64', () => {
    expect(base64ToHex('abc$')).toBeUndefined();
    expect(base64ToHex('a')).toBeUndefined();
  });
});

describe('checkExpected', () => {
  it('says nothing while nothing is typed', () => {
    expect(checkExpected('', [sha256])).toBeUndefined();
    expect(checkExpected('   ', [sha256])).toBeUndefined();
  });

  it('matches hex in any case with spaces around it, and mismatches one digit off', () => {
    expect(checkExpected(`  ${sha256.hex.toUpperCase()}\n`, [sha256])).toEqual({
      expected: sha256.hex,
      match: true,
      algorithm: 'SHA-256',
    });
    const off = sha256.hex.slice(0, -1) + (sha256.hex.endsWith('0') ? '1' : '0');
    expect(checkExpected(off, [sha256])).toEqual({ expected: off, match: false });
  });

  it('reads the digest of a sha256sum line (text and binary mode)', () => {
    const file = join(dir, 'some file.txt');
    writeFileSync(file, data);
    const line = execFileSync('sha256sum', [file]).toString();
    expect(checkExpected(line, [sha256])?.match).toBe(true);
    const binary = execFileSync('sha256sum', ['-b', file]).toString();
    expect(checkExpected(binary, [sha256])?.match).toBe(true);
  });

  it('converts SRI strings, picking the run’s algorithm among several', () => {
    expect(checkExpected(`sha256-${b64('sha256')}`, [sha256])).toMatchObject({
      expected: sha256.hex,
      match: true,
    });
    const attr = `sha384-${b64('sha384')} sha512-${b64('sha512')}?ct=application/x`;
    expect(checkExpected(attr, [sha512])).toMatchObject({ expected: sha512.hex, match: true });
    expect(checkExpected(`sha512-${b64('sha256')}`, [sha512])?.match).toBe(false);
  });

  it('says when an SRI hash is of another algorithm', () => {
    const c = checkExpected(`sha384-${b64('sha384')}`, [sha256]);
    expect(c?.match).toBe(false);
    expect(c?.note).toBe('This is a SHA-384 hash; this run computed SHA-256.');
  });

  it('says when the length cannot match, naming what has that length', () => {
    const c = checkExpected(hex('sha1'), [sha256]);
    expect(c?.match).toBe(false);
    expect(c?.note).toBe(
      'This has 40 hex digits (the length of SHA-1); SHA-256 has 64: it cannot match.',
    );
  });

  it('says when the text is no digest at all', () => {
    const c = checkExpected('not a hash', [sha256]);
    expect(c).toMatchObject({ match: false, expected: 'not a hash' });
    expect(c?.note).toMatch(/not a hex digest/);
  });

  it('matches any of several digests and names it', () => {
    expect(checkExpected(md5.hex, [sha256, md5, sha512])).toEqual({
      expected: md5.hex,
      match: true,
      algorithm: 'MD5',
    });
  });
});

describe('digestsOf', () => {
  it('reads both result shapes and nothing else', () => {
    expect(digestsOf(sha256)).toEqual([sha256]);
    expect(digestsOf({ digests: [sha256, md5] })).toEqual([sha256, md5]);
    expect(digestsOf({ rows: 3 })).toEqual([]);
    expect(digestsOf(undefined)).toEqual([]);
  });
});
