/** Docketing, service and the NEF (P-6, P-7, P-8, N-1) on both stores. */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { PDFDocument } from 'pdf-lib';
import { enterDocket } from '../../src/docket/enter.ts';
import { docketByCourt } from '../../src/docket/resolve.ts';
import { docketEntries, mailService, outbox } from '../../src/models/schema.ts';
import { testApp } from '../support/app.ts';
import { samplePdf } from '../support/mail.ts';

describe.each(['postgres', 'pglite'] as const)('docketing on %s', (kind) => {
  let app: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    app = await testApp(kind);
  });
  afterAll(() => app?.dispose());

  it('P-6: ten filings for one case entered at once get ten distinct, consecutive docket numbers', async () => {
    const pdf = await samplePdf();
    const numbers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        app.store.db.transaction((tx) => enterDocket(tx, { caseNumber: '3:16-cv-01234', filedAt: new Date(), enteredAt: new Date(), text: `LETTER ${i}`, documents: [{ description: 'Main Document', filename: `l${i}.pdf`, bytes: pdf }] })),
      ),
    );
    const got = numbers.map((e) => e.number).sort((a, b) => a - b);
    // Entry 1 is the complaint from the court data file.
    expect(got).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const rows = await app.store.db.select().from(docketEntries).where(eq(docketEntries.caseNumber, '3:16-cv-01234'));
    expect(new Set(rows.map((r) => r.number)).size).toBe(rows.length);
  });

  it('P-8: a court order in a prisoner case sends the facility its NEF, serves registered parties, and creates a mail-service packet for the prisoner', async () => {
    const pdf = await samplePdf(['ORDER ON MOTION FOR APPOINTMENT OF COUNSEL', 'The motion is DENIED without prejudice.']);
    const r = await docketByCourt(app, { caseNumber: '3:16-cv-01234', pdf, filename: 'order.pdf', text: 'ORDER denying Motion for Appointment of Counsel. Signed by Judge Janet C. Hall.', by: 'court' });
    expect(r.replies).toBe(2);
    expect(r.mailService).toBe(1);
    const nefs = await app.store.db.select().from(outbox).where(eq(outbox.ref, `entry-${(await app.store.db.select().from(docketEntries).where(eq(docketEntries.number, r.docketNumber)))[0]!.id}`));
    expect(nefs.map((n) => n.toAddresses[0]).sort()).toEqual(['aag@ct.example.gov', 'nef@mwci.doc.example.org']);
    const parsed = await simpleParser(nefs[0]!.raw);
    const nef = `${parsed.text}\n${parsed.html}`;
    expect(parsed.attachments).toEqual([]);
    // N-1: CM/ECF's labels, exactly.
    expect(nefs[0]!.subject).toBe('Activity in Case 3:16-cv-01234 Smith v. Semple ORDER denying Motion for Appointment of Counsel');
    for (const label of ['Notice of Electronic Filing', 'Case Name:', 'Case Number:', 'Document Number:', 'Docket Text:', 'Notice has been electronically mailed to:', 'Notice will not be electronically mailed to:', 'Document description:', 'Original filename:', 'Electronic document Stamp:']) {
      expect(nef).toContain(label);
    }
    expect(nef).toMatch(/The following transaction was entered by .* on \d{1,2}\/\d{1,2}\/\d{4} at \d{1,2}:\d\d [AP]M E[SD]T and filed on \d{1,2}\/\d{1,2}\/\d{4}/);
    expect(nef).toMatch(/\[STAMP dcecfStamp_ID=\d+ \[Date=\d+\/\d+\/\d{4}\] \[FileNumber=\d+-0\] \[[0-9a-f]{64}\]\]/);
    const [packet] = await app.store.db.select().from(mailService).where(eq(mailService.partyName, 'John Smith'));
    expect(packet!.address).toContain('Suffield');
    const doc = await PDFDocument.load(packet!.packet);
    expect(doc.getPageCount()).toBe(2); // cover sheet + the one-page order
  });

  it('P-8: a defendant’s filing sends the facility its NEF but creates no mail-service item (defendants mail it themselves)', async () => {
    const r = await docketByCourt(app, { caseNumber: '3:16-cv-01234', pdf: await samplePdf(['ANSWER']), filename: 'answer.pdf', text: 'ANSWER to Complaint by Scott Semple.', by: 'defendant', filer: 'Scott Semple' });
    expect(r.replies).toBe(2);
    expect(r.mailService).toBe(0);
  });
});
