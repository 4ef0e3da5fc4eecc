import type { Database } from '../../src/db/client.ts';
import { submitAnswer } from '../../src/drills/answers.ts';
import { closeDrill, createDrill, getDrill } from '../../src/drills/lifecycle.ts';
import { pickDrillMaterial, scoringRebuttalId } from '../../src/drills/pick.ts';
import { DEFAULT_SETTINGS } from '../../src/guild/settings.ts';
import { loadRubric, type Rubric } from '../../src/scoring/rubric.ts';
import { snowflake } from './drill-context.ts';

export const OFF_TOPIC = 'I had a lovely walk by the river and then baked some bread.';

/**
 * A whole drill without voting, at a given time, on a random claim: `strong` answers state every key
 * point's own text as a sentence (meant to be full coverage), the others are off topic (nothing).
 * Returns the drill id.
 */
/**
 * A real rebuttal for any rubric: its key points' own texts as sentences, which make every key point
 * (the scorer is checked on that in tests/scoring).
 */
export function keyPointAnswer(rubric: Rubric, lead = 'Answer'): string {
  return `${lead}: ${rubric.keyPoints.map((k) => k.text.replace(/\.$/, '')).join('. ')}.`;
}

export async function runDrill(
  database: Database,
  opts: { guildId: string; at: Date; strong?: string[]; weak?: string[]; topic?: string },
): Promise<number> {
  const db = database.db;
  const material = await pickDrillMaterial(db, { guildId: opts.guildId, topic: opts.topic, mode: 'standard' });
  const drill = await createDrill(db, {
    guildId: opts.guildId,
    channelId: snowflake(),
    ...material,
    mode: 'standard',
    minutes: 10,
    startedBy: 'mod',
    settings: { ...DEFAULT_SETTINGS, drillVoteMinutes: 0 },
    now: opts.at,
  });
  const rubric = await loadRubric(db, await scoringRebuttalId(db, await getDrill(db, opts.guildId, drill.id)));
  const strongText = keyPointAnswer(rubric, 'Answer');
  for (const userId of opts.strong ?? []) {
    await submitAnswer(db, {
      guildId: opts.guildId,
      drillId: drill.id,
      userId,
      displayName: `name-${userId}`,
      text: strongText,
      now: opts.at,
    });
  }
  for (const userId of opts.weak ?? []) {
    await submitAnswer(db, {
      guildId: opts.guildId,
      drillId: drill.id,
      userId,
      displayName: `name-${userId}`,
      text: OFF_TOPIC,
      now: opts.at,
    });
  }
  await closeDrill(db, { drillId: drill.id, now: new Date(opts.at.getTime() + 10 * 60_000), cancelTimer: true });
  return drill.id;
}
