import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { likePattern, prefixQuery } from '../../src/content/query-text.ts';

describe('typed text for queries', () => {
  it('makes the last word a prefix and keeps only letters and digits', () => {
    expect(prefixQuery('the state mach')).toBe('the & state & mach:*');
    expect(prefixQuery("H.2.4 'x' & | !")).toBe('h & 2 & 4 & x:*');
    expect(prefixQuery('  ')).toBeNull();
    expect(prefixQuery('Kropótkin')).toBe('kropótkin:*');
  });

  it('never lets tsquery operators or quotes through (property)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const q = prefixQuery(s);
        if (q !== null) expect(q).toMatch(/^[\p{L}\p{N}]+(?: & [\p{L}\p{N}]+)*:\*$/u);
      }),
    );
  });

  it('escapes LIKE wildcards', () => {
    expect(likePattern('50%_off\\')).toBe('%50\\%\\_off\\\\%');
  });
});
