/**
 * Reading one prisoner filing (a PDF) before anything is decided. The PDF itself is read
 * in a document child (src/mailboxes/filing-document.ts, run by src/documents/): pages'
 * text, the facility's date stamp by OCR (P-3), the case number (P-5), OCR of scanned
 * pages for personal identifiers (I-7). Here the reading meets the cases on file: a
 * doubtful caption is read again when the number is not on file. Slow work happens
 * outside the commit transaction.
 */
import { documentPool, DocumentUnsafeError } from '../documents/index.ts';
import type { Facility } from '../config/court-data.ts';
import type { Attachment } from '../parsers/types.ts';
import { caseNumberFromFiling } from '../rules/case-number.ts';
import type { PrivacyHit } from '../rules/privacy.ts';
import type { FilingDocumentReading } from './filing-document.ts';

export { CAPTION_OCR_DPI, OCR_MAX_PAGES, STAMP_DPI, TEXT_OCR_DPI } from './filing-document.ts';

export interface FilingReading extends Omit<FilingDocumentReading, 'firstPageScanned'> {
  attachment: Attachment;
  index: number;
  /**
   * The PDF could not be processed safely (its reader crashed, hung or ran out of memory
   * twice): what is known goes to a clerk, since a rejection could cost the prisoner the
   * filing date.
   */
  unsafe?: string;
  privacy: PrivacyHit[];
}

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
async function rereadCaption(bytes: Buffer, reading: FilingReading, findCase: (n: string) => Promise<CaseOnFile | null>): Promise<void> {
  const first = reading.caseNumber;
  if (first && (first.source === 'subject' || (await findCase(first.caseNumber)))) return;
  const text = await documentPool().run('captionText', bytes);
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
  const base = { attachment: a, index, pageTexts: [], scanned: false, privacy: [], ocrPages: [], ocrSkippedPages: [] };
  let doc: FilingDocumentReading;
  try {
    doc = await documentPool().run('readFiling', a.bytes, { subject: opts.subject, facilityCode: opts.facility?.code, timezone: opts.timezone, arrival: opts.arrival, ocrMaxPages: opts.ocrMaxPages });
  } catch (err) {
    if (err instanceof DocumentUnsafeError) return { ...base, unsafe: `${err.reason} (${err.why})` };
    if ((err as { code?: unknown }).code === 'ATTACHMENT_UNREADABLE') return { ...base, unreadable: (err as { reason?: string }).reason ?? (err as Error).message };
    throw err;
  }
  const { firstPageScanned, ...rest } = doc;
  const reading: FilingReading = { ...base, ...rest };
  if (!reading.unreadable && firstPageScanned && opts.findCase) {
    try {
      await rereadCaption(a.bytes, reading, opts.findCase);
    } catch (err) {
      // The second look is a refinement: without it the first reading stands.
      if (!(err instanceof DocumentUnsafeError) && (err as { code?: unknown }).code !== 'ATTACHMENT_UNREADABLE') throw err;
    }
  }
  return reading;
}
