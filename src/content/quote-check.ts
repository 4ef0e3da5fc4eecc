/**
 * Checks that pack quotes occur verbatim in their source text.
 *
 * The only normalisation is:
 *  - Markdown emphasis markers (`*`, hence also `**`) are removed from the source, because they are
 *    formatting, not part of the quoted words;
 *  - runs of whitespace (spaces, tabs, newlines) are collapsed to one space, in the source and in each quote
 *    (and each quote is trimmed).
 * Everything else (curly vs straight quotes, ellipses, bracketed insertions, punctuation) must match exactly.
 */

function collapseWhitespace(s: string): string {
  return s.replace(/\s+/g, ' ');
}

/** The source as quotes are matched against: emphasis markers removed, whitespace collapsed. */
export function normalizeQuoteSource(sourceText: string): string {
  return collapseWhitespace(sourceText.replace(/\*/g, ''));
}

/** Returns the texts of the quotes that do not occur in `sourceText` (see the module comment for the rules). */
export function findUnquotedQuotes(quotes: readonly { text: string }[], sourceText: string): string[] {
  const source = normalizeQuoteSource(sourceText);
  const missing: string[] = [];
  for (const quote of quotes) {
    const needle = collapseWhitespace(quote.text).trim();
    if (needle.length === 0 || !source.includes(needle)) missing.push(quote.text);
  }
  return missing;
}
