import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { z } from 'zod';
import { normalizeCode, quoteSlug } from './codes.ts';
import { keyPointWarnings } from './key-point-lint.ts';
import { packData, parsePackYaml } from './pack-limits.ts';
import { packSchema, type PackInput } from './pack-schema.ts';

export type PackPath = (string | number)[];

/** One finding, at its path in the file (`claims[3].rebuttals[0].refs[1]`) and, from a file, its line and column. */
export interface PackProblem {
  path: PackPath;
  message: string;
  /** 1-based; absent when the pack was not read from text. */
  line?: number;
  col?: number;
  /** The lines of the file around a syntax error, with a caret under the column. */
  excerpt?: string;
}

export interface CheckOptions {
  /** Also look for key points that one common word could make (pack authors' check; import skips it). */
  warnings?: boolean;
}

export type PackCheck =
  | { ok: true; pack: PackInput; warnings: PackProblem[] }
  /** `errors` are `problems` as "path: message" lines, without positions. */
  | { ok: false; errors: string[]; problems: PackProblem[] };

/** `claims[3].rebuttals[0].refs[1]`: the path style every pack error uses. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  }
  return out || '(file)';
}

/** Orders by path, part by part (array indexes as numbers), so that a record's errors stay together. */
export function comparePaths(a: PackPath, b: PackPath): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return a.length - b.length;
}

const sortProblems = (list: PackProblem[]) => list.sort((a, b) => comparePaths(a.path, b.path));
const asLines = (list: PackProblem[]) => list.map((p) => `${formatPath(p.path)}: ${p.message}`);

/**
 * Parses YAML (a superset of JSON) and checks it completely: every syntax error, or else every schema
 * error and every cross-record error together, each with its line and column in the text.
 */
export function checkPackText(text: string, opts: CheckOptions = {}): PackCheck {
  const parsed = parsePackYaml(text);
  if (!parsed.ok) return fileProblem({ path: [], message: parsed.message, line: parsed.line, col: parsed.col });
  const { doc, lineCounter } = parsed;
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e): PackProblem => {
      const [first = '', ...rest] = e.message.split('\n');
      const excerpt = rest.join('\n').replace(/^\n+|\n+$/g, '');
      return {
        path: [],
        message: `not valid YAML: ${first.replace(/ at line \d+, column \d+:?$/, '')}`,
        ...(e.linePos ? { line: e.linePos[0].line, col: e.linePos[0].col } : {}),
        ...(excerpt ? { excerpt } : {}),
      };
    });
    return { ok: false, errors: asLines(problems), problems };
  }
  const data = packData(doc);
  if (!data.ok) return fileProblem({ path: [], message: data.message });
  const result = checkPack(data.data, opts);
  const locate = (p: PackProblem): PackProblem => ({ ...p, ...position(doc, lineCounter, p.path) });
  if (!result.ok) return { ...result, problems: result.problems.map(locate) };
  return { ...result, warnings: result.warnings.map(locate) };
}

/** A problem with the file as a whole (a limit passed, a bad encoding): the only one reported. */
export const fileProblem = (problem: PackProblem): PackCheck => ({ ok: false, errors: asLines([problem]), problems: [problem] });

export function checkPack(raw: unknown, opts: CheckOptions = {}): PackCheck {
  const parsed = packSchema.safeParse(raw, {
    error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined),
  });
  // Cross-record checks run on the raw data too, so that one run reports both kinds of error.
  const problems = sortProblems([...(parsed.success ? [] : zodProblems(parsed.error)), ...crossCheck(raw)]);
  if (!parsed.success || problems.length > 0) return { ok: false, errors: asLines(problems), problems };
  const warnings = opts.warnings ? sortProblems(keyPointWarnings(parsed.data)) : [];
  return { ok: true, pack: parsed.data, warnings };
}

function zodProblems(error: z.ZodError): PackProblem[] {
  return error.issues.flatMap((i): PackProblem[] => {
    const path = i.path.map((p) => (typeof p === 'number' ? p : String(p)));
    // One line per unknown field, pointing at the field itself.
    if (i.code === 'unrecognized_keys')
      return i.keys.map((k) => ({ path: [...path, k], message: 'is not a field here (misspelt, or in the wrong record?)' }));
    return [{ path, message: i.message }];
  });
}

