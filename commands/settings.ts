import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import {
  getGuildSettings,
  updateGuildSettings,
  VOTE_MINUTES_MAX,
  VOTES_PER_MEMBER_MAX,
  type GuildSettings,
  type SettingsPatch,
} from '#src/guild/settings.ts';
import { UserError } from '#src/errors.ts';
import { requireManageGuild } from '#src/interactions/guards.ts';
import type { Command, Request } from '#src/interactions/types.ts';

const data = new SlashCommandBuilder()
  .setName('settings')
  .setDescription("This server's drill and leaderboard settings")
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addSubcommand((s) => s.setName('show').setDescription('The settings now in force'))
  .addSubcommand((s) =>
    s
      .setName('set')
      .setDescription('Change one or more settings')
      .addBooleanOption((o) => o.setName('anonymous_drills').setDescription('Show drill answers without names'))
      .addBooleanOption((o) => o.setName('public_leaderboards').setDescription('Off: /leaderboard and /score show members only their own'))
      .addIntegerOption((o) =>
        o
          .setName('vote_minutes')
          .setDescription('Voting after each drill, in minutes (0 = no voting)')
          .setMinValue(0)
          .setMaxValue(VOTE_MINUTES_MAX),
      )
      .addIntegerOption((o) =>
        o
          .setName('votes_per_member')
          .setDescription('Votes each member may give per drill')
          .setMinValue(1)
          .setMaxValue(VOTES_PER_MEMBER_MAX),
      )
      .addBooleanOption((o) => o.setName('voters_must_answer').setDescription('Only members who answered may vote'))
      .addRoleOption((o) => o.setName('drill_runner_role').setDescription('A role that may start and close drills besides Manage Server'))
      .addBooleanOption((o) => o.setName('clear_drill_runner_role').setDescription('Remove the drill-runner role')),
  );

function describe(s: GuildSettings): string {
  return [
    `Anonymous drills: **${s.anonymousDrills ? 'on' : 'off'}**`,
    `Public leaderboards: **${s.publicLeaderboards ? 'on' : 'off'}**`,
    `Voting after a drill: **${s.drillVoteMinutes === 0 ? 'off' : `${s.drillVoteMinutes} min`}**, ${s.drillVotesPerMember} vote${s.drillVotesPerMember === 1 ? '' : 's'} per member${s.votersMustAnswer ? ', only members who answered' : ''}`,
    `Drill runners: Manage Server${s.drillRunnerRoleId ? ` and <@&${s.drillRunnerRoleId}>` : ''}`,
  ].join('\n');
}

function patchOf(req: Request): SettingsPatch {
  const o = req.options;
  const bool = (name: string) => (o[name] === undefined ? undefined : o[name] === true || o[name] === 'true');
  const int = (name: string) => (o[name] === undefined ? undefined : Number(o[name]));
  const role = o.drill_runner_role === undefined ? undefined : String(o.drill_runner_role);
  const clear = bool('clear_drill_runner_role');
  if (role && clear) throw new UserError('settings.runner-role-both');
  const patch: SettingsPatch = {
    anonymousDrills: bool('anonymous_drills'),
    publicLeaderboards: bool('public_leaderboards'),
    drillVoteMinutes: int('vote_minutes'),
    drillVotesPerMember: int('votes_per_member'),
    votersMustAnswer: bool('voters_must_answer'),
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
      return res.reply({ content: describe(await getGuildSettings(ctx.database.db, req.guildId)), ephemeral: true });
    }
    if (req.subcommand !== 'set') throw new UserError('interaction.use-subcommand', { usage: '/settings show or /settings set' });
    const patch = patchOf(req);
    if (Object.values(patch).every((v) => v === undefined)) throw new UserError('settings.nothing');
    const now = await updateGuildSettings(ctx.database.db, req.guildId, patch);
    await res.reply({
      content: `Settings saved.\n${describe(now)}\nNew drills use them; a drill already running keeps its own.`,
      ephemeral: true,
    });
  },
};
