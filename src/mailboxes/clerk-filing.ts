/**
 * Reading one prisoner filing (a PDF) before anything is decided: its pages' text, the
 * facility's date stamp by OCR (P-3), the case number (P-5) and personal identifiers
 * (I-7). Slow work (rendering, OCR) happens here, outside the commit transaction.
 */
import type { Facility } from '../config/court-data.ts';
import { readStamp, type StampReading } from '../ocr/stamp.ts';
import { getOcrPool } from '../ocr/pool.ts';
import { cropImage } from '../parsers/image.ts';
import { openPdf, PdfUnreadableError } from '../parsers/pdf.ts';
import type { Attachment } from '../parsers/types.ts';
import { caseNumberFromSubjectOrCaption } from '../rules/case-number.ts';
import { scanPrivacy, type PrivacyHit } from '../rules/privacy.ts';
import { zonedInstant } from '../rules/time.ts';

/** Resolution for stamp reading: enough for a rubber stamp's small print. */
export const STAMP_DPI = 200;

export interface FilingReading {
  attachment: Attachment;
  index: number;
  unreadable?: string;
  pageTexts: string[];
  scanned: boolean;
  stamp?: StampReading;
  /** The stamp's date and time as an instant (court time), when it has one. */
  stampAt?: Date;
  /** The stamp carried a date but no time of day. */
  stampDateOnly?: boolean;
  caseNumber?: { caseNumber: string; source: 'subject' | 'caption' };
  privacy: PrivacyHit[];
}

export async function readFiling(a: Attachment, index: number, opts: { subject: string; facility?: Facility; timezone: string; arrival: Date }): Promise<FilingReading> {
  const reading: FilingReading = { attachment: a, index, pageTexts: [], scanned: false, privacy: [] };
  let pdf;
  try {
    pdf = await openPdf(a.bytes);
  } catch (err) {
    if (err instanceof PdfUnreadableError) return { ...reading, unreadable: err.reason };
    throw err;
  }
  try {
    for (let i = 1; i <= pdf.pageCount; i++) reading.pageTexts.push(await pdf.pageText(i));
    reading.scanned = await pdf.isScanned(1);
    const facilityCodes = opts.facility ? [opts.facility.code] : [];
    // P-3: usually on page 1; some staff stamp the last page.
    const candidates = pdf.pageCount > 1 ? [1, pdf.pageCount] : [1];
    let firstPage;
    for (const p of candidates) {
      const image = await pdf.render(p, STAMP_DPI);
      if (p === 1) firstPage = image;
      const stamp = await readStamp(image, { dpi: STAMP_DPI, facilityCodes, referenceDate: opts.arrival });
      if (!reading.stamp || (stamp.found && !reading.stamp.found) || (stamp.confident && !reading.stamp.confident)) reading.stamp = stamp;
      if (stamp.found && stamp.confident) break;
    }
    const c = reading.stamp?.candidate;
    if (reading.stamp?.found && reading.stamp.confident && c) {
      reading.stampAt = zonedInstant(opts.timezone, c.year, c.month, c.day, c.hour ?? 0, c.minute ?? 0);
      reading.stampDateOnly = c.hour === undefined;
    }
    // P-5: the subject first; else the caption, from the text layer or by OCR of the page top.
    let caption = reading.pageTexts[0] ?? '';
    if (reading.scanned && firstPage && !caseNumberFromSubjectOrCaption(opts.subject, '')) {
      const top = cropImage(firstPage, { x: 0, y: 0, width: firstPage.width, height: Math.round(firstPage.height * 0.45) });
      caption = (await getOcrPool().recognize(top, { psm: 3, dpi: STAMP_DPI })).text;
      reading.pageTexts[0] = reading.pageTexts[0] || caption;
    }
    reading.caseNumber = caseNumberFromSubjectOrCaption(opts.subject, caption) ?? undefined;
  } finally {
    await pdf.close();
  }
  return reading;
}
