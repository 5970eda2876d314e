/**
 * `/healthz` (issue: clerk desk, operations): is each part the intake depends on
 * answering — the database, Redis (when configured) and each mailbox's connection.
 *
 * Every probe is bounded, so a hung dependency makes the check say "not ok" quickly
 * instead of hanging the caller (a load balancer or a monitoring probe).
 */
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import type { App } from '../app.ts';

export interface MailboxStatus {
  kind: 'imap' | 'directory';
  connected: boolean;
  lastError?: string;
  /** ISO time of `lastError`. */
  lastErrorAt?: string;
  /** ISO time of the last completed sync of the mailbox. */
  lastSyncAt?: string;
}

/** What a running daemon reports about its mailboxes; absent when only the web page runs. */
export interface MailboxStatusSource {
  status(): Record<string, MailboxStatus>;
}

export interface Health {
  ok: boolean;
  database: { ok: boolean; error?: string };
  redis: { ok: boolean; configured: boolean; error?: string };
  /** Empty when no daemon runs in this process. */
  mailboxes: Record<string, MailboxStatus>;
}

/** How long each probe may take before it counts as failed. */
export const PROBE_TIMEOUT_MS = 2000;

export async function checkHealth(app: App, daemon?: MailboxStatusSource, opts: { timeoutMs?: number } = {}): Promise<Health> {
  const timeoutMs = opts.timeoutMs ?? PROBE_TIMEOUT_MS;
  const [database, redis] = await Promise.all([probeDatabase(app, timeoutMs), probeRedis(app.config.redisUrl, timeoutMs)]);
  const mailboxes = daemon?.status() ?? {};
  const ok = database.ok && (!redis.configured || redis.ok) && Object.values(mailboxes).every((m) => m.connected);
  return { ok, database, redis, mailboxes };
}

async function probeDatabase(app: App, timeoutMs: number): Promise<Health['database']> {
  try {
    await bounded(app.store.db.execute(sql`select 1`), timeoutMs, 'database');
    return { ok: true };
  } catch (err) {
    return { ok: false, error: describe(err) };
  }
}

/**
 * A connection of its own for each check: the queue's connections retry commands without
 * limit (BullMQ requires it), so a PING on them would wait for Redis to come back rather
 * than report that it is gone. This one fails at once: no retries, no offline queue.
 */
async function probeRedis(url: string | undefined, timeoutMs: number): Promise<Health['redis']> {
  if (!url) return { ok: true, configured: false };
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  let lastError: unknown;
  redis.on('error', (err) => (lastError = err));
  try {
    await bounded(
      (async () => {
        await redis.connect();
        const pong = await redis.ping();
        if (pong !== 'PONG') throw new Error(`PING answered ${pong}`);
      })(),
      timeoutMs,
      'redis',
    );
    return { ok: true, configured: true };
  } catch (err) {
    return { ok: false, configured: true, error: describe(lastError ?? err) };
  } finally {
    redis.disconnect();
  }
}

function describe(err: unknown): string {
  const e = err as { code?: string; message?: string } | undefined;
  const message = e?.message || String(err);
  return e?.code && !message.includes(e.code) ? `${e.code}: ${message}` : message;
}

/** Rejects after `ms`; the timer never outlives the race. */
export async function bounded<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error(`${what} did not answer within ${ms} ms`), { code: 'ETIMEDOUT' })), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
