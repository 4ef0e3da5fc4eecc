import type { Command } from '../src/interactions/types.ts';
import { about } from './about.ts';
import { claim } from './claim.ts';
import { daily } from './daily.ts';
import { quote } from './quote.ts';
import { source } from './source.ts';
import { topics } from './topics.ts';

/** Every slash command, once: the bot, the console and `npm run commands:deploy` all read this list. */
export const commands: Command[] = [
  about,
  claim,
  daily,
  quote,
  source,
  topics,
];
