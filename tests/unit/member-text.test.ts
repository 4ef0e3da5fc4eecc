import { describe, expect, it } from 'vitest';
import { memberText } from '../../src/render/member-text.ts';

const MASKED = /\[[^\]]*\]\([^)]*\)/;

describe('member text reposted by the bot', () => {
  it('shows the target of a masked link instead of hiding it', () => {
    expect(memberText('see [x](http://evil)')).toBe('see x (http://evil)');
    expect(memberText('[click](<https://evil.example/a> "title") now')).toBe('click (https://evil.example/a) now');
  });

  it('unwraps nested and repeated masked links and escapes every bracket left over', () => {
    const out = memberText('[[a](http://one)](http://two) and [b](http://three)');
    expect(out).toBe('a (http://one) (http://two) and b (http://three)');
    expect(memberText('[half](http://x')).toBe('\\[half\\](http://x');
    expect(memberText('[]([](x)')).toBe('\\[\\]((x)');
  });

  it('leaves ordinary text alone', () => {
    expect(memberText('Anarchists oppose capitalism (see H.2.4).')).toBe('Anarchists oppose capitalism (see H.2.4).');
  });

  it('never leaves a masked link in any mix of brackets and parentheses', () => {
    const parts = ['[', ']', '(', ')', 'http://e', 'x', ' ', '<', '>', '\\', '"'];
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 3000; i++) {
      const s = Array.from({ length: 1 + Math.floor(rand() * 20) }, () => parts[Math.floor(rand() * parts.length)]).join('');
      const out = memberText(s);
      // An unescaped [ … ]( … ) is what Discord would render as a masked link.
      expect(out.replace(/\\[[\]]/g, ''), s).not.toMatch(MASKED);
    }
  });
});
