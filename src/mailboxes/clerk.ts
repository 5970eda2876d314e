/**
 * `clerk` mailbox: prisoner filings from facilities (SPEC §3). Each PDF is one filing:
 * read its stamp and case number, then docket it with the stamp as filed time and serve
 * the NEF — or hand it to a clerk when anything cannot be decided with confidence.
 */
import { eq } from 'drizzle-orm';
import type { CourtData, Facility } from '../config/court-data.ts';
import { duplicateReason, findDuplicateEntry, sameFiling, type FilingFingerprint } from '../docket/duplicates.ts';
import { docketPrisonerFiling, documentTitle } from '../docket/prisoner-filing.ts';
import { sha256 } from '../intake/raw-headers.ts';
import type { Db } from '../models/db.ts';
import { cases } from '../models/schema.ts';
import type { Decision, ExceptionDraft, MessageContext, ReplyDraft, Services } from '../pipeline/types.ts';
import type { Code, Finding } from '../rules/codes.ts';
import { scanPrivacy } from '../rules/privacy.ts';
import { isoInZone } from '../rules/time.ts';
import { readFiling, type FilingReading } from './clerk-filing.ts';
import { acknowledgementReply, byKind, rejectionReply } from './decide.ts';

/** P-1: a sender is a facility's when its address, or its "@domain", is listed. */
export function facilityOf(court: CourtData, address: string | undefined | null): Facility | undefined {
  if (!address) return undefined;
  const addr = address.toLowerCase();
  const domain = addr.slice(addr.lastIndexOf('@'));
  return court.facilities.find((f) => f.senders.some((s) => s === addr || (s.startsWith('@') && s === domain)));
}

type FilingDisposition = 'docketed' | 'rejected' | 'exception';

/**
 * The stamp as read: the OCR text when it holds the date and time that were decided,
 * else just that date and time (one OCR pass may have misread a digit the other got).
 */
function stampText(p: FilingPlan): string | null {
  const s = p.reading.stamp;
  if (!s?.found) return null;
  const raw = s.text.replace(/\s+/g, ' ').trim();
  const decided = s.candidate?.text;
  return !decided || raw.toUpperCase().includes(decided.toUpperCase()) ? raw : decided;
}

export interface FilingPlan {
  reading: FilingReading;
  disposition: FilingDisposition;
  findings: Finding[];
  /** The blocking exception a clerk resolves, when there is one. */
  exception?: Code;
  caseNumber?: string;
  filedAt?: Date;
  /** What identifies the filing to recognise a resend of it (P-9); absent when unreadable. */
  fingerprint?: FilingFingerprint;
  /** P-9: the docket entry (or the earlier attachment of this message) this filing repeats. */
  duplicateOf?: { caseNumber?: string; docketNumber?: number; attachmentIndex?: number; filename?: string };
}

/**
 * The exceptions in the order a clerk has to settle them: first whether it is a filing
 * at all (P-9: a resend is dismissed), then when it was filed, then where.
 */
const EXCEPTION_ORDER: Code[] = ['DUPLICATE_FILING', 'STAMP_UNREADABLE', 'STAMP_IMPLAUSIBLE', 'NEW_CASE', 'CASE_NOT_FOUND', 'OVERSIZE', 'ATTACHMENT_UNREADABLE'];

/** P-4: a stamp later than the arrival, or older than the limit, is not believed. */
export function stampImplausible(r: FilingReading, arrival: Date, maxAgeDays: number, tz: string): string | null {
  if (!r.stampAt) return null;
  const day = (d: Date) => isoInZone(d, tz).slice(0, 10);
  const later = r.stampDateOnly ? day(r.stampAt) > day(arrival) : r.stampAt.getTime() > arrival.getTime() + 59_000;
  if (later) return `the stamp (${r.stamp?.candidate?.text ?? isoInZone(r.stampAt, tz)}) is later than the email's arrival (${isoInZone(arrival, tz)})`;
  if (arrival.getTime() - r.stampAt.getTime() > maxAgeDays * 86_400_000) return `the stamp (${r.stamp?.candidate?.text}) is more than ${maxAgeDays} days before the email's arrival`;
  return null;
}

