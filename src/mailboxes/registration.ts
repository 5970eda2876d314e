/**
 * `registration` mailbox (SPEC §5): CM/ECF registration forms and exams (R-1..R-5, R-8),
 * changes of email address (R-6) and reports of a compromised password (R-7).
 *
 * Order of judgement: a confirmation code coming back (R-6) and a compromise report (R-7)
 * come first — they are urgent or complete something already started; then an email
 * change request without a form; everything else is judged as a registration.
 */
import { sql } from 'drizzle-orm';
import type { CourtData } from '../config/court-data.ts';
import { filers, registrations } from '../models/schema.ts';
import type { Db } from '../models/db.ts';
import type { Attachment } from '../parsers/types.ts';
import type { Decision, MessageContext, Services } from '../pipeline/types.ts';
import type { Finding } from '../rules/codes.ts';
import { accountByEmail, type Account } from '../registration/accounts.ts';
import { confirmEmailChange, startEmailChange } from '../registration/email-change.ts';
import { documentPool } from '../documents/index.ts';
import { addressesIn, codesIn, ownWords, recognizeRequest, statedNewAddress } from '../registration/requests.ts';
import { FORM_TITLES, type ExamReading, type FormKind, type FormReading, type RegistrationPdfReading } from '../registration/types.ts';
import { storeAttachments, unreadableFindings } from './attachments.ts';
import { acknowledgementReply, baseContext, decide, rejectionReply, senderAddress } from './decide.ts';

/** The form numbers of CONTRACT.md's `registration.form`. */
export const FORM_NUMBER: Record<FormKind, string> = { filer: '1', 'pro-hac-vice': '1a', user: '2' };

/** Bar numbers compare without spaces, punctuation or case: `CT 12345` = `ct12345`. */
export const normaliseBar = (s: string) => s.replace(/[^A-Za-z0-9]/g, '').toLowerCase();

/** R-5: the NextGen notice's instructions, for ALREADY_REGISTERED. */
export const LINKING_STEPS = [
  'Do not register again: one CM/ECF login per person is allowed, and a new registration or request for filing privileges is rejected.',
  'Make sure you have an individual, upgraded PACER account (pacer.uscourts.gov; a "Legacy" account must be upgraded under Manage My Account).',
  'Log in to PACER, choose Maintenance, then "Link a CM/ECF account to my PACER account", pick this court, and enter your existing CM/ECF login and password.',
  'If you do not know your CM/ECF login or password, use the password reset on the court’s CM/ECF login page, or contact the Clerk’s Office.',
];

export async function registrationRules(ctx: MessageContext, services: Services): Promise<Decision> {
  const { court, db } = services;
  const msg = ctx.parsed!;
  const pdfs = msg.attachments.filter((a) => a.type === 'pdf');

  // R-6, the second half: a reply carrying a confirmation code.
  const codes = codesIn(msg.subject, msg.text);
  if (codes.length && pdfs.length === 0) {
    return { disposition: 'accepted', findings: [], replies: [], exceptions: [], apply: (tx) => confirmEmailChange(tx, ctx, court, codes) };
  }

  const request = recognizeRequest(msg.subject, msg.text);
  if (request === 'password-compromise') return passwordCompromise(ctx, court, db);
  if (request === 'email-change' && pdfs.length === 0) return emailChange(ctx, court, db);
  return registration(ctx, services, pdfs);
}

/** R-7: an urgent exception for the clerks, and an acknowledgement at once. */
async function passwordCompromise(ctx: MessageContext, court: CourtData, db: Db): Promise<Decision> {
  const msg = ctx.parsed!;
  const sender = msg.from?.address ?? '';
  const mentioned = [sender, ...addressesIn(msg.subject, msg.text)].filter(Boolean);
  let account: Account | undefined;
  for (const a of mentioned) if ((account = await accountByEmail(db, a))) break;
  const detail = account ? `${account.name} (${account.role}, ${account.email}) reports a possibly compromised password` : `${sender || 'an unknown sender'} reports a possibly compromised password; no account on file matches`;
  const to = senderAddress(ctx);
  const reply = to
    ? {
        kind: 'acknowledgement' as const,
        to: [to],
        subject: msg.subject.trim() ? `Received: ${msg.subject.trim()}` : 'Received',
        template: 'notice',
        rateLimited: true,
        context: {
          ...baseContext(ctx, court),
          title: 'Report of a compromised password received',
          paragraphs: [
            'Your report that a CM/ECF password may be compromised was received and has been passed to the Clerk’s Office as urgent.',
            'The Clerk’s Office will disable the password and contact you to issue a new one. Meanwhile, change your PACER password at pacer.uscourts.gov (NextGen CM/ECF uses it for Central Sign-On) and do not use the account.',
            'Filers and Users are responsible for every filing made with their login until it is disabled (Administrative Procedures § 3).',
          ],
        },
      }
    : null;
  const excerpt = ownWords(msg.text).replace(/\s+/g, ' ').trim().slice(0, 500);
  const findings: Finding[] = [{ code: 'PASSWORD_COMPROMISE', rule: 'R-7', detail }];
  return {
    disposition: 'exception',
    findings,
    replies: reply ? [reply] : [],
    exceptions: [{ code: 'PASSWORD_COMPROMISE', ref: 'R-7', detail, data: { rule: 'R-7', urgent: true, sender, account: account ? { id: account.id, name: account.name, email: account.email, role: account.role } : null, excerpt } }],
    result: { passwordCompromise: { account: account?.id ?? null, urgent: true } },
  };
}

