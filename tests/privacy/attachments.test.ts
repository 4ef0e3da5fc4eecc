import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ConsoleResponder, type ConsoleScreen, type Post } from '../../src/console/responder.ts';

it('the console saves an attachment owner-only and says where, instead of showing its bytes', async () => {
  const shown: Post[] = [];
  const screen: ConsoleScreen = {
    show: (m) => String(shown.push(m)),
    replace: () => {},
    thinking: () => {},
    modal: () => {},
  };
  const dir = join(mkdtempSync(join(tmpdir(), 'riposte-att-')), 'files');
  await new ConsoleResponder(screen, undefined, dir).reply({
    content: 'Your data',
    files: [{ name: '../escape.json', data: '{"a":1}' }],
    ephemeral: true,
  });
  const path = join(dir, 'escape.json');
  expect(readFileSync(path, 'utf8')).toBe('{"a":1}');
  expect(statSync(path).mode & 0o777).toBe(0o600);
  expect(shown[0]).toEqual({ content: `Your data\nAttachment escape.json saved to ${path}` });
});
