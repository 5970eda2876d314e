/**
 * Opens the docket store: PostgreSQL when DATABASE_URL is given, else the embedded
 * PGlite on disk (same schema, same migrations). The rest of the code sees one type.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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

/**
 * bytea (OID 17) in and out of PGlite as hex through Buffer. PGlite's own codec builds one
 * JS string per byte (`Array.from(bytes).map(...)`): a 50 MB message took 50 s and over
 * 1.5 GB to capture and 14 s to read back. Buffer's hex codec is native and linear.
 */
const PGLITE_BYTEA = {
  serializers: { 17: (b: Uint8Array | string) => (typeof b === 'string' ? b : `\\x${Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex')}`) },
  parsers: { 17: (s: string) => Buffer.from(s.slice(2), 'hex') },
};

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
  let release = () => {};
  if ('dataDir' in opts) {
    release = lockDataDir(opts.dataDir);
    try {
      await seedFromTemplate(opts.dataDir);
      client = new PGlite(opts.dataDir, PGLITE_BYTEA);
      await client.waitReady;
    } catch (err) {
      release();
      throw err;
    }
  } else {
    client = new PGlite(PGLITE_BYTEA);
    await client.waitReady;
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  let closed: Promise<void> | undefined;
  return {
    db,
    kind: 'pglite',
    migrate: () => migratePglite(db as never, { migrationsFolder: MIGRATIONS }),
    close: () => (closed ??= client.close().finally(release)),
  };
}

/** The embedded store is in use by another process (PGlite serves one process only). */
export class StoreInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
    readonly lockFile: string,
  ) {
    super(
      `the embedded store ${dataDir} is in use by process ${pid} (e.g. \`court-intake run\`; lock file ${lockFile}). ` +
        'PGlite serves one process at a time: use the clerks\' web page of the running daemon, stop it first, or use PostgreSQL (DATABASE_URL) to run several processes.',
    );
  }
}

/** Locks held by this process, counted: one process may open its own store more than once. */
const held = new Map<string, number>();

/**
 * PGlite keeps a Postgres data directory that only one process may open: a second
 * process (a clerk's `exceptions resolve` while `court-intake run` is up) would corrupt
 * it. A lock file beside the directory holds the owner's pid; a lock left by a process
 * that no longer exists is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const file = `${resolve(dataDir).replace(/[\\/]+$/, '')}.lock`;
  const mine = held.get(file);
  if (mine) {
    held.set(file, mine + 1);
    return once(() => unhold(file));
  }
  mkdirSync(join(file, '..'), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) throw new StoreInUseError(dataDir, pid, file);
      rmSync(file, { force: true });
    }
  }
  held.set(file, 1);
  return once(() => unhold(file));
}

function unhold(file: string): void {
  const n = (held.get(file) ?? 1) - 1;
  if (n > 0) {
    held.set(file, n);
    return;
  }
  held.delete(file);
  try {
    if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
  } catch {
    // Already gone: nothing to release.
  }
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      fn();
    }
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
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
