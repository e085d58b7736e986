import { describe, expect, it } from 'vitest';
import { neighbourOf } from '../../../src/ui/focus';

describe('neighbourOf', () => {
  it('is the next run, or the one before for the last, or none when alone', () => {
    expect(neighbourOf('b', ['a', 'b', 'c'])).toBe('c');
    expect(neighbourOf('c', ['a', 'b', 'c'])).toBe('b');
    expect(neighbourOf('a', ['a'])).toBeUndefined();
    expect(neighbourOf('x', ['a', 'b'])).toBeUndefined();
  });
});
