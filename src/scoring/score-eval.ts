import { createInterface } from 'node:readline';
import { z } from 'zod';
import { UserError } from '../errors.ts';
import { defaultEmbedder } from './embedder.ts';
import { matchAnswer } from './match.ts';
import { scoreText } from './score.ts';
import { rubricForClaimSlug, type ScoringStore } from './score-store.ts';

/** `npm run score -- eval`: one JSON line out per JSON line in; a bad line is reported on `err` and skipped. */
const line = z.union([
  z.object({
    id: z.union([z.string(), z.number()]),
    answer: z.string().trim().min(1, 'answer is empty'),
    keyPoints: z
      .array(z.object({ id: z.union([z.string(), z.number()]), text: z.string().trim().min(1) }))
      .min(1, 'keyPoints is empty')
      .max(50),
    /** Optional: the claim (topic) the answer argues against; its words weigh less. */
    claim: z.string().trim().min(1).optional(),
  }),
  z.object({
    id: z.union([z.string(), z.number()]),
    answer: z.string().trim().min(1, 'answer is empty'),
    claimSlug: z.string().trim().min(1),
  }),
]);

function explainIssues(err: z.ZodError): string {
  // A union reports every branch; the branch that got furthest says what is wrong.
  const issues = err.issues.flatMap((i) => (i.code === 'invalid_union' ? i.errors.reduce((a, b) => (a.length <= b.length ? a : b)) : [i]));
  return issues.map((i) => `${i.path.join('.') || 'line'}: ${i.message}`).join('; ');
}

export interface EvalIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Opened on the first line that names a claim. */
  store: () => Promise<ScoringStore>;
}

/** Scores every line of `input`; returns how many lines failed. */
export async function evalLines(input: NodeJS.ReadableStream, io: EvalIo): Promise<number> {
  let failures = 0;
  let n = 0;
  for await (const raw of createInterface({ input, crlfDelay: Infinity })) {
    n++;
    if (!raw.trim()) continue;
    try {
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        throw new UserError('score.bad-json');
      }
      const parsed = line.safeParse(json);
      if (!parsed.success) throw new UserError('cli.report', { text: explainIssues(parsed.error) });
      const req = parsed.data;
      if ('keyPoints' in req) {
        const { matches } = await matchAnswer(
          defaultEmbedder(),
          req.answer,
          req.keyPoints.map((k) => k.text),
          req.claim ?? null,
        );
        const scores = Object.fromEntries(req.keyPoints.map((k, i) => [String(k.id), matches[i]!.score]));
        io.out(JSON.stringify({ id: req.id, scores }));
      } else {
        const rubric = await rubricForClaimSlug(await io.store(), req.claimSlug);
        const s = await scoreText(rubric, req.answer);
        const scores = Object.fromEntries(s.keyPoints.map((k) => [k.text, k.score]));
        io.out(JSON.stringify({ id: req.id, autoScore: s.autoScore, made: s.keyPoints.filter((k) => k.made).map((k) => k.text), scores }));
      }
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      failures++;
      io.err(`line ${n}: ${err.message}`);
    }
  }
  return failures;
}
