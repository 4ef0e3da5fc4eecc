/**
 * Vitest global setup: when the tests run on PostgreSQL, one migrated template database for the whole
 * run; each suite's database is `create database … template` of it, a file copy instead of running
 * every migration again. Dropped when the run ends.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { chooseBackends } from './backends.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated template database's name, when the run includes PostgreSQL. */
    riposteTemplateDatabase: string | undefined;
  }
}

export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl || !chooseBackends(process.env.TEST_BACKENDS, adminUrl).includes('postgres')) {
    project.provide('riposteTemplateDatabase', undefined);
    return undefined;
  }
  const name = `riposte_template_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
    const database = await openDatabase({ url: databaseUrl(adminUrl, name), max: 2 });
    try {
      await migrate(database);
    } finally {
      // A database with open connections cannot be copied.
      await database.close();
    }
  } catch (err) {
    await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
    await admin.end();
    throw err;
  }
  project.provide('riposteTemplateDatabase', name);
  return async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
}