/** R-6, the first half: who asks, which account, which new address. */
async function emailChange(ctx: MessageContext, court: CourtData, db: Db): Promise<Decision> {
  const msg = ctx.parsed!;
  const sender = msg.from?.address ?? '';
  const own = new Set([ctx.mailbox.address.toLowerCase()]);
  const written = addressesIn(msg.subject, msg.text).filter((a) => !own.has(a) && a !== sender);
  const senderAccount = sender ? await accountByEmail(db, sender) : undefined;
  let account = senderAccount;
  let newEmail: string | null = null;
  if (senderAccount) {
    const candidates = written.filter((a) => a !== senderAccount.email.toLowerCase());
    newEmail = candidates.length === 1 ? candidates[0]! : statedNewAddress(msg.subject, msg.text, candidates);
  } else {
    // Written from the new address, naming the old one on file: the usual case after a move.
    for (const a of written) if ((account = await accountByEmail(db, a))) break;
    if (account) {
      const others = written.filter((a) => a !== account!.email.toLowerCase());
      newEmail = statedNewAddress(msg.subject, msg.text, others) ?? (others.length === 0 ? sender : others.length === 1 && !sender ? others[0]! : sender);
    }
  }
  if (!account) {
    const findings: Finding[] = [{ code: 'NOT_REGISTERED', rule: 'R-6', detail: `neither ${sender || 'the sender'}${written.length ? ` nor ${written.join(', ')}` : ''} is on file` }];
    const reply = rejectionReply(ctx, court, findings);
    return { disposition: 'rejected', findings, replies: reply ? [reply] : [], exceptions: [], result: { emailChange: { status: 'rejected' } } };
  }
  if (!newEmail || newEmail === account.email.toLowerCase()) {
    // The request is clear but its new address is not: answer with what is needed.
    const reply = acknowledgementReply(ctx, court, {
      headline: `Your message about the email address of the CM/ECF account of ${account.name} was received, but it does not say which new address to use.`,
      whatNext: `Write again from ${account.email} or from the new address, and give the new address in the message (for example: "Please change my CM/ECF email address to name@example.com").`,
    });
    return { disposition: 'accepted', findings: [], replies: reply ? [reply] : [], exceptions: [], result: { emailChange: { account: account.id, status: 'new address missing' } } };
  }
  const acct = account;
  const target = newEmail;
  return { disposition: 'accepted', findings: [], replies: [], exceptions: [], apply: (tx, pk) => startEmailChange(tx, ctx, court, pk, acct, target) };
}

interface Read {
  attachment: Attachment;
  reading: RegistrationPdfReading | null;
}

