import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import type { PackSource } from '../db/schema/index.ts';
import { visiblePack } from './visibility.ts';

export interface PackSummary {
  slug: string;
  title: string;
  description: string;
  version: number;
  licence: string;
  source: PackSource;
  guildId: string | null;
  claims: number;
  quotes: number;
}

export async function listPacks(database: Database, guildId: string): Promise<PackSummary[]> {
  return database.rows<PackSummary>(sql`
    select p.slug, p.title, p.description, p.version, p.licence, p.source, p.guild_id as "guildId",
           (select count(*) from claims c where c.pack_id = p.id)::int as claims,
           (select count(*) from quotes q where q.pack_id = p.id)::int as quotes
    from packs p where ${visiblePack(guildId)} order by p.guild_id nulls first, p.title`);
}

/** Every pack in the store, for the command-line tool (which acts for the operator, not a server). */
export async function listAllPacks(database: Database): Promise<(PackSummary & { references: number; rebuttals: number })[]> {
  return database.rows(sql`
    select p.slug, p.title, p.description, p.version, p.licence, p.source, p.guild_id as "guildId",
           (select count(*) from claims c where c.pack_id = p.id)::int as claims,
           (select count(*) from quotes q where q.pack_id = p.id)::int as quotes,
           (select count(*) from rebuttals r where r.pack_id = p.id)::int as rebuttals,
           (select count(*) from "references" r where r.pack_id = p.id)::int as references
    from packs p order by p.guild_id nulls first, p.slug`);
}
