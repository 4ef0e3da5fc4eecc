/**
 * `npx tsx bench/drill-close.ts [--pg URL] [--answers 1000] [--runs 30]`
 *
 * Time to close a drill with many answers, with the semantic scorer. As in the bot, every answer's
 * match is computed when it is submitted (the background matcher, `matchPendingAnswers`), so the
 * close only aggregates stored matches: the guarded status UPDATE, the rubric, a check for answers
 * still unmatched (none), one read of every stored match, the scores, one UPDATE of every answer.
 *
 * The answers are real prose: 2–8 sentences sampled from a pool of ~200 distinct sentences of the
 * hand-written adversarial set (bench/answer-pool.ts), on the first pack's claim with the most key
 * points, imported as a server-owned pack of the benchmark's own server. Matching 1,000 answers of
 * fresh sentences at ~100–300 ms each would make the setup take minutes; with a pool, each sentence
 * is embedded once and the embedder's cache serves its vector to every answer that repeats it, so the
 * setup pays the model for ~200 sentences and the matching (units, features, model) for every answer.
 *
 * Runs on an in-memory PGlite, and also on PostgreSQL when --pg is given (it migrates that database,
 * works in its own bench server id, and deletes what it wrote). Two variants: with voting (the close
 * only scores) and without (the close also refreshes every answerer's totals).
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { importPackFile } from '../src/content/import.ts';
import { openDatabase, type Database } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { closeDrill, createDrill } from '../src/drills/lifecycle.ts';
import { DEFAULT_SETTINGS } from '../src/guild/settings.ts';
import { loadRubric } from '../src/scoring/rubric.ts';
import { matchPendingAnswers, scoreFromMatch } from '../src/scoring/score.ts';
import { concedesClaim } from '../src/scoring/stance.ts';
import type { StoredMatch } from '../src/db/schema/drills.ts';
import { drillClaim, sampleAnswers, sentencePool, wordStats } from './answer-pool.ts';

const PACK = fileURLToPath(new URL('../packs/marxism-or-anarchism.yaml', import.meta.url));
/** The benchmark's own server: its pack, drill, jobs and totals are deleted afterwards (and before, after a crash). */
const GUILD = 'bench-drill';

export interface DrillCloseFigures {
  backend: Database['kind'];
  answers: number;
  voting: boolean;
  runs: number[];
  median: number;
  p99: number;
  keyPoints: number;
  /** Answers that made at least one key point, and their mean automatic score (all answers). */
  answersMaking: number;
  meanAutoScore: number;
  /**
   * Where a close's time goes, measured apart after the runs: scoring every stored match in JS
   * (`scoreFromMatch` over all answers, median of 5), and of that the concession check
   * (`concedesClaim`, which re-reads every answer's text).
   */
  scoreFromMatchMs: number;
  concedesClaimMs: number;
  setup: DrillSetup;
}

export interface DrillSetup {
  claimSlug: string;
  /** Distinct sentences the answers are sampled from. */
  poolSentences: number;
  words: { min: number; median: number; max: number };
  /** Wall time of `matchPendingAnswers` over every answer (untimed in the figures). */
  matchMs: number;
}

export interface PreparedDrill {
  setup: DrillSetup;
  keyPoints: number;
  /** Closes the drill `runs` times after two warm-ups, reopening it between runs (untimed). */
  close(opts: { voting: boolean; runs: number }): Promise<DrillCloseFigures>;
  /** Deletes the drill, its pack and everything it wrote. */
  dispose(): Promise<void>;
}

async function removeBenchRows(database: Database): Promise<void> {
  await database.rows(sql`delete from jobs where guild_id = ${GUILD}`);
  await database.rows(sql`delete from member_stats where guild_id = ${GUILD}`);
  await database.rows(sql`delete from drills where guild_id = ${GUILD}`);
  await database.rows(sql`delete from packs where guild_id = ${GUILD}`);
}

/**
 * One drill with `answers` answers, all matched as the background matcher matches them. Progress
 * (the matching takes a while) goes to `log`.
 */
