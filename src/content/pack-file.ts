import { open } from 'node:fs/promises';
import { UserError } from '../errors.ts';
import { decodePackBytes, PACK_LIMITS, type PackLimits, tooLarge } from './pack-limits.ts';
import { type CheckOptions, checkPackText, fileProblem, formatPath, type PackCheck, type PackProblem } from './validate-pack.ts';

function readFailure(path: string, err: unknown): UserError {
  const code = (err as NodeJS.ErrnoException).code;
  const error =
    code === 'ENOENT'
      ? new UserError('file.missing-pack', { path })
      : code === 'EISDIR'
        ? new UserError('file.is-folder', { path })
        : code === 'EACCES' || code === 'EPERM'
          ? new UserError('file.denied', { path })
          : new UserError('file.unreadable', { path, reason: code ?? (err as Error).message });
  // The cause keeps the errno code for callers that tell a missing file from a bad one (start-up does).
  return Object.assign(error, { cause: err });
}

/**
 * The text of a pack file, or the one problem that stops it being read as a pack (too large, not
 * UTF-8, binary). The size is checked before a byte is read, and reading stops one byte past the limit
 * whatever the size said (a file that grows, a device, a pipe), so a hostile file costs at most the limit.
 * A missing or unreadable file is a UserError: one clear line naming it, not a stack trace.
 */
export async function readPackFile(path: string, limits: PackLimits = PACK_LIMITS): Promise<{ text: string } | { problem: PackProblem }> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw readFailure(path, err);
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw readFailure(path, Object.assign(new Error('is a directory'), { code: 'EISDIR' }));
    if (stat.size > limits.maxBytes) return { problem: { path: [], message: tooLarge(stat.size, limits) } };
    // The first read expects the size the file claims; later reads only happen when it lied.
    const chunks: Buffer[] = [];
    let length = 0;
    for (let want = stat.size + 1; length <= limits.maxBytes; want = 64 * 1024) {
      const chunk = Buffer.alloc(Math.min(want, limits.maxBytes + 1 - length));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      length += bytesRead;
    }
    if (length > limits.maxBytes) return { problem: { path: [], message: tooLarge(undefined, limits) } };
    const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length);
    const decoded = decodePackBytes(bytes);
    if ('problem' in decoded) return { problem: { path: [], ...decoded.problem } };
    return decoded;
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw readFailure(path, err);
  } finally {
    await handle.close();
  }
}

/** Reads and checks a pack file completely; a file past a limit or in the wrong encoding is one problem, nothing parsed. */
export async function checkPackFile(path: string, opts: CheckOptions = {}, limits: PackLimits = PACK_LIMITS): Promise<PackCheck> {
  const read = await readPackFile(path, limits);
  if ('problem' in read) return fileProblem(read.problem);
  return checkPackText(read.text, opts);
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
