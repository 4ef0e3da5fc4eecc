import { ApplicationCommandOptionType as T, InteractionContextType, PermissionFlagsBits } from 'discord-api-types/v10';
import { getGuildSettings, updateGuildSettings, VOTE_MINUTES_MAX, VOTES_PER_MEMBER_MAX, type SettingsPatch } from '#src/guild/settings.ts';
import { describeSettings } from '#src/render/settings.ts';
import { UserError } from '#src/errors.ts';
import { requireManageGuild } from '#src/interactions/guards.ts';
import { slashCommand } from '#src/interactions/args.ts';
import type { Command, Request } from '#src/interactions/types.ts';

const data = slashCommand({
  name: 'settings',
  description: "This server's drill and leaderboard settings",
  contexts: [InteractionContextType.Guild],
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  options: [
    { type: T.Subcommand, name: 'show', description: 'The settings now in force' },
    {
      type: T.Subcommand,
      name: 'set',
      description: 'Change one or more settings',
      options: [
        { type: T.Boolean, name: 'anonymous_drills', description: 'Show drill answers without names' },
        { type: T.Boolean, name: 'public_leaderboards', description: 'Off: /leaderboard and /score show members only their own' },
        {
          type: T.Integer,
          name: 'vote_minutes',
          description: 'Voting after each drill, in minutes (0 = no voting)',
          min_value: 0,
          max_value: VOTE_MINUTES_MAX,
        },
        {
          type: T.Integer,
          name: 'votes_per_member',
          description: 'Votes each member may give per drill',
          min_value: 1,
          max_value: VOTES_PER_MEMBER_MAX,
        },
        { type: T.Boolean, name: 'voters_must_answer', description: 'Only members who answered may vote' },
        { type: T.Role, name: 'drill_runner_role', description: 'A role that may start and close drills besides Manage Server' },
        { type: T.Boolean, name: 'clear_drill_runner_role', description: 'Remove the drill-runner role' },
      ],
    },
  ],
});

function patchOf(req: Request): SettingsPatch {
  const o = data.args(req, 'set');
  const role = o.drill_runner_role;
  const clear = o.clear_drill_runner_role;
  if (role && clear) throw new UserError('settings.runner-role-both');
  const patch: SettingsPatch = {
    anonymousDrills: o.anonymous_drills,
    publicLeaderboards: o.public_leaderboards,
    drillVoteMinutes: o.vote_minutes,
    drillVotesPerMember: o.votes_per_member,
    votersMustAnswer: o.voters_must_answer,
    drillRunnerRoleId: clear ? null : role,
  };
  if (role === req.guildId) throw new UserError('settings.runner-role-everyone');
  return patch;
}

export const settings: Command = {
  data,
  async execute(req, res, ctx) {
    requireManageGuild(req, 'changeSettings');
    if (req.subcommand === 'show') {
      return res.reply({ content: describeSettings(await getGuildSettings(ctx.database.db, req.guildId)), ephemeral: true });
    }
    if (req.subcommand !== 'set') throw new UserError('interaction.use-subcommand', { usage: '/settings show or /settings set' });
    const patch = patchOf(req);
    if (Object.values(patch).every((v) => v === undefined)) throw new UserError('settings.nothing');
    const now = await updateGuildSettings(ctx.database.db, req.guildId, patch);
    await res.reply({
      content: `Settings saved.\n${describeSettings(now)}\nNew drills use them; a drill already running keeps its own.`,
      ephemeral: true,
    });
  },
};
