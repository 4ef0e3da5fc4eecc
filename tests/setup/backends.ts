/** Which database engines the database tests run on, read once from the environment. */

export type Backend = 'pglite' | 'postgres';

/**
 * The embedded PGlite always, and real PostgreSQL too when TEST_DATABASE_URL is set;
 * TEST_BACKENDS=pglite,postgres picks explicitly.
 */
export function chooseBackends(list: string | undefined, url: string | undefined): Backend[] {
  if (!list) return url ? ['pglite', 'postgres'] : ['pglite'];
  const chosen = list.split(',').map((b) => b.trim());
  for (const b of chosen) {
    if (b !== 'pglite' && b !== 'postgres') throw new Error(`TEST_BACKENDS: unknown backend "${b}" (use pglite, postgres)`);
  }
  if (chosen.includes('postgres') && !url) throw new Error('TEST_BACKENDS includes postgres but TEST_DATABASE_URL is not set');
  return chosen as Backend[];
}
