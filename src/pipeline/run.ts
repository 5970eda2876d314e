/**
 * Runs one captured message through STEPS and commits its outcome exactly once (I-2):
 * the commit re-reads the message row under a lock and does nothing if another worker
 * (or an earlier run before a crash) already committed it.
 */
import { eq } from 'drizzle-orm';
import { crashPoint } from '../crash-points.ts';
import type { Tx } from '../models/db.ts';
import { exceptions, messageEvents, messages } from '../models/schema.ts';
import { storableTx } from '../models/storable.ts';
import { queueReply } from '../notify/outbox.ts';
import type { Code } from '../rules/codes.ts';
import { STEPS } from './steps.ts';
import type { Decision, MessageContext, Services } from './types.ts';

/** A step that hangs (a stuck parser, a lost connection) must not hold the message forever. */
const STEP_TIMEOUT_MS = 5 * 60_000;

export type RunOutcome = { status: 'committed' | 'already-done'; mailboxId: string; disposition: string };

export class StepTimeoutError extends Error {
  readonly code = 'STEP_TIMEOUT';
}

async function withTimeout<T>(p: Promise<T>, ms: number, step: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new StepTimeoutError(`step ${step} took longer than ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export async function runMessage(pk: number, services: Services): Promise<RunOutcome> {
  const { db } = services;
  const [row] = await db.select().from(messages).where(eq(messages.id, pk));
  if (!row) throw Object.assign(new Error(`message ${pk} is not in the store`), { code: 'MESSAGE_MISSING' });
  if (row.status === 'done') return { status: 'already-done', mailboxId: row.mailboxId, disposition: row.disposition ?? '' };
  const mailbox = services.mailboxes.get(row.mailboxId);
  if (!mailbox) throw Object.assign(new Error(`mailbox ${row.mailboxId} is not configured`), { code: 'MAILBOX_UNKNOWN' });

  const ctx: MessageContext = {
    pk,
    mailbox,
    raw: row.raw,
    arrival: row.arrivalAt,
    messageId: row.messageId,
    log: services.logger.child({ mailbox: mailbox.id, messagePk: pk, messageId: row.messageId }),
    trail: [],
  };
  for (const step of STEPS) {
    const started = performance.now();
    await withTimeout(step.run(ctx, services), STEP_TIMEOUT_MS, step.name);
    ctx.trail.push({ step: step.name, ms: Math.round(performance.now() - started), detail: ctx.decision ? { disposition: ctx.decision.disposition } : undefined });
    if (ctx.decision) break;
  }
  const decision = ctx.decision!;
  crashPoint('before-commit');
  const committed = await commit(ctx, decision, services);
  ctx.log.info({ disposition: decision.disposition, codes: decision.findings.map((f) => f.code), committed }, 'message decided');
  return { status: committed ? 'committed' : 'already-done', mailboxId: mailbox.id, disposition: decision.disposition };
}

async function commit(ctx: MessageContext, decision: Decision, services: Services): Promise<boolean> {
  // Everything written here, by the mailbox's apply too, carries text from the mail or its
  // documents: storableTx makes it storable (no NUL, no lone surrogate, bounded index keys).
  return services.db.transaction(async (dbTx) => {
    const tx = storableTx(dbTx);
    const [locked] = await tx.select({ status: messages.status }).from(messages).where(eq(messages.id, ctx.pk)).for('update');
    if (!locked || locked.status === 'done') return false;
    const applied = (await decision.apply?.(tx, ctx.pk)) ?? {};
    if (applied.findings?.length) decision.findings.push(...applied.findings);
    if (applied.exceptions?.length) decision.exceptions.push(...applied.exceptions);
    if (applied.disposition) decision.disposition = applied.disposition;
    const codes = new Set<Code>(decision.findings.map((f) => f.code));
    const sender = ctx.parsed?.from?.address ?? null;
    for (const ex of decision.exceptions) {
      await tx
        .insert(exceptions)
        .values({
          messagePk: ctx.pk,
          mailboxId: ctx.mailbox.id,
          code: ex.code,
          ref: ex.ref ?? '',
          detail: ex.detail ?? null,
          caseNumber: ex.caseNumber ?? null,
          sender,
          data: ex.data ?? null,
          image: ex.image ?? null,
          status: ex.status ?? 'open',
          createdAt: services.clock.now(),
        })
        .onConflictDoNothing();
    }
    const thread = { messageId: ctx.messageId, references: ctx.parsed?.references ?? [] };
    for (const draft of [...decision.replies, ...(applied.replies ?? [])]) {
      const r = await queueReply(tx, {
        messagePk: ctx.pk,
        mailbox: ctx.mailbox,
        courtName: services.court.court.name,
        draft,
        thread,
        now: ctx.arrival,
        rateLimit: services.replyRateLimit,
      });
      if (r === 'held') codes.add('REPLY_RATE_LIMITED');
    }
    const result = {
      messageId: ctx.messageId,
      mailbox: ctx.mailbox.id,
      disposition: decision.disposition,
      codes: [...codes],
      findings: decision.findings,
      receivedAt: ctx.arrival.toISOString(),
      ...decision.result,
      ...applied.result,
    };
    await tx
      .update(messages)
      .set({
        status: 'done',
        disposition: decision.disposition,
        codes: [...codes],
        result,
        fromAddress: sender,
        subject: ctx.parsed?.subject ?? null,
        processedAt: services.clock.now(),
        lastError: null,
      })
      .where(eq(messages.id, ctx.pk));
    await recordTrail(tx, ctx);
    return true;
  });
}

async function recordTrail(dbTx: Tx, ctx: MessageContext) {
  const tx = storableTx(dbTx);
  for (const t of ctx.trail) {
    await tx.insert(messageEvents).values({ messagePk: ctx.pk, step: t.step, detail: { ms: t.ms, ...t.detail } });
  }
  await tx.insert(messageEvents).values({ messagePk: ctx.pk, step: 'commit', detail: { disposition: ctx.decision?.disposition } });
}

/**
 * A message whose processing failed on every attempt becomes a clerk's exception (never a
 * silent loss), with no reply: nothing trustworthy was decided.
 */
export async function failMessage(pk: number, err: unknown, services: Services): Promise<string | null> {
  const detail = `${(err as { code?: string }).code ?? ''} ${(err as Error)?.message ?? String(err)}`.trim().slice(0, 500);
  return services.db.transaction(async (dbTx) => {
    const tx = storableTx(dbTx);
    const [locked] = await tx.select().from(messages).where(eq(messages.id, pk)).for('update');
    if (!locked) return null;
    if (locked.status === 'done') return locked.mailboxId;
    await tx
      .insert(exceptions)
      .values({ messagePk: pk, mailboxId: locked.mailboxId, code: 'PROCESSING_FAILED', detail, sender: locked.fromAddress, createdAt: services.clock.now() })
      .onConflictDoNothing();
    const result = { messageId: locked.messageId, mailbox: locked.mailboxId, disposition: 'exception', codes: ['PROCESSING_FAILED'], receivedAt: locked.arrivalAt.toISOString() };
    await tx
      .update(messages)
      .set({ status: 'done', disposition: 'exception', codes: ['PROCESSING_FAILED'], result, lastError: detail, processedAt: services.clock.now() })
      .where(eq(messages.id, pk));
    await tx.insert(messageEvents).values({ messagePk: pk, step: 'failed', detail: { error: detail } });
    return locked.mailboxId;
  });
}
