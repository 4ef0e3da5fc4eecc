import { beforeAll, expect, it } from 'vitest';
import { searchClaims } from '../../src/content/claims.ts';
import { importPackFile } from '../../src/content/import.ts';
import { describeEachBackend } from '../helpers/db.ts';
import { QUALITY_PACK, QUALITY_QUERIES } from './search-quality-set.ts';

describeEachBackend('search quality on the first pack', (get, backend) => {
  beforeAll(async () => {
    await importPackFile(get(), QUALITY_PACK);
  });

  it(`puts a right claim in the top 5 for at least 95% of ${QUALITY_QUERIES.length} member queries`, async () => {
    const misses: string[] = [];
    let reciprocal = 0;
    for (const { query, expect: wanted } of QUALITY_QUERIES) {
      const { hits } = await searchClaims(get(), '400000000000000001', query, { limit: 5 });
      const rank = hits.findIndex((h) => wanted.includes(h.slug));
      if (rank < 0) misses.push(`${query} → ${hits.map((h) => h.slug).join(', ') || 'nothing'}`);
      else reciprocal += 1 / (rank + 1);
    }
    const n = QUALITY_QUERIES.length;
    const hitsAt5 = (n - misses.length) / n;
    console.log(
      `[${backend}] search quality: hits@5 ${(hitsAt5 * 100).toFixed(1)}% (${n - misses.length}/${n}), MRR ${(reciprocal / n).toFixed(3)}`,
    );
    if (misses.length > 0) console.log(`[${backend}] misses:\n  ${misses.join('\n  ')}`);
    expect(n).toBeGreaterThanOrEqual(40);
    expect(hitsAt5).toBeGreaterThanOrEqual(0.95);
  });
});
