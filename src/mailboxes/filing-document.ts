/**
 * Reading one prisoner filing's PDF (runs in a document child, src/documents/): its pages'
 * text, the facility's date stamp by OCR (P-3), the case number (P-5) and whole-page OCR
 * of scanned pages for personal identifiers (I-7). The bytes are all it gets: deciding
 * what the reading means against the cases on file happens in the caller
 * (src/mailboxes/clerk-filing.ts).
 */
import { readStamp, type StampReading } from '../ocr/stamp.ts';
import { getOcrPool } from '../ocr/pool.ts';
import { cropImage, type RgbaImage } from '../parsers/image.ts';
import { openPdf, PdfUnreadableError, type PdfDocument } from '../parsers/pdf.ts';
import { caseNumberFromFiling } from '../rules/case-number.ts';
import { zonedInstant } from '../rules/time.ts';

/** Resolution for stamp reading: enough for a rubber stamp's small print. */
export const STAMP_DPI = 200;
/** The caption's share of page 1, from the top: court, parties and the case number. */
const CAPTION_SHARE = 0.45;
/** Small type in a caption (a `Case No.` beside the parties) needs more pixels than body text. */
export const CAPTION_OCR_DPI = 300;
/**
 * Scanned pages read whole for I-7 and the caption, at most this many per filing (a
 * typed page takes about a second on one core). Pages beyond are listed in
 * `ocrSkippedPages` so a clerk knows the privacy check did not cover them.
 */
export const OCR_MAX_PAGES = 60;
/** Typed text reads well at 150 dpi, and the page is a quarter smaller than at 200. */
export const TEXT_OCR_DPI = 150;

/** What the PDF says, before anything is looked up. */
export interface FilingDocumentReading {
  /** Why the PDF cannot be read (a sentence for the sender), when it cannot. */
  unreadable?: string;
  pageTexts: string[];
  scanned: boolean;
  /** Page 1 is a scan: its caption can be read again at a higher resolution (P-5). */
  firstPageScanned: boolean;
  stamp?: StampReading;
  /** The stamp's date and time as an instant (court time), when it has one. */
  stampAt?: Date;
  /** The stamp carried a date but no time of day. */
  stampDateOnly?: boolean;
  caseNumber?: { caseNumber: string; source: 'subject' | 'caption' };
  /** Scanned pages whose text came from OCR (1-based). */
  ocrPages: number[];
  /** Scanned pages not read, beyond OCR_MAX_PAGES. */
  ocrSkippedPages: number[];
}

export interface ReadFilingDocumentOptions {
  subject: string;
  facilityCode?: string;
  timezone: string;
  arrival: Date;
  ocrMaxPages?: number;
}

/** Replaces each scanned page's empty text with its OCR text; page 1 reuses the stamp render. */
async function ocrScannedPages(pdf: PdfDocument, reading: FilingDocumentReading, scanned: number[], firstPage: RgbaImage | undefined, maxPages: number): Promise<void> {
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
  // An OCR failure fails the reading (the pool runs it again in a fresh child, then hands
  // the filing to a clerk): pages that could not be checked must not pass as checked.
  if (failure) throw failure;
  reading.ocrPages = read;
}

/** The caption of page 1 read alone at 300 dpi (P-5: small print a whole-page OCR misreads). */
export async function readCaptionText(bytes: Buffer): Promise<string> {
  const pdf = await openPdf(bytes);
  try {
    const page = await pdf.render(1, CAPTION_OCR_DPI);
    const caption = cropImage(page, { x: 0, y: 0, width: page.width, height: Math.round(page.height * CAPTION_SHARE) });
    return (await getOcrPool().recognize(caption, { psm: 3, dpi: CAPTION_OCR_DPI })).text;
  } finally {
    await pdf.close();
  }
}

export async function readFilingDocument(bytes: Buffer, opts: ReadFilingDocumentOptions): Promise<FilingDocumentReading> {
  const reading: FilingDocumentReading = { pageTexts: [], scanned: false, firstPageScanned: false, ocrPages: [], ocrSkippedPages: [] };
  let pdf;
  try {
    pdf = await openPdf(bytes);
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
    reading.firstPageScanned = scannedPages.includes(1);
    const facilityCodes = opts.facilityCode ? [opts.facilityCode] : [];
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
  } finally {
    await pdf.close();
  }
  return reading;
}
