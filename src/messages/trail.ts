/**
 * A message's whole story for a clerk: find messages (sender, case, Message-ID, arrival
 * dates) and gather every step, finding, docket entry, exception and reply of one.
 */
import { and, asc, desc, eq, gte, ilike, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../models/db.ts';
import { docketEntries, exceptions, messageEvents, messages, orderQueue, outbox, registrations } from '../models/schema.ts';
import { normaliseDistrictCase } from '../rules/case-number.ts';
import { messageResult } from '../cli/result.ts';

export interface MessageQuery {
  sender?: string;
  caseNumber?: string;
  messageId?: string;
  /** Arrival on or after this instant. */
  from?: Date;
  /** Arrival before this instant. */
  to?: Date;
  limit?: number;
}

export interface MessageSummary {
  id: number;
  mailboxId: string;
  messageId: string | null;
  fromAddress: string | null;
  subject: string | null;
  arrivalAt: Date;
  status: string;
  disposition: string | null;
  codes: string[];
}

const summary = {
  id: messages.id,
  mailboxId: messages.mailboxId,
  messageId: messages.messageId,
  fromAddress: messages.fromAddress,
  subject: messages.subject,
  arrivalAt: messages.arrivalAt,
  status: messages.status,
  disposition: messages.disposition,
  codes: messages.codes,
};

/** Escapes LIKE wildcards in what a clerk typed. */
const likeText = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function searchMessages(db: Db, q: MessageQuery): Promise<MessageSummary[]> {
  const conds: SQL[] = [];
  if (q.sender?.trim()) conds.push(ilike(messages.fromAddress, `%${likeText(q.sender.trim())}%`));
  if (q.messageId?.trim()) {
    const id = q.messageId.trim().replace(/^<|>$/g, '');
    conds.push(or(eq(messages.messageId, `<${id}>`), eq(messages.messageId, id))!);
  }
  if (q.caseNumber?.trim()) {
    const raw = q.caseNumber.trim();
    const number = normaliseDistrictCase(raw) ?? raw;
    const linked = (t: typeof docketEntries | typeof exceptions | typeof orderQueue) => sql`${messages.id} in (select ${t.messagePk} from ${t} where ${t.caseNumber} = ${number})`;
    conds.push(or(linked(docketEntries), linked(exceptions), linked(orderQueue), sql`${messages.result}::text like ${`%"caseNumber": "${likeText(number)}"%`}`, sql`${messages.result}::text like ${`%"caseNumber":"${likeText(number)}"%`}`)!);
  }
  if (q.from) conds.push(gte(messages.arrivalAt, q.from));
  if (q.to) conds.push(lt(messages.arrivalAt, q.to));
  return db
    .select(summary)
    .from(messages)
    .where(and(...conds))
    .orderBy(desc(messages.arrivalAt), desc(messages.id))
    .limit(q.limit ?? 100);
}

export interface MessageTrail {
  message: MessageSummary & { size: number; sha256: string; capturedAt: Date; processedAt: Date | null; lastError: string | null; attempts: number };
  /** The CONTRACT.md JSON result (findings, filings, order, registration, replies). */
  result: Record<string, unknown>;
  events: { at: Date; step: string; detail: Record<string, unknown> | null }[];
  docketEntries: { caseNumber: string; number: number; filedAt: Date; enteredAt: Date; text: string }[];
  exceptions: { id: number; code: string; detail: string | null; status: string; createdAt: Date; resolvedAt: Date | null; resolvedBy: string | null; resolution: Record<string, unknown> | null }[];
  replies: { id: number; kind: string; to: string[]; subject: string; status: string; attempts: number; createdAt: Date; sentAt: Date | null; lastError: string | null; messageId: string }[];
  orders: { id: number; judge: string; status: string }[];
  registrations: { id: number; status: string; decidedBy: string | null }[];
}

export async function messageTrail(db: Db, id: number): Promise<MessageTrail | undefined> {
  const [m] = await db
    .select({ ...summary, size: messages.size, sha256: messages.sha256, capturedAt: messages.capturedAt, processedAt: messages.processedAt, lastError: messages.lastError, attempts: messages.attempts })
    .from(messages)
    .where(eq(messages.id, id));
  if (!m) return undefined;
  const [result, events, entries, exs, replies, orders, regs] = await Promise.all([
    messageResult(db, id),
    db.select({ at: messageEvents.at, step: messageEvents.step, detail: messageEvents.detail }).from(messageEvents).where(eq(messageEvents.messagePk, id)).orderBy(asc(messageEvents.at), asc(messageEvents.id)),
    db.select({ caseNumber: docketEntries.caseNumber, number: docketEntries.number, filedAt: docketEntries.filedAt, enteredAt: docketEntries.enteredAt, text: docketEntries.text }).from(docketEntries).where(eq(docketEntries.messagePk, id)).orderBy(asc(docketEntries.id)),
    db.select({ id: exceptions.id, code: exceptions.code, detail: exceptions.detail, status: exceptions.status, createdAt: exceptions.createdAt, resolvedAt: exceptions.resolvedAt, resolvedBy: exceptions.resolvedBy, resolution: exceptions.resolution }).from(exceptions).where(eq(exceptions.messagePk, id)).orderBy(asc(exceptions.id)),
    db.select({ id: outbox.id, kind: outbox.kind, to: outbox.toAddresses, subject: outbox.subject, status: outbox.status, attempts: outbox.attempts, createdAt: outbox.createdAt, sentAt: outbox.sentAt, lastError: outbox.lastError, messageId: outbox.messageIdHeader }).from(outbox).where(eq(outbox.messagePk, id)).orderBy(asc(outbox.id)),
    db.select({ id: orderQueue.id, judge: orderQueue.judge, status: orderQueue.status }).from(orderQueue).where(eq(orderQueue.messagePk, id)),
    db.select({ id: registrations.id, status: registrations.status, decidedBy: registrations.decidedBy }).from(registrations).where(eq(registrations.messagePk, id)),
  ]);
  return { message: m, result, events, docketEntries: entries, exceptions: exs, replies, orders, registrations: regs };
}

/** The exact stored bytes of a message (I-1), for the `.eml` download. */
export async function messageRaw(db: Db, id: number): Promise<{ raw: Buffer; messageId: string | null } | undefined> {
  const [m] = await db.select({ raw: messages.raw, messageId: messages.messageId }).from(messages).where(eq(messages.id, id));
  return m;
}
