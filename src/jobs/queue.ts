import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import cron, { type ScheduledTask } from 'node-cron';
import type { Db } from '../db/client.ts';
import { jobs } from '../db/schema/index.ts';
import type { AppContext } from '../context.ts';
import { isConnectionError } from '../db/client.ts';
import { errorCode } from '../startup-error.ts';
import { queryRows } from '../db/rows.ts';

export interface DueJob {
  id: number;
  guildId: string;
  kind: string;
  key: string;
  runAt: Date;
  /** Claims so far, this one included; reset when a run succeeds. */
  attempts: number;
  payload: Record<string, unknown>;
  /** The lease this claim holds; completing is fenced on it, so a worker whose lease passed changes nothing. */
  lockedUntil: Date;
}

export type JobOutcome = { done: true } | { nextRunAt: Date } | { pause: string } | { retryAt: Date; error: string };
export type JobHandler = ((job: DueJob, ctx: AppContext) => Promise<JobOutcome>) & {
  /** This kind's lease when a scheduler claims it, instead of the scheduler's (see leaseMsByKind). */
  leaseMs?: number;
};

export interface JobRow {
  id: number;
  guildId: string;
  kind: string;
  key: string;
  runAt: Date;
  lockedUntil: Date | null;
  attempts: number;
  lastError: string | null;
  pausedReason: string | null;
  payload: Record<string, unknown>;
}

/**
 * Creates or replaces the job (kind, key): a new run time and payload, no pause, no lease.
 * Takes a Db so it can run inside the caller's transaction.
 */
export async function upsertJob(
  db: Db,
  job: { guildId: string; kind: string; key: string; runAt: Date; payload?: Record<string, unknown> },
): Promise<void> {
  const values = {
    guildId: job.guildId,
    kind: job.kind,
    key: job.key,
    runAt: job.runAt,
    payload: job.payload ?? {},
    lockedUntil: null,
    attempts: 0,
    lastError: null,
    pausedReason: null,
  };
  await db
    .insert(jobs)
    .values(values)
    .onConflictDoUpdate({
      target: [jobs.kind, jobs.key],
      set: {
        guildId: values.guildId,
        runAt: values.runAt,
        payload: values.payload,
        lockedUntil: null,
        attempts: 0,
        lastError: null,
        pausedReason: null,
      },
    });
}

/** The columns a claimed job carries back to its handler (see DueJob). */
const dueJobColumns = {
  id: jobs.id,
  guildId: jobs.guildId,
  kind: jobs.kind,
  key: jobs.key,
  runAt: jobs.runAt,
  attempts: jobs.attempts,
  payload: jobs.payload,
};

/**
 * Inserts a job already claimed by the caller, to run it at once in this process without waiting
 * for a tick: attempts 1 and a lease of `leaseMs`, as claimDueJobs would leave it. Should the
 * caller die, the lease passes and any scheduler takes the job over. Takes a Db so it can run inside
 * the transaction that makes the job necessary; undefined when (kind, key) already exists.
 */
export async function insertClaimedJob(
  db: Db,
  job: { guildId: string; kind: string; key: string; payload?: Record<string, unknown> },
  opts: { now: Date; leaseMs: number },
): Promise<DueJob | undefined> {
  const lockedUntil = new Date(opts.now.getTime() + opts.leaseMs);
  const [row] = await db
    .insert(jobs)
    .values({ guildId: job.guildId, kind: job.kind, key: job.key, runAt: opts.now, payload: job.payload ?? {}, lockedUntil, attempts: 1 })
    .onConflictDoNothing()
    .returning(dueJobColumns);
  return row ? { ...row, lockedUntil } : undefined;
}

/**
 * Saves a running job's progress (its payload), fenced on its lease like completeJob: false when
 * the lease passed and another worker may have the job, so the caller should stop.
 */
export async function saveJobPayload(db: Db, job: DueJob, payload: Record<string, unknown>): Promise<boolean> {
  const changed = await db
    .update(jobs)
    .set({ payload })
    .where(and(eq(jobs.id, job.id), eq(jobs.lockedUntil, job.lockedUntil)))
    .returning({ id: jobs.id });
  if (changed.length > 0) job.payload = payload;
  return changed.length > 0;
}

