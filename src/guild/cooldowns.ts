import type { Clock } from '../clock.ts';
import { UserError } from '../errors.ts';
import type { CooldownAction } from '../render/errors.ts';

export type { CooldownAction } from '../render/errors.ts';

/** A burst of uses, then one more every `everyMs` (a token bucket): a member can work, not flood. */
export interface CooldownRule {
  burst: number;
  everyMs: number;
}

/**
 * The actions that cost the bot real work per use. Starting a drill picks a claim, writes the drill and
 * posts to the channel (three back to back is a club running parallel rooms; more is a flood). A
 * practice answer runs the scorer (sentence embeddings, a few hundred milliseconds of CPU); writing a
 * rebuttal takes longer than 20 s, pasting one does not. Drill answers need none: the matcher behind
 * them already runs once per drill at a time, however many arrive. Pack imports are the operator's
 * command-line tool, not a member's action. Admins are not exempt: a drill costs the same whoever
 * starts it, and a runaway script with an admin's rights is the case this is for.
 */
export const COOLDOWNS: Record<CooldownAction, CooldownRule> = {
  'drill.start': { burst: 3, everyMs: 60_000 },
  'practice.answer': { burst: 3, everyMs: 20_000 },
};

interface Bucket {
  tokens: number;
  at: number;
}

/** Forget full buckets this often (clock time): the map holds only members who acted lately. */
const SWEEP_EVERY_MS = 60_000;

/**
 * Per server and member, in this process: a map owned by the app context. The database is not needed
 * for several processes to agree: Discord sends a server's interactions to the one shard holding that
 * server, so one member's uses in one server always meet the same map. A restart forgets the
 * buckets, which costs at most one burst.
 */
export class Cooldowns {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep: number;

  constructor(
    private readonly clock: Clock,
    private readonly rules: Record<CooldownAction, CooldownRule> = COOLDOWNS,
  ) {
    this.lastSweep = clock.now().getTime();
  }

  /**
   * Runs `fn` as one use of `action` by this member, or throws UserError('cooldown.wait') at once
   * without running it. A use that fails (a refusal, an error) is given back: a typo or a channel the
   * bot cannot post in costs the member nothing. Uses in flight count, so concurrent clicks are limited too.
   */
  async run<T>(action: CooldownAction, guildId: string, userId: string, fn: () => Promise<T>): Promise<T> {
    const giveBack = this.take(action, guildId, userId);
    try {
      return await fn();
    } catch (err) {
      giveBack();
      throw err;
    }
  }

  /** Takes one use now; returns the function that gives it back. */
  take(action: CooldownAction, guildId: string, userId: string): () => void {
    const rule = this.rules[action];
    const now = this.clock.now().getTime();
    this.sweep(now);
    const key = `${action}\u0000${guildId}\u0000${userId}`;
    const bucket = this.refill(this.buckets.get(key), rule, now);
    if (bucket.tokens < 1) {
      const seconds = Math.max(1, Math.ceil(((1 - bucket.tokens) * rule.everyMs) / 1000));
      throw new UserError('cooldown.wait', { action, seconds, burst: rule.burst, everySeconds: Math.round(rule.everyMs / 1000) });
    }
    bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    let given = false;
    return () => {
      if (given) return;
      given = true;
      const current = this.refill(this.buckets.get(key), rule, this.clock.now().getTime());
      current.tokens = Math.min(rule.burst, current.tokens + 1);
      this.buckets.set(key, current);
    };
  }

  /** How many members' buckets are held (for tests and metrics). */
  get size(): number {
    return this.buckets.size;
  }

  private refill(bucket: Bucket | undefined, rule: CooldownRule, now: number): Bucket {
    if (!bucket) return { tokens: rule.burst, at: now };
    const tokens = Math.min(rule.burst, bucket.tokens + Math.max(0, now - bucket.at) / rule.everyMs);
    return { tokens, at: now };
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    for (const [key, bucket] of this.buckets) {
      const rule = this.rules[key.slice(0, key.indexOf('\u0000')) as CooldownAction];
      if (bucket.tokens + (now - bucket.at) / rule.everyMs >= rule.burst) this.buckets.delete(key);
    }
  }
}
