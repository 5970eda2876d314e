/** Builders for test messages, made with real tools: nodemailer for MIME, pdf-lib, docx. */
import { Document, Packer, Paragraph, TextRun } from 'docx';
import MailComposer from 'nodemailer/lib/mail-composer';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type Mail from 'nodemailer/lib/mailer';
import { scannedPage, scannedPdf } from './scan.ts';
import { APPLICANT, examPdf, textFormPdf } from './reg-forms.ts';

let seq = 0;

export async function buildMail(opts: Mail.Options & { id?: string }): Promise<Buffer> {
  const mail: Mail.Options = {
    date: new Date('2016-06-22T14:40:00Z'),
    text: 'See attached.',
    ...opts,
    messageId: opts.messageId ?? `<test-${opts.id ?? `${process.pid}-${++seq}-${Math.random().toString(36).slice(2)}`}@test.example.org>`,
  };
  return new Promise<Buffer>((res, rej) => new MailComposer(mail).compile().build((e, b) => (e ? rej(e) : res(b))));
}

export async function samplePdf(lines: string[] = ['MOTION FOR APPOINTMENT OF COUNSEL']): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([612, 792]);
  lines.forEach((l, i) => page.drawText(l, { x: 72, y: 720 - i * 18, size: 12, font }));
  return Buffer.from(await doc.save());
}

export async function sampleDocx(paragraphs: string[] = ['ORDER']): Promise<Buffer> {
  const doc = new Document({ sections: [{ children: paragraphs.map((p) => new Paragraph({ children: [new TextRun(p)] })) }] });
  return Buffer.from(await Packer.toBuffer(doc));
}

export const FACILITY = 'scanner@mwci.doc.example.org';

/** A proposed order that meets ECF Procedure 14: full caption, the motion's number, no signature, judge or date line. */
export const GOOD_ORDER = [
  'UNITED STATES BANKRUPTCY COURT',
  'DISTRICT OF CONNECTICUT',
  'In re: John Daniel, Debtor.',
  'Case No. 13-30001 (JAM)',
  'Chapter 13',
  'ORDER GRANTING MOTION FOR RELIEF FROM STAY',
  'Upon the Motion for Relief from Stay (ECF No. 42), and after notice, it is hereby ORDERED that the motion is GRANTED.',
];
export const FILER = 'alee@lawfirm.example.com';
export const ADDR = { clerk: 'prisoner-filings@ctd.example.org', registration: 'ecf-registration@ctb.example.org', orders: 'jamorders@ctb.example.org' };

/** One message per mailbox kind that passes the foundation's rules. */
export async function goodMail(kind: 'clerk' | 'orders' | 'registration', extra: Partial<Mail.Options> = {}): Promise<Buffer> {
  if (kind === 'clerk') {
    return buildMail({ from: FACILITY, to: ADDR.clerk, subject: '3:16-cv-01234 Smith motion', attachments: [{ filename: 'smith-motion.pdf', content: await stampedFilingPdf(daysAgo(1)) }], ...extra });
  }
  if (kind === 'orders') {
    return buildMail({ from: `Ann Lee <${FILER}>`, to: ADDR.orders, subject: '13-30001 Daniel - request filed', attachments: [{ filename: 'order.docx', content: await sampleDocx(GOOD_ORDER) }], ...extra });
  }
  // A complete ECF Form No. 1 with a pen signature, and the completed exam (R-1..R-4).
  const form = await textFormPdf({ ...APPLICANT, form: 'filer', signature: 'wet', name: 'Bob Ray', firm: 'Ray & Co.', email: 'bray@rayfirm.example.com', barNumber: 'ct44556' });
  const exam = await examPdf({ answered: 10, questions: 10 });
  return buildMail({
    from: 'Bob Ray <bray@rayfirm.example.com>',
    to: ADDR.registration,
    subject: 'CM/ECF registration',
    text: 'My signed registration form and exam are attached.',
    attachments: [
      { filename: 'ecf-form-1.pdf', content: form },
      { filename: 'ecf-exam.pdf', content: exam },
    ],
    ...extra,
  });
}

/**
 * A facility's scan: page 1 of a typed filing with a clear red receipt stamp, as an
 * image-only PDF. `at` is the stamp's court-local date and time.
 */
export async function stampedFilingPdf(at: { year: number; month: number; day: number; hour: number; minute: number }, seed = 7): Promise<Buffer> {
  const page = scannedPage({ seed, dpi: 200, ink: 'red', rotation: 0, position: 'top-right', boxed: true, lines: 2, form: 'received', stampAt: at, facility: 'MWCI', noise: false });
  return scannedPdf([page.image]);
}

/** The court-local date and time `days` before now, for stamps that must precede a live arrival. */
export function daysAgo(days: number): { year: number; month: number; day: number; hour: number; minute: number } {
  const d = new Date(Date.now() - days * 86_400_000);
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }).formatToParts(d).map((x) => [x.type, Number(x.value)]));
  return { year: p.year!, month: p.month!, day: p.day!, hour: 10, minute: 32 };
}