export async function cancelJob(db: Db, kind: string, key: string): Promise<void> {
  await db.delete(jobs).where(and(eq(jobs.kind, kind), eq(jobs.key, key)));
}

export async function getJob(db: Db, kind: string, key: string): Promise<JobRow | undefined> {
  const [row] = await db
    .select({
      id: jobs.id,
      guildId: jobs.guildId,
      kind: jobs.kind,
      key: jobs.key,
      runAt: jobs.runAt,
      lockedUntil: jobs.lockedUntil,
      attempts: jobs.attempts,
      lastError: jobs.lastError,
      pausedReason: jobs.pausedReason,
      payload: jobs.payload,
    })
    .from(jobs)
    .where(and(eq(jobs.kind, kind), eq(jobs.key, key)));
  return row;
}

/** Stops a job from running until someone upserts it again; the reason is shown to the server's admins. */
export async function pauseJob(db: Db, kind: string, key: string, reason: string): Promise<void> {
  await db
    .update(jobs)
    .set({ pausedReason: reason, lockedUntil: null })
    .where(and(eq(jobs.kind, kind), eq(jobs.key, key)));
}

/**
 * Claims up to `limit` due jobs in one statement: the inner SELECT walks the partial index
 * jobs_due_idx (run_at where not paused) and skips rows another worker holds; the UPDATE takes a
 * lease and counts the attempt.
 */
export async function claimDueJobs(
  db: Db,
  opts: { now: Date; leaseMs: number; limit: number; kinds: string[]; leaseMsByKind?: Record<string, number> | undefined },
): Promise<DueJob[]> {
  if (opts.kinds.length === 0) return [];
  const lease = new Date(opts.now.getTime() + opts.leaseMs);
  const at = (ms: number) => sql`${new Date(opts.now.getTime() + ms).toISOString()}::timestamptz`;
  const byKind = Object.entries(opts.leaseMsByKind ?? {});
  const lockedUntil = byKind.length
    ? sql`case ${jobs.kind} ${sql.join(
        byKind.map(([kind, ms]) => sql`when ${kind} then ${at(ms)}`),
        sql` `,
      )} else ${at(opts.leaseMs)} end`
    : lease;
  const due = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(
      and(
        lte(jobs.runAt, opts.now),
        isNull(jobs.pausedReason),
        or(isNull(jobs.lockedUntil), lt(jobs.lockedUntil, opts.now)),
        inArray(jobs.kind, opts.kinds),
      ),
    )
    .orderBy(asc(jobs.runAt))
    .limit(opts.limit)
    .for('update', { skipLocked: true });
  const rows = await db
    .update(jobs)
    .set({ lockedUntil, attempts: sql`${jobs.attempts} + 1` })
    .where(inArray(jobs.id, due))
    .returning({ ...dueJobColumns, lockedUntil: jobs.lockedUntil });
  return rows.map((r) => ({ ...r, lockedUntil: r.lockedUntil ?? lease }));
}

/** Records a run's outcome, only if this worker still holds the lease (else the job moved on without it). */
export async function completeJob(db: Db, job: DueJob, outcome: JobOutcome): Promise<boolean> {
  const fence = and(eq(jobs.id, job.id), eq(jobs.lockedUntil, job.lockedUntil));
  let changed: { id: number }[];
  if ('done' in outcome) {
    changed = await db.delete(jobs).where(fence).returning({ id: jobs.id });
  } else if ('nextRunAt' in outcome) {
    changed = await db
      .update(jobs)
      .set({ runAt: outcome.nextRunAt, lockedUntil: null, attempts: 0, lastError: null })
      .where(fence)
      .returning({ id: jobs.id });
  } else if ('pause' in outcome) {
    changed = await db.update(jobs).set({ pausedReason: outcome.pause, lockedUntil: null }).where(fence).returning({ id: jobs.id });
  } else {
    changed = await db
      .update(jobs)
      .set({ runAt: outcome.retryAt, lastError: outcome.error, lockedUntil: null })
      .where(fence)
      .returning({ id: jobs.id });
  }
  return changed.length > 0;
}

