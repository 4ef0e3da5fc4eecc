import { ApplicationCommandOptionType, PermissionFlagsBits, type CommandInteractionOption, type Interaction } from 'discord.js';
import type { OptionValue, Request } from '../interactions/types.ts';

type Supported = Extract<Interaction, { inGuild(): boolean }>;

/** Flattens discord.js's option tree into the seam's flat Request. */
function readOptions(data: readonly CommandInteractionOption[]): {
  group?: string;
  sub?: string;
  options: Record<string, OptionValue>;
  focused?: { name: string; value: string };
} {
  let list = data;
  let group: string | undefined;
  let sub: string | undefined;
  if (list[0]?.type === ApplicationCommandOptionType.SubcommandGroup) {
    group = list[0].name;
    list = list[0].options ?? [];
  }
  if (list[0]?.type === ApplicationCommandOptionType.Subcommand) {
    sub = list[0].name;
    list = list[0].options ?? [];
  }
  const options: Record<string, OptionValue> = {};
  let focused: { name: string; value: string } | undefined;
  for (const o of list) {
    if (o.value === undefined || o.value === null) continue;
    options[o.name] = o.value;
    if (o.focused) focused = { name: o.name, value: String(o.value) };
  }
  return { ...(group ? { group } : {}), ...(sub ? { sub } : {}), options, ...(focused ? { focused } : {}) };
}

function memberFacts(interaction: Supported): { displayName: string; manageGuild: boolean; roleIds: string[] } {
  const member = interaction.member;
  const user = interaction.user;
  let roleIds: string[] = [];
  let displayName = user.globalName ?? user.username;
  if (member) {
    if ('displayName' in member) {
      roleIds = [...member.roles.cache.keys()].filter((id) => id !== interaction.guildId);
      displayName = member.displayName;
    } else {
      roleIds = member.roles;
      displayName = member.nick ?? displayName;
    }
  }
  const manageGuild = interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
  return { displayName, manageGuild, roleIds };
}

/** The seam's Request for a guild interaction; null for kinds the bot does not handle. */
export function toRequest(interaction: Interaction): Request | null {
  if (!interaction.inGuild()) return null;
  const { displayName, manageGuild, roleIds } = memberFacts(interaction);
  const base = {
    guildId: interaction.guildId,
    channelId: interaction.channelId ?? '',
    user: { id: interaction.user.id, displayName },
    member: { manageGuild, roleIds },
    options: {} as Record<string, OptionValue>,
  };
  if (interaction.isChatInputCommand() || interaction.isAutocomplete()) {
    const { group, sub, options, focused } = readOptions(interaction.options.data);
    return {
      ...base,
      kind: interaction.isAutocomplete() ? 'autocomplete' : 'command',
      commandName: interaction.commandName,
      subcommandGroup: group,
      subcommand: sub,
      options,
      focused,
    };
  }
  if (interaction.isButton() || interaction.isStringSelectMenu()) {
    // A select menu is a button with a value: its choice arrives as options.value.
    const options: Record<string, OptionValue> = interaction.isStringSelectMenu() ? { value: interaction.values[0] ?? '' } : {};
    return {
      ...base,
      kind: 'button',
      commandName: interaction.customId.split(':', 1)[0] ?? '',
      customId: interaction.customId,
      messageId: interaction.message.id,
      message: { content: interaction.message.content, embeds: interaction.message.embeds.map((e) => e.toJSON()) },
      options,
    };
  }
  if (interaction.isModalSubmit()) {
    const fields: Record<string, string> = {};
    for (const [id, component] of interaction.fields.fields) {
      if ('value' in component && typeof component.value === 'string') fields[id] = component.value;
    }
    return {
      ...base,
      kind: 'modal',
      commandName: interaction.customId.split(':', 1)[0] ?? '',
      customId: interaction.customId,
      fields,
      messageId: interaction.message?.id,
    };
  }
  return null;
}
