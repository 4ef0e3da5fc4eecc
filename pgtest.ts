import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
for (let i=0;i<3;i++){ const t0 = Date.now();
const pg = await PGlite.create({ extensions: { pg_trgm } });
await pg.exec('create extension if not exists pg_trgm');
console.log('boot', Date.now()-t0);
const t1=Date.now(); const c = await pg.clone?.(); console.log('clone', Date.now()-t1, !!c);
}
