import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../src/db/client.ts';
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
    const db = new Proxy(inner.db, {
      get(target, prop, receiver) {
        if (prop === 'execute') {
          return (q: SQL) => {
            record(q);
            return target.execute(q);
          };
        }
        const value = Reflect.get(target, prop, receiver) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
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
  for (const q of statements) {
    let lines: string[] = [];
    try {
      await database.db.transaction(async (tx) => {
        const rows = await queryRows<{ 'QUERY PLAN': string }>(tx, sql`explain (analyze, buffers) ${q}`);
        lines = rows.map((r) => r['QUERY PLAN']);
        throw ROLLBACK;
      });
    } catch (err) {
      if (err !== ROLLBACK) lines = [`(could not explain: ${err instanceof Error ? err.message : String(err)})`];
    }
    const exec = lines.map((l) => /Execution Time: ([\d.]+) ms/.exec(l)).find(Boolean);
    plans.push({ ms: exec ? Number(exec[1]) : 0, text: lines.join('\n') });
  }
  plans.sort((a, b) => b.ms - a.ms);
  return plans.map((p, i) => `-- statement ${i + 1} of ${plans.length} (${p.ms.toFixed(2)} ms)\n${p.text}`).join('\n\n');
}
