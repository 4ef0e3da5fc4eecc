/**
 * `npx tsx bench/drill-close.ts [--pg URL] [--answers 1000] [--runs 30]`
 *
 * Time to close a drill with many answers: the guarded status UPDATE, the rubric, scoring every
 * answer against every key point in one statement, and writing the scores in one UPDATE. Runs on an
 * in-memory PGlite, and also on PostgreSQL when --pg is given (it migrates that database, works in
 * its own bench server id, and deletes what it wrote). Two variants: with voting (the default, the
 * close only scores) and without (the close also refreshes every answerer's totals).
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { importPackFile } from '../src/content/import.ts';
import { openDatabase, type Database } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { closeDrill, createDrill } from '../src/drills/lifecycle.ts';
import { scoringRebuttalId } from '../src/drills/pick.ts';
import { DEFAULT_SETTINGS } from '../src/drills/settings.ts';
import { loadRubric } from '../src/scoring/rubric.ts';

const PACK = fileURLToPath(new URL('../packs/marxism-or-anarchism.yaml', import.meta.url));
const FILLER = 'the a because so however then people said history power we they it is was this that argument really think clearly'.split(
  ' ',
);

export interface DrillCloseFigures {
  backend: Database['kind'];
  answers: number;
  voting: boolean;
  runs: number[];
  median: number;
  p99: number;
  keyPoints: number;
}

/** Deterministic answers: some make every key point, some a few, some none, 100–1,500 characters. */
function answerTexts(n: number, terms: string[][], codes: string[]): string[] {
  let seed = 42;
  const rnd = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
  return Array.from({ length: n }, () => {
    const words: string[] = [];
    const target = 100 + Math.floor(rnd() * 1_300);
    for (const kp of terms) if (rnd() < 0.5) words.push(...kp.filter(() => rnd() < 0.7));
    if (codes.length && rnd() < 0.2) words.push(`(see ${pick(codes)})`);
    while (words.join(' ').length < target) words.push(pick(FILLER));
    return words
      .sort(() => rnd() - 0.5)
      .join(' ')
      .slice(0, 1_500);
  });
}

/** The core: sets up one drill with `answers` answers, then closes it `runs` times (reopening between runs, untimed). */
export async function benchDrillClose(
  database: Database,
  opts: { answers?: number; runs?: number; voting?: boolean } = {},
): Promise<DrillCloseFigures> {
  const n = opts.answers ?? 1_000;
  const runCount = opts.runs ?? 30;
  const voting = opts.voting ?? true;
  const db = database.db;
  const guildId = `bench-drill-${process.pid}-${voting ? 'v' : 'n'}`;
  // The claim whose reference rebuttal has the most key points: the heaviest scoring, the same every run.
  const [material] = await database.rows<{ claimId: number; rebuttalId: number }>(sql`
    select r.claim_id as "claimId", r.id as "rebuttalId" from rebuttals r join key_points k on k.rebuttal_id = r.id
    where r.parent_id is null group by r.id order by count(*) desc, r.id limit 1`);
  if (!material) throw new Error('no rebuttal with key points; import a pack first');
  const now = new Date();
  const drill = await createDrill(db, {
    guildId,
    channelId: 'bench',
    ...material,
    mode: 'standard',
    minutes: 10,
    startedBy: 'bench',
    settings: { ...DEFAULT_SETTINGS, drillVoteMinutes: voting ? 5 : 0 },
    now,
  });
  const rubric = await loadRubric(db, await scoringRebuttalId(db, drill));
  const texts = answerTexts(
    n,
    rubric.keyPoints.map((k) => k.text.split(/\s+/)),
    rubric.refs.map((r) => r.code),
  );
  await database.rows(sql`
    insert into drill_answers (drill_id, guild_id, user_id, display_name, text)
    select ${drill.id}, ${guildId}, 'member-' || t.ord, 'Member ' || t.ord, t.body
    from unnest(${sql.param(texts)}::text[]) with ordinality as t(body, ord)`);
  await database.rows(sql`analyze drill_answers`);
  const reopen = async () => {
    await database.rows(
      sql`update drills set status = 'open', closed_at = null, voting_ends_at = null, finished_at = null where id = ${drill.id}`,
    );
    await database.rows(
      sql`update drill_answers set coverage = null, hits = null, cited_reference = null, auto_score = null, final_score = null where drill_id = ${drill.id}`,
    );
    await database.rows(sql`delete from jobs where kind in ('drill_close', 'drill_vote_end') and key = ${String(drill.id)}`);
  };
  const runs: number[] = [];
  try {
    for (let i = -2; i < runCount; i++) {
      await reopen();
      const t0 = performance.now();
      const result = await closeDrill(db, { drillId: drill.id, now: new Date(), cancelTimer: true });
      const ms = performance.now() - t0;
      if (!result || result.scores.size !== n) throw new Error(`expected ${n} scored answers, got ${result?.scores.size}`);
      if (i >= 0) runs.push(ms); // two warm-up runs are not counted
    }
  } finally {
    await database.rows(sql`delete from jobs where guild_id = ${guildId}`);
    await database.rows(sql`delete from member_stats where guild_id = ${guildId}`);
    await database.rows(sql`delete from drills where guild_id = ${guildId}`);
  }
  const sorted = [...runs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { backend: database.kind, answers: n, voting, runs, median: at(0.5), p99: at(0.99), keyPoints: rubric.keyPoints.length };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { pg: { type: 'string' }, answers: { type: 'string' }, runs: { type: 'string' } } });
  const answers = values.answers ? Number(values.answers) : 1_000;
  const runs = values.runs ? Number(values.runs) : 30;
  const targets: { name: string; open: () => Promise<Database> }[] = [
    { name: 'PGlite (in memory)', open: () => openDatabase({ dataDir: 'memory://' }) },
  ];
  if (values.pg) targets.push({ name: 'PostgreSQL', open: () => openDatabase({ url: values.pg, max: 4 }) });
  process.stdout.write(`drill close: ${answers} answers, ${runs} timed runs (after 2 warm-ups)\n`);
  for (const t of targets) {
    const database = await t.open();
    try {
      await migrate(database);
      await importPackFile(database, PACK);
      for (const voting of [true, false]) {
        const f = await benchDrillClose(database, { answers, runs, voting });
        process.stdout.write(
          `${t.name.padEnd(20)} ${voting ? 'with voting   ' : 'without voting'} median ${f.median.toFixed(1).padStart(7)} ms  p99 ${f.p99.toFixed(1).padStart(7)} ms  (${f.keyPoints} key points)\n`,
        );
      }
    } finally {
      await database.close();
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
