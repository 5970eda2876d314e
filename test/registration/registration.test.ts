/** Registrations through the whole pipeline (SPEC §5, R-1..R-5 and R-8), on forms made by real tools. */
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageResult } from '../../src/cli/result.ts';
import { captureMessage } from '../../src/intake/capture.ts';
import { filers, outbox, registrations } from '../../src/models/schema.ts';
import { approveRegistration, listRegistrations, rejectRegistration } from '../../src/registration/service.ts';
import { testApp } from '../support/app.ts';
import { ADDR, buildMail, samplePdf } from '../support/mail.ts';
import { acroFormPdf, APPLICANT, examPdf, scannedFormPdf, textFormPdf, type Applicant } from '../support/reg-forms.ts';

const FIXTURES = new URL('../fixtures/registration/', import.meta.url).pathname;

describe('registrations (registration mailbox)', () => {
  let app: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    app = await testApp('pglite');
  });
  afterAll(() => app?.dispose());

  let n = 0;
  async function send(files: { filename: string; content: Buffer }[], opts: { from?: string; subject?: string; text?: string } = {}) {
    const raw = await buildMail({ from: opts.from ?? `Jane Roe <${APPLICANT.email}>`, to: ADDR.registration, subject: opts.subject ?? 'CM/ECF registration', text: opts.text ?? 'My registration form and exam are attached.', attachments: files });
    const c = await captureMessage(app.store.db, { mailboxId: 'registration', sourceRef: `r-${++n}`, folder: 'INBOX', raw, arrival: new Date('2021-11-02T10:00:00-04:00'), fallbackArrival: new Date() });
    await app.process(c.messagePk);
    const result = (await messageResult(app.store.db, c.messagePk)) as Record<string, any>;
    const replies = await app.store.db.select().from(outbox).where(eq(outbox.messagePk, c.messagePk));
    return { pk: c.messagePk, result, replies, text: replies.map((r) => r.raw.toString('utf8').replace(/=\r?\n/g, '')).join('\n') };
  }
  const applicant = (over: Partial<Applicant> = {}): Applicant => ({ ...APPLICANT, form: 'filer', signature: 'wet', ...over });
  const withExam = async (form: Buffer) => [
    { filename: 'ecf-form.pdf', content: form },
    { filename: 'ecf-exam.pdf', content: await examPdf({ answered: 10, questions: 10 }) },
  ];

  it('R-8: a complete Filer form with a wet signature and the completed exam is accepted, pending approval, and acknowledged', async () => {
    const { pk, result, replies } = await send(await withExam(await textFormPdf(applicant())));
    expect(result).toMatchObject({ disposition: 'accepted', codes: [] });
    expect(result.registration).toMatchObject({ form: '1', name: 'Jane Roe', email: APPLICANT.email, barNumber: APPLICANT.barNumber });
    const [row] = await app.store.db.select().from(registrations).where(eq(registrations.messagePk, pk));
    expect(row).toMatchObject({ status: 'pending', form: '1', email: APPLICANT.email });
    expect(replies.map((r) => r.kind)).toEqual(['acknowledgement']);
  });

  it('R-1: Form 1a and Form 2 are told apart from Form 1; a letter is FORM_UNRECOGNIZED; a JPEG is FORM_UNRECOGNIZED', async () => {
    expect((await send(await withExam(await textFormPdf(applicant({ form: 'pro-hac-vice', email: 'phv@far.example.com', barNumber: 'NY 4455667' }))))).result.registration.form).toBe('1a');
    const user = await send(await withExam(await textFormPdf(applicant({ form: 'user', email: 'claims@creditor.example.com', barNumber: undefined, declaration: undefined }))));
    expect(user.result).toMatchObject({ disposition: 'accepted', registration: { form: '2' } });
    const letter = await send([{ filename: 'letter.pdf', content: await samplePdf(['Dear Clerk,', 'Please register me for electronic filing.', 'Sincerely, Jane Roe']) }]);
    expect(letter.result).toMatchObject({ disposition: 'rejected', codes: ['FORM_UNRECOGNIZED'] });
    const jpeg = await send([{ filename: 'form.jpg', content: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1]) }]);
    expect(jpeg.result.codes).toContain('FORM_UNRECOGNIZED');
  });

  it('R-2: every missing field is named in one rejection (MISSING_FIELD per field)', async () => {
    const { result, text } = await send(await withExam(await textFormPdf(applicant({ telephone: undefined, barNumber: undefined, declaration: false }))));
    expect(result.disposition).toBe('rejected');
    expect(result.codes).toEqual(['MISSING_FIELD']);
    expect(text).toContain('telephone number');
    expect(text).toContain('bar number');
    expect(text).toContain('declaration that the attorney is authorised to practise');
  });

  it('R-3: a typed /s/ signature is TYPED_SIGNATURE; no signature is SIGNATURE_MISSING', async () => {
    expect((await send(await withExam(await textFormPdf(applicant({ signature: 'typed' }))))).result.codes).toEqual(['TYPED_SIGNATURE']);
    expect((await send(await withExam(await textFormPdf(applicant({ signature: 'none' }))))).result.codes).toEqual(['SIGNATURE_MISSING']);
  });

  it('R-4: no exam → EXAM_MISSING; an incomplete exam → EXAM_MISSING; privileges from another court need none', async () => {
    const none = await send([{ filename: 'form.pdf', content: await textFormPdf(applicant()) }]);
    expect(none.result.codes).toEqual(['EXAM_MISSING']);
    const partial = await send([{ filename: 'form.pdf', content: await textFormPdf(applicant()) }, { filename: 'exam.pdf', content: await examPdf({ answered: 6, questions: 10 }) }]);
    expect(partial.result.codes).toEqual(['EXAM_MISSING']);
    expect(partial.text).toContain('6 of 10');
    const other = await send([{ filename: 'form.pdf', content: await textFormPdf(applicant({ otherCourt: 'U.S. Bankruptcy Court, S.D.N.Y.' })) }]);
    expect(other.result).toMatchObject({ disposition: 'accepted', codes: [] });
  });

  it('R-5: an applicant whose email or bar number is on file is ALREADY_REGISTERED, with the NextGen linking steps', async () => {
    const byEmail = await send(await withExam(await textFormPdf(applicant({ email: 'alee@lawfirm.example.com', barNumber: 'ct55555' }))));
    expect(byEmail.result.codes).toEqual(['ALREADY_REGISTERED']);
    expect(byEmail.text).toMatch(/link/i);
    expect(byEmail.text).toContain('PACER');
    const byBar = await send(await withExam(await textFormPdf(applicant({ email: 'new@else.example.com', barNumber: 'CT 12345' }))));
    expect(byBar.result.codes).toEqual(['ALREADY_REGISTERED']);
  });

  it('R-1..R-3: an AcroForm filled in a PDF editor and a scanned paper form are read the same way', async () => {
    const acro = await send(await withExam(await acroFormPdf(applicant({ email: 'acro@firm.example.com', barNumber: 'ct70001' }))));
    expect(acro.result).toMatchObject({ disposition: 'accepted', registration: { form: '1', email: 'acro@firm.example.com' } });
    const scan = await send(await withExam(await scannedFormPdf(applicant({ email: 'scan@firm.example.com', barNumber: 'ct70002' }), { seed: 5 })));
    expect(scan.result).toMatchObject({ disposition: 'accepted', registration: { form: '1', email: 'scan@firm.example.com' } });
    const typedScan = await send(await withExam(await scannedFormPdf(applicant({ email: 'scan2@firm.example.com', barNumber: 'ct70003', signature: 'typed' }), { seed: 6 })));
    expect(typedScan.result.codes).toEqual(['TYPED_SIGNATURE']);
  });

  it('R-3: a form typed in LibreOffice Writer with /s/ is TYPED_SIGNATURE', async () => {
    const { result } = await send(await withExam(readFileSync(FIXTURES + 'filer-writer-slash-s.pdf')));
    expect(result.codes).toContain('TYPED_SIGNATURE');
  });

  it('R-8: approval creates the Filer and sends the login notice to the registrant; rejection sends the reason; a decided one cannot be decided again', async () => {
    const email = 'approve.me@firm.example.com';
    const { pk } = await send(await withExam(await textFormPdf(applicant({ name: 'Pat Quinn', email, barNumber: 'ct80001' }))));
    const [reg] = await app.store.db.select().from(registrations).where(eq(registrations.messagePk, pk));
    expect((await listRegistrations(app, { status: 'pending' })).map((r) => r.id)).toContain(reg!.id);
    const ok = await approveRegistration(app, { id: reg!.id, by: 'clerk-a' });
    expect(ok).toMatchObject({ email, role: 'filer' });
    const [filer] = await app.store.db.select().from(filers).where(eq(filers.email, email));
    expect(filer).toMatchObject({ name: 'Pat Quinn', barNumber: 'ct80001', role: 'filer' });
    const login = (await app.store.db.select().from(outbox).where(eq(outbox.messagePk, pk))).find((r) => r.ref === 'login')!;
    expect(login).toMatchObject({ toAddresses: [email], status: 'sent', fromAddress: ADDR.registration });
    expect((await simpleParser(login.raw)).text).toMatch(/PACER username/);
    await expect(approveRegistration(app, { id: reg!.id, by: 'clerk-b' })).rejects.toThrow(/already approved/);

    // R-5 now holds for the new Filer.
    expect((await send(await withExam(await textFormPdf(applicant({ name: 'Pat Quinn', email, barNumber: 'ct80001' }))))).result.codes).toEqual(['ALREADY_REGISTERED']);

    const second = await send(await withExam(await textFormPdf(applicant({ name: 'Lou Ray', email: 'lou@firm.example.com', barNumber: 'ct80002' }))));
    const [reg2] = await app.store.db.select().from(registrations).where(eq(registrations.messagePk, second.pk));
    await rejectRegistration(app, { id: reg2!.id, by: 'clerk-a', reason: 'Not admitted in this district.' });
    const notice = (await app.store.db.select().from(outbox).where(eq(outbox.messagePk, second.pk))).find((r) => r.ref === 'decision')!;
    expect(notice.toAddresses).toEqual(['lou@firm.example.com']);
    expect((await simpleParser(notice.raw)).text).toContain('Not admitted in this district.');
    const [after] = await app.store.db.select().from(registrations).where(eq(registrations.id, reg2!.id));
    expect(after).toMatchObject({ status: 'rejected', decidedBy: 'clerk-a' });
  });
});
