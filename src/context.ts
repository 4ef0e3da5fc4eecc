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
}
