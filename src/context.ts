import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import type { Logger } from './log.ts';
import type { Clock } from './clock.ts';
import type { Messenger } from './messenger.ts';
import type { Cooldowns } from './guild/cooldowns.ts';

/** Everything a handler or job needs, passed explicitly; there is no global container. */
export interface AppContext {
  config: Config;
  log: Logger;
  database: Database;
  clock: Clock;
  messenger: Messenger;
  /** Per server and member limits on expensive actions; one per process, with the clock above. */
  cooldowns: Cooldowns;
  /** Drill work after a reply (answer matching, the prompt's count); stopped with the app. */
  drills: DrillWork;
}

/**
 * What a drill asks of the background after a member has their reply (src/drills/background.ts).
 * An interface here, not the class, so this module imports nothing that imports it.
 */
export interface DrillWork {
  matchAnswers(drillId: number): void;
  countChanged(guildId: string, drillId: number): void;
  closed(drillId: number): void;
  stop(): Promise<void>;
}
