/**
 * The outbox (N-5): replies are rendered and written in the transaction that commits the
 * outcome, then sent. A row is claimed with a lease before sending, so two workers never
 * send it at once; a sender killed mid-send leaves the lease to expire and the identical
 * bytes (same Message-ID) are sent again. One row per (message, kind, ref, recipients):
 * a message processed twice cannot queue a second reply (I-2).
 */
import { and, eq, gt, inArray, ne, sql } from 'drizzle-orm';
import type { MailboxConfig } from '../config/mailbox.ts';
import type { Logger } from '../log.ts';
import type { Db, Tx } from '../models/db.ts';
import { outbox } from '../models/schema.ts';
import { boundedKey, boundedMessageId, storableJson, storableText, storableTx } from '../models/storable.ts';
import type { Clock, ReplyDraft } from '../pipeline/types.ts';
import { composeMessage } from './compose.ts';
import { renderTemplate } from './templates.ts';
import type { Transport } from './transport.ts';

export interface Thread {
  messageId: string | null;
  references: string[];
}

/** The recipients as one indexed key: bounded like every index key (a reply to a thousand addresses stays one key). */
export const recipientKey = (to: string[]) => boundedKey([...new Set(to.map((a) => a.toLowerCase()))].sort().join(','));

/** References kept in a reply: RFC 5322 §3.6.4 allows trimming the middle of a long chain; the first and the last ones thread it. */
const MAX_REFERENCES = 20;

/**
 * What a reply may carry from the mail it answers: its subject and the words of the notice
 * come from the sender, and a NUL or a lone surrogate there would reach both the store and
 * the SMTP header (nodemailer writes a NUL as `=00`). Control characters other than tab are
 * dropped from the subject. Message-IDs are bounded as they are in the store.
 */
function storableReply(draft: ReplyDraft, thread: Thread): { draft: ReplyDraft; thread: Thread } {
  const clean = storableJson(draft);
  clean.subject = clean.subject.replace(/[\x00-\x08\x0a-\x1f\x7f]+/g, ' ').trim();
  const refs = thread.references.map((r) => boundedMessageId(storableText(r)));
  const references = refs.length > MAX_REFERENCES ? [refs[0]!, ...refs.slice(-(MAX_REFERENCES - 1))] : refs;
  return { draft: clean, thread: { messageId: thread.messageId && boundedMessageId(storableText(thread.messageId)), references } };
}

/**
 * Renders and stores one reply. Returns 'queued', 'held' (rate limit, I-3) or
 * 'duplicate' (already queued for this message).
 */
export async function queueReply(
  dbTx: Tx,
  args: { messagePk: number | null; mailbox: MailboxConfig; courtName: string; draft: ReplyDraft; thread: Thread; now: Date; rateLimit: { max: number; windowMinutes: number } },
): Promise<'queued' | 'held' | 'duplicate'> {
  const { mailbox, now } = args;
  const { draft, thread } = storableReply(args.draft, args.thread);
  const tx = storableTx(dbTx);
  const key = recipientKey(draft.to);
  let status: 'pending' | 'held' = 'pending';
  if (draft.rateLimited) {
    const since = new Date(now.getTime() - args.rateLimit.windowMinutes * 60_000);
    const [row] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(outbox)
      .where(and(eq(outbox.recipientKey, key), gt(outbox.createdAt, since), ne(outbox.status, 'held'), inArray(outbox.kind, ['rejection', 'acknowledgement', 'notice'])));
    if ((row?.n ?? 0) >= args.rateLimit.max) status = 'held';
  }
  const { text, html } = renderTemplate(draft.template, draft.context);
  const ref = draft.ref ?? '';
  const { raw, messageId } = await composeMessage({
    from: { name: args.courtName, address: mailbox.address },
    to: draft.to,
    subject: draft.subject,
    text,
    html,
    date: now,
    idSeed: `${mailbox.id}|${args.messagePk ?? 'none'}|${draft.kind}|${ref}|${key}`,
    inReplyTo: thread.messageId,
    references: thread.references,
    attachments: draft.attachments,
  });
  const inserted = await tx
    .insert(outbox)
    .values({
      messagePk: args.messagePk,
      kind: draft.kind,
      ref,
      mailboxId: mailbox.id,
      fromAddress: mailbox.address,
      toAddresses: draft.to,
      recipientKey: key,
      subject: draft.subject,
      messageIdHeader: messageId,
      raw,
      status,
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: outbox.id });
  if (!inserted.length) return 'duplicate';
  return status === 'held' ? 'held' : 'queued';
}

