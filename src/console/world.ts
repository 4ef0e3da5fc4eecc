/**
 * The console's pretend server: one guild, channels made on demand by name, and a few local members
 * to switch between, so a drill with answers and votes can be tried alone.
 */

export interface LocalMember {
  id: string;
  name: string;
  /** Whether this member has Manage Server (and so may run drills and change settings). */
  manageGuild: boolean;
}

export const GUILD_ID = '100000000000000001';
export const GENERAL_CHANNEL_ID = '100000000000000002';

export const LOCAL_MEMBERS: readonly LocalMember[] = [
  { id: '100000000000000003', name: 'you', manageGuild: true },
  { id: '100000000000000004', name: 'bob', manageGuild: false },
  { id: '100000000000000005', name: 'carol', manageGuild: false },
];

/** Channels the console knows from the start; any other `#name` is made when first used. */
const STARTING_CHANNELS = ['general', 'debates', 'quotes'];
const FIRST_NEW_CHANNEL = 100000000000000100n;

export class ConsoleWorld {
  readonly guildId = GUILD_ID;
  private readonly channelIds = new Map<string, string>();
  private readonly channelNames = new Map<string, string>();
  member: LocalMember = LOCAL_MEMBERS[0]!;
  channelId = GENERAL_CHANNEL_ID;

  constructor() {
    this.addChannel('general', GENERAL_CHANNEL_ID);
    for (const name of STARTING_CHANNELS.slice(1)) this.channel(name);
  }

  private addChannel(name: string, id: string): void {
    this.channelIds.set(name, id);
    this.channelNames.set(id, name);
  }

  /** The id of the channel with this name, made on first use (the console server has any channel asked for). */
  channel(name: string): string {
    const key = name.replace(/^#/, '').toLowerCase();
    const known = this.channelIds.get(key);
    if (known) return known;
    const id = String(FIRST_NEW_CHANNEL + BigInt(this.channelIds.size));
    this.addChannel(key, id);
    return id;
  }

  channelName(id: string): string | undefined {
    return this.channelNames.get(id);
  }

  channels(): string[] {
    return [...this.channelIds.keys()];
  }

  memberNamed(name: string): LocalMember | undefined {
    const key = name.replace(/^@/, '').toLowerCase();
    return LOCAL_MEMBERS.find((m) => m.name === key);
  }

  memberName(id: string): string | undefined {
    return LOCAL_MEMBERS.find((m) => m.id === id)?.name;
  }
}
