-- A random visible quote matching /quote random's filters (NULL: not filtered; p_speaker is a LIKE pattern), loaded as src/content/quotes.ts's quoteColumns load it (a test compares the two). PL/pgSQL because it keeps its statements' plans for the life of the connection: parsing and planning the pick and the load took most of the time of a pick, on PostgreSQL and PGlite alike, and a misspelt speaker makes two picks (bench/README.md has the figures).
CREATE FUNCTION "random_quote"("p_guild" text, "p_speaker" text, "p_topic" text, "p_pack" text)
RETURNS TABLE ("id" integer, "slug" text, "text" text, "speaker" text, "work" text, "year" integer, "context" text, "pack" json, "topics" json)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
  picked integer;
  visible integer[];
  speakers text[];
BEGIN
  -- Plans are kept, so they are made without the filters' values: each lookup is written so that the
  -- plan made blind is the right one (the speaker's trigram index read once, with the visible packs
  -- as an array rather than a join the planner would repeat the index read for).
  visible := array(SELECT p.id FROM packs p WHERE (p.guild_id IS NULL OR p.guild_id = p_guild) AND (p_pack IS NULL OR p.slug = p_pack));
  IF p_topic IS NULL AND p_speaker IS NULL AND p_pack IS NULL THEN
    -- Sorting every quote by random() costs a full scan: probe a random point of the id range (ids
    -- after a gap are a little likelier) and wrap around to the first visible quote past the last.
    picked := coalesce(
      (SELECT q.id FROM quotes q JOIN packs p ON p.id = q.pack_id
       WHERE q.id >= (SELECT min(x.id) + floor(random() * (max(x.id) - min(x.id) + 1))::int FROM quotes x)
         AND (p.guild_id IS NULL OR p.guild_id = p_guild)
       ORDER BY q.id LIMIT 1),
      (SELECT q.id FROM quotes q JOIN packs p ON p.id = q.pack_id
       WHERE p.guild_id IS NULL OR p.guild_id = p_guild ORDER BY q.id LIMIT 1));
  ELSIF p_topic IS NULL AND p_speaker IS NOT NULL THEN
    -- The speakers table names the matching speakers and how many quotes each has: k is uniform
    -- below their total, the running sum says whose quotes hold the k-th, and only that speaker's
    -- quotes in that pack are read (a few hundred at most), not every quote before the k-th.
    picked := (
      WITH s AS (
        SELECT sp.pack_id, sp.speaker, sp.quotes, sum(sp.quotes) OVER (ORDER BY sp.pack_id, sp.speaker) AS upto
        FROM search_speakers sp WHERE sp.pack_id = ANY (visible) AND sp.speaker ILIKE p_speaker
      ), k AS (
        SELECT floor(random() * coalesce(sum(s.quotes), 0))::int AS k FROM s
      ), pick AS (
        SELECT s.pack_id, s.speaker, (k.k - (s.upto - s.quotes))::int AS j FROM s, k WHERE k.k < s.upto ORDER BY s.upto LIMIT 1
      )
      SELECT q.id FROM pick CROSS JOIN LATERAL (
        SELECT q.id FROM quotes q WHERE q.pack_id = pick.pack_id AND q.speaker = pick.speaker ORDER BY q.id OFFSET pick.j LIMIT 1
      ) q);
  ELSIF p_topic IS NOT NULL AND p_speaker IS NULL THEN
    -- The same for a topic: count its quotes in the topic index, read the k-th. A quote is linked to
    -- its own pack's topics, so a visible topic means a visible quote.
    picked := (
      WITH t AS (
        SELECT t.id FROM topics t WHERE t.pack_id = ANY (visible) AND (t.slug = p_topic OR lower(t.name) = lower(p_topic))
      )
      SELECT qt.quote_id FROM quote_topics qt WHERE qt.topic_id IN (SELECT t.id FROM t)
      OFFSET (SELECT floor(random() * count(*))::int FROM quote_topics qt WHERE qt.topic_id IN (SELECT t.id FROM t)) LIMIT 1);
  ELSIF p_topic IS NOT NULL THEN
    -- The topic's quotes (a thousand or so at most) in random order; the first by one of the
    -- matching speakers is the pick: uniform over the quotes holding both, and only the quotes up to
    -- it are looked up, not the speaker's side (thousands for the most quoted). The names come from
    -- the speakers table, so a quote is checked by equality rather than ILIKE. A quote is linked to
    -- its own pack's topics, so a visible topic means a visible quote.
    speakers := array(SELECT DISTINCT sp.speaker FROM search_speakers sp WHERE sp.pack_id = ANY (visible) AND sp.speaker ILIKE p_speaker);
    picked := (
      SELECT r.quote_id FROM (
        SELECT qt.quote_id, random() AS x FROM topics t JOIN quote_topics qt ON qt.topic_id = t.id
        WHERE t.pack_id = ANY (visible) AND (t.slug = p_topic OR lower(t.name) = lower(p_topic))
        ORDER BY x
      ) r
      WHERE EXISTS (SELECT 1 FROM quotes q WHERE q.id = r.quote_id AND q.speaker = ANY (speakers))
      -- Sorted again out here, or a plan that reads the quotes first would always return the same one;
      -- the plan that walks the sorted topic quotes and stops at the first match satisfies it as is.
      ORDER BY r.x LIMIT 1);
  ELSE
    -- A pack filter alone: sort the pack's quotes.
    picked := (SELECT q.id FROM quotes q WHERE q.pack_id = ANY (visible) ORDER BY random() LIMIT 1);
  END IF;
  RETURN QUERY
    SELECT q.id, q.slug, q.text, q.speaker, q.work, q.year, q.context,
      json_build_object('slug', p.slug, 'title', p.title, 'source', p.source),
      coalesce((SELECT json_agg(json_build_object('slug', t.slug, 'name', t.name) ORDER BY t.name)
                FROM quote_topics qt JOIN topics t ON t.id = qt.topic_id WHERE qt.quote_id = q.id), '[]'::json)
    FROM quotes q JOIN packs p ON p.id = q.pack_id
    WHERE q.id = picked AND (p.guild_id IS NULL OR p.guild_id = p_guild);
END
$$;
