/**
 * Opens the docket store: PostgreSQL when DATABASE_URL is given, else the embedded
 * PGlite on disk (same schema, same migrations). The rest of the code sees one type.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Store {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** Applies the checked-in drizzle-kit migrations; safe to run at every start. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

const MIGRATIONS = fileURLToPath(new URL('../../drizzle', import.meta.url));

export type StoreOptions = { databaseUrl: string } | { dataDir: string } | { memory: true };

export async function openStore(opts: StoreOptions): Promise<Store> {
  if ('databaseUrl' in opts) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    // A dropped idle connection must not crash the daemon; the pool replaces it.
    pool.on('error', () => {});
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      migrate: () => migratePg(db as never, { migrationsFolder: MIGRATIONS }),
      close: () => pool.end(),
    };
  }
  let client: PGlite;
  if ('dataDir' in opts) {
    await seedFromTemplate(opts.dataDir);
    client = new PGlite(opts.dataDir);
  } else {
    client = new PGlite();
  }
  await client.waitReady;
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    migrate: () => migratePglite(db as never, { migrationsFolder: MIGRATIONS }),
    close: () => client.close(),
  };
}

/**
 * A new PGlite directory starts as a copy of an already-migrated one: migrating PGlite
 * from nothing takes seconds, which every `court-intake process` run without --store
 * would pay. The template is keyed by the migrations, so a schema change makes a new one.
 */
async function seedFromTemplate(dataDir: string): Promise<void> {
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) return;
  const journal = readFileSync(join(MIGRATIONS, 'meta/_journal.json'));
  const template = join(tmpdir(), `court-intake-pglite-${createHash('sha256').update(journal).digest('hex').slice(0, 16)}`);
  if (!existsSync(join(template, 'PG_VERSION'))) {
    const building = mkdtempSync(`${template}.building-`);
    const client = new PGlite(building);
    await migratePglite(drizzlePglite(client, { schema }) as never, { migrationsFolder: MIGRATIONS });
    await client.close();
    try {
      renameSync(building, template);
    } catch {
      // Another process made it first: use theirs.
      rmSync(building, { recursive: true, force: true });
    }
  }
  mkdirSync(dataDir, { recursive: true });
  cpSync(template, dataDir, { recursive: true });
}

/** True when a database error is a unique violation (both drivers put the code on `.cause`). */
export function isUniqueViolation(err: unknown): boolean {
  for (let e = err as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505') return true;
  }
  return false;
}
