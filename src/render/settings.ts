import { bold, roleMention } from '@discordjs/formatters';
import type { GuildSettings } from '../guild/settings.ts';
import { plural } from './format.ts';

/** /settings show and set: each setting on a line, as a server admin reads them. */
export function describeSettings(s: GuildSettings): string {
  const onOff = (on: boolean) => bold(on ? 'on' : 'off');
  return [
    `Anonymous drills: ${onOff(s.anonymousDrills)}`,
    `Public leaderboards: ${onOff(s.publicLeaderboards)}`,
    `Voting after a drill: ${bold(s.drillVoteMinutes === 0 ? 'off' : `${s.drillVoteMinutes} min`)}, ${plural(s.drillVotesPerMember, 'vote')} per member${s.votersMustAnswer ? ', only members who answered' : ''}`,
    `Drill runners: Manage Server${s.drillRunnerRoleId ? ` and ${roleMention(s.drillRunnerRoleId)}` : ''}`,
  ].join('\n');
}
