/**
 * R-6: a registered Filer or User changes the email address on file. The court's ECF
 * system relies on that address for service (Administrative Procedures § 2(b), § 3), so
 * the change is made only once both addresses have shown they are reachable and agree:
 * each is sent its own one-time code, and the address on file changes when both codes
 * have come back, each from the address it was sent to, within EMAIL_CHANGE_DAYS.
 */
import { and, eq, or } from 'drizzle-orm';
import type { CourtData } from '../config/court-data.ts';
import type { Tx } from '../models/db.ts';
import { emailChanges, filers } from '../models/schema.ts';
import { baseContext, rejectionReply, senderAddress } from '../mailboxes/decide.ts';
import type { ApplyOutcome, MessageContext, ReplyDraft } from '../pipeline/types.ts';
import { isoInZone } from '../rules/time.ts';
import { accountByEmail, type Account } from './accounts.ts';
import { codeHash, newConfirmationCode } from './requests.ts';

export const EMAIL_CHANGE_DAYS = 7;

const roleWord = (a: Account) => (a.role === 'user' ? 'User' : 'Filer');

function notice(ctx: MessageContext, court: CourtData, to: string, ref: string, subject: string, body: { title: string; paragraphs: string[]; code?: string; items?: string[]; withOriginal?: boolean; replyNote?: string }): ReplyDraft {
  const base = baseContext(ctx, court);
  return {
    kind: 'notice',
    ref,
    to: [to],
    subject,
    template: 'notice',
    rateLimited: true,
    context: { court: base.court, mailbox: base.mailbox, original: body.withOriginal ? base.original : undefined, ...body },
  };
}

function rejected(ctx: MessageContext, court: CourtData, findings: ApplyOutcome['findings'] & object, result: Record<string, unknown>): ApplyOutcome {
  const reply = rejectionReply(ctx, court, findings);
  return { disposition: 'rejected', findings, replies: reply ? [reply] : [], result };
}

/** Opens the change and sends each address its code. Earlier pending changes of the account are superseded. */
export async function startEmailChange(tx: Tx, ctx: MessageContext, court: CourtData, messagePk: number, account: Account, newEmail: string): Promise<ApplyOutcome> {
  const tz = court.court.timezone;
  const oldEmail = account.email.toLowerCase();
  const result = { emailChange: { account: account.id, name: account.name, from: oldEmail, to: newEmail, status: 'rejected' } };
  const other = await accountByEmail(tx, newEmail);
  if (other && other.id !== account.id) {
    return rejected(ctx, court, [{ code: 'EMAIL_IN_USE', rule: 'R-6', detail: `${newEmail} is on file for another account` }], result);
  }
  await tx.update(emailChanges).set({ status: 'superseded' }).where(and(eq(emailChanges.filerId, account.id), eq(emailChanges.status, 'pending')));
  const oldCode = newConfirmationCode();
  let newCode = newConfirmationCode();
  while (newCode === oldCode) newCode = newConfirmationCode();
  const expiresAt = new Date(ctx.arrival.getTime() + EMAIL_CHANGE_DAYS * 86_400_000);
  await tx.insert(emailChanges).values({
    messagePk,
    filerId: account.id,
    oldEmail,
    newEmail,
    oldCodeHash: codeHash(oldCode),
    newCodeHash: codeHash(newCode),
    createdAt: ctx.arrival,
    expiresAt,
  });
  const until = isoInZone(expiresAt, tz).slice(0, 10);
  const what = `the email address on file for your CM/ECF ${roleWord(account)} account (${account.name}) from ${oldEmail} to ${newEmail}`;
  const replyNote = 'Reply to this message without changing the subject line; the reply is read automatically.';
  const replies: ReplyDraft[] = [
    notice(ctx, court, oldEmail, 'confirm-old', `Confirm email address change ${oldCode}`, {
      title: 'Confirm the change of your CM/ECF email address',
      paragraphs: [
        `We received a request to change ${what}.`,
        `To confirm it from this address, reply to this message by ${until}. The same request has been sent to ${newEmail} with its own code; the address on file changes only when both replies have arrived.`,
        'If you did not ask for this change, do not reply, and tell the Clerk’s Office: your address on file stays as it is.',
      ],
      code: oldCode,
      replyNote,
    }),
    notice(ctx, court, newEmail, 'confirm-new', `Confirm email address change ${newCode}`, {
      title: 'Confirm your new CM/ECF email address',
      paragraphs: [
        `We received a request to change ${what}.`,
        `To confirm that this address is yours and receives mail, reply to this message by ${until}. The address on file changes only when this reply and the one from ${oldEmail} have arrived.`,
        'If you did not ask for this change, do not reply.',
      ],
      code: newCode,
      replyNote,
    }),
  ];
  const sender = senderAddress(ctx);
  if (sender && sender !== oldEmail && sender !== newEmail) {
    replies.push(
      notice(ctx, court, sender, 'ack', 'Received: email address change', {
        title: 'Acknowledgement of receipt',
        paragraphs: [`Your request to change ${what} was received. Each address has been sent a confirmation code; the change is made when both have replied.`],
        withOriginal: true,
      }),
    );
  }
  return { disposition: 'accepted', replies, result: { emailChange: { ...result.emailChange, status: 'awaiting confirmation', expiresAt: isoInZone(expiresAt, tz) } } };
}