async function planFiling(r: FilingReading, ctx: MessageContext, s: Services): Promise<FilingPlan> {
  const name = r.attachment.filename;
  const tz = s.court.court.timezone;
  if (r.unreadable) {
    return { reading: r, disposition: 'rejected', findings: [{ code: 'ATTACHMENT_UNREADABLE', rule: 'I-5', attachment: name, detail: `${name}: ${r.unreadable}` }] };
  }
  if (r.unsafe) {
    return { reading: r, disposition: 'exception', exception: 'ATTACHMENT_UNREADABLE', caseNumber: r.caseNumber?.caseNumber, findings: [{ code: 'ATTACHMENT_UNREADABLE', rule: 'P-3', attachment: name, detail: `${name}: ${r.unsafe}` }] };
  }
  const findings: Finding[] = [];
  if (!r.stamp?.found || !r.stamp.confident || !r.stampAt) {
    findings.push({ code: 'STAMP_UNREADABLE', rule: 'P-4', attachment: name, detail: r.stamp?.found ? `the stamp reads “${r.stamp.text.trim()}” but not with confidence` : 'no date stamp was found on the scanned pages' });
  } else {
    const why = stampImplausible(r, ctx.arrival, s.stampMaxAgeDays, tz);
    if (why) findings.push({ code: 'STAMP_IMPLAUSIBLE', rule: 'P-4', attachment: name, detail: why });
  }
  let caseRow: typeof cases.$inferSelect | undefined;
  if (!r.caseNumber) findings.push({ code: 'NEW_CASE', rule: 'P-5', attachment: name, detail: 'no case number in the subject or the caption' });
  else {
    [caseRow] = await s.db.select().from(cases).where(eq(cases.number, r.caseNumber.caseNumber));
    if (!caseRow) findings.push({ code: 'CASE_NOT_FOUND', rule: 'P-5', attachment: name, detail: `${r.caseNumber.caseNumber} (from the ${r.caseNumber.source}) is not a case on file` });
  }
  // I-7: a warning, never a block; pro se habeas filings are exempt (Fed. R. Civ. P. 5.2(b)(6)).
  const hits = scanPrivacy(r.pageTexts, { habeasProSe: caseRow?.nature === 'habeas' });
  if (hits.length) findings.push({ code: 'PRIVACY_IDENTIFIER', rule: 'I-7', attachment: name, detail: hits.map((h) => `${h.kind} on page ${h.page} (${h.excerpt})`).join('; ') });
  const plan: FilingPlan = { reading: r, disposition: 'docketed', findings, caseNumber: caseRow?.number ?? r.caseNumber?.caseNumber, filedAt: r.stampAt };
  plan.fingerprint = { sha256: sha256(r.attachment.bytes), caseNumber: caseRow?.number, filedAt: r.stampAt, pageCount: r.pageTexts.length };
  const dup = await findDuplicateEntry(s.db, plan.fingerprint, { arrival: ctx.arrival, messagePk: ctx.pk });
  if (dup) markDuplicate(plan, { caseNumber: dup.caseNumber, docketNumber: dup.docketNumber }, `${duplicateReason(dup.match, plan.fingerprint, stampText(plan) ?? '')} as docket entry ${dup.docketNumber} in ${dup.caseNumber}`);
  return settle(plan);
}

/** The plan's blocking exception (the first a clerk has to settle) and its disposition. */
function settle(p: FilingPlan): FilingPlan {
  p.exception = EXCEPTION_ORDER.find((c) => p.findings.some((f) => f.code === c));
  p.disposition = p.exception ? 'exception' : p.disposition === 'rejected' ? 'rejected' : 'docketed';
  return p;
}

/** P-9: the filing repeats one already docketed (or an earlier attachment): a clerk dismisses it or dockets it anyway. */
function markDuplicate(p: FilingPlan, of: NonNullable<FilingPlan['duplicateOf']>, why: string): Finding {
  p.duplicateOf = of;
  const finding: Finding = { code: 'DUPLICATE_FILING', rule: 'P-9', attachment: p.reading.attachment.filename, detail: `${p.reading.attachment.filename} is ${why}` };
  p.findings.unshift(finding);
  return finding;
}

/** P-9 within one message: two attachments that are one document are filed once. */
function markRepeatsInMessage(plans: FilingPlan[]): void {
  for (const [j, p] of plans.entries()) {
    if (!p.fingerprint || p.duplicateOf) continue;
    for (const q of plans.slice(0, j)) {
      const match = q.fingerprint && !q.duplicateOf ? sameFiling(q.fingerprint, p.fingerprint) : null;
      if (!match) continue;
      markDuplicate(p, { attachmentIndex: q.reading.index, filename: q.reading.attachment.filename }, `${duplicateReason(match, p.fingerprint, stampText(p) ?? '')} as ${q.reading.attachment.filename} in the same email`);
      settle(p);
      break;
    }
  }
}

/** The exception a clerk settles for one filing, with what the desk and `exceptions resolve` need. */
function filingException(p: FilingPlan, facility: Facility): ExceptionDraft {
  return {
    code: p.exception!,
    ref: String(p.reading.index),
    detail: p.findings.filter((f) => EXCEPTION_ORDER.includes(f.code)).map((f) => f.detail).join('; '),
    caseNumber: p.caseNumber,
    image: p.reading.stamp?.crop,
    data: {
      attachmentIndex: p.reading.index,
      filename: p.reading.attachment.filename,
      codes: p.findings.map((f) => f.code),
      facility: facility.code,
      stampText: p.reading.stamp?.text,
      stampConfidence: p.reading.stamp?.confidence,
      filedAt: p.filedAt?.toISOString(),
      caseNumber: p.caseNumber,
      duplicateOf: p.duplicateOf,
      pageTexts: p.reading.pageTexts.map((t) => t.slice(0, 2000)),
    },
  };
}

