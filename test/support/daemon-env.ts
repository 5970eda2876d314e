/**
 * Everything a daemon test needs, all real and on loopback: Dovecot with one IMAP account
 * per mailbox, an SMTP listener, a fresh PostgreSQL database, a Redis queue prefix, and a
 * runtime configuration file pointing at them.
 */
import { chownSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import YAML from 'yaml';
import { openStore, type Store } from '../../src/models/db.ts';
import { messages, outbox } from '../../src/models/schema.ts';
import { COURT } from './app.ts';
import { freshPgDatabase, redisUrl } from './db.ts';
import { startDovecot, type Dovecot } from './dovecot.ts';
import { startSmtpCapture, type SmtpCapture } from './smtp.ts';

export const USERS = { clerk: 'clerk-pass', 'orders-jam': 'orders-pass', registration: 'reg-pass' };

export interface DaemonEnv {
  dovecot: Dovecot;
  smtp: SmtpCapture;
  configFile: string;
  databaseUrl: string;
  /** A store handle for assertions. */
  store: Store;
  dispose(): Promise<void>;
}

export async function startDaemonEnv(opts: { resyncMs?: number; outboxSweepMs?: number; concurrency?: number } = {}): Promise<DaemonEnv> {
  const [dovecot, smtp, db] = await Promise.all([startDovecot({ users: USERS }), startSmtpCapture(), freshPgDatabase()]);
  const dir = mkdtempSync(join(tmpdir(), 'ci-daemon-'));
  const configFile = join(dir, 'config.yaml');
  const imap = (user: string) => ({ user, pass: USERS[user as keyof typeof USERS], folder: 'INBOX', resyncMs: opts.resyncMs ?? 60_000, idleRestartMs: 60_000 });
  writeFileSync(
    configFile,
    YAML.stringify({
      data: COURT,
      databaseUrl: db.url,
      redisUrl: redisUrl(),
      queuePrefix: `ci-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
      mailDir: join(dir, 'mail'),
      imap: { host: dovecot.host, port: dovecot.port, secure: false },
      smtp: { host: smtp.host, port: smtp.port, secure: false, tlsRejectUnauthorized: false },
      mailboxes: Object.fromEntries(Object.keys(USERS).map((u) => [u, { imap: imap(u) }])),
      outboxSweepMs: opts.outboxSweepMs ?? 500,
      outboxLeaseMs: 4000,
      concurrency: opts.concurrency ?? 2,
      shutdownTimeoutMs: 5000,
      // `run` starts the clerks' page too: on a port of the system's choosing, so parallel daemons never clash.
      web: { port: 0 },
      logLevel: 'warn',
    }),
  );
  const store = await openStore({ databaseUrl: db.url });
  return {
    dovecot,
    smtp,
    configFile,
    databaseUrl: db.url,
    store,
    async dispose() {
      await store.close();
      await Promise.all([dovecot.cleanup(), smtp.close()]);
      await db.drop();
    },
  };
}

/** Polls until `check` returns a truthy value, or fails with `what` after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | false | null>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

export async function doneMessages(store: Store) {
  return store.db.select().from(messages).where(eq(messages.status, 'done'));
}

export async function sentReplies(store: Store) {
  return store.db.select().from(outbox).where(eq(outbox.status, 'sent'));
}

/** Delivers a message straight into a Maildir INBOX, as the mail server's delivery agent does (works while IMAP is down). */
export function deliverToMaildir(dovecot: Dovecot, user: string, raw: Buffer): void {
  const name = `${Date.now()}.M${Math.floor(Math.random() * 1e6)}P${process.pid}.ci`;
  const root = join(dovecot.dir, 'mail', user);
  for (const d of [root, join(root, 'new'), join(root, 'cur'), join(root, 'tmp')]) {
    mkdirSync(d, { recursive: true });
    chownSync(d, 65534, 65534);
  }
  const path = join(root, 'new', name);
  writeFileSync(path, raw);
  chownSync(path, 65534, 65534);
}

/** In-Reply-To of a captured reply: which message it answers. */
export function inReplyTo(raw: Buffer): string | undefined {
  return raw.toString('latin1').match(/^In-Reply-To:\s*(<[^>]+>)/im)?.[1];
}
