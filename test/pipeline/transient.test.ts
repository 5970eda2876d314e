/**
 * Unrecoverable is unrecoverable: only failures outside the message are retried
 * (src/pipeline/transient.ts). The errors here are real ones, raised by the real
 * PostgreSQL, a refused connection and our own code; the queues are the real ones
 * (in-process, and BullMQ on the real Redis).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.ts';
import { isTransient, markUnrecoverable } from '../../src/pipeline/transient.ts';
import { BullJobQueue } from '../../src/queue/bullmq.ts';
import { InProcessQueue } from '../../src/queue/in-process.ts';
import type { JobQueue } from '../../src/queue/job-queue.ts';
import { freshPgDatabase, redisUrl } from '../support/db.ts';

let db: Awaited<ReturnType<typeof freshPgDatabase>>;
beforeAll(async () => {
  db = await freshPgDatabase();
});
afterAll(() => db?.drop());

async function caught(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
}

describe('which failures are retried', () => {
  it('I-2: a database that refuses the connection is transient', async () => {
    const err = await caught(async () => {
      const c = new pg.Client({ connectionString: 'postgres://nobody@127.0.0.1:1/none', connectionTimeoutMillis: 2000 });
      await c.connect();
    });
    expect(isTransient(err)).toBe(true);
  });

  it('I-2: a lock the database could not get in time (55P03) is transient; a statement that is wrong (42601) is not', async () => {
    const a = new pg.Client({ connectionString: db.url });
    const b = new pg.Client({ connectionString: db.url });
    await Promise.all([a.connect(), b.connect()]);
    try {
      await a.query('create table t (id int primary key)');
      await a.query('insert into t values (1)');
      await a.query('begin');
      await a.query('select * from t where id = 1 for update');
      await b.query("set lock_timeout = '100ms'");
      const locked = await caught(() => b.query('select * from t where id = 1 for update'));
      expect((locked as { code?: string }).code).toBe('55P03');
      expect(isTransient(locked)).toBe(true);
      await a.query('rollback');
      const syntax = await caught(() => b.query('selec 1'));
      expect((syntax as { code?: string }).code).toBe('42601');
      expect(isTransient(syntax)).toBe(false);
      // drizzle wraps driver errors: the cause decides.
      expect(isTransient(new Error('Failed query', { cause: locked }))).toBe(true);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });

  it('I-5: a fault of our own on the message (a TypeError, a RangeError) is not transient', () => {
    let typeError: unknown;
    try {
      (null as unknown as { x: () => void }).x();
    } catch (err) {
      typeError = err;
    }
    expect(isTransient(typeError)).toBe(false);
    expect(isTransient(new RangeError('Maximum call stack size exceeded'))).toBe(false);
    expect(isTransient(Object.assign(new Error('the document pool was closed'), { code: 'POOL_CLOSED' }))).toBe(true);
  });

  for (const kind of ['in-process', 'BullMQ'] as const) {
    it(`I-5: ${kind}: an unrecoverable failure is handed to a clerk after one attempt; a transient one is tried again`, async () => {
      const prefix = `ci-transient-${process.pid}-${randomBytes(4).toString('hex')}`;
      const queue: JobQueue =
        kind === 'BullMQ' ? new BullJobQueue({ redisUrl: redisUrl(), prefix, attempts: 4, concurrency: 1, logger: silentLogger, backoffBaseMs: 20 }) : new InProcessQueue({ attempts: 4, concurrency: 1, backoffBaseMs: 20 });
      const attempts = new Map<number, number>();
      const failed: number[] = [];
      try {
        await queue.start(
          async (pk) => {
            attempts.set(pk, (attempts.get(pk) ?? 0) + 1);
            if (pk === 1) throw markUnrecoverable(new TypeError('cannot read the message'));
            if (pk === 2 && attempts.get(pk)! < 3) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
          },
          async (pk) => {
            failed.push(pk);
          },
        );
        await queue.enqueue(1);
        await queue.enqueue(2);
        const deadline = Date.now() + 20_000;
        while ((failed.length < 1 || (attempts.get(2) ?? 0) < 3) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        await new Promise((r) => setTimeout(r, 200));
        expect(failed).toEqual([1]);
        expect(attempts.get(1)).toBe(1);
        expect(attempts.get(2)).toBe(3);
      } finally {
        await queue.close(5000);
        if (kind === 'BullMQ') {
          const { Redis } = await import('ioredis');
          const r = new Redis(redisUrl());
          const keys = await r.keys(`${prefix}:*`);
          if (keys.length) await r.del(...keys);
          r.disconnect();
        }
      }
    }, 60_000);
  }
});
