/**
 * R-8: the clerk's decision on an accepted registration. Approval creates the Filer or
 * User and sends the login notice to the registrant's address; rejection sends the
 * clerk's reason. The CLI and the clerks' web page both call these, so they stay in step.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { App } from '../app.ts';
import { UsageError } from '../cli/exit.ts';
import type { Tx } from '../models/db.ts';
import { filers, messages, registrations } from '../models/schema.ts';
import { queueReply } from '../notify/outbox.ts';
import type { ReplyDraft } from '../pipeline/types.ts';
import { isoInZone } from '../rules/time.ts';
import { accountByEmail } from './accounts.ts';

export type RegistrationRow = typeof registrations.$inferSelect;

export interface RegistrationView {
  id: number;
  status: string;
  form: string | null;
  name: string | null;
  email: string | null;
  barNumber: string | null;
  firm: string | null;
  receivedAt: string;
  sender: string | null;
  files: string[];
  decidedAt: string | null;
  decidedBy: string | null;
  reason: string | null;
  filerId: number | null;
}

export async function listRegistrations(app: App, opts: { status?: string } = {}): Promise<RegistrationView[]> {
  const tz = app.services.court.court.timezone;
  const rows = await app.services.db
    .select()
    .from(registrations)
    .where(opts.status ? eq(registrations.status, opts.status) : undefined)
    .orderBy(asc(registrations.createdAt), asc(registrations.id));
  return rows.map((r) => {
    const data = (r.data ?? {}) as { firm?: string | null; sender?: string | null; files?: string[] };
    return {
      id: r.id,
      status: r.status,
      form: r.form,
      name: r.name,
      email: r.email,
      barNumber: r.barNumber,
      firm: data.firm ?? null,
      receivedAt: isoInZone(r.createdAt, tz),
      sender: data.sender ?? null,
      files: data.files ?? [],
      decidedAt: r.decidedAt ? isoInZone(r.decidedAt, tz) : null,
      decidedBy: r.decidedBy,
      reason: r.reason,
      filerId: r.filerId,
    };
  });
}

/** The role an approved form grants: Form No. 2 makes a User (limited rights), the others a Filer. */
export const roleOf = (form: string | null) => (form === '2' ? 'user' : 'filer');

export async function approveRegistration(app: App, input: { id: number; by: string }): Promise<{ id: number; filerId: number; email: string; role: string }> {
  const { db, court, clock } = app.services;
  const out = await db.transaction(async (tx) => {
    const reg = await pending(tx, input.id);
    const email = reg.email?.toLowerCase();
    if (!email) throw new UsageError(`registration #${reg.id} has no email address; reject it with --reason`);
    if (!reg.name) throw new UsageError(`registration #${reg.id} has no name; reject it with --reason`);
    // R-5 again at approval: an account may have been created since the form arrived.
    const existing = await accountByEmail(tx, email);
    if (existing) throw new UsageError(`registration #${reg.id}: ${email} already has a CM/ECF account (#${existing.id}); reject it with --reason`);
    const role = roleOf(reg.form);
    const data = (reg.data ?? {}) as { firm?: string | null };
    const [filer] = await tx.insert(filers).values({ name: reg.name, email, barNumber: reg.barNumber, role, firm: data.firm ?? null, createdAt: clock.now() }).returning({ id: filers.id });
    await tx.update(registrations).set({ status: 'approved', decidedAt: clock.now(), decidedBy: input.by, filerId: filer!.id }).where(eq(registrations.id, reg.id));
    const kind = role === 'user' ? 'User (limited filing: proofs of claim, requests for notice)' : 'Filer';
    await notify(app, tx, reg, {
      ref: 'login',
      to: email,
      subject: 'CM/ECF filing privileges approved',
      title: 'Your CM/ECF filing privileges are approved',
      paragraphs: [
        `${reg.name}: your registration as a CM/ECF ${kind} with the ${court.court.name} has been approved.`,
        'Log in to CM/ECF with your individual PACER username and password (Central Sign-On): the Court does not send passwords by email. Your PACER request for e-filing privileges with this court is now granted; if it is still shown as pending, allow one business day.',
        `Notices of Electronic Filing will be sent to ${email}. Keep your password secure and, if it may have been compromised, tell the Clerk’s Office at once by writing to this address (Administrative Procedures § 3).`,
      ],
    });
    return { id: reg.id, filerId: filer!.id, email, role };
  });
  await app.outbox.flush();
  return out;
}

export async function rejectRegistration(app: App, input: { id: number; by: string; reason: string }): Promise<{ id: number; email: string | null }> {
  const { db, clock } = app.services;
  if (!input.reason.trim()) throw new UsageError('--reason: say why the registration is rejected; the registrant is sent it');
  const out = await db.transaction(async (tx) => {
    const reg = await pending(tx, input.id);
    await tx.update(registrations).set({ status: 'rejected', decidedAt: clock.now(), decidedBy: input.by, reason: input.reason.trim() }).where(eq(registrations.id, reg.id));
    const to = reg.email ?? ((reg.data ?? {}) as { sender?: string }).sender ?? null;
    if (to) {
      await notify(app, tx, reg, {
        ref: 'decision',
        to,
        subject: 'CM/ECF registration not approved',
        title: 'Your CM/ECF registration was not approved',
        paragraphs: [`${reg.name ?? 'Applicant'}: the Clerk’s Office did not approve your CM/ECF registration.`, `Reason: ${input.reason.trim()}`, 'You may correct the registration and send it again to this address.'],
      });
    }
    return { id: reg.id, email: to };
  });
  await app.outbox.flush();
  return out;
}

async function pending(tx: Tx, id: number): Promise<RegistrationRow> {
  const [reg] = await tx.select().from(registrations).where(eq(registrations.id, id)).for('update');
  if (!reg) throw new UsageError(`no registration #${id}`);
  if (reg.status !== 'pending') throw new UsageError(`registration #${id} is already ${reg.status}${reg.decidedBy ? ` (by ${reg.decidedBy})` : ''}`);
  return reg;
}

async function notify(app: App, tx: Tx, reg: RegistrationRow, n: { ref: string; to: string; subject: string; title: string; paragraphs: string[] }): Promise<void> {
  const { court, clock, mailboxes } = app.services;
  const [msg] = await tx.select({ id: messages.id, mailboxId: messages.mailboxId, messageId: messages.messageId }).from(messages).where(and(eq(messages.id, reg.messagePk)));
  const mailbox = msg ? mailboxes.get(msg.mailboxId) : [...mailboxes.values()].find((m) => m.kind === 'registration');
  if (!mailbox) throw new Error(`no registration mailbox is configured to send from`);
  const draft: ReplyDraft = {
    kind: 'notice',
    ref: n.ref,
    to: [n.to],
    subject: n.subject,
    template: 'notice',
    rateLimited: false,
    context: { court: court.court, mailbox: { id: mailbox.id, address: mailbox.address }, title: n.title, paragraphs: n.paragraphs },
  };
  await queueReply(tx, { messagePk: reg.messagePk, mailbox, courtName: court.court.name, draft, thread: { messageId: msg?.messageId ?? null, references: [] }, now: clock.now(), rateLimit: app.services.replyRateLimit });
}
