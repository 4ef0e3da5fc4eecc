import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import type { Logger } from './log.ts';
import type { Clock } from './clock.ts';
import type { Messenger } from './messenger.ts';
import { Cooldowns } from './guild/cooldowns.ts';
import { DrillBackground } from './drills/background.ts';

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
  drills: DrillBackground;
}

/** A context from its parts, with this process's own cooldowns and drill background work. */
export function createAppContext(parts: Omit<AppContext, 'cooldowns' | 'drills'>): AppContext {
  return { ...parts, cooldowns: new Cooldowns(parts.clock), drills: new DrillBackground(parts) };
}
