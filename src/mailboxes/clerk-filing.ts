/**
 * Reading one prisoner filing (a PDF) before anything is decided: its pages' text, the
 * facility's date stamp by OCR (P-3), the case number (P-5) and personal identifiers
 * (I-7). Slow work (rendering, OCR) happens here, outside the commit transaction.
 */
import type { Facility } from '../config/court-data.ts';
import { readStamp, type StampReading } from '../ocr/stamp.ts';
import { getOcrPool } from '../ocr/pool.ts';
import { cropImage, type RgbaImage } from '../parsers/image.ts';
import { openPdf, PdfUnreadableError, type PdfDocument } from '../parsers/pdf.ts';
import type { Attachment } from '../parsers/types.ts';
import { caseNumberFromFiling } from '../rules/case-number.ts';
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
  /** Scanned pages whose text came from OCR (1-based). */
  ocrPages: number[];
  /** Scanned pages not read, beyond OCR_MAX_PAGES. */
  ocrSkippedPages: number[];
}

/** Replaces each scanned page's empty text with its OCR text; page 1 reuses the stamp render. */
async function ocrScannedPages(pdf: PdfDocument, reading: FilingReading, scanned: number[], firstPage: RgbaImage | undefined, maxPages: number): Promise<void> {
  const pool = getOcrPool();
  const read = scanned.slice(0, maxPages);
  reading.ocrSkippedPages = scanned.slice(maxPages);
  // Render one page ahead of the OCR workers: enough to keep them busy without holding
  // every page image in memory (a page at 150 dpi is about 8 MB of RGBA).
  const inFlight: Promise<void>[] = [];
  let failure: unknown;
  for (const p of read) {
    const image = p === 1 && firstPage ? firstPage : await pdf.render(p, TEXT_OCR_DPI);
    const dpi = p === 1 && firstPage ? STAMP_DPI : TEXT_OCR_DPI;
    inFlight.push(
      pool.recognize(image, { psm: 3, dpi }).then(
        (r) => {
          reading.pageTexts[p - 1] = r.text;
        },
        (err: unknown) => {
          failure ??= err;
        },
      ),
    );
    if (inFlight.length >= pool.size + 1) await inFlight.shift();
    if (failure) break;
  }
  await Promise.all(inFlight);
  // An OCR failure fails the message (it is retried, then PROCESSING_FAILED for a clerk):
  // a filing whose pages could not be checked must not be docketed as if they had been.
  if (failure) throw failure;
  reading.ocrPages = read;
}

/** The caption's share of page 1, from the top: court, parties and the case number. */
const CAPTION_SHARE = 0.45;
/** Small type in a caption (a `Case No.` beside the parties) needs more pixels than body text. */
export const CAPTION_OCR_DPI = 300;

/** A case on file, as far as reading a filing needs it. */
export interface CaseOnFile {
  prisonerName: string | null;
}

/**
 * P-5 on a scanned caption: whole-page OCR at 150–200 dpi misreads the small print of a
 * case number now and then (`3:1` read as `Sel`, a digit split off by a space, `cv` as
 * `tv`). When page 1's OCR gave no case number, or one that is not on file, the caption
 * alone is read again at 300 dpi. A number on file from that second reading is taken
 * only when the page also names the case's prisoner — two readings of small print that
 * disagree are not enough to put a filing in someone's case. A second reading not on
 * file replaces none (it turns NEW_CASE into CASE_NOT_FOUND for the clerk, no more). A
 * re-read never overrides a number that is on file or one staff typed in the subject.
 */
async function rereadCaption(pdf: PdfDocument, reading: FilingReading, findCase: (n: string) => Promise<CaseOnFile | null>): Promise<void> {
  const first = reading.caseNumber;
  if (first && (first.source === 'subject' || (await findCase(first.caseNumber)))) return;
  const page = await pdf.render(1, CAPTION_OCR_DPI);
  const caption = cropImage(page, { x: 0, y: 0, width: page.width, height: Math.round(page.height * CAPTION_SHARE) });
  const { text } = await getOcrPool().recognize(caption, { psm: 3, dpi: CAPTION_OCR_DPI });
  const again = caseNumberFromFiling('', [text]);
  if (!again || again.caseNumber === first?.caseNumber) return;
  const onFile = await findCase(again.caseNumber);
  if (onFile) {
    if (namesPrisoner(`${reading.pageTexts[0] ?? ''}\n${text}`, onFile.prisonerName)) reading.caseNumber = { caseNumber: again.caseNumber, source: 'caption' };
  } else if (!first) reading.caseNumber = { caseNumber: again.caseNumber, source: 'caption' };
}

/** The prisoner's surname appears in the text as a word (OCR of a caption: any case). */
function namesPrisoner(text: string, prisonerName: string | null): boolean {
  const words = (prisonerName ?? '').split(/[\s,]+/).filter((w) => w && !/^(?:jr|sr|ii|iii|iv|v)\.?$/i.test(w));
  const surname = words.pop()?.replace(/[^\p{L}'-]/gu, '');
  if (!surname || surname.length < 2) return false;
  return new RegExp(`(?<![\\p{L}])${surname.replace(/[-']/g, '.')}(?![\\p{L}])`, 'iu').test(text);
}

/**
 * Scanned pages read whole for I-7 and the caption, at most this many per filing (a
 * typed page takes about a second on one core). Pages beyond are listed in
 * `ocrSkippedPages` so a clerk knows the privacy check did not cover them.
 */
export const OCR_MAX_PAGES = 60;
/** Typed text reads well at 150 dpi, and the page is a quarter smaller than at 200. */
export const TEXT_OCR_DPI = 150;

export interface ReadFilingOptions {
  subject: string;
  facility?: Facility;
  timezone: string;
  arrival: Date;
  ocrMaxPages?: number;
  /** The case on file under a number, or null: lets a doubtful caption OCR be read again (P-5). */
  findCase?: (caseNumber: string) => Promise<CaseOnFile | null>;
}

export async function readFiling(a: Attachment, index: number, opts: ReadFilingOptions): Promise<FilingReading> {
  const reading: FilingReading = { attachment: a, index, pageTexts: [], scanned: false, privacy: [], ocrPages: [], ocrSkippedPages: [] };
  let pdf;
  try {
    pdf = await openPdf(a.bytes);
  } catch (err) {
    if (err instanceof PdfUnreadableError) return { ...reading, unreadable: err.reason };
    throw err;
  }
  try {
    const scannedPages: number[] = [];
    for (let i = 1; i <= pdf.pageCount; i++) {
      reading.pageTexts.push(await pdf.pageText(i));
      if (await pdf.isScanned(i)) scannedPages.push(i);
    }
    reading.scanned = scannedPages[0] === 1;
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
    // I-7 and P-5: a scanned page has no text to check for personal identifiers or to
    // find the caption in, so each scanned page is read whole by OCR (on the pool).
    await ocrScannedPages(pdf, reading, scannedPages, firstPage, opts.ocrMaxPages ?? OCR_MAX_PAGES);
    reading.caseNumber = caseNumberFromFiling(opts.subject, reading.pageTexts) ?? undefined;
    if (scannedPages.includes(1) && opts.findCase) await rereadCaption(pdf, reading, opts.findCase);
  } finally {
    await pdf.close();
  }
  return reading;
}
