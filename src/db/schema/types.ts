import { customType } from 'drizzle-orm/pg-core';

/** Full-text vectors are computed by PostgreSQL (generated columns); the app only reads ranks from them. */
export const tsvector = customType<{ data: string }>({
  dataType() {
    return 'tsvector';
  },
});
