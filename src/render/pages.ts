/** How much text one page shows: well under the 4096 of an embed description, so pages stay readable. */
export const PAGE_CHARS = 2400;

/** Splits text into pieces of at most `max` characters, at a paragraph, line, sentence or word end when possible. */
export function splitText(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    const floor = Math.floor(max * 0.5);
    let cut = -1;
    for (const sep of ['\n\n', '\n', '. ', '; ', ', ', ' ']) {
      const at = window.lastIndexOf(sep);
      if (at >= floor) {
        cut = at + sep.trimEnd().length;
        break;
      }
    }
    if (cut <= 0) {
      cut = max;
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    }
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0 || out.length === 0) out.push(rest);
  return out;
}

/**
 * Flows blocks of text onto pages of at most `max` characters, blocks separated by a blank line.
 * A block that starts a `break` begins a new page; a block too long for any page is split, and its
 * continuation is marked so the reader knows where it came from.
 */
export function packPages(blocks: readonly { text: string; breakBefore?: boolean }[], max = PAGE_CHARS): string[] {
  const pages: string[] = [];
  let current = '';
  const flush = () => {
    if (current) pages.push(current);
    current = '';
  };
  for (const block of blocks) {
    if (block.breakBefore) flush();
    const joined = current ? `${current}\n\n${block.text}` : block.text;
    if (joined.length <= max) {
      current = joined;
      continue;
    }
    flush();
    if (block.text.length <= max) {
      current = block.text;
      continue;
    }
    const pieces = splitText(block.text, max - 20);
    pieces.forEach((piece, i) => {
      const text = i === 0 ? piece : `*(continued)*\n${piece}`;
      if (i < pieces.length - 1) pages.push(text);
      else current = text;
    });
  }
  flush();
  return pages.length > 0 ? pages : [''];
}
