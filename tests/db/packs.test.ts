import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { parse } from 'yaml';
import { expect, it } from 'vitest';
import { exportPack, packToYaml } from '../../src/content/export.ts';
import { importPack, importPackFile, PackError } from '../../src/content/import.ts';
import { checkPack } from '../../src/content/validate-pack.ts';
import { describeEachBackend, type TestDatabase } from '../helpers/db.ts';

const MINI = 'tests/fixtures/packs/mini.yaml';
const FIRST_PACK = 'packs/marxism-or-anarchism.yaml';

async function counts(db: TestDatabase) {
  const [row] = await db.rows<Record<string, number>>(sql`select
    (select count(*) from packs)::int as packs, (select count(*) from claims)::int as claims,
    (select count(*) from rebuttals)::int as rebuttals, (select count(*) from key_points)::int as key_points,
    (select count(*) from quotes)::int as quotes, (select count(*) from "references")::int as refs,
    (select count(*) from topics)::int as topics, (select count(*) from claim_topics)::int as claim_topics,
    (select count(*) from rebuttal_refs)::int as rebuttal_refs, (select count(*) from quote_topics)::int as quote_topics`);
  return row!;
}

describeEachBackend('pack import and export', (get) => {
  it('imports a pack with its tree of rebuttals, and re-imports it with no duplicates and the same ids', async () => {
    const first = await importPackFile(get(), MINI);
    expect(first.counts).toEqual({ topics: 2, references: 2, claims: 2, rebuttals: 3, keyPoints: 5, quotes: 2 });
    const before = await counts(get());
    const ids = await get().rows(sql`select id, slug from claims order by id`);
    const again = await importPackFile(get(), MINI);
    expect(again.packId).toBe(first.packId);
    expect(await counts(get())).toEqual(before);
    expect(await get().rows(sql`select id, slug from claims order by id`)).toEqual(ids);
    const [counter] = await get().rows<{ parent: string }>(sql`
      select p.slug as parent from rebuttals r join rebuttals p on p.id = r.parent_id where r.slug = 'oppose-both-counter'`);
    expect(counter?.parent).toBe('oppose-both');
  });

  it('exports a pack that re-imports to the same content', async () => {
    await importPackFile(get(), MINI);
    const exported = await exportPack(get(), 'mini');
    const yaml = packToYaml(exported);
    const reparsed = checkPack(parse(yaml));
    expect(reparsed.ok).toBe(true);
    const before = await counts(get());
    if (reparsed.ok) await importPack(get(), reparsed.pack);
    expect(await counts(get())).toEqual(before);
    expect(await exportPack(get(), 'mini')).toEqual(exported);
  });

  it('a newer version updates in place and drops what left the file, leaving nothing orphaned', async () => {
    const text = await readFile(MINI, 'utf8');
    const pack = parse(text);
    pack.version = 2;
    pack.claims = pack.claims.slice(1);
    pack.quotes[0].text = 'the state as the main evil to be abolished';
    const dir = await mkdtemp(join(tmpdir(), 'riposte-'));
    await writeFile(join(dir, 'v2.yaml'), JSON.stringify(pack));
    await importPackFile(get(), MINI, { guildId: '100000000000000001' });
    await importPackFile(get(), join(dir, 'v2.yaml'), { guildId: '100000000000000001' });
    const rows = await get().rows<{ claims: number; rebuttals: number; kps: number; quotes: number }>(sql`
      select (select count(*) from claims c join packs p on p.id = c.pack_id where p.guild_id = '100000000000000001')::int as claims,
             (select count(*) from rebuttals r join packs p on p.id = r.pack_id where p.guild_id = '100000000000000001')::int as rebuttals,
             (select count(*) from key_points k join rebuttals r on r.id = k.rebuttal_id join packs p on p.id = r.pack_id where p.guild_id = '100000000000000001')::int as kps,
             (select count(*) from quotes q join packs p on p.id = q.pack_id where p.guild_id = '100000000000000001')::int as quotes`);
    expect(rows[0]).toEqual({ claims: 1, rebuttals: 1, kps: 2, quotes: 2 });
    const [orphans] = await get().rows<{ n: number }>(sql`
      select ((select count(*) from key_points k left join rebuttals r on r.id = k.rebuttal_id where r.id is null)
            + (select count(*) from claim_topics ct left join claims c on c.id = ct.claim_id where c.id is null))::int as n`);
    expect(orphans?.n).toBe(0);
    // An older version is refused and changes nothing.
    await expect(importPackFile(get(), MINI, { guildId: '100000000000000001' })).rejects.toThrow(/already at version 2/);
  });

  it('a broken pack imports nothing and names every error with its path', async () => {
    const pack = parse(await readFile(MINI, 'utf8'));
    pack.slug = 'broken';
    pack.claims[0].rebuttals[0].refs = ['H.2.4', 'H.9.9'];
    pack.claims[1].topics = ['no-such-topic'];
    pack.quotes[1].year = 'last year';
    const dir = await mkdtemp(join(tmpdir(), 'riposte-'));
    const file = join(dir, 'broken.yaml');
    await writeFile(file, JSON.stringify(pack));
    const before = await counts(get());
    const err = await importPackFile(get(), file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PackError);
    // Schema and cross-record errors come in one report, sorted by path.
    expect((err as PackError).errors).toEqual([
      'claims[0].rebuttals[0].refs[1]: unknown reference "H.9.9"',
      'claims[1].topics[0]: unknown topic "no-such-topic"',
      'quotes[1].year: Invalid input: expected number, received string',
    ]);
    pack.quotes[1].year = 1873;
    await writeFile(file, JSON.stringify(pack));
    const err2 = (await importPackFile(get(), file).catch((e: unknown) => e)) as PackError;
    expect(err2.errors).toEqual([
      'claims[0].rebuttals[0].refs[1]: unknown reference "H.9.9"',
      'claims[1].topics[0]: unknown topic "no-such-topic"',
    ]);
    expect(await counts(get())).toEqual(before);
  });

  it('rolls back a pack that fails half-way through writing', async () => {
    const pack = parse(await readFile(MINI, 'utf8'));
    pack.slug = 'half-way';
    const check = checkPack(pack);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    // Past validation, a reference id that cannot be resolved fails inside the transaction.
    check.pack.quotes[1]!.refs = ['Not in pack'];
    const before = await counts(get());
    await expect(importPack(get(), check.pack)).rejects.toThrow();
    expect(await counts(get())).toEqual(before);
  });

  it('imports the first pack, re-imports it without duplicates, and round-trips it through export', async () => {
    const result = await importPackFile(get(), FIRST_PACK);
    expect(result.counts.claims).toBeGreaterThanOrEqual(15);
    expect(result.counts.quotes).toBeGreaterThanOrEqual(15);
    const before = await counts(get());
    await importPackFile(get(), FIRST_PACK);
    expect(await counts(get())).toEqual(before);
    const exported = await exportPack(get(), result.slug);
    const check = checkPack(parse(packToYaml(exported)));
    expect(check.ok).toBe(true);
    if (check.ok) await importPack(get(), check.pack);
    expect(await counts(get())).toEqual(before);
    expect(await exportPack(get(), result.slug)).toEqual(exported);
  });
});
