/**
 * `orders` mailboxes, one per judge: proposed orders in Word format (SPEC §4, ECF
 * Procedure 14). Every rule runs and every defect is reported in one notice (O-12); an
 * order that passes is queued for the judge and acknowledged.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../models/db.ts';
import { cases, docketEntries, documents, filers, orderQueue } from '../models/schema.ts';
import type { Attachment } from '../parsers/types.ts';
import { WORD_REASONS, WordUnreadableError, type WordDocument } from '../parsers/word-model.ts';
import { documentPool } from '../documents/index.ts';
import type { Decision, MessageContext, Services } from '../pipeline/types.ts';
import type { Finding } from '../rules/codes.ts';
import { checkHearingTiming } from '../rules/court-calendar.ts';
import { checkCaption, checkMotionReference, checkSignatureJudgeDate, debtorMatches, explainsDiscrepancy, hasCertificateOfService, motionReferences, textSimilarity } from '../rules/order-content.ts';
import { explainSubject, SUBJECT_FORMS, type OrderSubject } from '../rules/order-subject.ts';
import { isoInZone } from '../rules/time.ts';
import { isWord, storeAttachments } from './attachments.ts';
import { decide } from './decide.ts';

const WORD_MIME: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  doc: 'application/msword',
  rtf: 'application/rtf',
};

/** O-10: below this the Word order is taken to differ from the one filed with the motion. */
const SAME_ORDER = 0.9;

/**
 * An attachment that its name or declared type calls a Word document while its bytes are
 * not a readable one (a cut-off .doc whose directory names no Word stream, a 0-byte
 * .docx): it is a damaged Word file (I-5), not a file of another format (O-2).
 */
function damagedWord(a: Attachment): boolean {
  // A readable file of another kind (an OpenDocument .odt named .doc) is simply not Word.
  if (isWord(a) || a.type === 'docm' || !(a.type === 'unknown' || (a.type === 'zip' && a.unreadable))) return false;
  return /\.(?:docx?|dotx?|docm|rtf)$/i.test(a.filename) || /msword|wordprocessingml|\brtf\b/i.test(a.declaredType);
}

export const isOrderCandidate = (a: Attachment) => isWord(a) || a.type === 'docm' || damagedWord(a);

/**
 * How much a Word document looks like the proposed order itself rather than an exhibit
 * sent beside it (a budget, a stipulation): an order's title, a caption, the decretal
 * words, a file name that says so.
 */
