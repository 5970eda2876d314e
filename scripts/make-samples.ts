/**
 * Writes the demo's sample mails (examples/mail/<mailbox>/*.eml) with real tools:
 * pdf-lib for the PDFs, the `docx` package for the Word order, nodemailer for MIME.
 * Run once: `npx tsx scripts/make-samples.ts`; the output is committed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import MailComposer from 'nodemailer/lib/mail-composer';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { stampedFilingPdf } from '../test/support/mail.ts';
import { APPLICANT, examPdf, textFormPdf } from '../test/support/reg-forms.ts';

const OUT = new URL('../examples/mail/', import.meta.url).pathname;

async function pdf(lines: string[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setCreationDate(new Date('2016-06-22T14:00:00Z'));
  doc.setModificationDate(new Date('2016-06-22T14:00:00Z'));
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([612, 792]);
  lines.forEach((l, i) => page.drawText(l, { x: 72, y: 720 - i * 18, size: 12, font }));
  return Buffer.from(await doc.save());
}

async function docx(paragraphs: string[]): Promise<Buffer> {
  const doc = new Document({ sections: [{ children: paragraphs.map((p) => new Paragraph({ children: [new TextRun(p)] })) }] });
  return Buffer.from(await Packer.toBuffer(doc));
}

async function eml(mailbox: string, name: string, mail: ConstructorParameters<typeof MailComposer>[0]): Promise<void> {
  mkdirSync(OUT + mailbox, { recursive: true });
  const raw = await new Promise<Buffer>((res, rej) => new MailComposer(mail).compile().build((e, b) => (e ? rej(e) : res(b))));
  writeFileSync(`${OUT}${mailbox}/${name}.eml`, raw);
}

// A facility's scan: page image with a red receipt stamp, image-only PDF (no text layer).
const complaint = await stampedFilingPdf({ year: 2016, month: 6, day: 22, hour: 10, minute: 32 });
await eml('clerk', '01-facility-filing', {
  from: 'MWCI Scanner <scanner@mwci.doc.example.org>',
  to: 'prisoner-filings@ctd.example.org',
  subject: '3:16-cv-01234 Smith motion for counsel',
  date: new Date('2016-06-22T14:40:00Z'),
  messageId: '<sample-01@mwci.doc.example.org>',
  text: 'Attached: one filing from inmate John Smith #123456.',
  attachments: [{ filename: 'smith-motion.pdf', content: complaint, contentType: 'application/pdf' }],
});
await eml('clerk', '02-unknown-sender', {
  from: 'Someone <someone@mail.example.net>',
  to: 'prisoner-filings@ctd.example.org',
  subject: 'my case',
  date: new Date('2016-06-22T15:00:00Z'),
  messageId: '<sample-02@mail.example.net>',
  text: 'Please file my letter, it is in this email.',
});
await eml('clerk', '03-out-of-office', {
  from: 'MWCI Records <records@mwci.doc.example.org>',
  to: 'prisoner-filings@ctd.example.org',
  subject: 'Automatic reply: Activity in Case 3:16-cv-01234',
  date: new Date('2016-06-22T15:05:00Z'),
  messageId: '<sample-03@mwci.doc.example.org>',
  headers: { 'Auto-Submitted': 'auto-replied' },
  text: 'I am out of the office until Monday.',
});
const order = await docx(['UNITED STATES BANKRUPTCY COURT', 'DISTRICT OF CONNECTICUT', 'In re: John Daniel, Debtor.  Case No. 13-30001 (JAM)  Chapter 13', '', 'ORDER GRANTING MOTION FOR RELIEF FROM STAY (ECF No. 42)', 'Upon the motion of the creditor, it is hereby ORDERED that the motion is granted.']);
await eml('orders-jam', '01-proposed-order', {
  from: 'Ann Lee <alee@lawfirm.example.com>',
  to: 'jamorders@ctb.example.org',
  subject: '13-30001 Daniel - hearing date March 18, 2014',
  date: new Date('2014-03-10T15:00:00Z'),
  messageId: '<sample-04@lawfirm.example.com>',
  text: 'Proposed order attached.',
  attachments: [{ filename: 'Daniel proposed order.docx', content: order, contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }],
});
await eml('orders-jam', '02-pdf-order', {
  from: 'Ann Lee <alee@lawfirm.example.com>',
  to: 'jamorders@ctb.example.org',
  subject: '13-30001 Daniel - request filed',
  date: new Date('2014-03-10T16:00:00Z'),
  messageId: '<sample-05@lawfirm.example.com>',
  text: 'Proposed order attached.',
  attachments: [{ filename: 'order.pdf', content: await pdf(['ORDER', 'In re John Daniel, Case No. 13-30001']), contentType: 'application/pdf' }],
});
// ECF Form No. 1 typed and exported with a pen signature drawn on it, and the completed exam.
const bob = { ...APPLICANT, form: 'filer' as const, name: 'Bob Ray', firm: 'Ray & Co.', address: ['25 Church Street', 'New Haven, CT 06510'], telephone: '(203) 555-0142', email: 'bray@rayfirm.example.com', barNumber: 'ct44556', pacerUsername: 'bobray' };
await eml('registration', '01-filer-form', {
  from: 'Bob Ray <bray@rayfirm.example.com>',
  to: 'ecf-registration@ctb.example.org',
  subject: 'CM/ECF registration',
  date: new Date('2016-07-01T13:00:00Z'),
  messageId: '<sample-06@rayfirm.example.com>',
  text: 'My signed registration form and exam are attached.',
  attachments: [
    { filename: 'ecf-form-1.pdf', content: await textFormPdf({ ...bob, signature: 'wet' }), contentType: 'application/pdf' },
    { filename: 'ecf-exam.pdf', content: await examPdf({ answered: 10, questions: 10 }), contentType: 'application/pdf' },
  ],
});
// Signed "/s/" and sent without the exam: rejected with both defects in one notice.
await eml('registration', '02-typed-signature', {
  from: 'Cara Diaz <cdiaz@diazlaw.example.com>',
  to: 'ecf-registration@ctb.example.org',
  subject: 'ECF Filer registration',
  date: new Date('2016-07-01T14:00:00Z'),
  messageId: '<sample-07@diazlaw.example.com>',
  text: 'Please find my registration attached.',
  attachments: [{ filename: 'registration.pdf', content: await textFormPdf({ ...bob, signature: 'typed', name: 'Cara Diaz', firm: 'Diaz Law LLC', email: 'cdiaz@diazlaw.example.com', barNumber: 'ct50321' }), contentType: 'application/pdf' }],
});
// A registered Filer reports a compromised password: urgent exception, acknowledged at once.
await eml('registration', '03-password-compromise', {
  from: 'Ann Lee <alee@lawfirm.example.com>',
  to: 'ecf-registration@ctb.example.org',
  subject: 'Compromised CM/ECF password',
  date: new Date('2016-07-01T15:00:00Z'),
  messageId: '<sample-08@lawfirm.example.com>',
  text: 'I clicked a link in a phishing email and my CM/ECF password may have been compromised. Please disable it.\n\nAnn Lee',
});
console.log('samples written to', OUT);
