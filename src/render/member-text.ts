/**
 * A member's text reposted under the bot's name (drill answers in the public results) must not carry a
 * live masked link: `[harmless](https://evil)` would show "harmless" as a link under Riposte's
 * name. Masked links become `harmless (https://evil)`, so the target is always visible, and any other
 * square bracket is escaped, so no link syntax survives to be rendered.
 */

// [label](url) or [label](<url> "title"); the label has no brackets (nested ones unwrap from the inside).
const MASKED_LINK = /\[([^[\]]*)\]\(\s*<?([^\s()<>]+)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g;

/** Bounds the unwrapping of nested masked links, so hostile input cannot loop for long. */
const MAX_PASSES = 8;

export function memberText(text: string): string {
  let out = text;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const next = out.replace(MASKED_LINK, (_m, label: string, url: string) => `${label.trim() ? `${label.trim()} ` : ''}(${url})`);
    if (next === out) break;
    out = next;
  }
  // Whatever brackets are left (a half-written link, nesting past MAX_PASSES) are shown, not parsed.
  return out.replace(/(?<!\\)([[\]])/g, '\\$1');
}