function orderLikeness(a: Attachment, doc: WordDocument): number {
  const head = doc.paragraphs.slice(0, 40).map((p) => p.text).join('\n');
  let score = 0;
  if (/^\s*\[?(?:proposed\s*)?\]?\s*(?:[A-Z][\w,'-]*\s+){0,10}?ORDER\b/im.test(head)) score += 3;
  if (/\bIn\s+re\b|\bCase\s+No\b|\bChapter\s+\d+/i.test(head)) score += 2;
  if (/\b(?:IT\s+IS\s+(?:HEREBY\s+)?ORDERED|ORDERED,?\s+ADJUDGED|it\s+is\s+hereby\s+ORDERED)\b/i.test(doc.text)) score += 2;
  if (/\border\b|\bPO\b/i.test(a.filename.replace(/[_.-]+/g, ' '))) score += 1;
  if (/\bexhibit\b|\bbudget\b|\bschedule\b/i.test(a.filename)) score -= 2;
  return score;
}

async function readOrder(attachments: Attachment[], findings: Finding[]): Promise<{ attachment: Attachment; doc: WordDocument } | undefined> {
  let best: { attachment: Attachment; doc: WordDocument; score: number } | undefined;
  for (const a of attachments.filter(isOrderCandidate)) {
    try {
      if (a.type === 'docm') throw new WordUnreadableError('macro-enabled', 'macro-enabled Word documents are not accepted');
      if (a.unreadable || damagedWord(a)) throw new WordUnreadableError('corrupt', a.unreadable ?? WORD_REASONS.docCorrupt);
      const doc = await documentPool().run('readWord', a.bytes);
      const score = orderLikeness(a, doc);
      // Ties keep the first: the order usually comes first, exhibits after it.
      if (!best || score > best.score) best = { attachment: a, doc, score };
    } catch (err) {
      // The reader's own verdict, a limit, or a reader that could not finish safely.
      if ((err as { code?: unknown }).code !== 'ATTACHMENT_UNREADABLE') throw err;
      findings.push({ code: 'ATTACHMENT_UNREADABLE', rule: 'I-5', attachment: a.filename, detail: `${a.filename}: ${a.unreadable ?? (err as WordUnreadableError).reason}` });
    }
  }
  return best && { attachment: best.attachment, doc: best.doc };
}

/** The text of the proposed order filed with the motion, if the docket holds one (O-10). */
async function filedProposedOrder(db: Db, caseNumber: string, motion: number): Promise<string | null> {
  const [entry] = await db.select().from(docketEntries).where(and(eq(docketEntries.caseNumber, caseNumber), eq(docketEntries.number, motion)));
  if (!entry) return null;
  const docs = await db.select().from(documents).where(eq(documents.docketEntryId, entry.id));
  const proposed = docs.find((d) => /proposed\s+order/i.test(d.description)) ?? null;
  if (!proposed) return null;
  try {
    if (proposed.contentType === 'pdf' || proposed.bytes.subarray(0, 1024).includes('%PDF-')) {
      return (await documentPool().run('pdfText', proposed.bytes)).join('\n');
    }
    return (await documentPool().run('readWord', proposed.bytes)).text;
  } catch {
    return null;
  }
}

export async function ordersRules(ctx: MessageContext, s: Services): Promise<Decision> {
  const { court, db } = s;
  const tz = court.court.timezone;
  const msg = ctx.parsed!;
  const findings: Finding[] = [];
  const sender = msg.from?.address ?? '';
  const [filer] = sender ? await db.select().from(filers).where(eq(filers.email, sender)) : [];
  if (!filer || filer.role !== 'filer') findings.push({ code: 'SENDER_NOT_FILER', rule: 'O-11', detail: `sent from ${sender || 'an unknown address'}` });

  const parsedSubject = explainSubject(msg.subject, { reference: ctx.arrival, timezone: tz });
  const subject: OrderSubject | undefined = parsedSubject.ok ? parsedSubject.value : undefined;
  if (!parsedSubject.ok) findings.push({ code: 'SUBJECT_FORMAT', rule: 'O-1', detail: `“${msg.subject}”: ${parsedSubject.problem}` });

  const words = msg.attachments.filter(isOrderCandidate);
  if (msg.attachments.length === 0) findings.push({ code: 'NO_ATTACHMENT', rule: 'O-2' });
  else if (words.length === 0) findings.push({ code: 'NOT_WORD_FORMAT', rule: 'O-2', detail: msg.attachments.map((a) => `${a.filename} is ${a.type === 'pdf' ? 'a PDF' : 'not a Word document'}`).join('; ') });
  const order = await readOrder(msg.attachments, findings);

  const judge = court.judges.find((j) => j.initials === ctx.mailbox.judge) ?? null;
  let motion: number | null = null;
  if (subject) {
    const [c] = await db.select().from(cases).where(eq(cases.number, subject.caseNumber));
    // O-7 makes an unknown case a rejection (the sender mistyped it), unlike P-5 (codes.ts).
    if (!c) findings.push({ code: 'CASE_NOT_FOUND', rule: 'O-7', detail: `${subject.caseNumber} is not a case on file` });
    else {
      if (ctx.mailbox.judge && c.judge !== ctx.mailbox.judge) findings.push({ code: 'WRONG_JUDGE', rule: 'O-7', detail: `${c.number} is assigned to ${court.judges.find((j) => j.initials === c.judge)?.name ?? c.judge}, not ${judge?.name ?? ctx.mailbox.judge}` });
      if (!debtorMatches(subject.debtor, c.debtor, court.judges.map((j) => j.initials))) findings.push({ code: 'DEBTOR_MISMATCH', rule: 'O-7', detail: `“${subject.debtor}” is not the debtor of ${c.number} (${c.debtor ?? 'no debtor on file'})` });
      const docket = await db.select().from(docketEntries).where(eq(docketEntries.caseNumber, c.number));
      if (order) {
        const text = { paragraphs: order.doc.paragraphs.map((p) => p.text), tables: order.doc.tables, textBoxes: order.doc.textBoxes, headers: order.doc.headers, footers: order.doc.footers };
        findings.push(...checkCaption(text, c));
        findings.push(...checkMotionReference(text, new Set(docket.map((d) => d.number))));
        // ECF Procedure 14(c): the name of any judge of this court, not only this mailbox's.
        findings.push(...checkSignatureJudgeDate(text, court.judges));
        motion = motionReferences(text.paragraphs.join('\n')).find((n) => docket.some((d) => d.number === n)) ?? null;
      }
      const arrivalDay = isoInZone(ctx.arrival, tz).slice(0, 10);
      if (subject.category === 'hearing date' && subject.hearingDate) {
        const t = checkHearingTiming(subject.hearingDate, ctx.arrival, tz);
        if (!t.ok) findings.push({ code: t.code, rule: 'O-6', detail: t.detail });
      }
      if (subject.category === 'ex parte' || subject.category === 'expedited') {
        // O-8: sent contemporaneously with the electronic filing of the matter.
        const cue = subject.category === 'ex parte' ? /ex\s*-?\s*parte/i : /expedit|emergency|shorten/i;
        const today = docket.filter((d) => isoInZone(d.filedAt, tz).slice(0, 10) === arrivalDay);
        if (!today.some((d) => cue.test(d.text) || (motion !== null && d.number === motion))) {
          findings.push({ code: 'MATTER_NOT_FILED', rule: 'O-8', detail: `no ${subject.category} matter was filed in ${c.number} on ${arrivalDay}` });
        }
      }
      if (subject.category === 'hearing held' && order && !hasCertificateOfService(order.doc.text)) {
        findings.push({ code: 'CERTIFICATE_OF_SERVICE_MISSING', rule: 'O-9', detail: `${order.attachment.filename} has no certificate of service` });
      }
      if (subject.category === 'request filed' && order && motion !== null) {
        const filed = await filedProposedOrder(db, c.number, motion);
        if (filed !== null) {
          const similarity = textSimilarity(order.doc.text, filed);
          if (similarity < SAME_ORDER && !explainsDiscrepancy(msg.text)) {
            findings.push({ code: 'DISCREPANCY_UNEXPLAINED', rule: 'O-10', detail: `the order differs from the proposed order filed with ECF No. ${motion} (${Math.round(similarity * 100)}% alike) and the email does not say why` });
          }
        }
      }
    }
  }

  const result = {
    order: {
      caseNumber: subject?.caseNumber ?? null,
      debtor: subject?.debtor ?? null,
      category: subject?.category ?? null,
      hearingDate: subject?.hearingDate ?? null,
      judge: ctx.mailbox.judge ?? null,
      motionDocketNumber: motion,
      attachment: order?.attachment.filename ?? null,
    },
  };
  return decide(ctx, court, findings, {
    success: 'accepted',
    headline: `Your proposed order${subject ? ` in case ${subject.caseNumber}` : ''} was received by the chambers of ${judge ? `Judge ${judge.name}` : 'the judge'}.`,
    whatNext: 'The order is queued for the judge’s review. You will receive the entered order through CM/ECF; do not send it again.',
    items: order ? [order.attachment.filename] : [],
    result,
    rejectionExtra: findings.some((f) => f.code === 'SUBJECT_FORMAT') ? { forms: SUBJECT_FORMS } : {},
    apply: async (tx, messagePk) => {
      const [documentId = null] = order ? await storeAttachments(tx, messagePk, 'Proposed Order', [order.attachment], WORD_MIME[order.attachment.type]) : [];
      await tx.insert(orderQueue).values({
        messagePk,
        judge: ctx.mailbox.judge ?? '',
        caseNumber: subject?.caseNumber ?? null,
        debtor: subject?.debtor ?? null,
        category: subject?.category ?? null,
        hearingDate: subject?.hearingDate ?? null,
        motionDocketNumber: motion,
        filename: order?.attachment.filename ?? null,
        documentId,
        sender,
        createdAt: ctx.arrival,
      });
    },
  });
}


