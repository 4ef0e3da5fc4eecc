import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';

/**
 * Rebuilds a pack's search aids inside the import's transaction, after its rows are written:
 * each claim's extra vector (what it is remembered by besides its own words), the pack's
 * vocabulary (what misspelt query words are corrected against; new words join the distinct
 * search_vocab) and its speakers with their quote counts. Idempotent; a re-import replaces
 * them.
 */
export async function refreshSearchIndex(tx: Pick<Db, 'execute'>, packId: number): Promise<void> {
  // Built from stored vectors (rebuttals' and quotes' generated ones) joined by GROUP BY, so each
  // rebuttal, key point and cited reference is parsed once, not once per claim that reaches it:
  // a 5,000-claim pack takes seconds. tsvector_agg (migration 0004) concatenates like ||.
  await tx.execute(sql`
    with kp as (
      select k.rebuttal_id, to_tsvector('english', string_agg(k.text, ' ')) as v
      from key_points k join rebuttals r on r.id = k.rebuttal_id where r.pack_id = ${packId} group by k.rebuttal_id
    ), rebuttal_words as (
      select r.claim_id, tsvector_agg(r.search || coalesce(kp.v, ''::tsvector)) as v
      from rebuttals r left join kp on kp.rebuttal_id = r.id where r.pack_id = ${packId} group by r.claim_id
    ), refs as (
      select cr.claim_id, cr.reference_id from claim_refs cr join claims c on c.id = cr.claim_id where c.pack_id = ${packId}
      union
      select r.claim_id, rr.reference_id from rebuttal_refs rr join rebuttals r on r.id = rr.rebuttal_id where r.pack_id = ${packId}
    ), quoted as (
      select qr.reference_id, tsvector_agg(q.search) as v
      from quote_refs qr join quotes q on q.id = qr.quote_id
      where qr.reference_id in (select reference_id from refs) group by qr.reference_id
    ), ref_words as (
      select f.id, to_tsvector('english', f.title) || coalesce(qd.v, ''::tsvector) as v
      from "references" f left join quoted qd on qd.reference_id = f.id
      where f.id in (select reference_id from refs)
    ), cited_words as (
      select x.claim_id, tsvector_agg(rf.v) as v from refs x join ref_words rf on rf.id = x.reference_id group by x.claim_id
    ), extra as (
      select c.id, setweight(coalesce(rw.v, ''::tsvector), 'C') || setweight(coalesce(cw.v, ''::tsvector), 'D') as v
      from claims c
        left join rebuttal_words rw on rw.claim_id = c.id
        left join cited_words cw on cw.claim_id = c.id
      where c.pack_id = ${packId}
    )
    update claims c set extra = e.v, global = (select p.guild_id is null from packs p where p.id = c.pack_id)
    from extra e where c.id = e.id`);
  await tx.execute(sql`delete from search_words where pack_id = ${packId}`);
  // The simple configuration lower-cases and splits like the english one but keeps whole words
  // and stop words: a vocabulary of what people actually type.
  await tx.execute(sql`
    with texts(body, is_name) as (
      select text, false from claims where pack_id = ${packId}
      union all select attributed_to, true from claims where pack_id = ${packId}
      union all select text, false from rebuttals where pack_id = ${packId}
      union all select k.text, false from key_points k join rebuttals r on r.id = k.rebuttal_id where r.pack_id = ${packId}
      union all select text, false from quotes where pack_id = ${packId}
      union all select speaker, true from quotes where pack_id = ${packId}
      union all select work, false from quotes where pack_id = ${packId} and work is not null
      union all select title, false from "references" where pack_id = ${packId}
      union all select name, false from topics where pack_id = ${packId}
    )
    insert into search_words (pack_id, word, stem, nentry, name)
    select ${packId}, w.word, (ts_lexize('english_stem', w.word))[1], count(*)::int,
           bool_or(t.is_name and strpos(t.body, initcap(w.word)) > 0)
    from texts t, unnest(tsvector_to_array(to_tsvector('simple', t.body))) as w(word)
    where length(w.word) between 2 and 40 and w.word ~ '[[:alpha:]]'
    group by w.word`);
  // The symmetric-delete keys only for the words new to the vocabulary (migration 0007 defines them).
  await tx.execute(sql`
    with added as (
      insert into search_vocab (word) select word from search_words where pack_id = ${packId} on conflict do nothing returning word
    )
    insert into search_vocab_deletes (del, word) select k, a.word from added a, vocab_delete_keys(a.word) as k on conflict do nothing`);
  await tx.execute(sql`delete from search_speakers where pack_id = ${packId}`);
  await tx.execute(sql`
    insert into search_speakers (pack_id, speaker, quotes)
    select ${packId}, speaker, count(*)::int from quotes where pack_id = ${packId} group by speaker`);
  // PGlite has no autovacuum: without statistics the planner would guess at word lookups.
  await tx.execute(sql`analyze search_words`);
  await tx.execute(sql`analyze search_vocab`);
  await tx.execute(sql`analyze search_vocab_deletes`);
  await tx.execute(sql`analyze search_speakers`);
}