export async function prepareDrillClose(
  database: Database,
  opts: { answers?: number; log?: (line: string) => void } = {},
): Promise<PreparedDrill> {
  const n = opts.answers ?? 1_000;
  const log = opts.log ?? (() => {});
  const db = database.db;
  await removeBenchRows(database);
  const claimSlug = drillClaim().claimSlug;
  const pack = await importPackFile(database, PACK, { guildId: GUILD });
  const [material] = await database.rows<{ claimId: number; rebuttalId: number }>(sql`
    select c.id as "claimId", r.id as "rebuttalId" from claims c join rebuttals r on r.claim_id = c.id and r.parent_id is null
    where c.pack_id = ${pack.packId} and c.slug = ${claimSlug}
      and exists (select 1 from key_points k where k.rebuttal_id = r.id)
    order by r.position, r.id limit 1`);
  if (!material) throw new Error(`the first pack has no claim "${claimSlug}" with a scored rebuttal`);
  const drill = await createDrill(db, {
    guildId: GUILD,
    channelId: 'bench',
    ...material,
    mode: 'standard',
    minutes: 10,
    startedBy: 'bench',
    settings: DEFAULT_SETTINGS,
    now: new Date(),
  });
  const rubric = await loadRubric(db, material.rebuttalId);
  const pool = sentencePool(claimSlug);
  const texts = sampleAnswers(pool, n);
  await database.rows(sql`
    insert into drill_answers (drill_id, guild_id, user_id, display_name, text)
    select ${drill.id}, ${GUILD}, 'member-' || t.ord, 'Member ' || t.ord, t.body
    from unnest(${sql.param(texts)}::text[]) with ordinality as t(body, ord)`);
  await database.rows(sql`analyze drill_answers`);
  log(`drill close: matching ${n} answers (${pool.own.length + pool.other.length} pooled sentences) as the background matcher does …\n`);
  const t0 = performance.now();
  const matched = await matchPendingAnswers(db, drill.id, rubric);
  const matchMs = performance.now() - t0;
  if (matched !== n) throw new Error(`matched ${matched} answers, expected ${n}`);
  log(`drill close: matched in ${(matchMs / 1000).toFixed(1)} s\n`);
  const setup: DrillSetup = { claimSlug, poolSentences: pool.own.length + pool.other.length, words: wordStats(texts), matchMs };

  const reopen = async () => {
    await database.rows(
      sql`update drills set status = 'open', closed_at = null, voting_ends_at = null, finished_at = null where id = ${drill.id}`,
    );
    // Stored matches stay: they were computed at submission, which a reopen does not undo.
    await database.rows(
      sql`update drill_answers set coverage = null, hits = null, cited_reference = null, auto_score = null, final_score = null where drill_id = ${drill.id}`,
    );
    await database.rows(sql`delete from jobs where kind in ('drill_close', 'drill_vote_end') and key = ${String(drill.id)}`);
  };

  const splitCpu = async () => {
    const rows = await database.rows<{ text: string; match: StoredMatch }>(
      sql`select text, match from drill_answers where drill_id = ${drill.id}`,
    );
    const median = (f: () => void) => {
      const ms: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        f();
        ms.push(performance.now() - t);
      }
      return ms.sort((a, b) => a - b)[2]!;
    };
    return {
      scoreFromMatchMs: median(() => {
        for (const r of rows) scoreFromMatch(rubric, r.text, r.match);
      }),
      concedesClaimMs: median(() => {
        for (const r of rows) concedesClaim(r.text);
      }),
    };
  };

  return {
    setup,
    keyPoints: rubric.keyPoints.length,
    close: async ({ voting, runs: runCount }) => {
      await database.rows(sql`update drills set vote_minutes = ${voting ? DEFAULT_SETTINGS.drillVoteMinutes : 0} where id = ${drill.id}`);
      const runs: number[] = [];
      let answersMaking = 0;
      let meanAutoScore = 0;
      for (let i = -2; i < runCount; i++) {
        await reopen();
        const t0 = performance.now();
        const result = await closeDrill(db, { drillId: drill.id, now: new Date(), cancelTimer: true });
        const ms = performance.now() - t0;
        if (!result || result.scores.size !== n) throw new Error(`expected ${n} scored answers, got ${result?.scores.size}`);
        if (i >= 0) runs.push(ms); // two warm-up runs are not counted
        const scores = [...result.scores.values()];
        answersMaking = scores.filter((s) => s.made > 0).length;
        meanAutoScore = scores.reduce((a, s) => a + s.autoScore, 0) / n;
      }
      const { scoreFromMatchMs, concedesClaimMs } = await splitCpu();
      const sorted = [...runs].sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
      return {
        backend: database.kind,
        answers: n,
        voting,
        runs,
        median: at(0.5),
        p99: at(0.99),
        keyPoints: rubric.keyPoints.length,
        answersMaking,
        meanAutoScore,
        scoreFromMatchMs,
        concedesClaimMs,
        setup,
      };
    },
    dispose: () => removeBenchRows(database),
  };
}

/** One drill, one variant (the matching is redone: use `prepareDrillClose` to time both variants on one drill). */
export async function benchDrillClose(
  database: Database,
  opts: { answers?: number; runs?: number; voting?: boolean } = {},
): Promise<DrillCloseFigures> {
  const prepared = await prepareDrillClose(database, opts);
  try {
    return await prepared.close({ voting: opts.voting ?? true, runs: opts.runs ?? 30 });
  } finally {
    await prepared.dispose();
  }
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
      const prepared = await prepareDrillClose(database, { answers, log: (l) => process.stderr.write(l) });
      try {
        const s = prepared.setup;
        process.stdout.write(
          `${t.name}: ${s.claimSlug}, ${prepared.keyPoints} key points; answers of ${s.words.min}–${s.words.max} words (median ${s.words.median}) from ${s.poolSentences} sentences; matched at submission in ${(s.matchMs / 1000).toFixed(1)} s\n`,
        );
        for (const voting of [true, false]) {
          const f = await prepared.close({ voting, runs });
          process.stdout.write(
            `${t.name.padEnd(20)} ${voting ? 'with voting   ' : 'without voting'} median ${f.median.toFixed(1).padStart(7)} ms  p99 ${f.p99.toFixed(1).padStart(7)} ms  (${f.answersMaking} answers made a key point, mean score ${f.meanAutoScore.toFixed(0)}; scoreFromMatch over all ${f.scoreFromMatchMs.toFixed(0)} ms, of which concedesClaim ${f.concedesClaimMs.toFixed(0)} ms)\n`,
          );
        }
      } finally {
        await prepared.dispose();
      }
    } finally {
      await database.close();
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
