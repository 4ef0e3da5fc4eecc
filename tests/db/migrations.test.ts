import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.ts';
import { describeEachBackend } from '../helpers/db.ts';

describeEachBackend('migrations', (get) => {
  it('create every table with the trigram extension', async () => {
    const rows = await get().rows<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    const names = rows.map((r) => r.table_name);
    for (const t of [
      'packs',
      'claims',
      'rebuttals',
      'key_points',
      'quotes',
      'references',
      'topics',
      'jobs',
      'daily_posts',
      'drills',
      'drill_answers',
      'practice_cards',
    ]) {
      expect(names).toContain(t);
    }
    const ext = await get().rows<{ extname: string }>(sql`select extname from pg_extension where extname = 'pg_trgm'`);
    expect(ext).toHaveLength(1);
  });

  it('are idempotent: applying them again changes nothing', async () => {
    const count = async () => (await get().rows<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`))[0]!.n;
    const before = await count();
    await migrate(get());
    expect(await count()).toBe(before);
    expect(before).toBeGreaterThanOrEqual(2);
  });
});
