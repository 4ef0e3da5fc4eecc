/**
 * The scorer from the command line, for pack authors and for evaluation. stdout carries only results.
 *
 *   npm run score -- eval FILE.jsonl     one JSON line out per JSON line in (FILE "-" reads stdin)
 *   npm run score -- try --claim SLUG    score one answer typed on stdin and explain it
 */
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { text as readAll } from 'node:stream/consumers';
import { runCli } from '../cli.ts';
import { UserError } from '../errors.ts';
import { MATCH_MODEL } from './match.ts';
import { evalLines } from './score-eval.ts';
import { scoreText, type AnswerScore } from './score.ts';
import { openScoringStore, rubricForClaimSlug, type ScoringStore } from './score-store.ts';

const usage = `Usage: npm run score -- <command>
  eval FILE.jsonl          score JSON lines: {"id","answer","keyPoints":[{"id","text"}]} or {"id","answer","claimSlug"}
  try --claim SLUG         score one answer typed on stdin, key point by key point`;

function explain(s: AnswerScore): string {
  const out = [
    `Score ${s.autoScore}: ${s.made} of ${s.total} key points made${s.cited ? (s.made > 0 ? ', +10 for citing a reference' : ' (the citation counts once a key point is made)') : ''}.`,
  ];
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
    if (!file || args.length > 1) throw new UserError('cli.report', { text: usage });
    if (file !== '-')
      await access(file).catch(() => {
        throw new UserError('file.missing', { path: file });
      });
    let store: ScoringStore | null = null;
    try {
      const failures = await evalLines(file === '-' ? process.stdin : createReadStream(file, 'utf8'), {
        out: (l) => process.stdout.write(`${l}\n`),
        err: (l) => process.stderr.write(`${l}\n`),
        store: async () => (store ??= await openScoringStore()),
      });
      if (failures > 0) process.exitCode = 1;
    } finally {
      await (store as ScoringStore | null)?.close();
    }
    return;
  } else if (command === 'try') {
    const i = args.indexOf('--claim');
    const slug = i >= 0 ? args[i + 1] : undefined;
    if (!slug) throw new UserError('score.needs-claim', { usage });
    if (process.stdin.isTTY) process.stderr.write('Type the answer, then Ctrl-D:\n');
    const answer = (await readAll(process.stdin)).trim();
    if (!answer) throw new UserError('score.empty-answer');
    const store = await openScoringStore();
    try {
      const rubric = await rubricForClaimSlug(store, slug);
      process.stdout.write(`${explain(await scoreText(rubric, answer))}\n`);
    } finally {
      await store.close();
    }
  } else {
    throw new UserError('cli.report', { text: usage });
  }
});