export interface OutboxSenderOptions {
  db: Db;
  /** The transport for each mailbox's replies (each mailbox sends from its own address). */
  transportFor(mailboxId: string): Transport;
  logger: Logger;
  clock: Clock;
  /** How long a claimed row is reserved for its sender before another may retry it. */
  leaseMs?: number;
}

/** Sends what the outbox holds; safe to run from several workers and after any crash. */
export class OutboxSender {
  private readonly leaseMs: number;
  constructor(private readonly opts: OutboxSenderOptions) {
    this.leaseMs = opts.leaseMs ?? 120_000;
  }

  /** Sends every due reply (of one message, when given). Returns how many were sent. */
  async flush(messagePk?: number): Promise<number> {
    let sent = 0;
    for (;;) {
      const row = await this.claim(messagePk);
      if (!row) return sent;
      if (await this.deliver(row)) sent++;
    }
  }

  private async claim(messagePk?: number) {
    const { db, clock } = this.opts;
    const now = clock.now();
    const leaseUntil = new Date(now.getTime() + this.leaseMs);
    // Postgres row claim: the sub-select skips rows another worker holds.
    const onlyMessage = messagePk === undefined ? sql`` : sql` and message_pk = ${messagePk}`;
    const res = await db.execute<{ id: number }>(sql`
      update outbox set status = 'sending', attempts = attempts + 1, next_attempt_at = ${leaseUntil.toISOString()}::timestamptz
      where id = (
        select id from outbox
        where status in ('pending', 'sending') and next_attempt_at <= ${now.toISOString()}::timestamptz${onlyMessage}
        order by id limit 1 for update skip locked)
      returning id`);
    const id = (res as unknown as { rows: { id: number }[] }).rows[0]?.id;
    if (id === undefined) return null;
    const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
    return row ?? null;
  }

  private async deliver(row: typeof outbox.$inferSelect): Promise<boolean> {
    const { db, logger, clock } = this.opts;
    const log = logger.child({ outboxId: row.id, kind: row.kind, to: row.toAddresses, messageIdHeader: row.messageIdHeader });
    try {
      const result = await this.opts.transportFor(row.mailboxId).send({ id: row.id, from: row.fromAddress, to: row.toAddresses, raw: row.raw });
      await db
        .update(outbox)
        .set({ status: 'sent', sentAt: clock.now(), response: result.response, file: result.file ?? null, lastError: null })
        .where(eq(outbox.id, row.id));
      log.info({ response: result.response }, 'reply sent');
      return true;
    } catch (err) {
      const e = err as { responseCode?: number; code?: string; message?: string };
      // 5xx: the server will never take this message; keep it for a clerk instead of retrying forever.
      const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
      const delay = Math.min(30 * 60_000, 2_000 * 2 ** Math.min(row.attempts, 10));
      await db
        .update(outbox)
        .set({ status: permanent ? 'failed' : 'pending', nextAttemptAt: new Date(clock.now().getTime() + delay), lastError: `${e.code ?? ''} ${e.message ?? String(err)}`.trim() })
        .where(eq(outbox.id, row.id));
      log.warn({ err, permanent, retryInMs: permanent ? undefined : delay }, 'reply not sent');
      return false;
    }
  }
}
