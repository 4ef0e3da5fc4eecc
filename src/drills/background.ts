import { eq } from 'drizzle-orm';
import { getClaim } from '../content/claims.ts';
import type { DrillWork } from '../context.ts';
import type { Database } from '../db/client.ts';
import { drills } from '../db/schema/index.ts';
import type { Logger } from '../log.ts';
import type { Messenger } from '../messenger.ts';
import { renderPrompt } from '../render/drills.ts';
import { loadRubric } from '../scoring/rubric.ts';
import { matchPendingAnswers } from '../scoring/score.ts';
import { countAnswers } from './answers.ts';
import { getDrill } from './lifecycle.ts';
import { scoringRebuttalId } from './pick.ts';

/** What the background work needs from the app (a narrow view of AppContext, so no import cycle). */
export interface DrillDeps {
  database: Database;
  messenger: Messenger;
  log: Logger;
}

/**
 * Work a drill does after a member already has their reply, owned by one app context (one per
 * process) and stopped with it: matching answers against the key points ahead of the close, and
 * keeping the prompt's answer count current. stop() cancels pending timers and waits for the
 * matches in flight, so a shutdown neither leaves a timer behind nor closes the pool under a query.
 */
export class DrillBackground implements DrillWork {
  /** drill id → whether another run was asked for while one runs. */
  private readonly matching = new Map<number, boolean>();
  private readonly runs = new Set<Promise<void>>();
  private readonly countTimers = new Map<number, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly deps: DrillDeps,
    /** A burst of submissions becomes one prompt edit per this interval, with the count read when it fires. */
    private readonly countDelayMs = 2000,
  ) {}

  /**
   * Matches the drill's new and edited answers, one run per drill at a time; a submission during a
   * run asks for one more, which picks up everything still pending. Nothing is lost if it never
   * runs: the close matches whatever is still pending.
   */
  matchAnswers(drillId: number): void {
    if (this.stopped) return;
    if (this.matching.has(drillId)) {
      this.matching.set(drillId, true);
      return;
    }
    this.matching.set(drillId, false);
    const run = this.match(drillId).finally(() => this.runs.delete(run));
    this.runs.add(run);
  }

  /** Edits the prompt's answer count soon, once per interval per drill. */
  countChanged(guildId: string, drillId: number): void {
    if (this.stopped || this.countTimers.has(drillId)) return;
    const timer = setTimeout(() => {
      this.countTimers.delete(drillId);
      const run = this.refreshCount(guildId, drillId).finally(() => this.runs.delete(run));
      this.runs.add(run);
    }, this.countDelayMs);
    timer.unref();
    this.countTimers.set(drillId, timer);
  }

  /** The drill closed: its count edit is moot (the close edits the prompt itself). */
  closed(drillId: number): void {
    const timer = this.countTimers.get(drillId);
    if (timer) clearTimeout(timer);
    this.countTimers.delete(drillId);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.countTimers.values()) clearTimeout(timer);
    this.countTimers.clear();
    await Promise.allSettled([...this.runs]);
  }

  private async match(drillId: number): Promise<void> {
    const db = this.deps.database.db;
    try {
      do {
        this.matching.set(drillId, false);
        const [drill] = await db.select().from(drills).where(eq(drills.id, drillId));
        if (drill?.status !== 'open' || this.stopped) break;
        await matchPendingAnswers(db, drillId, await loadRubric(db, await scoringRebuttalId(db, drill)));
      } while (this.matching.get(drillId));
    } catch (err) {
      this.deps.log.warn({ err, drillId }, 'could not match answers ahead of the close');
    } finally {
      this.matching.delete(drillId);
    }
  }

  private async refreshCount(guildId: string, drillId: number): Promise<void> {
    const { database, messenger, log } = this.deps;
    try {
      const drill = await getDrill(database.db, guildId, drillId);
      if (drill.status !== 'open' || !drill.messageId) return;
      const claim = await getClaim(database, guildId, drill.claimId);
      const count = await countAnswers(database.db, drillId);
      await messenger.edit(drill.channelId, drill.messageId, renderPrompt(drill, claim, count));
    } catch (err) {
      log.warn({ err, drillId, guildId }, 'could not update the drill prompt count');
    }
  }
}
