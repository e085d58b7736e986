import { describe, expect, it } from 'vitest';
import { compileRegExp, validateSearchParams } from '../../../src/workflows/search/params';

const params = (pattern: string) => ({ pattern, regex: true, ignoreCase: false, lineCap: 10 });

describe('search regular expressions as grep users expect them', () => {
  it('lets . match \\r, U+2028 and U+2029 inside a line, as grep does (CRLF files)', () => {
    expect(compileRegExp('a.$', false).test('data\r')).toBe(true);
    expect('a\rb a\u2028b a\u2029b'.match(compileRegExp('a.b', false))).toHaveLength(3);
  });

  it('refuses grep syntax that JavaScript would read differently, with a message saying what to write', () => {
    expect(() => validateSearchParams(params('x[[:space:]]y'))).toThrow(/POSIX classes.*use \\s/);
    expect(() => validateSearchParams(params('a{,2}'))).toThrow(/\{0,n\}/);
    expect(validateSearchParams(params('a{0,2}')).pattern).toBe('a{0,2}');
    expect(validateSearchParams(params('[[]')).pattern).toBe('[[]');
  });
});