/** Wait before retrying a job whose handler threw: 30 s, 1 min, 2 min, … capped at 1 h. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/** A job whose handler threw this many times in a row is paused (SchedulerOptions.maxAttempts). */
const DEFAULT_MAX_ATTEMPTS = 10;

/**
 * Runs one claimed job and records its outcome (fenced on its lease); true when the handler returned
 * normally. A handler that throws is retried with backoff, and paused after `maxAttempts` in a row.
 * The scheduler runs what it claims through this; a caller that claimed a job itself (insertClaimedJob)
 * runs it through this too, so both record outcomes the same way.
 */
export async function runClaimedJob(
  ctx: AppContext,
  handler: JobHandler | undefined,
  job: DueJob,
  maxAttempts = DEFAULT_MAX_ATTEMPTS,
): Promise<boolean> {
  const log = ctx.log.child({ job: job.id, kind: job.kind, key: job.key, guildId: job.guildId });
  let outcome: JobOutcome;
  let ok = true;
  try {
    if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
    outcome = await handler(job, ctx);
  } catch (err) {
    ok = false;
    const error = err instanceof Error ? err.message : String(err);
    if (job.attempts >= maxAttempts) {
      log.error({ err, attempts: job.attempts }, 'job failed too often; pausing it');
      outcome = { pause: `failed ${job.attempts} times in a row; last error: ${error}` };
    } else {
      const retryAt = new Date(ctx.clock.now().getTime() + retryDelayMs(job.attempts));
      log.warn({ err, attempts: job.attempts, retryAt }, 'job failed; will retry');
      outcome = { retryAt, error };
    }
  }
  try {
    const recorded = await completeJob(ctx.database.db, job, outcome);
    if (!recorded) log.warn('job changed while running (lease passed or job replaced); outcome dropped');
  } catch (err) {
    // The lease will pass and the job will be claimed again.
    log.error({ err }, 'could not record job outcome');
    return false;
  }
  return ok;
}

/** Claim rounds in one tick; whatever is still due after them waits for the next tick. */
const MAX_ROUNDS_PER_TICK = 100;

export interface SchedulerOptions {
  /** Jobs claimed per statement; a tick keeps claiming until a claim comes back short. */
  batch?: number;
  /** How long a claim holds a job before another worker may take it. */
  leaseMs?: number;
  /**
   * Shorter leases for some kinds: a post sent with a nonce can safely run twice, and a worker that
   * died mid-post should be replaced while Discord still remembers the nonce (a few minutes).
   */
  leaseMsByKind?: Record<string, number>;
  /** Jobs run at once within a tick. */
  concurrency?: number;
  /** A job that threw this many times in a row is paused instead of retried. */
  maxAttempts?: number;
  /** Tick every this many ms instead of every minute (tests, e2e); validated in config. */
  tickMs?: number;
}

export interface TickResult {
  claimed: number;
  ran: number;
  failed: number;
}

/**
 * The clock ticks; the database decides what is due. Several Scheduler instances (processes) may
 * run against one database: each claim is exclusive until its lease passes.
 */
export class Scheduler {
  private readonly batch: number;
  private readonly leaseMs: number;
  private readonly leaseMsByKind: Record<string, number> | undefined;
  private readonly concurrency: number;
  private readonly maxAttempts: number;
  private readonly tickMs: number | undefined;
  private task: ScheduledTask | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<TickResult> | undefined;
  private stopped = false;
  /** Set while the database is unreachable, so an outage is logged once rather than every tick. */
  private outageSince: Date | undefined;
  /** When the last tick ended without a failure (for /readyz). */
  lastTickAt: Date | undefined;
  /** Outages seen since start, each counted once (for metrics). */
  outages = 0;

  constructor(
    private readonly ctx: AppContext,
    private readonly handlers: Record<string, JobHandler>,
    opts: SchedulerOptions = {},
  ) {
    this.batch = opts.batch ?? 100;
    this.leaseMs = opts.leaseMs ?? 5 * 60_000;
    const own = Object.entries(handlers).flatMap(([kind, h]) => (h.leaseMs === undefined ? [] : [[kind, h.leaseMs] as const]));
    this.leaseMsByKind = own.length || opts.leaseMsByKind ? { ...Object.fromEntries(own), ...opts.leaseMsByKind } : undefined;
    this.concurrency = opts.concurrency ?? 8;
    this.maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.tickMs = opts.tickMs;
  }

