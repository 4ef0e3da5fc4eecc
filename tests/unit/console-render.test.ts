import { describe, expect, it } from 'vitest';
import { plain, relative, type MarkupWorld } from '../../src/console/markup.ts';
import { renderMessage } from '../../src/console/render.ts';

const NOW = new Date('2026-12-02T19:00:00Z');
const at = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);
const world = (color = false): MarkupWorld => ({
  memberName: (id) => ({ '100000000000000004': 'bob' })[id],
  channelName: (id) => ({ '100000000000000002': 'general', '100000000000000100': 'debates' })[id],
  messageNumber: (id) => (id === '7' ? '7' : undefined),
  now: () => NOW,
  timeZone: 'Europe/London',
  color,
});

describe('console markup', () => {
  it('shows timestamps as local date-times with how far away they are', () => {
    const nine = at('2026-12-03T09:00:00Z');
    expect(plain(`<t:${nine}:F>`, world())).toBe('Thu 3 Dec 09:00 (in 14 h)');
    expect(plain(`<t:${nine}:R>`, world())).toBe('Thu 3 Dec 09:00 (in 14 h)');
    expect(plain(`<t:${nine}:t>`, world())).toBe('09:00');
    expect(plain(`<t:${nine}:d>`, world())).toBe('Thu 3 Dec');
    // Discord's "in 5 minutes (19:05)" and "date (in 14 h)" pairs say one moment once.
    const soon = at('2026-12-02T19:05:00Z');
    expect(plain(`closes <t:${soon}:R> (<t:${soon}:t>)`, world())).toBe('closes Wed 2 Dec 19:05 (in 5 min)');
    expect(plain(`<t:${nine}:F> (<t:${nine}:R>)`, world())).toBe('Thu 3 Dec 09:00 (in 14 h)');
    expect(plain(`<t:${at('2025-06-01T12:00:00Z')}:f>`, world())).toBe('Sun 1 Jun 2025 13:00 (18 months ago)');
    expect(relative(new Date(NOW.getTime() - 3 * 86400_000), NOW)).toBe('3 days ago');
  });

  it('names members and channels, and turns Discord links into message numbers', () => {
    const w = world();
    expect(plain('<@100000000000000004> and <@!100000000000000009> in <#100000000000000100>', w)).toBe('@bob and @someone in #debates');
    expect(plain('needs the <@&100000000000000555> role', w)).toBe('needs the @role role');
    expect(plain('see https://discord.com/channels/100000000000000001/100000000000000002/7.', w)).toBe('see message 7 in #general.');
    expect(plain('[jump](https://discord.com/channels/1/100000000000000002/7)', w)).toBe('jump');
    expect(plain('[An Anarchist FAQ](https://example.org/faq)', w)).toBe('An Anarchist FAQ (https://example.org/faq)');
  });

  it('turns Markdown into plain text, or into ANSI styling on a terminal', () => {
    const text = '**Key points**\n-# small print\n*look for: state*\n`H.1.4` and snake_case_name and 2 * 3 * 4\n\\*not bold\\*';
    expect(plain(text, world())).toBe('Key points\nsmall print\nlook for: state\nH.1.4 and snake_case_name and 2 * 3 * 4\n*not bold*');
    const styled = plain(text, world(true));
    expect(styled).toContain('\x1b[1mKey points\x1b[22m');
    expect(styled).toContain('\x1b[2msmall print\x1b[22m');
    expect(styled).toContain('\x1b[3mlook for: state\x1b[23m');
  });

  it('numbers buttons by message, and renders the embeds through the markup', () => {
    const text = renderMessage(
      {
        embeds: [{ title: '**Rebut this**', description: `Closes <t:${at('2026-12-02T19:05:00Z')}:R>`, footer: { text: 'footer' } }],
        components: [
          {
            type: 1,
            components: [
              { type: 2, style: 1, custom_id: 'drill:submit:1', label: 'Submit rebuttal' },
              { type: 2, style: 2, custom_id: 'x:y', label: 'Other', disabled: true },
            ],
          },
        ],
      },
      { number: '4', world: world() },
    );
    expect(text).toBe('┌─ Rebut this\n│ Closes Wed 2 Dec 19:05 (in 5 min)\n└─ footer\n[4.1] Submit rebuttal   [4.2] Other (unavailable)');
  });
});
