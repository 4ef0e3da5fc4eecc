import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { normalizeCode, quoteSlug } from './codes.ts';
import { keyPointWarnings } from './key-point-lint.ts';
import { packSchema, type PackInput, type RebuttalInput } from './pack-schema.ts';

/** One finding, at its path in the file: `claims[3].rebuttals[0].refs[1]`. */
export interface PackProblem {
  path: (string | number)[];
  message: string;
}

export interface CheckOptions {
  /** Also look for key points that one common word could make (pack authors' check; import skips it). */
  warnings?: boolean;
}

export type PackCheck = { ok: true; pack: PackInput; warnings: PackProblem[] } | { ok: false; errors: string[] };

/** `claims[3].rebuttals[0].refs[1]`: the path style every pack error uses. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  }
  return out || '(file)';
}

function zodErrors(error: z.ZodError): string[] {
  return error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
}

/** Parses YAML (a superset of JSON) and checks it completely, collecting every error rather than the first. */
export function checkPackText(text: string, opts: CheckOptions = {}): PackCheck {
  let raw: unknown;
  try {
    raw = parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (err) {
    return { ok: false, errors: [`(file): not valid YAML: ${(err as Error).message.split('\n')[0]}`] };
  }
  return checkPack(raw, opts);
}

export function checkPack(raw: unknown, opts: CheckOptions = {}): PackCheck {
  const parsed = packSchema.safeParse(raw, {
    error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined),
  });
  if (!parsed.success) return { ok: false, errors: zodErrors(parsed.error) };
  const pack = parsed.data;
  const errors = crossCheck(pack);
  if (errors.length) return { ok: false, errors };
  return { ok: true, pack, warnings: opts.warnings ? keyPointWarnings(pack) : [] };
}

/** What one record alone cannot know: that every slug is unique and every topic and reference exists. */
function crossCheck(pack: PackInput): string[] {
  const errors: string[] = [];
  const topics = new Set<string>();
  pack.topics.forEach((t, i) => {
    if (topics.has(t.slug)) errors.push(`topics[${i}].slug: duplicate topic "${t.slug}"`);
    topics.add(t.slug);
  });
  const refs = new Set<string>();
  pack.references.forEach((r, i) => {
    const code = normalizeCode(r.code);
    if (refs.has(code)) errors.push(`references[${i}].code: duplicate reference "${r.code}"`);
    refs.add(code);
  });
  const checkTopics = (list: string[], at: string) =>
    list.forEach((t, i) => {
      if (!topics.has(t)) errors.push(`${at}.topics[${i}]: unknown topic "${t}"`);
    });
  const checkRefs = (list: string[], at: string) =>
    list.forEach((r, i) => {
      if (!refs.has(normalizeCode(r))) errors.push(`${at}.refs[${i}]: unknown reference "${r}"`);
    });

  const claimSlugs = new Set<string>();
  const rebuttalSlugs = new Set<string>();
  const walkRebuttals = (list: RebuttalInput[], at: string) =>
    list.forEach((r, i) => {
      const here = `${at}.rebuttals[${i}]`;
      if (rebuttalSlugs.has(r.slug)) errors.push(`${here}.slug: duplicate rebuttal "${r.slug}"`);
      rebuttalSlugs.add(r.slug);
      checkRefs(r.refs, here);
      walkRebuttals(r.rebuttals, here);
    });
  pack.claims.forEach((c, i) => {
    const here = `claims[${i}]`;
    if (claimSlugs.has(c.slug)) errors.push(`${here}.slug: duplicate claim "${c.slug}"`);
    claimSlugs.add(c.slug);
    checkTopics(c.topics, here);
    checkRefs(c.refs, here);
    walkRebuttals(c.rebuttals, here);
  });

  const quoteSlugs = new Set<string>();
  pack.quotes.forEach((q, i) => {
    const here = `quotes[${i}]`;
    const s = q.slug ?? quoteSlug(q.speaker, q.text);
    if (quoteSlugs.has(s)) errors.push(`${here}: duplicate quote "${s}" (same slug, or same speaker and text)`);
    quoteSlugs.add(s);
    checkTopics(q.topics, here);
    checkRefs(q.refs, here);
  });
  return errors;
}
