/**
 * Reading one prisoner filing as the clerk mailbox does (readFiling), on PDFs made the way
 * facilities make them: kiosk text PDFs with the stamp as an image, bilevel and heavily
 * compressed scans, stamps beside the caption or in a narrow margin (P-3) — and what P-4
 * makes of a legible stamp that cannot be the filing time.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Facility } from '../../src/config/court-data.ts';
import { readFiling, type FilingReading } from '../../src/mailboxes/clerk-filing.ts';
import { stampImplausible } from '../../src/mailboxes/clerk.ts';
import { formatReading } from '../../src/ocr/stamp-date.ts';
import { shutdownOcr } from '../../src/ocr/pool.ts';
import { parseMessage } from '../../src/parsers/message.ts';
import type { Attachment } from '../../src/parsers/types.ts';
import { isoInZone } from '../../src/rules/time.ts';
import { bilevelPdf, scannedPage, scannedPdf, textPdfWithStampImage, type ScanOptions } from '../support/scan.ts';

const TZ = 'America/New_York';
const FACILITY = { code: 'MWCI', name: 'MacDougall-Walker Correctional Institution', senders: ['@mwci.doc.example.org'] } as unknown as Facility;
const JUN22 = { year: 2016, month: 6, day: 22, hour: 10, minute: 32 };
const ARRIVAL = new Date('2016-06-22T16:05:00-04:00');

afterAll(() => shutdownOcr());

function attachment(bytes: Buffer, filename = 'filing.pdf'): Attachment {
  return { filename, declaredType: 'application/pdf', type: 'pdf', bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** readFiling as the clerk mailbox calls it; the whole-page OCR of scanned pages is not needed here. */
function read(pdf: Buffer, arrival = ARRIVAL): Promise<FilingReading> {
  return readFiling(attachment(pdf), 0, { subject: '3:16-cv-01234 Smith', facility: FACILITY, timezone: TZ, arrival, ocrMaxPages: 0 });
}

function expectFiledAt(r: FilingReading, want: string): void {
  expect(r.stamp?.confident, r.stamp?.reason).toBe(true);
  expect(r.stampAt && isoInZone(r.stampAt, TZ)).toBe(want);
}

async function scan(opts: ScanOptions, quality = 80): Promise<Buffer> {
  const page = scannedPage({ facility: 'MWCI', stampAt: JUN22, ...opts });
  return opts.bilevel ? bilevelPdf([page.image]) : scannedPdf([page.image], quality);
}

describe('readFiling: stamps on kiosk text PDFs (P-3)', () => {
  it('P-3: a text PDF with the stamp as a transparent PNG image is read from the image', async () => {
    const { pdf } = await textPdfWithStampImage({ seed: 11, stampAt: JUN22, form: 'received', lines: 2, ink: 'red', position: 'top-right', format: 'png' });
    const r = await read(pdf);
    expect(r.scanned).toBe(false);
    expect(r.pageTexts[0]).toMatch(/UNITED STATES DISTRICT COURT/);
    expectFiledAt(r, '2016-06-22T10:32:00-04:00');
  });

  it('P-3: a black stamp image in a JPEG, in the bottom corner among lines of crisp type, is found and read', async () => {
    const { pdf } = await textPdfWithStampImage({ seed: 12, stampAt: { ...JUN22, hour: 15, minute: 12 }, form: 'time-first', lines: 2, ink: 'black', position: 'bottom-right', format: 'jpeg' });
    expectFiledAt(await read(pdf), '2016-06-22T15:12:00-04:00');
  });
});

describe('readFiling: scans as facilities send them (P-3)', () => {
  it('P-3: a bilevel (1-bit) scan of a red stamp is read', async () => {
    expectFiledAt(await read(await scan({ seed: 21, bilevel: true, ink: 'red', position: 'top-right', form: 'received', lines: 2, boxed: true, rotation: 4 })), '2016-06-22T10:32:00-04:00');
  });

  it('P-3: a scan compressed to JPEG quality 20 is read', async () => {
    expectFiledAt(await read(await scan({ seed: 22, ink: 'blue', position: 'top-left', form: 'scanned', lines: 2, rotation: -6 }, 20)), '2016-06-22T10:32:00-04:00');
  });

  it('P-3: a stamp a few hundredths of an inch from the page edge is found and read', async () => {
    expectFiledAt(await read(await scan({ seed: 23, edge: 0.06, ink: 'purple', position: 'right', form: 'military', lines: 2, rotation: 7 })), '2016-06-22T10:32:00-04:00');
  });

  it('P-3: a stamp right beside the court heading, on the same lines as its words, is read', async () => {
    expectFiledAt(await read(await scan({ seed: 24, besideCaption: true, ink: 'black', form: 'short-at', lines: 1, rotation: 0 })), '2016-06-22T10:32:00-04:00');
  });

  it('P-3: date over time, a 24-hour time with a colon, and a tight stamp are read', async () => {
    expectFiledAt(await read(await scan({ seed: 25, ink: 'red', position: 'top-right', form: 'date-over-time', lines: 2, rotation: 3 })), '2016-06-22T10:32:00-04:00');
    expectFiledAt(await read(await scan({ seed: 26, ink: 'blue', position: 'bottom-left', form: 'military-colon', lines: 2, rotation: -4 })), '2016-06-22T10:32:00-04:00');
    expectFiledAt(await read(await scan({ seed: 27, ink: 'purple', position: 'top-left', form: 'tight', lines: 2, rotation: 5 })), '2016-06-22T10:32:00-04:00');
  });
});

