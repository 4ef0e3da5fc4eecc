/**
 * Messages written for Discord send people to its autocomplete list ("pick one from the list",
 * "start typing"); the console has Tab completion instead. The console's edge rewords those hints
 * here. Only wording changes: no decision depends on it. tests/unit/console-wording.test.ts checks
 * that every Discord phrase below is still written somewhere in the code, so a reworded message
 * shows up as a failing test instead of a stale rule.
 */
export const CONSOLE_HINTS: readonly { discord: RegExp; console: string }[] = [
  { discord: /pick one from the list as you type/g, console: 'press Tab after the option name to see them' },
  { discord: /pick one from the list, e\.g\./g, console: 'press Tab to see them, e.g.' },
  { discord: /pick one from the list/g, console: 'press Tab after the option name to see them' },
  { discord: /Pick a claim from the list\./g, console: 'Give a claim number, or press Tab after id: to see them.' },
  { discord: /\(start typing to pick one\)/g, console: '(press Tab to see them)' },
  { discord: /Start typing to see the codes there are\./g, console: 'Press Tab after the option name to see the codes there are.' },
  { discord: /Pick a member of this server\./g, console: 'Name a member: @me, @bob or @carol.' },
];

/** A message as the console says it. */
export function consoleWording(text: string): string {
  return CONSOLE_HINTS.reduce((s, h) => s.replace(h.discord, h.console), text);
}
