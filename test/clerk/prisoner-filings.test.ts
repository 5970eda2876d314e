/**
 * Prisoner filings through the whole pipeline with real PDFs and real OCR (SPEC §3):
 * the stamp is the filing time, the case comes from the subject or caption, and what
 * cannot be decided with confidence waits for a clerk, who completes it.
 */
import { createCanvas } from '@napi-rs/canvas';
import { and, eq } from 'drizzle-orm';
import { PDFDocument, StandardFonts, degrees, rgb } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageResult } from '../../src/cli/result.ts';
import { resolveException } from '../../src/docket/resolve.ts';
import { captureMessage } from '../../src/intake/capture.ts';
import { docketEntries, documents, exceptions, mailService, outbox } from '../../src/models/schema.ts';
import type { RgbaImage } from '../../src/parsers/image.ts';
import { openPdf } from '../../src/parsers/pdf.ts';
import { testApp } from '../support/app.ts';
import { ADDR, buildMail, FACILITY, stampedFilingPdf } from '../support/mail.ts';
import { scannedPage, scannedPdf } from '../support/scan.ts';

const JUNE22 = { year: 2016, month: 6, day: 22, hour: 10, minute: 32 };

/** A born-digital filing with the facility's stamp printed on it in red. */
async function textFiling(lines: string[], stamp?: string[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const page = doc.addPage([612, 792]);
  lines.forEach((l, i) => page.drawText(l, { x: 72, y: 640 - i * 18, size: 11, font }));
  if (stamp) {
    page.drawRectangle({ x: 380, y: 690, width: 200, height: 18 * stamp.length + 14, borderColor: rgb(0.78, 0.1, 0.15), borderWidth: 2, rotate: degrees(0) });
    stamp.forEach((l, i) => page.drawText(l, { x: 392, y: 690 + 18 * stamp.length - 10 - i * 18, size: 13, font: bold, color: rgb(0.78, 0.1, 0.15) }));
  }
  return Buffer.from(await doc.save());
}

/** A PDF page drawn at 200 dpi, as a scanner would capture the printed page. */
async function rasterise(pdf: Buffer): Promise<RgbaImage> {
  const doc = await openPdf(pdf);
  try {
    return await doc.render(1, 200);
  } finally {
    await doc.close();
  }
}

/** Pages of scanner noise, which JPEG cannot compress: makes a PDF over 10 MB. */
async function noisyPages(n: number): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (let p = 0; p < n; p++) {
    const c = createCanvas(1700, 2200);
    const ctx = c.getContext('2d');
    const img = ctx.createImageData(1700, 2200);
    let s = 12345 + p;
    for (let i = 0; i < img.data.length; i += 4) {
      s = (s * 1103515245 + 12345) & 0x7fffffff;
      const v = 128 + (s % 128);
      img.data[i] = v;
      img.data[i + 1] = (v * 7) & 255;
      img.data[i + 2] = (v * 13) & 255;
      img.data[i + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
    out.push(Buffer.from(await c.encode('jpeg', 100)));
  }
  return out;
}

describe('prisoner filings from a facility (clerk mailbox)', () => {
  let app: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    app = await testApp('pglite');
  });
  afterAll(() => app?.dispose());

  let n = 0;
  async function file(attachments: { filename: string; content: Buffer }[], opts: { subject?: string; arrival?: Date } = {}) {
    const raw = await buildMail({ from: FACILITY, to: ADDR.clerk, subject: opts.subject ?? '3:16-cv-01234 Smith', attachments });
    const c = await captureMessage(app.store.db, { mailboxId: 'clerk', sourceRef: `pf-${++n}`, folder: 'INBOX', raw, arrival: opts.arrival ?? new Date('2016-06-22T10:45:00-04:00'), fallbackArrival: new Date() });
    await app.process(c.messagePk);
    return { pk: c.messagePk, result: (await messageResult(app.store.db, c.messagePk)) as Record<string, any> };
  }

  it('P-3/P-6: a stamped scan is docketed in the next number with the stamp as filed time, the arrival as entered time, and the stored PDF', async () => {
    const pdf = await stampedFilingPdf(JUNE22);
    const { pk, result } = await file([{ filename: 'smith-motion.pdf', content: pdf }]);
    expect(result.disposition).toBe('docketed');
    const [f] = result.filings;
    expect(f).toMatchObject({ disposition: 'docketed', caseNumber: '3:16-cv-01234', filedAt: '2016-06-22T10:32:00-04:00' });
    const [entry] = await app.store.db.select().from(docketEntries).where(eq(docketEntries.messagePk, pk));
    expect(entry!.number).toBe(f.docketNumber);
    expect(entry!.filedAt.toISOString()).toBe('2016-06-22T14:32:00.000Z');
    expect(entry!.enteredAt.toISOString()).toBe('2016-06-22T14:45:00.000Z');
    expect(entry!.text).toMatch(/filed by John Smith/);
    const [doc] = await app.store.db.select().from(documents).where(eq(documents.docketEntryId, entry!.id));
    expect(Buffer.compare(doc!.bytes, pdf)).toBe(0);
  });

  it('P-7: the NEF goes to the facility’s NEF address and the registered party, naming the filed date', async () => {
    const { pk } = await file([{ filename: 'letter.pdf', content: await stampedFilingPdf({ ...JUNE22, minute: 36 }, 11) }]);
    const nefs = await app.store.db.select().from(outbox).where(and(eq(outbox.messagePk, pk), eq(outbox.kind, 'nef')));
    expect(nefs.map((x) => x.toAddresses[0]).sort()).toEqual(['aag@ct.example.gov', 'nef@mwci.doc.example.org']);
    expect(nefs[0]!.subject).toMatch(/^Activity in Case 3:16-cv-01234 Smith v\. Semple /);
  });

  it('P-2/P-6: two PDFs in one message are two filings with two docket entries', async () => {
    const { result } = await file([
      { filename: 'a.pdf', content: await stampedFilingPdf({ ...JUNE22, minute: 37 }, 21) },
      { filename: 'b.pdf', content: await stampedFilingPdf({ ...JUNE22, minute: 35 }, 22) },
    ]);
    expect(result.filings).toHaveLength(2);
    expect(result.filings.map((f: any) => f.disposition)).toEqual(['docketed', 'docketed']);
    expect(result.filings[1].docketNumber).toBe(result.filings[0].docketNumber + 1);
    expect(result.filings[1].filedAt).toBe('2016-06-22T10:35:00-04:00');
  });

  it('P-4: a stamp later than the email’s arrival is a STAMP_IMPLAUSIBLE exception, not docketed', async () => {
    const { result } = await file([{ filename: 'late.pdf', content: await stampedFilingPdf({ ...JUNE22, hour: 14 }, 31) }]);
    expect(result.disposition).toBe('exception');
    expect(result.codes).toContain('STAMP_IMPLAUSIBLE');
    expect(result.filings[0].docketNumber).toBeNull();
    // A stamp that is not believed gives no filed date; what was read is shown apart.
    expect(result.filings[0].filedAt).toBeNull();
    expect(result.filings[0].stampAt).toMatch(/^2016-06-22T14:/);
  });

  it('P-4: a stamp more than 30 days before the arrival is STAMP_IMPLAUSIBLE', async () => {
    const { result } = await file([{ filename: 'old.pdf', content: await stampedFilingPdf({ ...JUNE22, month: 4 }, 32) }]);
    expect(result.codes).toContain('STAMP_IMPLAUSIBLE');
  });

  it('P-4: a scan without a stamp is a STAMP_UNREADABLE exception; the sender is told a clerk will review it', async () => {
    const page = scannedPage({ seed: 41, dpi: 200, noStamp: true });
    const { pk, result } = await file([{ filename: 'nostamp.pdf', content: await scannedPdf([page.image]) }]);
    expect(result.disposition).toBe('exception');
    expect(result.codes).toContain('STAMP_UNREADABLE');
    // The page's Dated: line and body dates are not a stamp.
    expect(result.filings[0].filedAt).toBeNull();
    const [ex] = await app.store.db.select().from(exceptions).where(eq(exceptions.messagePk, pk));
    expect(ex!.code).toBe('STAMP_UNREADABLE');
    const replies = await app.store.db.select().from(outbox).where(eq(outbox.messagePk, pk));
    expect(replies.map((r) => r.kind)).toEqual(['acknowledgement']);
  });

  it('P-4: a faint, smudged stamp is not guessed: STAMP_UNREADABLE, with the crop of the stamp for the clerk', async () => {
    const page = scannedPage({ seed: 47, dpi: 200, faint: true, ink: 'blue', stampAt: JUNE22, facility: 'MWCI' });
    const { pk, result } = await file([{ filename: 'faint.pdf', content: await scannedPdf([page.image]) }]);
    expect(result.disposition).toBe('exception');
    expect(result.codes).toContain('STAMP_UNREADABLE');
    const [ex] = await app.store.db.select().from(exceptions).where(eq(exceptions.messagePk, pk));
    expect(ex!.image!.subarray(1, 4).toString()).toBe('PNG');
  });

  it('P-5: an unknown case number is a CASE_NOT_FOUND exception', async () => {
    const { result } = await file([{ filename: 'x.pdf', content: await stampedFilingPdf(JUNE22, 51) }], { subject: '3:16-cv-09999 Doe' });
    expect(result.codes).toContain('CASE_NOT_FOUND');
  });

  it('P-5: a caption number of a case not on file is a CASE_NOT_FOUND exception, not NEW_CASE', async () => {
    const pdf = await textFiling(['UNITED STATES DISTRICT COURT', 'DISTRICT OF CONNECTICUT', 'JOHN DOE v. WARDEN', 'CIVIL NO. 3:16CV112 (VLB)', '', 'MOTION FOR APPOINTMENT OF COUNSEL'], ['RECEIVED MWCI', 'JUN 22 2016 10:42 AM']);
    const { result } = await file([{ filename: 'doe.pdf', content: pdf }], { subject: 'Scanned from MWCI' });
    expect(result.codes).toContain('CASE_NOT_FOUND');
    expect(result.codes).not.toContain('NEW_CASE');
    expect(result.filings[0]).toMatchObject({ disposition: 'exception', caseNumber: '3:16-cv-00112' });
  });

  it('P-5: the caption on page 2, after a cover letter, gives the case number', async () => {
    const doc = await PDFDocument.load(await textFiling(['Dear Clerk,', 'Please file the enclosed motion.', 'John Smith, Inmate No. 412345'], ['RECEIVED MWCI', 'JUN 22 2016 10:43 AM']));
    const [captioned] = await doc.copyPages(await PDFDocument.load(await textFiling(['UNITED STATES DISTRICT COURT', 'Docket No. 3:16cv01234', 'MOTION FOR DISCOVERY'])), [0]);
    doc.addPage(captioned);
    const { result } = await file([{ filename: 'cover-and-motion.pdf', content: Buffer.from(await doc.save()) }], { subject: 'inmate filing' });
    expect(result.filings[0]).toMatchObject({ disposition: 'docketed', caseNumber: '3:16-cv-01234' });
  });

  it('P-5: the case number comes from the caption when the subject has none', async () => {
    const pdf = await textFiling(['UNITED STATES DISTRICT COURT', 'DISTRICT OF CONNECTICUT', 'JOHN SMITH v. SCOTT SEMPLE', 'Case No. 3:16-cv-1234 (JCH)', '', 'MOTION FOR EXTENSION OF TIME'], ['RECEIVED MWCI', 'JUN 22 2016 10:38 AM']);
    const { result } = await file([{ filename: 'ext.pdf', content: pdf }], { subject: 'inmate filing' });
    expect(result.filings[0]).toMatchObject({ disposition: 'docketed', caseNumber: '3:16-cv-01234' });
  });

  it('P-5: no case number anywhere is a NEW_CASE exception; the clerk opens the case and docketing completes with the stamp date (exceptions resolve)', async () => {
    const pdf = await textFiling(['UNITED STATES DISTRICT COURT', 'DISTRICT OF CONNECTICUT', 'CARLOS RIVERA, Plaintiff, v. CAPTAIN WATSON, Defendant.', '', 'COMPLAINT UNDER 42 U.S.C. 1983'], ['RECEIVED MWCI', 'JUN 22 2016 10:32 AM']);
    const { pk, result } = await file([{ filename: 'complaint.pdf', content: pdf }], { subject: 'new complaint' });
    expect(result.codes).toContain('NEW_CASE');
    // The stamp is believed: it is the date the filing is deemed filed, while a clerk opens the case.
    expect(result.filings[0]).toMatchObject({ disposition: 'exception', filedAt: '2016-06-22T10:32:00-04:00', stampAt: '2016-06-22T10:32:00-04:00' });
    const [ex] = await app.store.db.select().from(exceptions).where(and(eq(exceptions.messagePk, pk), eq(exceptions.status, 'open')));
    const r = await resolveException(app, { exceptionId: ex!.id, openCase: { number: '3:16-cv-00777', title: 'Rivera v. Watson', prisonerName: 'Carlos Rivera' }, by: 'clerk-jd' });
    expect(r).toMatchObject({ caseNumber: '3:16-cv-00777', docketNumber: 1, filedAt: '2016-06-22T10:32:00-04:00' });
    const after = (await messageResult(app.store.db, pk)) as Record<string, any>;
    expect(after.disposition).toBe('docketed');
    expect(after.replies.filter((x: any) => x.kind === 'nef').map((x: any) => x.to[0])).toEqual(['nef@mwci.doc.example.org']);
    const [closed] = await app.store.db.select().from(exceptions).where(eq(exceptions.id, ex!.id));
    expect(closed).toMatchObject({ status: 'resolved', resolvedBy: 'clerk-jd' });
  });

  it('P-4: a clerk resolves STAMP_UNREADABLE by entering the stamp’s date and time; the NEF then goes out', async () => {
    const page = scannedPage({ seed: 43, dpi: 200, noStamp: true });
    const { pk } = await file([{ filename: 'nostamp2.pdf', content: await scannedPdf([page.image]) }]);
    const [ex] = await app.store.db.select().from(exceptions).where(eq(exceptions.messagePk, pk));
    await expect(resolveException(app, { exceptionId: ex!.id, caseNumber: '3:16-cv-01234', by: 'clerk' })).rejects.toThrow(/--filed-at/);
    const r = await resolveException(app, { exceptionId: ex!.id, caseNumber: '3:16-cv-01234', filedAt: new Date('2016-06-22T10:20:00-04:00'), by: 'clerk' });
    expect(r.filedAt).toBe('2016-06-22T10:20:00-04:00');
    const nefs = await app.store.db.select().from(outbox).where(and(eq(outbox.messagePk, pk), eq(outbox.kind, 'nef')));
    expect(nefs.length).toBe(2);
    expect(nefs.every((x) => x.status === 'sent')).toBe(true);
  });

  it('I-6: a PDF over 10 MB is docketed as a main document with attachments of at most 10 MB each', async () => {
    const first = await PDFDocument.load(await stampedFilingPdf(JUNE22, 61));
    for (const jpg of await noisyPages(4)) {
      const img = await first.embedJpg(jpg);
      const p = first.addPage([612, 792]);
      p.drawImage(img, { x: 0, y: 0, width: 612, height: 792 });
    }
    const big = Buffer.from(await first.save());
    expect(big.length).toBeGreaterThan(10 * 1024 * 1024);
    const { pk, result } = await file([{ filename: 'exhibits.pdf', content: big }]);
    expect(result.filings[0].disposition).toBe('docketed');
    const [entry] = await app.store.db.select().from(docketEntries).where(eq(docketEntries.messagePk, pk));
    const docs = await app.store.db.select().from(documents).where(eq(documents.docketEntryId, entry!.id));
    expect(docs.length).toBeGreaterThan(1);
    for (const d of docs) expect(d.size).toBeLessThanOrEqual(10 * 1024 * 1024);
    expect(entry!.text).toMatch(/Attachments:/);
  }, 120_000);

  it('I-7: a full SSN in a filing is docketed with a PRIVACY_IDENTIFIER warning on the facility’s NEF; xxx-xx-6789 is not', async () => {
    const body = ['UNITED STATES DISTRICT COURT', 'Case No. 3:16-cv-01234 (JCH)', 'MOTION FOR PRODUCTION OF MEDICAL RECORDS'];
    const withSsn = await file([{ filename: 'ssn.pdf', content: await textFiling([...body, 'My social security number is 123-45-6789.'], ['RECEIVED MWCI', 'JUN 22 2016 10:39 AM']) }]);
    expect(withSsn.result.disposition).toBe('docketed');
    expect(withSsn.result.codes).toContain('PRIVACY_IDENTIFIER');
    const nefs = await app.store.db.select().from(outbox).where(and(eq(outbox.messagePk, withSsn.pk), eq(outbox.kind, 'nef')));
    const facilityCopy = nefs.find((x) => x.toAddresses[0] === 'nef@mwci.doc.example.org')!.raw.toString();
    const partyCopy = nefs.find((x) => x.toAddresses[0] === 'aag@ct.example.gov')!.raw.toString();
    expect(facilityCopy).toContain('PRIVACY_IDENTIFIER');
    expect(facilityCopy).not.toContain('123-45-6789');
    expect(partyCopy).not.toContain('PRIVACY_IDENTIFIER');
    const masked = await file([{ filename: 'masked.pdf', content: await textFiling([...body, 'My social security number is xxx-xx-6789.'], ['RECEIVED MWCI', 'JUN 22 2016 10:33 AM']) }]);
    expect(masked.result.codes).not.toContain('PRIVACY_IDENTIFIER');
  });

  it('I-7: a full SSN on a scanned page (no text layer) is found by OCR of the whole page, on page 2 as on page 1', async () => {
    // Printed and scanned: the typed pages are rasterised and wrapped as an image-only PDF.
    const page1 = await rasterise(await textFiling(['UNITED STATES DISTRICT COURT', 'Case No. 3:16-cv-01234 (JCH)', 'MOTION FOR PRODUCTION OF MEDICAL RECORDS', 'The plaintiff asks for his records.'], ['RECEIVED MWCI', 'JUN 22 2016 10:41 AM']));
    const page2 = await rasterise(await textFiling(['My records are filed under', 'social security number 123-45-6789', 'at the University hospital.']));
    const { pk, result } = await file([{ filename: 'scanned-ssn.pdf', content: await scannedPdf([page1, page2]) }]);
    expect(result.filings[0]).toMatchObject({ disposition: 'docketed', docketNumber: expect.any(Number) });
    expect(result.codes).toContain('PRIVACY_IDENTIFIER');
    // Listed for the clerks (the digest shows it once) without holding the filing.
    const notices = await app.store.db.select().from(exceptions).where(eq(exceptions.messagePk, pk));
    expect(notices.map((n) => [n.code, n.status])).toEqual([['PRIVACY_IDENTIFIER', 'notice']]);
    expect(notices[0]!.detail).toMatch(/ssn on page 2/);
    const clean = await file([{ filename: 'scanned-clean.pdf', content: await scannedPdf([page1]) }]);
    expect(clean.result.codes).not.toContain('PRIVACY_IDENTIFIER');
  });

  it('I-7: pro se filings in habeas cases are exempt (Fed. R. Civ. P. 5.2(b)(6))', async () => {
    const pdf = await textFiling(['Case No. 3:16-cv-00555', 'MOTION FOR BAIL', 'My SSN is 123-45-6789.'], ['RECEIVED MWCI', 'JUN 22 2016 10:32 AM']);
    const { result } = await file([{ filename: 'habeas.pdf', content: pdf }], { subject: '3:16-cv-00555 Jones' });
    expect(result.disposition).toBe('docketed');
    expect(result.codes).not.toContain('PRIVACY_IDENTIFIER');
  });

  it('P-7: a prisoner’s own filing creates no mail-service packet addressed to himself', async () => {
    const before = await app.store.db.select().from(mailService);
    await file([{ filename: 'own.pdf', content: await stampedFilingPdf({ ...JUNE22, minute: 40 }, 71) }]);
    const after = await app.store.db.select().from(mailService);
    expect(after.length).toBe(before.length);
  });
});
