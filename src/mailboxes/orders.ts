/**
 * `orders` mailboxes, one per judge: proposed orders in Word format (SPEC §4, ECF
 * Procedure 14). This handler applies the sender and format rules (O-11, O-2, I-5) and
 * queues what passes for the judge; the subject, caption and docket checks build on it.
 */
import { eq } from 'drizzle-orm';
import type { CourtData } from '../config/court-data.ts';
import type { Db } from '../models/db.ts';
import { filers, orderQueue } from '../models/schema.ts';
import type { Decision, MessageContext } from '../pipeline/types.ts';
import type { Finding } from '../rules/codes.ts';
import { parseOrderSubject, SUBJECT_FORMS } from '../rules/order-subject.ts';
import { isWord, storeAttachments, unreadableFindings } from './attachments.ts';
import { decide } from './decide.ts';

const WORD_MIME: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  doc: 'application/msword',
  rtf: 'application/rtf',
};

export async function ordersRules(ctx: MessageContext, court: CourtData, db: Db): Promise<Decision> {
  const msg = ctx.parsed!;
  const findings: Finding[] = [];
  const sender = msg.from?.address ?? '';
  const [filer] = sender ? await db.select().from(filers).where(eq(filers.email, sender)) : [];
  if (!filer || filer.role !== 'filer') findings.push({ code: 'SENDER_NOT_FILER', rule: 'O-11', detail: `sent from ${sender || 'an unknown address'}` });

  const word = msg.attachments.filter((a) => isWord(a) || a.type === 'docm');
  if (msg.attachments.length === 0) findings.push({ code: 'NO_ATTACHMENT', rule: 'O-2' });
  else if (word.length === 0) findings.push({ code: 'NOT_WORD_FORMAT', rule: 'O-2', detail: msg.attachments.map((a) => `${a.filename} is ${a.type === 'pdf' ? 'a PDF' : 'not a Word document'}`).join('; ') });
  findings.push(...unreadableFindings(word));

  const subject = parseOrderSubject(msg.subject);
  const order = {
    caseNumber: subject?.caseNumber ?? null,
    debtor: subject?.debtor ?? null,
    category: subject?.category ?? null,
    dateText: subject?.dateText ?? null,
    judge: ctx.mailbox.judge ?? null,
  };
  const doc = word.find((a) => !a.unreadable && isWord(a));
  return decide(ctx, court, findings, {
    success: 'accepted',
    headline: `Your proposed order${order.caseNumber ? ` in case ${order.caseNumber}` : ''} was received by the chambers of ${judgeName(court, ctx.mailbox.judge)}.`,
    whatNext: 'The order is queued for the judge’s review. You will receive the entered order through CM/ECF; do not send it again.',
    items: doc ? [doc.filename] : [],
    result: { order },
    rejectionExtra: { forms: SUBJECT_FORMS },
    apply: async (tx, messagePk) => {
      const [documentId = null] = doc ? await storeAttachments(tx, messagePk, 'Proposed Order', [doc], WORD_MIME[doc.type]) : [];
      await tx.insert(orderQueue).values({
        messagePk,
        judge: ctx.mailbox.judge ?? '',
        caseNumber: order.caseNumber,
        debtor: order.debtor,
        category: order.category,
        hearingDate: order.dateText,
        filename: doc?.filename ?? null,
        documentId,
        sender,
        createdAt: ctx.arrival,
      });
    },
  });
}

function judgeName(court: CourtData, initials: string | undefined): string {
  const j = court.judges.find((x) => x.initials === initials);
  return j ? `Judge ${j.name}` : 'the judge';
}
