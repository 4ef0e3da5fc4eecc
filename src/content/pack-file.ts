import { readFile } from 'node:fs/promises';
import { UserError } from '../errors.ts';
import { checkPackText, formatPath, type CheckOptions, type PackCheck, type PackProblem } from './validate-pack.ts';

/** The text of a pack file; a missing or unreadable file is one clear line naming it, not a stack trace. */
export async function readPackText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`${path}: no such file. Give the path of a pack file (.yaml or .json).`);
    if (code === 'EISDIR') throw new UserError(`${path} is a folder, not a pack file.`);
    if (code === 'EACCES' || code === 'EPERM') throw new UserError(`${path}: cannot be read (permission denied).`);
    throw new UserError(`${path}: cannot be read (${code ?? (err as Error).message}).`);
  }
}

export async function checkPackFile(path: string, opts: CheckOptions = {}): Promise<PackCheck> {
  return checkPackText(await readPackText(path), opts);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `  packs/x.yaml:12:7: claims[0].slug: message`, and the excerpt of a syntax error indented below it. */
export function formatProblem(file: string, p: PackProblem): string {
  const where = p.line === undefined ? file : `${file}:${p.line}:${p.col ?? 1}`;
  const head = `  ${where}: ${formatPath(p.path)}: ${p.message}`;
  if (!p.excerpt) return head;
  return `${head}\n${p.excerpt
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n')}`;
}

/** Every problem in one report: a count, then one line each, sorted by path. */
export function formatReport(file: string, problems: PackProblem[], kind: 'error' | 'warning', suffix = ''): string {
  return `${file}: ${plural(problems.length, kind)}${suffix}\n${problems.map((p) => formatProblem(file, p)).join('\n')}\n`;
}
