import type { Command } from '#src/interactions/types.ts';
import { about } from './about.ts';
import { claim } from './claim.ts';
import { daily } from './daily.ts';
import { quote } from './quote.ts';
import { source } from './source.ts';
import { topics } from './topics.ts';
import { drill } from './drill.ts';
import { leaderboard } from './leaderboard.ts';
import { practice } from './practice.ts';
import { progress } from './progress.ts';
import { score } from './score.ts';
import { settings } from './settings.ts';
import { privacy } from './privacy.ts';

/** Every slash command, once: the bot, the console and `npm run commands:deploy` all read this list. */
export const commands: Command[] = [
  about,
  claim,
  daily,
  quote,
  source,
  topics,
  drill,
  score,
  leaderboard,
  progress,
  practice,
  settings,
  privacy,
];