describe('readFiling then P-4: a legible stamp that cannot be the filing time', () => {
  it('P-4: a stamp dated after the arrival is read, not lost, and is STAMP_IMPLAUSIBLE with its text', async () => {
    const late = { year: 2016, month: 8, day: 22, hour: 10, minute: 32 };
    const r = await read(await scan({ seed: 31, ink: 'red', position: 'top-right', form: 'received', lines: 2, boxed: true, rotation: 0, stampAt: late }));
    expect(r.stamp?.candidate && formatReading(r.stamp.candidate)).toBe('2016-08-22 10:32');
    expect(r.stamp?.late).toBe(true);
    expectFiledAt(r, '2016-08-22T10:32:00-04:00');
    expect(stampImplausible(r, ARRIVAL, 30, TZ)).toMatch(/^the stamp \(AUG 22 2016 10:32 AM\) is later than the email's arrival/);
  });

  it('P-4: a stamp more than 30 days before the arrival is read and is STAMP_IMPLAUSIBLE', async () => {
    const r = await read(await scan({ seed: 32, ink: 'blue', position: 'top-left', form: 'received', lines: 2, boxed: true, rotation: 0 }), new Date('2016-09-01T12:00:00-04:00'));
    expectFiledAt(r, '2016-06-22T10:32:00-04:00');
    expect(r.stamp?.late).toBeUndefined();
    expect(stampImplausible(r, new Date('2016-09-01T12:00:00-04:00'), 30, TZ)).toMatch(/more than 30 days before/);
  });
});

describe('readFiling on corpus mail as scanners sent it (eval/filings)', () => {
  const corpus = async (id: string) => {
    const raw = readFileSync(new URL(`../../eval/filings/mail/${id}.eml`, import.meta.url));
    const m = await parseMessage(raw);
    const a = m.attachments.find((x) => x.type === 'pdf')!;
    return { m, a };
  };
  const onFile = new Map([
    ['3:16-cv-01020', 'Michael Brown'],
    ['3:16-cv-02011', 'Tyrone Davis'],
    ['3:17-cv-00058', 'Kevin Jackson'],
  ]);
  const findCase = async (n: string) => (onFile.has(n) ? { prisonerName: onFile.get(n)! } : null);

  it('P-4: a purple serif stamp whose 4 OCR boxes by its stem alone is read with confidence, not sent to a clerk', async () => {
    const { m, a } = await corpus('f-058');
    const r = await readFiling(a, 0, { subject: m.subject, timezone: TZ, arrival: new Date('2016-11-15T15:00:00-05:00'), ocrMaxPages: 0 });
    expectFiledAt(r, '2016-11-15T09:41:00-05:00');
  }, 120_000);

  it('P-5: a caption number misread by whole-page OCR (3:1 as "Sel", a digit split off) is read again from the caption at 300 dpi', async () => {
    for (const [id, want] of [['f-094', '3:16-cv-01020'], ['f-011', '3:16-cv-02011']] as const) {
      const { m, a } = await corpus(id);
      const r = await readFiling(a, 0, { subject: m.subject, timezone: TZ, arrival: m.date!, findCase });
      expect(r.caseNumber, id).toEqual({ caseNumber: want, source: 'caption' });
    }
  }, 240_000);

  it('P-5: a second reading on file is not taken when the page does not name that case’s prisoner', async () => {
    const { m, a } = await corpus('f-011');
    const stranger = async (n: string) => (n === '3:16-cv-02011' ? { prisonerName: 'Walter Kowalski' } : null);
    const r = await readFiling(a, 0, { subject: m.subject, timezone: TZ, arrival: m.date!, findCase: stranger });
    expect(r.caseNumber?.caseNumber).not.toBe('3:16-cv-02011');
  }, 120_000);

  it('P-5: without a way to check the docket the first reading stands (no re-read, no guess)', async () => {
    const { m, a } = await corpus('f-011');
    const r = await readFiling(a, 0, { subject: m.subject, timezone: TZ, arrival: m.date! });
    expect(r.caseNumber?.caseNumber).not.toBe('3:16-cv-02011');
  }, 120_000);
});
