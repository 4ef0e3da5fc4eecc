import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema/index.ts';

export type Schema = typeof schema;
/** The one database type the domain sees: the same on PostgreSQL (postgres.js) and on PGlite. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
