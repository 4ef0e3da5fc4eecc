import { sql } from 'drizzle-orm';
import { closeDrill } from '../../src/drills/lifecycle.ts';
import { claimDueJobs } from '../../src/jobs/queue.ts';
import { DAILY_JOB_KIND, resetDailyJobs } from '../generate.ts';
import { explainStatements } from '../recorder.ts';
import { importOptional } from '../harness.ts';
import { summarize, type Summary } from '../measure.ts';
import type { BenchCase, BenchEnv } from './types.ts';

type SchedulerModule = typeof import('../scheduler.ts');
/** The drills helper's module, typed by hand: the runner still reports the other figures when it is missing or broken. */
type DrillModule = typeof import('../drill-close.ts');

export const TICK_TARGET_MS = 50;
export const DRILL_CLOSE_TARGET_MS = 500;

/**
 * The scheduler tick: with every server's daily job in the table and `due` of them due, one claim
 * statement finds and leases them. Each run starts from the same state (the leases of the previous
 * run are cleared, untimed).
 */
export async function schedulerCases(env: BenchEnv): Promise<BenchCase[]> {
  const { ctx, marker, quick } = env;
  const scale = marker.scale;
  const helper = await importOptional('bench/scheduler.ts');
  if (!('missing' in helper) && typeof helper.module.benchSchedulerTick === 'function') {
    const benchSchedulerTick = helper.module.benchSchedulerTick as SchedulerModule['benchSchedulerTick'];
    return [
      {
        kind: 'summary',
        id: 'scheduler.claim-due',
        group: 'scheduler tick',
        label: `find and claim the due daily jobs (${scale.servers.toLocaleString('en-US')} scheduled servers, ${scale.due} due)`,
        via: "bench/scheduler.ts benchSchedulerTick (scheduler helper): claimDueJobs' one UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED), batch 100; floor = its SELECT 1 on the same pool",
        target: { limitMs: TICK_TARGET_MS },
        measure: async () => {
          const runs = quick ? 100 : 1_000;
          try {
            const r = await benchSchedulerTick(env.database, { servers: scale.servers, due: scale.due, runs });
            const asSummary = (f: { median: number; p99: number; min: number; max: number }): Summary => ({
              runs,
              median: f.median,
              p99: f.p99,
              mean: Number.NaN,
              min: f.min,
              max: f.max,
            });
            return {
              summary: asSummary(r.claim),
              floor: asSummary(r.floor),
              detail: { 'one-row UPDATE floor median': `${r.writeFloor.median.toFixed(2)} ms`, p99: `${r.writeFloor.p99.toFixed(2)} ms` },
              note: `${r.claimedPerRun} claimed per run; plan: ${r.plan
                .map((l) => /((?:Bitmap Index|Index Only|Index|Seq) Scan(?: using \S+)? on \S+)/.exec(l)?.[1])
                .filter(Boolean)
                .join(', ')}`,
            };
          } finally {
            // The helper seeds its own servers ('bench-…'); put the store's own jobs back.
            await env.database.rows(sql`delete from daily_schedules where guild_id like 'bench-%'`);
            await resetDailyJobs(env.database, scale, new Date(), marker.seed);
          }
        },
      },
    ];
  }
  let now = new Date();
  const release = async () => {
    await env.database.rows(
      sql`update jobs set locked_until = null, attempts = 0 where kind = ${DAILY_JOB_KIND} and locked_until is not null`,
    );
  };
  const claim = () => claimDueJobs(ctx.database.db, { now, leaseMs: 5 * 60_000, limit: 100, kinds: [DAILY_JOB_KIND] });
  return [
    {
      kind: 'latency',
      id: 'scheduler.claim-due',
      group: 'scheduler tick',
      label: `find and claim the due daily jobs (${scale.servers.toLocaleString('en-US')} scheduled servers, ${scale.due} due)`,
      via: `domain claimDueJobs (src/jobs/queue.ts), because ${'missing' in helper ? helper.missing : 'bench/scheduler.ts exports no benchSchedulerTick'}`,
      runs: quick ? 100 : 1_000,
      target: { limitMs: TICK_TARGET_MS },
      prepare: async () => {
        now = new Date();
        const jobs = await resetDailyJobs(env.database, scale, now, marker.seed);
        await env.database.rows(sql`analyze jobs`);
        const got = await claim();
        await release();
        if (got.length !== scale.due) throw new Error(`expected ${scale.due} due jobs, claimed ${got.length}`);
        return `${jobs.toLocaleString('en-US')} jobs, ${got.length} claimed per run`;
      },
      before: release,
      run: claim,
      after: release,
      // claimDueJobs builds its statement with drizzle's query builder; this is the same statement.
      explain: async () => {
        await release();
        const lease = new Date(now.getTime() + 5 * 60_000).toISOString();
        return explainStatements(env.database, [
          sql`
          update jobs set locked_until = ${lease}::timestamptz, attempts = attempts + 1
          where id in (select id from jobs where run_at <= ${now.toISOString()}::timestamptz and paused_reason is null
                         and (locked_until is null or locked_until < ${now.toISOString()}::timestamptz) and kind in (${DAILY_JOB_KIND})
                       order by run_at limit 100 for update skip locked)
          returning id, guild_id, kind, key, run_at, attempts, payload, locked_until`,
        ]);
      },
    },
  ];
}

