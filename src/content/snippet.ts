/**
 * ts_headline returns a fragment; mark where it was cut so a reader doesn't take a half sentence
 * for the whole claim.
 */
export function withEllipses(snippet: string, fullText: string): string {
  const plain = snippet.replaceAll('**', '').trim();
  const full = fullText.trim();
  if (!plain || plain === full) return snippet;
  const at = full.indexOf(plain);
  const head = at > 0 ? '…' : '';
  const tail = at === -1 || at + plain.length < full.length ? '…' : '';
  return `${head}${snippet.trim()}${tail}`;
}