/** R-1..R-5 and R-8. */
async function registration(ctx: MessageContext, services: Services, pdfs: Attachment[]): Promise<Decision> {
  const { court, db } = services;
  const msg = ctx.parsed!;
  const findings: Finding[] = [];
  findings.push(...unreadableFindings(pdfs));

  const reads: Read[] = [];
  for (const a of pdfs.filter((p) => !p.unreadable)) {
    try {
      reads.push({ attachment: a, reading: await documentPool().run('readRegistrationPdf', a.bytes, a.filename) });
    } catch (err) {
      // The reader's own verdict, a limit, or a reader that could not finish safely.
      if ((err as { code?: unknown }).code !== 'ATTACHMENT_UNREADABLE') throw err;
      findings.push({ code: 'ATTACHMENT_UNREADABLE', rule: 'I-5', attachment: a.filename, detail: `${a.filename}: ${(err as { reason?: string }).reason ?? (err as Error).message}` });
    }
  }
  const formRead = reads.find((r) => r.reading?.form);
  const form = formRead?.reading?.form ?? null;
  const exams = reads.map((r) => r.reading?.exam).filter((e): e is ExamReading => !!e);

  if (!form) {
    const others = msg.attachments.filter((a) => a.type !== 'pdf').map((a) => `${a.filename} is not a PDF`);
    const notForms = reads.filter((r) => !r.reading?.exam).map((r) => `${r.attachment.filename} is not ECF Form No. 1, 1a or 2`);
    const detail = [...notForms, ...others].join('; ') || (exams.length ? 'an exam was attached without the registration form' : 'no attachment');
    findings.push({ code: 'FORM_UNRECOGNIZED', rule: 'R-1', detail });
  } else {
    findings.push(...formFindings(form, exams));
    findings.push(...(await alreadyRegistered(db, form)));
  }

  const f = form?.fields;
  const registration = {
    form: form ? FORM_NUMBER[form.kind] : null,
    formTitle: form ? FORM_TITLES[form.kind] : null,
    name: f?.name ?? null,
    email: f?.email ?? null,
    barNumber: f?.barNumber ?? null,
    firm: f?.firm ?? null,
    signature: form?.signature.kind ?? null,
    exam: exams[0] ? { complete: exams[0].complete, answered: exams[0].answered, questions: exams[0].questions } : null,
    otherCourt: f?.otherCourt ?? null,
    source: form?.source ?? null,
  };
  const decision = decide(ctx, court, findings, {
    success: 'accepted',
    headline: `Your ${registration.formTitle ?? 'CM/ECF registration'} for ${registration.name ?? 'the applicant'} was received and is complete.`,
    whatNext: `A clerk will review it. Once it is approved, the Court sends the login notice to ${registration.email ?? 'the email address on the form'}. Your request for filing privileges must also be submitted through your PACER account.`,
    items: reads.map((r) => `${r.attachment.filename}: ${describe(r.reading)}`),
    result: { registration },
    rejectionExtra: findings.some((x) => x.code === 'ALREADY_REGISTERED') ? { steps: LINKING_STEPS, stepsTitle: 'To keep filing with your existing login (NextGen CM/ECF):' } : undefined,
    apply: async (tx, messagePk) => {
      await storeAttachments(
        tx,
        messagePk,
        'Registration',
        reads.map((r) => r.attachment),
      );
      await tx.insert(registrations).values({
        messagePk,
        form: registration.form,
        name: registration.name,
        email: registration.email?.toLowerCase() ?? null,
        barNumber: registration.barNumber,
        data: { ...registration, fields: form?.fields, signatureDetail: form?.signature.detail, sender: msg.from?.address ?? null, files: reads.map((r) => r.attachment.filename) },
        createdAt: ctx.arrival,
      });
    },
  });
  return decision;
}

function describe(r: RegistrationPdfReading | null): string {
  if (!r) return 'unreadable';
  const parts: string[] = [];
  if (r.form) parts.push(FORM_TITLES[r.form.kind]);
  if (r.exam) parts.push(`CM/ECF exam, ${r.exam.answered} of ${r.exam.questions} questions answered`);
  return parts.join(' with ') || 'not a registration form';
}

const FIELD_LABELS = {
  name: 'name',
  address: 'address',
  telephone: 'telephone number',
  email: 'email address',
  barNumber: 'bar number',
  declaration: 'declaration that the attorney is authorised to practise in this court',
} as const;

/** R-2, R-3, R-4 for one recognised form. */
export function formFindings(form: FormReading, exams: ExamReading[]): Finding[] {
  const out: Finding[] = [];
  const f = form.fields;
  const filer = form.kind !== 'user';
  const missing: (keyof typeof FIELD_LABELS)[] = [];
  for (const k of ['name', 'address', 'telephone', 'email'] as const) if (!f[k]?.trim()) missing.push(k);
  if (filer && !f.barNumber?.trim()) missing.push('barNumber');
  if (filer && f.declaration !== true) missing.push('declaration');
  for (const k of missing) out.push({ code: 'MISSING_FIELD', rule: 'R-2', detail: FIELD_LABELS[k] });

  if (form.signature.kind === 'typed') out.push({ code: 'TYPED_SIGNATURE', rule: 'R-3', detail: form.signature.detail });
  if (form.signature.kind === 'none') out.push({ code: 'SIGNATURE_MISSING', rule: 'R-3', detail: form.signature.detail });

  if (!f.otherCourt) {
    const complete = exams.find((e) => e.complete);
    if (!complete) {
      const partial = exams[0];
      out.push({ code: 'EXAM_MISSING', rule: 'R-4', detail: partial ? `the exam is incomplete: ${partial.answered} of ${partial.questions} questions answered` : 'no exam is attached and the form does not state privileges from another court' });
    }
  }
  return out;
}

/** R-5: same email or bar number as an account on file. */
async function alreadyRegistered(db: Db, form: FormReading): Promise<Finding[]> {
  const email = form.fields.email?.trim().toLowerCase();
  const bar = form.fields.barNumber ? normaliseBar(form.fields.barNumber) : '';
  const hits: string[] = [];
  if (email) {
    if (await accountByEmail(db, email)) hits.push(`the email address ${email} is on file`);
  }
  if (bar) {
    const [row] = await db
      .select({ id: filers.id })
      .from(filers)
      .where(sql`lower(regexp_replace(coalesce(${filers.barNumber}, ''), '[^A-Za-z0-9]', '', 'g')) = ${bar}`);
    if (row) hits.push(`bar number ${form.fields.barNumber} is on file`);
  }
  return hits.length ? [{ code: 'ALREADY_REGISTERED', rule: 'R-5', detail: hits.join('; ') }] : [];
}
