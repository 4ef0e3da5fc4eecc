/**
 * Checks a content pack against its source text.
 *
 *   npx tsx packs/tools/check-pack.ts packs/<slug>.yaml <source.txt>
 *
 * Parses the YAML, validates it with packSchema, checks cross-references (every topic and reference used
 * exists, every claim and quote has a topic, slugs are unique), checks that no text carries footnote
 * markers or link debris, and checks every quote occurs verbatim in the source (findUnquotedQuotes).
 * Also lists, as warnings, the key points one common word or only stop words would make (as `pack validate`).
 * Prints counts and every problem; exits 1 when there is a problem.
 *
 * Page layout: in some corpus texts a block of footnotes was printed in the middle of a paragraph, so a
 * quotation can be interrupted by footnotes. A quote not found in the source as given is retried against
 * the source with its footnote paragraphs (lines starting with a superscript number) removed; a quote found
 * only that way is reported as a note, not a problem.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { packSchema, type PackInput, type RebuttalInput } from '../../src/content/pack-schema.ts';
import { keyPointWarnings } from '../../src/content/key-point-lint.ts';
import { findUnquotedQuotes } from '../../src/content/quote-check.ts';
import { formatPath } from '../../src/content/validate-pack.ts';

const FOOTNOTE_LINE = /^[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s/u;
const DEBRIS = /[¹²³⁴⁵⁶⁷⁸⁹⁰]|\]\(#\)|\*/u;

/** The source with footnote paragraphs removed, so that text interrupted by them joins up again. */
function withoutFootnoteParagraphs(source: string): string {
  return source
    .split(/\n/)
    .filter((line) => !FOOTNOTE_LINE.test(line.trim()))
    .join('\n');
}

function main(): number {
  const [packPath, sourcePath] = process.argv.slice(2);
  if (!packPath || !sourcePath) {
    console.error('usage: tsx packs/tools/check-pack.ts <pack.yaml> <source.txt>');
    return 2;
  }
  const problems: string[] = [];
  const warnings: string[] = [];
  const notes: string[] = [];

  let raw: unknown;
  try {
    raw = parse(readFileSync(packPath, 'utf8'), { prettyErrors: true, uniqueKeys: true });
  } catch (err) {
    console.error(`YAML error: ${(err as Error).message}`);
    return 1;
  }
  const parsed = packSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`schema: ${issue.path.join('.')}: ${issue.message}`);
    report(problems, warnings, notes);
    return 1;
  }
  const pack: PackInput = parsed.data;
  const source = readFileSync(sourcePath, 'utf8');

  // Uniqueness.
  const dupes = (label: string, values: string[]) => {
    const seen = new Set<string>();
    for (const v of values) {
      if (seen.has(v)) problems.push(`duplicate ${label}: ${v}`);
      seen.add(v);
    }
    return seen;
  };
  const topicSlugs = dupes(
    'topic slug',
    pack.topics.map((t) => t.slug),
  );
  const refCodes = dupes(
    'reference code',
    pack.references.map((r) => r.code),
  );
  dupes(
    'claim slug',
    pack.claims.map((c) => c.slug),
  );
  dupes(
    'quote slug',
    pack.quotes.flatMap((q) => (q.slug ? [q.slug] : [])),
  );
  dupes(
    'synonym term',
    pack.synonyms.flat().map((s) => s.toLowerCase()),
  );
  const quoteTexts = new Set<string>();
  for (const q of pack.quotes) {
    if (quoteTexts.has(q.text)) warnings.push(`quote text appears twice: ${q.text}`);
    quoteTexts.add(q.text);
  }

  // Walk claims and (nested) rebuttals.
  const usedTopics = new Set<string>();
  const usedRefs = new Set<string>();
  const rebuttalSlugs: string[] = [];
  let rebuttalCount = 0;
  let keyPointCount = 0;
  const checkRefs = (where: string, refs: string[]) => {
    for (const r of refs) {
      usedRefs.add(r);
      if (!refCodes.has(r)) problems.push(`${where}: unknown reference "${r}"`);
    }
  };
  const checkTopics = (where: string, topics: string[]) => {
    if (topics.length === 0) problems.push(`${where}: has no topic`);
    for (const t of topics) {
      usedTopics.add(t);
      if (!topicSlugs.has(t)) problems.push(`${where}: unknown topic "${t}"`);
    }
  };
  const checkText = (where: string, text: string) => {
    if (DEBRIS.test(text)) problems.push(`${where}: contains a footnote marker, link debris or emphasis marker`);
  };
  const walkRebuttals = (where: string, rebuttals: RebuttalInput[]) => {
    for (const r of rebuttals) {
      const here = `${where} > rebuttal ${r.slug}`;
      rebuttalCount++;
      rebuttalSlugs.push(r.slug);
      checkText(here, r.text);
      checkRefs(here, r.refs);
      for (const k of r.keyPoints) {
        keyPointCount++;
        checkText(`${here} key point`, k.text);
      }
      walkRebuttals(here, r.rebuttals);
    }
  };
  for (const c of pack.claims) {
    const here = `claim ${c.slug}`;
    checkText(here, c.text);
    checkTopics(here, c.topics);
    checkRefs(here, c.refs);
    if (c.rebuttals.length === 0) warnings.push(`${here}: has no rebuttal`);
    walkRebuttals(here, c.rebuttals);
  }
  dupes('rebuttal slug', rebuttalSlugs);
  pack.quotes.forEach((q, i) => {
    const here = `quote ${q.slug ?? i + 1} (${q.speaker})`;
    checkTopics(here, q.topics);
    checkRefs(here, q.refs);
    if (/[*]/.test(q.text)) problems.push(`${here}: contains an emphasis marker`);
  });
  for (const w of keyPointWarnings(pack)) warnings.push(`${formatPath(w.path)}: ${w.message}`);
  for (const t of topicSlugs) if (!usedTopics.has(t)) warnings.push(`topic "${t}" is not used`);
  for (const r of refCodes) if (!usedRefs.has(r)) warnings.push(`reference "${r}" is not cited`);

  // Quotes against the source.
  const missing = findUnquotedQuotes(pack.quotes, source);
  if (missing.length > 0) {
    const stillMissing = new Set(
      findUnquotedQuotes(
        missing.map((text) => ({ text })),
        withoutFootnoteParagraphs(source),
      ),
    );
    for (const text of missing) {
      if (stillMissing.has(text)) problems.push(`quote not found in source: ${text}`);
      else notes.push(`quote found only after removing footnote paragraphs that interrupt it: ${text}`);
    }
  }

  console.log(`pack ${pack.slug} v${pack.version}: ${pack.title}`);
  console.log(
    [
      `claims: ${pack.claims.length}`,
      `rebuttals: ${rebuttalCount}`,
      `key points: ${keyPointCount}`,
      `quotes: ${pack.quotes.length}`,
      `references: ${pack.references.length}`,
      `topics: ${pack.topics.length}`,
      `synonym groups: ${pack.synonyms.length}`,
    ].join(', '),
  );
  report(problems, warnings, notes);
  return problems.length > 0 ? 1 : 0;
}

function report(problems: string[], warnings: string[], notes: string[]): void {
  for (const n of notes) console.log(`note: ${n}`);
  for (const w of warnings) console.log(`warning: ${w}`);
  for (const p of problems) console.log(`PROBLEM: ${p}`);
  console.log(problems.length === 0 ? 'OK: no problems' : `${problems.length} problem(s)`);
}

process.exitCode = main();
