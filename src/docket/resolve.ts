/**
 * A clerk settles a prisoner filing the intake could not decide (P-4, P-5, I-6): enters
 * the stamp's date and time, names the case, or opens the new case. Docketing then
 * completes exactly as the intake would have done it, and the NEF goes out.
 * The CLI and the clerks' web page both call these functions.
 */
import { and, eq } from 'drizzle-orm';
import type { App } from '../app.ts';
import { UsageError } from '../cli/exit.ts';
import { facilityOf } from '../mailboxes/clerk.ts';
import { cases, exceptions, messages, parties } from '../models/schema.ts';
import { queueReply } from '../notify/outbox.ts';
import { parseMessage } from '../parsers/message.ts';
import { isoInZone } from '../rules/time.ts';
import { enterDocket } from './enter.ts';
import { docketPrisonerFiling, documentTitle } from './prisoner-filing.ts';
import { serveEntry, type EntryKind } from './serve.ts';

export interface OpenCase {
  number: string;
  title: string;
  nature?: 'civil-rights' | 'habeas';
  judge?: string;
  prisonerName: string;
  inmateNumber?: string;
}

export interface ResolveInput {
  exceptionId: number;
  filedAt?: Date;
  caseNumber?: string;
  openCase?: OpenCase;
  /** Close an exception that needs no docketing (e.g. a message a clerk handled by hand). */
  dismiss?: string;
  by: string;
}

export interface Resolved {
  exceptionId: number;
  docketNumber?: number;
  caseNumber?: string;
  filedAt?: string;
}

const STAMP_CODES = ['STAMP_UNREADABLE', 'STAMP_IMPLAUSIBLE'];
const CASE_CODES = ['NEW_CASE', 'CASE_NOT_FOUND'];

export async function resolveException(app: App, input: ResolveInput): Promise<Resolved> {
  const { db, court, clock } = app.services;
  const tz = court.court.timezone;
  const [ex] = await db.select().from(exceptions).where(eq(exceptions.id, input.exceptionId));
  if (!ex) throw new UsageError(`no exception #${input.exceptionId}`);
  if (ex.status !== 'open') throw new UsageError(`exception #${ex.id} is already ${ex.status}`);

  if (input.dismiss !== undefined) {
    await db.update(exceptions).set({ status: 'resolved', resolvedAt: clock.now(), resolvedBy: input.by, resolution: { dismissed: input.dismiss } }).where(eq(exceptions.id, ex.id));
    return { exceptionId: ex.id };
  }
  const data = (ex.data ?? {}) as { attachmentIndex?: number; codes?: string[]; filedAt?: string; caseNumber?: string };
  if (data.attachmentIndex === undefined || !ex.messagePk) throw new UsageError(`exception #${ex.id} (${ex.code}) is not about a filing; close it with --dismiss "what was done"`);
  const codes = data.codes ?? [ex.code];
  const filedAt = input.filedAt ?? (codes.some((c) => STAMP_CODES.includes(c)) ? undefined : data.filedAt ? new Date(data.filedAt) : undefined);
  if (!filedAt) throw new UsageError(`exception #${ex.id}: enter the date and time on the facility's stamp with --filed-at (e.g. "6/22/2016 10:32 AM")`);
  const caseNumber = input.openCase?.number ?? input.caseNumber ?? (codes.some((c) => CASE_CODES.includes(c)) ? undefined : data.caseNumber);
  if (!caseNumber) throw new UsageError(`exception #${ex.id}: name the case with --case NUMBER, or open it with --open-case`);

  const [msg] = await db.select().from(messages).where(eq(messages.id, ex.messagePk));
  if (!msg) throw new Error(`message ${ex.messagePk} of exception #${ex.id} is missing`);
  if (filedAt.getTime() > msg.arrivalAt.getTime() + 59_000) throw new UsageError(`--filed-at ${isoInZone(filedAt, tz)} is later than the email's arrival (${isoInZone(msg.arrivalAt, tz)})`);
  const parsed = await parseMessage(msg.raw);
  const attachment = parsed.attachments[data.attachmentIndex];
  if (!attachment) throw new Error(`attachment ${data.attachmentIndex} of message ${msg.id} is missing`);
  const facility = facilityOf(court, parsed.from?.address);
  const mailbox = app.services.mailboxes.get(msg.mailboxId)!;

  const resolved = await db.transaction(async (tx) => {
    const [locked] = await tx.select({ status: exceptions.status }).from(exceptions).where(eq(exceptions.id, ex.id)).for('update');
    if (locked?.status !== 'open') throw new UsageError(`exception #${ex.id} was resolved meanwhile`);
    if (input.openCase) {
      const o = input.openCase;
      const [exists] = await tx.select().from(cases).where(eq(cases.number, o.number));
      if (exists) throw new UsageError(`case ${o.number} is already on file; use --case`);
      await tx.insert(cases).values({ number: o.number, court: 'district', title: o.title, nature: o.nature ?? 'civil-rights', judge: o.judge ?? '', prisonerName: o.prisonerName, prisonerNumber: o.inmateNumber ?? null, facilityCode: facility?.code ?? null });
      await tx.insert(parties).values({ caseNumber: o.number, name: o.prisonerName, role: 'plaintiff', address: facility ? `${facility.name}${facility.address ? `; ${facility.address}` : ''}` : null });
    }
    const [c] = await tx.select().from(cases).where(eq(cases.number, caseNumber));
    if (!c) throw new UsageError(`case ${caseNumber} is not on file (open it with --open-case)`);
    const pageTexts = (ex.data as { pageTexts?: string[] })?.pageTexts;
    const pageText = pageTexts?.[0] ?? '';
    const done = await docketPrisonerFiling(tx, {
      court,
      caseNumber,
      prisonerName: c.prisonerName ?? 'the plaintiff',
      filedAt,
      enteredAt: clock.now(),
      pdf: attachment.bytes,
      filename: attachment.filename,
      title: documentTitle(pageText, attachment.filename),
      messagePk: msg.id,
      attachmentKey: String(data.attachmentIndex),
      // P-9: recorded so that a later rescan of this filing is recognised.
      pageCount: pageTexts?.length,
    });
    if ('oversizePage' in done) throw new UsageError(`page ${done.oversizePage} of ${attachment.filename} alone is over 10 MB: it cannot be docketed electronically as is`);
    for (const draft of done.served.replies) {
      await queueReply(tx, { messagePk: msg.id, mailbox, courtName: court.court.name, draft, thread: { messageId: msg.messageId, references: parsed.references }, now: clock.now(), rateLimit: app.services.replyRateLimit });
    }
    const resolution = { filedAt: isoInZone(filedAt, tz), caseNumber, docketNumber: done.entry.number, openedCase: !!input.openCase };
    await tx
      .update(exceptions)
      .set({ status: 'resolved', resolvedAt: clock.now(), resolvedBy: input.by, resolution })
      .where(and(eq(exceptions.messagePk, msg.id), eq(exceptions.ref, String(data.attachmentIndex)), eq(exceptions.status, 'open')));
    // The message's stored result follows: this filing is now docketed.
    const result = { ...(msg.result ?? {}) } as { filings?: Record<string, unknown>[]; disposition?: string };
    const filings = (result.filings ?? []).map((f) => (f.attachment === attachment.filename && f.disposition !== 'docketed' ? { ...f, disposition: 'docketed', caseNumber, filedAt: resolution.filedAt, docketNumber: done.entry.number, resolvedBy: input.by } : f));
    const rank: Record<string, number> = { docketed: 0, rejected: 1, exception: 2 };
    const disposition = filings.reduce((d, f) => ((rank[String(f.disposition)] ?? 0) > (rank[d] ?? 0) ? String(f.disposition) : d), 'docketed');
    await tx.update(messages).set({ result: { ...result, filings, disposition }, disposition }).where(eq(messages.id, msg.id));
    return { exceptionId: ex.id, docketNumber: done.entry.number, caseNumber, filedAt: resolution.filedAt };
  });
  await app.outbox.flush(msg.id);
  return resolved;
}

