/** Proposed orders through the whole pipeline (SPEC §4, ECF Procedure 14), Word files made by real tools. */
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageResult } from '../../src/cli/result.ts';
import { enterDocket } from '../../src/docket/enter.ts';
import { captureMessage } from '../../src/intake/capture.ts';
import { orderQueue, outbox } from '../../src/models/schema.ts';
import { testApp } from '../support/app.ts';
import { ADDR, buildMail, FILER, GOOD_ORDER, samplePdf, sampleDocx } from '../support/mail.ts';

const WORD = new URL('../fixtures/word/', import.meta.url).pathname;

describe('proposed orders (orders mailbox)', () => {
  let app: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    app = await testApp('pglite');
  });
  afterAll(() => app?.dispose());

  let n = 0;
  async function send(subject: string, order: Buffer | null, opts: { arrival?: string; text?: string; filename?: string; from?: string } = {}) {
    const raw = await buildMail({ from: opts.from ?? `Ann Lee <${FILER}>`, to: ADDR.orders, subject, text: opts.text ?? 'Proposed order attached.', attachments: order ? [{ filename: opts.filename ?? 'order.docx', content: order }] : [] });
    const c = await captureMessage(app.store.db, { mailboxId: 'orders-jam', sourceRef: `o-${++n}`, folder: 'INBOX', raw, arrival: new Date(opts.arrival ?? '2014-03-10T11:00:00-04:00'), fallbackArrival: new Date() });
    await app.process(c.messagePk);
    const result = (await messageResult(app.store.db, c.messagePk)) as Record<string, any>;
    const notices = (await app.store.db.select().from(outbox).where(eq(outbox.messagePk, c.messagePk))).map((r) => r.raw.toString('utf8'));
    return { pk: c.messagePk, result, notices };
  }
  const good = () => sampleDocx(GOOD_ORDER);

  it('O-12: a good order is accepted, queued for the judge with its category and motion, and acknowledged', async () => {
    const { pk, result } = await send('13-30001 Daniel - request filed', await good());
    expect(result).toMatchObject({ disposition: 'accepted', codes: [] });
    expect(result.order).toMatchObject({ caseNumber: '13-30001', debtor: 'Daniel', category: 'request filed', judge: 'JAM', motionDocketNumber: 42 });
    const [q] = await app.store.db.select().from(orderQueue).where(eq(orderQueue.messagePk, pk));
    expect(q).toMatchObject({ judge: 'JAM', category: 'request filed', motionDocketNumber: 42, status: 'pending' });
    expect(result.replies.map((r: any) => r.kind)).toEqual(['acknowledgement']);
  });

  it('O-1: a subject out of form is rejected SUBJECT_FORMAT, and the notice shows the five correct forms', async () => {
    const { result, notices } = await send('Proposed order for Daniel', await good());
    expect(result.codes).toContain('SUBJECT_FORMAT');
    const notice = notices[0]!.replace(/=\r?\n/g, '');
    expect(notice).toContain('13-30001 Daniel - hearing date March 15, 2014');
    expect(notice).toContain('13-30001 Daniel - ex parte');
  });

  it('O-12: every defect of an order is reported in one notice (caption, motion reference, signature, judge, date line)', async () => {
    const bad = await sampleDocx(['In re: John Daniel', 'ORDER', 'The motion is GRANTED.', 'Dated at Hartford, Connecticut this ___ day of ________, 2014.', '______________________________', 'Julie A. Manning', 'United States Bankruptcy Judge']);
    const { result, notices } = await send('13-30001 Daniel - request filed', bad);
    expect(result.disposition).toBe('rejected');
    expect(result.codes).toEqual(expect.arrayContaining(['CAPTION_INCOMPLETE', 'MOTION_REFERENCE_MISSING', 'SIGNATURE_LINE', 'JUDGE_NAME', 'DATE_LINE']));
    expect(notices).toHaveLength(1);
    for (const c of ['CAPTION_INCOMPLETE', 'MOTION_REFERENCE_MISSING', 'SIGNATURE_LINE', 'JUDGE_NAME', 'DATE_LINE', 'ECF Procedure 14(b)', 'ECF Procedure 14(c)']) expect(notices[0]).toContain(c);
  });

  it('O-4: a docket number that is not on the case’s docket is MOTION_NOT_ON_DOCKET', async () => {
    const { result } = await send('13-30001 Daniel - request filed', await sampleDocx(GOOD_ORDER.map((l) => l.replace('ECF No. 42', 'ECF No. 99'))));
    expect(result.codes).toEqual(['MOTION_NOT_ON_DOCKET']);
  });

  it('O-6: hearing Tuesday 2014-03-18: accepted at 23:59 on Friday 03-14, HEARING_TOO_SOON at 00:01 on Saturday', async () => {
    const ok = await send('13-30001 Daniel - hearing date March 18, 2014', await good(), { arrival: '2014-03-14T23:59:00-04:00' });
    expect(ok.result.disposition).toBe('accepted');
    expect(ok.result.order.hearingDate).toBe('2014-03-18');
    const late = await send('13-30001 Daniel - hearing date 3/18/14', await good(), { arrival: '2014-03-15T00:01:00-04:00' });
    expect(late.result.codes).toEqual(['HEARING_TOO_SOON']);
  });

  it('O-6: a hearing date already past is HEARING_PASSED', async () => {
    const { result } = await send('13-30001 Daniel - hearing date March 3, 2014', await good());
    expect(result.codes).toEqual(['HEARING_PASSED']);
  });

  it('O-7: an unknown case is CASE_NOT_FOUND; another judge’s case is WRONG_JUDGE; another debtor is DEBTOR_MISMATCH', async () => {
    expect((await send('13-99999 Daniel - request filed', await good())).result.codes).toContain('CASE_NOT_FOUND');
    expect((await send('14-20002 Major - request filed', await good())).result.codes).toContain('WRONG_JUDGE');
    expect((await send('13-30001 Smith - request filed', await good())).result.codes).toContain('DEBTOR_MISMATCH');
  });

  it('O-8: an ex parte order needs its matter filed the same day: MATTER_NOT_FILED without, accepted with', async () => {
    const without = await send('13-30001 Daniel - ex parte', await good(), { arrival: '2014-03-20T15:00:00-04:00' });
    expect(without.result.codes).toEqual(['MATTER_NOT_FILED']);
    await app.store.db.transaction((tx) => enterDocket(tx, { caseNumber: '13-30001', filedAt: new Date('2014-03-21T09:00:00-04:00'), enteredAt: new Date('2014-03-21T09:00:00-04:00'), text: 'Ex Parte Motion to Shorten Time', documents: [] }));
    const withMatter = await send('13-30001 Daniel - ex parte', await good(), { arrival: '2014-03-21T15:00:00-04:00' });
    expect(withMatter.result.disposition).toBe('accepted');
  });

  it('O-9: an order after a hearing needs a certificate of service', async () => {
    expect((await send('13-30001 Daniel - hearing held 3/1/14', await good())).result.codes).toEqual(['CERTIFICATE_OF_SERVICE_MISSING']);
    const withCos = await sampleDocx([...GOOD_ORDER, 'CERTIFICATE OF SERVICE', 'I hereby certify that on March 10, 2014 a copy was served by first-class mail on all parties.']);
    expect((await send('13-30001 Daniel - hearing held 3/1/14', withCos)).result.disposition).toBe('accepted');
  });

  it('O-10: an order that differs from the proposed order filed with the motion needs an explanation in the email', async () => {
    const filed = await samplePdf(['PROPOSED ORDER', 'Upon the Motion to Value Collateral, it is ORDERED that the collateral is valued at $10,000.']);
    const motionPdf = await samplePdf(['MOTION']);
    const entry = await app.store.db.transaction((tx) => enterDocket(tx, { caseNumber: '13-30001', filedAt: new Date('2014-03-05T10:00:00-05:00'), enteredAt: new Date('2014-03-05T10:00:00-05:00'), text: 'Motion to Value Collateral', documents: [{ description: 'Main Document', filename: 'm.pdf', bytes: motionPdf }, { description: 'Proposed Order', filename: 'po.pdf', bytes: filed }] }));
    const differing = await sampleDocx([...GOOD_ORDER.slice(0, 5), 'ORDER VALUING COLLATERAL', `Upon the Motion to Value Collateral (ECF No. ${entry.number}), it is ORDERED that the collateral is valued at $25,000 and the claim is allowed as secured.`]);
    const silent = await send('13-30001 Daniel - request filed', differing);
    expect(silent.result.codes).toEqual(['DISCREPANCY_UNEXPLAINED']);
    const explained = await send('13-30001 Daniel - request filed', differing, { text: 'The order was revised after the objection was resolved; the value changed to $25,000.' });
    expect(explained.result.disposition).toBe('accepted');
  });

  it('O-11: a sender who is not a registered Filer is SENDER_NOT_FILER', async () => {
    expect((await send('13-30001 Daniel - request filed', await good(), { from: 'paralegal@otherfirm.example.com' })).result.codes).toEqual(['SENDER_NOT_FILER']);
  });

  it.each(['caption-table.doc', 'caption-table.rtf', 'caption-table.docx'])('O-2/O-5: the LibreOffice %s order is read, its caption table included; its signature line is reported', async (f) => {
    const { result } = await send('13-30001 Daniel - request filed', readFileSync(WORD + f), { filename: f });
    expect(result.codes).toEqual(['SIGNATURE_LINE']);
  });

  it('O-2: an encrypted Word order is ATTACHMENT_UNREADABLE; a PDF alone is NOT_WORD_FORMAT', async () => {
    expect((await send('13-30001 Daniel - request filed', readFileSync(WORD + 'encrypted.docx'), { filename: 'order.docx' })).result.codes).toContain('ATTACHMENT_UNREADABLE');
    expect((await send('13-30001 Daniel - request filed', await samplePdf(['ORDER']), { filename: 'order.pdf' })).result.codes).toContain('NOT_WORD_FORMAT');
  });
});