  /** Claims and runs everything due now. */
  async tick(): Promise<TickResult> {
    const total: TickResult = { claimed: 0, ran: 0, failed: 0 };
    const kinds = Object.keys(this.handlers);
    // Bounded, so a handler that keeps rescheduling into the past cannot hold a tick forever.
    for (let round = 0; round < MAX_ROUNDS_PER_TICK; round++) {
      const claimed = await claimDueJobs(this.ctx.database.db, {
        now: this.ctx.clock.now(),
        leaseMs: this.leaseMs,
        leaseMsByKind: this.leaseMsByKind,
        limit: this.batch,
        kinds,
      });
      total.claimed += claimed.length;
      const queue = [...claimed];
      const worker = async () => {
        for (let job = queue.shift(); job; job = queue.shift()) {
          if (await this.run(job)) total.ran++;
          else total.failed++;
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.concurrency, claimed.length) }, worker));
      if (claimed.length < this.batch || this.stopped) break;
    }
    return total;
  }

  /** Runs one claimed job and records its outcome; true when the handler returned normally. */
  private run(job: DueJob): Promise<boolean> {
    return runClaimedJob(this.ctx, this.handlers[job.kind], job, this.maxAttempts);
  }

  /** One tick at a time; a tick still running when the next is due makes that one a no-op. */
  private safeTick = (): void => {
    if (this.running || this.stopped) return;
    this.running = this.tick()
      .then((result) => {
        if (this.outageSince) {
          this.ctx.log.warn({ since: this.outageSince }, 'database reachable again; scheduler resumes');
          this.outageSince = undefined;
        }
        this.lastTickAt = new Date();
        return result;
      })
      .catch((err: unknown) => {
        // Unreachable database: the tick is skipped (its claims roll back or their leases pass) and
        // the next tick tries again; nothing due is lost, since the database decides what is due.
        if (isConnectionError(err)) {
          if (!this.outageSince) {
            this.outageSince = new Date();
            this.outages++;
            this.ctx.log.warn({ code: errorCode(err) }, 'database unreachable; scheduler skips its ticks until it returns');
          }
        } else {
          this.ctx.log.error({ err }, 'scheduler tick failed');
        }
        return { claimed: 0, ran: 0, failed: 0 };
      })
      .finally(() => {
        this.running = undefined;
      });
  };

  start(): void {
    this.stopped = false;
    if (this.tickMs) {
      this.timer = setInterval(this.safeTick, this.tickMs);
    } else {
      this.task = cron.schedule('* * * * *', this.safeTick, { name: 'riposte-scheduler', noOverlap: true });
    }
    this.safeTick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.task) await this.task.destroy();
    this.task = undefined;
    await this.running;
  }
}

export type JobState = 'due' | 'running' | 'scheduled' | 'paused';

/**
 * Jobs by kind and state, and the lag of the oldest due job, for metrics: one aggregate over the
 * jobs table (a row per schedule and per running drill: a few hundred thousand at most).
 */
export async function jobStats(
  db: Db,
  now: Date,
): Promise<{ byKindAndState: { kind: string; state: JobState; count: number }[]; lagSeconds: number }> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const rows = await queryRows<{ kind: string; state: JobState; count: number; oldestDue: Date | string | null }>(
    db,
    sql`select kind, state, count(*)::int as count, min(run_at) filter (where state = 'due') as "oldestDue"
      from (select kind, run_at,
                   case when paused_reason is not null then 'paused' when locked_until > ${at} then 'running'
                        when run_at <= ${at} then 'due' else 'scheduled' end as state
            from jobs) j
      group by kind, state`,
  );
  const oldest = Math.min(...rows.map((r) => (r.oldestDue ? new Date(r.oldestDue).getTime() : Number.POSITIVE_INFINITY)));
  return {
    byKindAndState: rows.map(({ kind, state, count }) => ({ kind, state, count: Number(count) })),
    lagSeconds: Number.isFinite(oldest) ? Math.max(0, (now.getTime() - oldest) / 1000) : 0,
  };
}