/**
 * P-8: a court order or a defendant's filing in a prisoner case, entered by the clerk's
 * office: the facility gets its NEF; a court order is also mailed to the prisoner.
 */
export async function docketByCourt(app: App, input: { caseNumber: string; pdf: Buffer; filename: string; text: string; by: 'court' | 'defendant'; filer?: string; filedAt?: Date }): Promise<{ docketNumber: number; replies: number; mailService: number }> {
  const { db, court, clock } = app.services;
  const [c] = await db.select().from(cases).where(eq(cases.number, input.caseNumber));
  if (!c) throw new UsageError(`case ${input.caseNumber} is not on file`);
  const clerkMailbox = [...app.services.mailboxes.values()].find((m) => m.kind === 'clerk') ?? [...app.services.mailboxes.values()][0]!;
  const kind: EntryKind = input.by === 'court' ? 'court-order' : 'defendant-filing';
  const now = clock.now();
  const out = await db.transaction(async (tx) => {
    const entry = await enterDocket(tx, { caseNumber: c.number, filedAt: input.filedAt ?? now, enteredAt: now, text: input.text, filer: input.filer ?? (input.by === 'court' ? 'Court' : 'Defendant'), documents: [{ description: 'Main Document', filename: input.filename, bytes: input.pdf }] });
    const served = await serveEntry(tx, { court, entry, kind, filer: input.filer ?? (input.by === 'court' ? 'Court' : 'Defendant'), shortDescription: input.text.split(/[.(]/)[0]!.trim().slice(0, 80), now });
    for (const draft of served.replies) {
      await queueReply(tx, { messagePk: null, mailbox: clerkMailbox, courtName: court.court.name, draft, thread: { messageId: null, references: [] }, now, rateLimit: app.services.replyRateLimit });
    }
    return { docketNumber: entry.number, replies: served.replies.length, mailService: served.mailServiceIds.length };
  });
  await app.outbox.flush();
  return out;
}
