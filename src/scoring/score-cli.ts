/**
 * The scorer from the command line, for pack authors and for evaluation. stdout carries only results.
 *
 *   npm run score -- eval FILE.jsonl     one JSON line out per JSON line in (FILE "-" reads stdin)
 *   npm run score -- try --claim SLUG    score one answer typed on stdin and explain it
 */
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { text as readAll } from 'node:stream/consumers';
import { z } from 'zod';
import { runCli } from '../cli.ts';
import { UserError } from '../errors.ts';
import { defaultEmbedder } from './embedder.ts';
import { matchAnswer } from './match.ts';
import { MATCH_MODEL } from './match.ts';
import { scoreText, type AnswerScore } from './score.ts';
import { openScoringStore, rubricForClaimSlug, type ScoringStore } from './score-store.ts';

const usage = `Usage: npm run score -- <command>
  eval FILE.jsonl          score JSON lines: {"id","answer","keyPoints":[{"id","text"}]} or {"id","answer","claimSlug"}
  try --claim SLUG         score one answer typed on stdin, key point by key point`;

const line = z.union([
  z.object({
    id: z.union([z.string(), z.number()]),
    answer: z.string().trim().min(1, 'answer is empty'),
    keyPoints: z.array(z.object({ id: z.union([z.string(), z.number()]), text: z.string().trim().min(1) })).min(1, 'keyPoints is empty').max(50),
    /** Optional: the claim (topic) the answer argues against; its words weigh less. */
    claim: z.string().trim().min(1).optional(),
  }),
  z.object({ id: z.union([z.string(), z.number()]), answer: z.string().trim().min(1, 'answer is empty'), claimSlug: z.string().trim().min(1) }),
]);

function explainIssues(err: z.ZodError): string {
  // A union reports every branch; the branch that got furthest says what is wrong.
  const issues = err.issues.flatMap((i) => (i.code === 'invalid_union' ? i.errors.reduce((a, b) => (a.length <= b.length ? a : b)) : [i]));
  return issues.map((i) => `${i.path.join('.') || 'line'}: ${i.message}`).join('; ');
}

async function evalFile(file: string): Promise<number> {
  if (file !== '-') await access(file).catch(() => {
    throw new UserError(`${file}: no such file.`);
  });
  const input = file === '-' ? process.stdin : createReadStream(file, 'utf8');
  let store: ScoringStore | null = null;
  let failures = 0;
  let n = 0;
  try {
    for await (const raw of createInterface({ input, crlfDelay: Infinity })) {
      n++;
      if (!raw.trim()) continue;
      try {
        let json: unknown;
        try {
          json = JSON.parse(raw);
        } catch {
          throw new UserError('not valid JSON');
        }
        const parsed = line.safeParse(json);
        if (!parsed.success) throw new UserError(explainIssues(parsed.error));
        const req = parsed.data;
        if ('keyPoints' in req) {
          const { matches } = await matchAnswer(defaultEmbedder(), req.answer, req.keyPoints.map((k) => k.text), req.claim ?? null);
          const scores = Object.fromEntries(req.keyPoints.map((k, i) => [String(k.id), matches[i]!.score]));
          process.stdout.write(`${JSON.stringify({ id: req.id, scores })}\n`);
        } else {
          store ??= await openScoringStore();
          const rubric = await rubricForClaimSlug(store, req.claimSlug);
          const s = await scoreText(rubric, req.answer);
          const scores = Object.fromEntries(s.keyPoints.map((k) => [k.text, k.score]));
          process.stdout.write(`${JSON.stringify({ id: req.id, autoScore: s.autoScore, made: s.keyPoints.filter((k) => k.made).map((k) => k.text), scores })}\n`);
        }
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        failures++;
        process.stderr.write(`line ${n}: ${err.message}\n`);
      }
    }
  } finally {
    await store?.close();
  }
  return failures;
}

function explain(s: AnswerScore): string {
  const out = [`Score ${s.autoScore}: ${s.made} of ${s.total} key points made${s.cited ? (s.made > 0 ? ', +10 for citing a reference' : ' (the citation counts once a key point is made)') : ''}.`];
  if (s.concedes) out.push('The answer concedes the claim, so no key point counts.');
  for (const k of s.keyPoints) {
    const mark = k.made ? 'made  ' : 'missed';
    out.push(`\n[${mark}] ${k.text}\n         match ${k.score.toFixed(2)} (needs ${MATCH_MODEL.threshold.toFixed(2)})`);
    if (k.denied) out.push('         a sentence uses its words but negates them');
    if (k.sentence) out.push(`         ${k.made ? 'made by' : 'closest'}: “${k.sentence}”`);
  }
  return out.join('\n');
}

await runCli(async () => {
  const args = process.argv.slice(2);
  const command = args.shift();
  if (command === 'eval') {
    const file = args[0];
    if (!file || args.length > 1) throw new UserError(usage);
    const failures = await evalFile(file);
    if (failures > 0) process.exitCode = 1;
  } else if (command === 'try') {
    const i = args.indexOf('--claim');
    const slug = i >= 0 ? args[i + 1] : undefined;
    if (!slug) throw new UserError(`try needs --claim SLUG.\n${usage}`);
    if (process.stdin.isTTY) process.stderr.write('Type the answer, then Ctrl-D:\n');
    const answer = (await readAll(process.stdin)).trim();
    if (!answer) throw new UserError('The answer is empty: type it on standard input.');
    const store = await openScoringStore();
    try {
      const rubric = await rubricForClaimSlug(store, slug);
      process.stdout.write(`${explain(await scoreText(rubric, answer))}\n`);
    } finally {
      await store.close();
    }
  } else {
    throw new UserError(usage);
  }
});