/** Closing a drill with many answers: scoring every answer against the rubric and writing the scores. */
export async function drillCases(env: BenchEnv): Promise<BenchCase[]> {
  const { ctx, marker, quick } = env;
  const helper = await importOptional('bench/drill-close.ts');
  if (!('missing' in helper) && typeof helper.module.prepareDrillClose === 'function') {
    const prepareDrillClose = helper.module.prepareDrillClose as DrillModule['prepareDrillClose'];
    const answers = marker.counts.drillAnswers;
    // One drill for both variants: matching 1,000 answers at submission is the slow part of the setup.
    let prepared: ReturnType<DrillModule['prepareDrillClose']> | null = null;
    const drill = () => {
      if (!prepared) {
        prepared = prepareDrillClose(env.database, { answers, log: (l) => process.stderr.write(`        ${l}`) });
        env.onRelease(async () => (await prepared!).dispose());
      }
      return prepared;
    };
    return [true, false].map((voting) => ({
      kind: 'summary' as const,
      id: voting ? 'drill.close' : 'drill.close-no-voting',
      group: 'drill close',
      label: voting
        ? `close a drill with ${answers.toLocaleString('en-US')} answers (matched at submission; voting follows)`
        : `close a drill with ${answers.toLocaleString('en-US')} answers, no voting (also every answerer's totals)`,
      via: "bench/drill-close.ts prepareDrillClose: answers matched beforehand by matchPendingAnswers (the background matcher), then closeDrill = guarded status UPDATE, loadRubric, read the stored matches, score, one UPDATE of every answer; its own drill on the first pack's claim, imported as the bench server's pack",
      target: { limitMs: DRILL_CLOSE_TARGET_MS },
      measure: async () => {
        const d = await drill();
        const f = await d.close({ voting, runs: quick ? 20 : 50 });
        const s = f.setup;
        return {
          summary: summarize(f.runs),
          detail: {
            'scoreFromMatch over all answers (JS, measured apart)': `${f.scoreFromMatchMs.toFixed(0)} ms`,
            'of which concedesClaim': `${f.concedesClaimMs.toFixed(0)} ms`,
          },
          note:
            `${s.claimSlug}: ${f.keyPoints} key points; answers of ${s.words.min}–${s.words.max} words (median ${s.words.median}) sampled from ${s.poolSentences} real sentences; ` +
            `${f.answersMaking} made a key point, mean score ${f.meanAutoScore.toFixed(0)}; matching them at submission took ${(s.matchMs / 1000).toFixed(0)} s (untimed; pooled sentences hit the embedder's cache)`,
        };
      },
    }));
  }
  const drillId = marker.drillId;
  const reopen = async () => {
    await env.database.db.transaction(async (tx) => {
      await tx.execute(
        sql`update drills set status = 'open', closed_at = null, voting_ends_at = null, finished_at = null where id = ${drillId}`,
      );
      await tx.execute(
        sql`update drill_answers set coverage = null, hits = null, cited_reference = null, auto_score = null, final_score = null where drill_id = ${drillId}`,
      );
      await tx.execute(sql`delete from jobs where kind in ('drill_close', 'drill_vote_end') and key = ${String(drillId)}`);
    });
  };
  const close = async () => {
    const result = await closeDrill(ctx.database.db, { drillId, now: new Date(), cancelTimer: true });
    if (!result) throw new Error('the drill was not open');
    return result;
  };
  return [
    {
      kind: 'latency',
      id: 'drill.close',
      group: 'drill close',
      label: `close a drill with ${marker.counts.drillAnswers.toLocaleString('en-US')} answers (score all, write scores)`,
      via: `domain closeDrill (src/drills/lifecycle.ts), because ${'missing' in helper ? helper.missing : 'bench/drill-close.ts exports no benchDrillClose'}`,
      runs: quick ? 10 : 50,
      warmup: 2,
      target: { limitMs: DRILL_CLOSE_TARGET_MS },
      prepare: async () => {
        await reopen();
        const r = await close();
        await reopen();
        const made = [...r.scores.values()].filter((s) => s.made > 0).length;
        return `${r.scores.size} answers scored, ${made} made at least one key point`;
      },
      before: reopen,
      run: close,
      after: reopen,
    },
  ];
}