/** A reply carrying one or more codes: confirms the side whose address sent it. */
export async function confirmEmailChange(tx: Tx, ctx: MessageContext, court: CourtData, codes: string[]): Promise<ApplyOutcome> {
  const sender = (ctx.parsed?.from?.address ?? '').toLowerCase();
  const hashes = codes.map(codeHash);
  const rows = await tx
    .select()
    .from(emailChanges)
    .where(or(...hashes.flatMap((h) => [eq(emailChanges.oldCodeHash, h), eq(emailChanges.newCodeHash, h)])))
    .for('update');
  // Each code counts only from the address it was sent to: a forwarded code proves nothing.
  const match = rows
    .map((r) => ({ r, side: hashes.includes(r.oldCodeHash) && r.oldEmail === sender ? ('old' as const) : hashes.includes(r.newCodeHash) && r.newEmail === sender ? ('new' as const) : null }))
    .find((m) => m.side !== null);
  const invalid = (detail: string) => rejected(ctx, court, [{ code: 'CONFIRMATION_INVALID', rule: 'R-6', detail }], { emailChange: { status: 'rejected' } });
  if (!match || !match.side) {
    return invalid(rows.length ? `the code was not sent to ${sender || 'this address'}` : 'no request with this code is on file');
  }
  const { r, side } = match;
  if (r.status !== 'pending') return invalid(`this request is ${r.status === 'done' ? 'already complete' : `no longer open (${r.status})`}`);
  if (ctx.arrival.getTime() > r.expiresAt.getTime()) {
    await tx.update(emailChanges).set({ status: 'expired' }).where(eq(emailChanges.id, r.id));
    return invalid(`the code expired on ${isoInZone(r.expiresAt, court.court.timezone)}`);
  }
  const now = ctx.arrival;
  const oldConfirmedAt = side === 'old' ? (r.oldConfirmedAt ?? now) : r.oldConfirmedAt;
  const newConfirmedAt = side === 'new' ? (r.newConfirmedAt ?? now) : r.newConfirmedAt;
  const [account] = await tx.select().from(filers).where(eq(filers.id, r.filerId)).for('update');
  const base = { account: r.filerId, name: account?.name, from: r.oldEmail, to: r.newEmail, confirmed: side };
  if (!account) return invalid('the account no longer exists');
  if (!oldConfirmedAt || !newConfirmedAt) {
    await tx.update(emailChanges).set({ oldConfirmedAt, newConfirmedAt }).where(eq(emailChanges.id, r.id));
    const waiting = side === 'old' ? r.newEmail : r.oldEmail;
    return {
      disposition: 'accepted',
      result: { emailChange: { ...base, status: 'awaiting confirmation' } },
      replies: [
        notice(ctx, court, sender, `confirmed-${side}`, 'Received: email address change confirmed', {
          title: 'Confirmation received',
          paragraphs: [`Your confirmation from ${sender} was received. The address on file changes when ${waiting} has replied to its own confirmation message.`],
          withOriginal: true,
        }),
      ],
    };
  }
  const other = await accountByEmail(tx, r.newEmail);
  if (other && other.id !== account.id) {
    await tx.update(emailChanges).set({ status: 'superseded', oldConfirmedAt, newConfirmedAt }).where(eq(emailChanges.id, r.id));
    return rejected(ctx, court, [{ code: 'EMAIL_IN_USE', rule: 'R-6', detail: `${r.newEmail} was registered to another account meanwhile` }], { emailChange: { ...base, status: 'rejected' } });
  }
  await tx.update(filers).set({ email: r.newEmail }).where(eq(filers.id, account.id));
  await tx.update(emailChanges).set({ status: 'done', oldConfirmedAt, newConfirmedAt, doneAt: now }).where(eq(emailChanges.id, r.id));
  const done = {
    title: 'Your CM/ECF email address was changed',
    paragraphs: [
      `Both addresses confirmed the change. From now on the Court sends Notices of Electronic Filing and other notices for ${account.name} to ${r.newEmail}; ${r.oldEmail} no longer receives them.`,
      'Also update the email address in your PACER account (pacer.uscourts.gov, Manage My Account), which NextGen CM/ECF uses for Central Sign-On.',
    ],
  };
  return {
    disposition: 'accepted',
    result: { emailChange: { ...base, status: 'changed' } },
    replies: [notice(ctx, court, r.oldEmail, 'changed-old', 'CM/ECF email address changed', done), notice(ctx, court, r.newEmail, 'changed-new', 'CM/ECF email address changed', done)],
  };
}
