import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';

/**
 * Rebuilds a pack's search aids inside the import's transaction, after its rows are written:
 * each claim's extra vector (what it is remembered by besides its own words) and the pack's
 * vocabulary (what misspelt query words are corrected against). Idempotent; a re-import replaces
 * both.
 */
export async function refreshSearchIndex(tx: Pick<Db, 'execute'>, packId: number): Promise<void> {
  await tx.execute(sql`
    with refs as (
      select cr.claim_id, cr.reference_id from claim_refs cr join claims c on c.id = cr.claim_id where c.pack_id = ${packId}
      union
      select r.claim_id, rr.reference_id from rebuttal_refs rr join rebuttals r on r.id = rr.rebuttal_id where r.pack_id = ${packId}
    ), rebuttal_words as (
      select r.claim_id,
             string_agg(r.text || ' ' || coalesce((select string_agg(k.text, ' ') from key_points k where k.rebuttal_id = r.id), ''), ' ') as body
      from rebuttals r where r.pack_id = ${packId} group by r.claim_id
    ), cited_words as (
      select x.claim_id,
             string_agg(f.title || ' ' || coalesce((select string_agg(q.speaker || ' ' || q.text, ' ')
                                                     from quote_refs qr join quotes q on q.id = qr.quote_id
                                                     where qr.reference_id = f.id), ''), ' ') as body
      from refs x join "references" f on f.id = x.reference_id group by x.claim_id
    )
    update claims c
    set extra = setweight(to_tsvector('english', coalesce(rw.body, '')), 'C') || setweight(to_tsvector('english', coalesce(cw.body, '')), 'D')
    from claims c2
      left join rebuttal_words rw on rw.claim_id = c2.id
      left join cited_words cw on cw.claim_id = c2.id
    where c.id = c2.id and c2.pack_id = ${packId}`);
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
  // PGlite has no autovacuum: without statistics the planner would guess at word lookups.
  await tx.execute(sql`analyze search_words`);
}
