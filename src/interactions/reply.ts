import type { APIActionRowComponent, APIComponentInMessageActionRow, APIEmbed } from 'discord-api-types/v10';

/**
 * What a command answers or the bot posts: the same shape for Discord, the console and tests. Apart
 * from the rest of the seam (types.ts) so the messenger can use it without importing the context.
 */
export interface Reply {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
  /** Only the person who asked sees it. */
  ephemeral?: boolean;
  /** Attachments (e.g. a /privacy export); Discord uploads them, the console saves them to disk. */
  files?: { name: string; data: Buffer | string }[];
}
