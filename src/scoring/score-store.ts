import { sql } from 'drizzle-orm';
import { loadShippedPacksIfEmpty } from '../app.ts';
import { loadConfig } from '../config.ts';
import { openDatabase, type Database } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { queryRows } from '../db/rows.ts';
import { UserError } from '../errors.ts';
import { practiceRebuttalId } from '../practice/queue.ts';
import { loadRubric, type Rubric } from './rubric.ts';

export type ScoringStore = Database;

/** The store `npm start` would use (DATABASE_URL, or the embedded one with the shipped packs). */
export async function openScoringStore(): Promise<ScoringStore> {
  const config = loadConfig();
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  await migrate(database);
  await loadShippedPacksIfEmpty(database, config.packsDir, (l) => process.stderr.write(`${l}\n`));
  return database;
}

/**
 * The rubric a drill on this claim scores against: its first rebuttal with key points. Global packs
 * only (no server is asking); "pack/claim" picks among packs that share a claim slug.
 */
export async function rubricForClaimSlug(store: ScoringStore, slug: string): Promise<Rubric> {
  const [pack, claim] = slug.includes('/') ? slug.split('/', 2) : [null, slug];
  const rows = await queryRows<{ id: number; pack: string }>(
    store.db,
    sql`select c.id, p.slug as pack from claims c join packs p on p.id = c.pack_id
        where c.slug = ${claim} and p.guild_id is null ${pack ? sql`and p.slug = ${pack}` : sql``}`,
  );
  if (rows.length === 0) throw new UserError('score.claim-unknown', { slug });
  if (rows.length > 1) throw new UserError('score.claim-ambiguous', { slug, packs: rows.map((r) => r.pack), claim: claim ?? slug });
  const rebuttalId = await practiceRebuttalId(store.db, Number(rows[0]!.id));
  if (rebuttalId === null) throw new UserError('score.claim-no-key-points', { slug });
  return loadRubric(store.db, rebuttalId);
}
