import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../src/db/client.ts';
import { PgDialect } from 'drizzle-orm/pg-core';
import { queryRows } from '../src/db/rows.ts';

/**
 * A Database that can remember the raw SQL statements of one run (through `rows()` and
 * `db.execute()`), so a missed target can be explained with the very statements the handler ran.
 */
export class RecordingDatabase {
  readonly database: Database;
  private recording: SQL[] | null = null;

  constructor(private readonly inner: Database) {
    const record = (q: SQL) => {
      this.recording?.push(q);
    };
    // Statements inside a transaction go through its own handle: it is wrapped the same way, so a
    // search that sets gin_fuzzy_search_limit in a transaction is explained statement by statement.
    const recording = <T extends object>(handle: T): T =>
      new Proxy(handle, {
        get(target, prop, receiver) {
          if (prop === 'execute') {
            return (q: SQL) => {
              record(q);
              return (target as unknown as { execute(q: SQL): unknown }).execute(q);
            };
          }
          if (prop === 'transaction') {
            return (fn: (tx: object) => unknown, config?: unknown) =>
              (target as unknown as { transaction(f: (tx: object) => unknown, c?: unknown): unknown }).transaction(
                (tx) => fn(recording(tx)),
                config,
              );
          }
          const value = Reflect.get(target, prop, receiver) as unknown;
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
    const db = recording(inner.db);
    this.database = {
      db,
      kind: inner.kind,
      rows: <T>(q: SQL) => {
        record(q);
        return inner.rows<T>(q);
      },
      close: () => inner.close(),
    };
  }

  /** Runs `fn` once and returns the statements it sent. */
  async capture(fn: () => Promise<unknown>): Promise<SQL[]> {
    this.recording = [];
    try {
      await fn();
      return this.recording;
    } finally {
      this.recording = null;
    }
  }

  /**
   * EXPLAIN (ANALYZE, BUFFERS) of every statement one run of `fn` sends, each inside a transaction
   * that is rolled back (so explaining an UPDATE changes nothing). Slowest first.
   */
  async explain(fn: () => Promise<unknown>): Promise<string> {
    const statements = await this.capture(fn);
    return explainStatements(this.inner, statements);
  }
}

const ROLLBACK = Symbol('rollback');

export async function explainStatements(database: Database, statements: SQL[]): Promise<string> {
  const plans: { ms: number; text: string }[] = [];
  const dialect = new PgDialect();
  // One transaction for the whole run, rolled back at the end: settings a run makes for itself
  // (set_config(…, true): gin_fuzzy_search_limit, enable_seqscan) apply to the statements after
  // them, as they did when the run was timed.
  try {
    await database.db.transaction(async (tx) => {
      for (const q of statements) {
        if (/\bset_config\(/.test(dialect.sqlToQuery(q).sql)) {
          await tx.execute(q);
          continue;
        }
        let lines: string[] = [];
        try {
          await tx.execute(sql`savepoint explain_one`);
          const rows = await queryRows<{ 'QUERY PLAN': string }>(tx, sql`explain (analyze, buffers) ${q}`);
          lines = rows.map((r) => r['QUERY PLAN']);
          await tx.execute(sql`rollback to savepoint explain_one`);
        } catch (err) {
          await tx.execute(sql`rollback to savepoint explain_one`).catch(() => undefined);
          lines = [`(could not explain: ${err instanceof Error ? err.message : String(err)})`];
        }
        const exec = lines.map((l) => /Execution Time: ([\d.]+) ms/.exec(l)).find(Boolean);
        plans.push({ ms: exec ? Number(exec[1]) : 0, text: lines.join('\n') });
      }
      throw ROLLBACK;
    });
  } catch (err) {
    if (err !== ROLLBACK) throw err;
  }
  plans.sort((a, b) => b.ms - a.ms);
  return plans.map((p, i) => `-- statement ${i + 1} of ${plans.length} (${p.ms.toFixed(2)} ms)\n${p.text}`).join('\n\n');
}