/** The line and column of the node at `path`, or of its nearest ancestor in the file when it is absent. */
function position(doc: Document, lineCounter: LineCounter, path: PackPath): { line?: number; col?: number } {
  let node: unknown = doc.contents;
  let at: Node | null = doc.contents;
  for (const [i, part] of path.entries()) {
    const last = i === path.length - 1;
    let next: Node | undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(part));
      if (!pair) break;
      // The last part points at the field's key: a nested record's own range starts on the line below.
      next = (last ? pair.key : (pair.value ?? pair.key)) as Node;
    } else if (isSeq(node) && typeof part === 'number') {
      next = node.items[part] as Node | undefined;
    }
    if (!next?.range) break;
    node = next;
    at = next;
  }
  const offset = at?.range?.[0];
  if (offset === undefined) return {};
  const { line, col } = lineCounter.linePos(offset);
  return { line, col };
}

type Raw = Record<string, unknown>;
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const record = (x: unknown): Raw => (x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Raw) : {});
const string = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
/** Deeper than any real pack; stops a file whose aliases make a cycle. */
const MAX_DEPTH = 64;

/**
 * What one record alone cannot know: that every slug is unique and every topic and reference exists.
 * Reads the raw file leniently (a value of the wrong type is the schema's error, not this one's), so it
 * can run even when the schema found errors.
 */
function crossCheck(rawPack: unknown): PackProblem[] {
  const pack = record(rawPack);
  const problems: PackProblem[] = [];
  const add = (path: PackPath, message: string) => problems.push({ path, message });

  const topics = new Set<string>();
  list(pack.topics).forEach((t, i) => {
    const slug = string(record(t).slug);
    if (slug === undefined) return;
    if (topics.has(slug)) add(['topics', i, 'slug'], `duplicate topic "${slug}"`);
    topics.add(slug);
  });
  const refs = new Set<string>();
  list(pack.references).forEach((r, i) => {
    const code = string(record(r).code);
    if (code === undefined) return;
    if (refs.has(normalizeCode(code))) add(['references', i, 'code'], `duplicate reference "${code}"`);
    refs.add(normalizeCode(code));
  });
  const checkTopics = (rec: Raw, at: PackPath) =>
    list(rec.topics).forEach((t, i) => {
      if (typeof t === 'string' && !topics.has(t)) add([...at, 'topics', i], `unknown topic "${t}"`);
    });
  const checkRefs = (rec: Raw, at: PackPath) =>
    list(rec.refs).forEach((r, i) => {
      if (typeof r === 'string' && !refs.has(normalizeCode(r))) add([...at, 'refs', i], `unknown reference "${r}"`);
    });

  const claimSlugs = new Set<string>();
  const rebuttalSlugs = new Set<string>();
  const walkRebuttals = (parent: Raw, at: PackPath, depth: number) => {
    if (depth > MAX_DEPTH) return;
    list(parent.rebuttals).forEach((item, i) => {
      const r = record(item);
      const here = [...at, 'rebuttals', i];
      const slug = string(r.slug);
      if (slug !== undefined && rebuttalSlugs.has(slug)) add([...here, 'slug'], `duplicate rebuttal "${slug}"`);
      if (slug !== undefined) rebuttalSlugs.add(slug);
      checkRefs(r, here);
      walkRebuttals(r, here, depth + 1);
    });
  };
  list(pack.claims).forEach((item, i) => {
    const c = record(item);
    const here = ['claims', i];
    const slug = string(c.slug);
    if (slug !== undefined && claimSlugs.has(slug)) add([...here, 'slug'], `duplicate claim "${slug}"`);
    if (slug !== undefined) claimSlugs.add(slug);
    checkTopics(c, here);
    checkRefs(c, here);
    walkRebuttals(c, here, 0);
  });

  const quoteSlugs = new Set<string>();
  list(pack.quotes).forEach((item, i) => {
    const q = record(item);
    const here = ['quotes', i];
    const speaker = string(q.speaker);
    const text = string(q.text);
    const slug = string(q.slug) ?? (speaker !== undefined && text !== undefined ? quoteSlug(speaker.trim(), text.trim()) : undefined);
    if (slug !== undefined && quoteSlugs.has(slug)) add(here, `duplicate quote "${slug}" (same slug, or same speaker and text)`);
    if (slug !== undefined) quoteSlugs.add(slug);
    checkTopics(q, here);
    checkRefs(q, here);
  });
  return problems;
}
