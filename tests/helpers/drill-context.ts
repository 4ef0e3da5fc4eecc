import { fileURLToPath } from 'node:url';
import { importPackFile } from '../../src/content/import.ts';
import type { Database } from '../../src/db/client.ts';
import type { Reply } from '../../src/interactions/types.ts';
import { RecordingMessenger, testContext } from './schedule-context.ts';

export const PACK_PATH = fileURLToPath(new URL('../../packs/marxism-or-anarchism.yaml', import.meta.url));

export async function importFirstPack(database: Database): Promise<void> {
  await importPackFile(database, PACK_PATH);
}

/** Records edits too (the prompt's live count, the closed prompt). */
export class DrillMessenger extends RecordingMessenger {
  readonly edits: { channelId: string; messageId: string; message: Omit<Reply, 'ephemeral'> }[] = [];
  override async edit(channelId: string, messageId: string, message: Omit<Reply, 'ephemeral'>): Promise<void> {
    this.edits.push({ channelId, messageId, message });
  }
}

export function drillContext(database: Database, now: Date) {
  const messenger = new DrillMessenger();
  return { ctx: testContext(database, now, messenger), messenger };
}

let nextId = 100_000_000_000_000_000n;
/** A fresh Discord-looking id, so tests sharing a database never share a server, channel or member. */
export function snowflake(): string {
  nextId += 1n;
  return String(nextId);
}