/** P-9 within one message: once `first` is docketed, a later attachment repeating it names the entry. */
function nameRepeatedEntry(plans: FilingPlan[], drafts: ExceptionDraft[], first: FilingPlan, entry: { caseNumber: string; number: number }): void {
  for (const p of plans.filter((x) => x.duplicateOf?.attachmentIndex === first.reading.index)) {
    p.duplicateOf = { ...p.duplicateOf, caseNumber: entry.caseNumber, docketNumber: entry.number };
    const finding = p.findings.find((f) => f.code === 'DUPLICATE_FILING')!;
    finding.detail = `${finding.detail}, docketed as entry ${entry.number} in ${entry.caseNumber}`;
    const draft = drafts.find((d) => d.code === 'DUPLICATE_FILING' && d.ref === String(p.reading.index));
    if (draft) {
      draft.detail = p.findings.filter((f) => EXCEPTION_ORDER.includes(f.code)).map((f) => f.detail).join('; ');
      draft.data = { ...draft.data, duplicateOf: p.duplicateOf };
    }
  }
}

export async function clerkRules(ctx: MessageContext, s: Services): Promise<Decision> {
  const court = s.court;
  const msg = ctx.parsed!;
  const facility = facilityOf(court, msg.from?.address);
  const messageFindings: Finding[] = [];
  if (!facility) messageFindings.push({ code: 'SENDER_NOT_FACILITY', rule: 'P-1', detail: `sent from ${msg.from?.address ?? 'an unknown address'}` });
  const pdfs = msg.attachments.filter((a) => a.type === 'pdf');
  for (const a of msg.attachments.filter((a) => a.type !== 'pdf')) messageFindings.push({ code: 'NOT_PDF', rule: 'P-2', attachment: a.filename, detail: `${a.filename} is not a PDF` });
  if (pdfs.length === 0) messageFindings.push({ code: 'NO_PDF_ATTACHMENT', rule: 'P-2' });
  // P-1 and P-2 reject the whole message: nothing from it is read or filed.
  if (!facility || pdfs.length === 0) {
    const reply = rejectionReply(ctx, court, messageFindings);
    return { disposition: 'rejected', findings: messageFindings, replies: reply ? [reply] : [], exceptions: [], result: { filings: [] } };
  }

  const findCase = async (n: string) => (await s.db.select({ prisonerName: cases.prisonerName }).from(cases).where(eq(cases.number, n)))[0] ?? null;
  const plans: FilingPlan[] = [];
  for (const [i, a] of msg.attachments.entries()) {
    if (a.type !== 'pdf') continue;
    const reading = await readFiling(a, i, { subject: msg.subject, facility, timezone: court.court.timezone, arrival: ctx.arrival, findCase });
    plans.push(await planFiling(reading, ctx, s));
  }
  markRepeatsInMessage(plans);
  const findings = [...messageFindings, ...plans.flatMap((p) => p.findings)];
  const exceptions: ExceptionDraft[] = plans.filter((x) => x.exception).map((p) => filingException(p, facility));

  // I-7: the clerks' digest lists each privacy warning once; it is a notice, not
  // something to resolve (redaction is the filer's duty and the filing goes ahead).
  for (const p of plans) {
    for (const f of p.findings.filter((x) => x.code === 'PRIVACY_IDENTIFIER')) {
      exceptions.push({ code: 'PRIVACY_IDENTIFIER', ref: String(p.reading.index), detail: `${p.reading.attachment.filename}: ${f.detail}`, caseNumber: p.caseNumber, status: 'notice', data: { rule: 'I-7', attachmentIndex: p.reading.index, filename: p.reading.attachment.filename } });
    }
  }

  const replies: ReplyDraft[] = [];
  const defects = byKind(findings, 'defect');
  if (defects.length) {
    const reply = rejectionReply(ctx, court, findings);
    if (reply) replies.push(reply);
  }
  const waiting = plans.filter((p) => p.disposition === 'exception');
  if (waiting.length) {
    const ack = acknowledgementReply(ctx, court, {
      headline: `The Clerk’s Office received ${waiting.length === 1 ? 'a filing' : `${waiting.length} filings`} that a clerk must review before docketing.`,
      whatNext: 'A clerk will review each filing listed below; its Notice of Electronic Filing follows once it is docketed, with the date on the facility’s stamp as the filing date.',
      items: waiting.map((p) => `${p.reading.attachment.filename}: ${p.findings.filter((f) => EXCEPTION_ORDER.includes(f.code)).map((f) => `${f.code} — ${f.detail}`).join('; ')}`),
    });
    if (ack) replies.push(ack);
  }

  const rank: Record<FilingDisposition, number> = { docketed: 0, rejected: 1, exception: 2 };
  const disposition = plans.reduce<FilingDisposition>((d, p) => (rank[p.disposition] > rank[d] ? p.disposition : d), 'docketed');
  const tz = court.court.timezone;
  const filingResult = (p: FilingPlan, docketNumber?: number) => ({
    attachment: p.reading.attachment.filename,
    disposition: p.disposition,
    codes: p.findings.map((f) => f.code),
    caseNumber: p.caseNumber ?? null,
    // The date the filing is deemed filed (P-3): the stamp, once it is believed. A filing
    // waiting for a clerk over its case (NEW_CASE, CASE_NOT_FOUND, DUPLICATE_FILING) keeps
    // it, because docketing completes with that date; a stamp that is unreadable or not
    // plausible gives no filed date at all — `stampAt` shows what was read.
    filedAt: p.filedAt && !p.findings.some((f) => f.code === 'STAMP_UNREADABLE' || f.code === 'STAMP_IMPLAUSIBLE') ? isoInZone(p.filedAt, tz) : null,
    stampAt: p.filedAt ? isoInZone(p.filedAt, tz) : null,
    docketNumber: docketNumber ?? null,
    stampText: stampText(p),
    stampConfidence: p.reading.stamp?.confidence ?? null,
    ...(p.duplicateOf ? { duplicateOf: p.duplicateOf } : {}),
  });

  return {
    disposition,
    findings,
    replies,
    exceptions,
    result: { filings: plans.map((p) => filingResult(p)) },
    apply: async (tx, messagePk) => {
      const out: ReplyDraft[] = [];
      const filings = [];
      const extraFindings: Finding[] = [];
      const extraExceptions: ExceptionDraft[] = [];
      for (const p of plans) {
        if (p.disposition !== 'docketed') {
          filings.push(filingResult(p));
          continue;
        }
        // The case row stays locked to the commit: a resend decided at the same moment
        // waits here, then finds this entry (P-9).
        const [c] = await tx.select().from(cases).where(eq(cases.number, p.caseNumber!)).for('update');
        const late = p.fingerprint && (await findDuplicateEntry(tx, p.fingerprint, { arrival: ctx.arrival, messagePk }));
        if (late) {
          const finding = markDuplicate(p, { caseNumber: late.caseNumber, docketNumber: late.docketNumber }, `${duplicateReason(late.match, p.fingerprint!, stampText(p) ?? '')} as docket entry ${late.docketNumber} in ${late.caseNumber}`);
          settle(p);
          extraFindings.push(finding);
          extraExceptions.push(filingException(p, facility));
          filings.push(filingResult(p));
          continue;
        }
        const done = await docketPrisonerFiling(tx, {
          court,
          caseNumber: p.caseNumber!,
          prisonerName: c?.prisonerName ?? 'the plaintiff',
          filedAt: p.filedAt!,
          enteredAt: ctx.arrival,
          pdf: p.reading.attachment.bytes,
          filename: p.reading.attachment.filename,
          title: documentTitle(p.reading.pageTexts[0] ?? '', p.reading.attachment.filename),
          messagePk,
          attachmentKey: String(p.reading.index),
          facilityWarnings: p.findings.filter((f) => f.code === 'PRIVACY_IDENTIFIER'),
          pageCount: p.reading.pageTexts.length,
        });
        if ('oversizePage' in done) {
          // I-6: one page over 10 MB cannot be split: a clerk takes it.
          p.disposition = 'exception';
          p.exception = 'OVERSIZE';
          const finding: Finding = { code: 'OVERSIZE', rule: 'I-6', attachment: p.reading.attachment.filename, detail: `page ${done.oversizePage} alone is over 10 MB` };
          p.findings.push(finding);
          extraFindings.push(finding);
          extraExceptions.push({ code: 'OVERSIZE', ref: String(p.reading.index), detail: finding.detail, caseNumber: p.caseNumber, data: { attachmentIndex: p.reading.index, filename: p.reading.attachment.filename, codes: ['OVERSIZE'] } });
          filings.push(filingResult(p));
          continue;
        }
        out.push(...done.served.replies);
        filings.push(filingResult(p, done.entry.number));
        nameRepeatedEntry(plans, exceptions, p, done.entry);
      }
      const finalDisposition = plans.reduce<FilingDisposition>((d, p) => (rank[p.disposition] > rank[d] ? p.disposition : d), 'docketed');
      return { replies: out, result: { filings }, findings: extraFindings, exceptions: extraExceptions, disposition: finalDisposition };
    },
  };
}

