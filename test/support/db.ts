/**
 * Real databases for tests: a fresh PostgreSQL database per test file (DATABASE_URL, else
 * the server on 127.0.0.1:5432), or a fresh PGlite directory copied from a migrated
 * template (migrating PGlite from scratch takes seconds).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../../src/models/db.ts';

export function adminUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function redisUrl(): string {
  return process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/** Creates an empty database and returns its URL and a function that drops it. */
export async function freshPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `ci_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl() });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** A PGlite directory of its own (the store seeds it from a migrated template). */
export async function freshPgliteDir(): Promise<string> {
  return join(mkdtempSync(join(tmpdir(), 'ci-pglite-')), 'db');
}

export type StoreKind = 'postgres' | 'pglite';

export async function freshStore(kind: StoreKind): Promise<Store & { dispose(): Promise<void>; location: { databaseUrl: string } | { dataDir: string } }> {
  if (kind === 'postgres') {
    const db = await freshPgDatabase();
    const store = await openStore({ databaseUrl: db.url });
    await store.migrate();
    return { ...store, location: { databaseUrl: db.url }, dispose: async () => (await store.close(), await db.drop()) };
  }
  const dir = await freshPgliteDir();
  const store = await openStore({ dataDir: dir });
  await store.migrate();
  return { ...store, location: { dataDir: dir }, dispose: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
}
