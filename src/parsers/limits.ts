/**
 * Bounds on the work one message or one document may cause, checked before the work is
 * done (from declared sizes and counts, before anything is allocated). Mail comes from
 * anyone: a PDF may declare a page a billion points wide, an image 46341×46341 pixels, a
 * flate stream that inflates to a gigabyte, or arrays nested 100 000 deep. Going over a
 * bound is a finding about the input (ATTACHMENT_UNREADABLE naming the limit, or a
 * MALFORMED_MESSAGE / OVERSIZE exception), never a hang or a crash.
 *
 * Each bound is a named setting (`limits.<name>` in the runtime configuration) with a
 * default sized for real court mail: a 600 dpi colour scan of a legal page, a 500-page
 * filing with exhibits, a Word order with tables in tables.
 */

export interface DocumentLimits {
  /** Pages in one PDF. */
  maxPdfPages: number;
  /** Pixels of one rendered page (width × height at the resolution asked for). */
  maxRenderPixels: number;
  /** Pixels an image in a PDF declares (/Width × /Height), before it is decoded. */
  maxImagePixels: number;
  /** Page size in points on either side (a real page is under 200 inches = 14 400 pt). */
  maxPageSidePoints: number;
  /** Nesting of arrays and dictionaries in a PDF, of elements in Word XML, of RTF groups. */
  maxNestingDepth: number;
  /** Indirect objects in one PDF. */
  maxPdfObjects: number;
  /** Kids of one page-tree node, and the depth of the page tree. */
  maxPageTreeKids: number;
  /** Bytes one compressed stream (PDF flate, a zip entry) may inflate to. */
  maxInflatedBytes: number;
  /** Drawing operators in one page's content. */
  maxOperatorsPerPage: number;
  /** Entries in a zip container (.docx). */
  maxZipEntries: number;
  /** MIME parts in one message, nested ones included. */
  maxMimeParts: number;
  /** MIME nesting (multipart in multipart, forwarded message/rfc822 inside). */
  maxMimeDepth: number;
  /** Bytes of one header field (a Message-ID, a Subject). */
  maxHeaderBytes: number;
  /** Bytes of a message's (or a part's) whole header section. */
  maxHeaderSectionBytes: number;
  /**
   * Objects reached one through another from a PDF page (a chain of references). pdf-lib
   * copies a page, when a PDF is split for the docket (I-6), by following them recursively:
   * about 3 000 deep overflows its stack.
   */
  maxReferenceDepth: number;
  /**
   * Time to draw one page, in milliseconds. What a page costs to draw is its operators
   * times the area each one paints (50 000 fills of the whole page), which no count made
   * beforehand bounds; a drawing that runs past this is stopped between operators.
   */
  maxRenderMs: number;
  /** Characters of a message's body text kept for the rules (the whole message is always stored). */
  maxBodyTextChars: number;
}

export const DEFAULT_LIMITS: Readonly<DocumentLimits> = Object.freeze({
  maxPdfPages: 2000,
  // A legal page at 300 dpi is 11 MP; OCR never asks for more than that.
  maxRenderPixels: 40_000_000,
  // A legal page scanned in colour at 600 dpi is 50 MP.
  maxImagePixels: 120_000_000,
  maxPageSidePoints: 14_400,
  maxNestingDepth: 100,
  maxPdfObjects: 500_000,
  maxPageTreeKids: 10_000,
  maxInflatedBytes: 256 * 1024 * 1024,
  maxOperatorsPerPage: 200_000,
  maxZipEntries: 5_000,
  maxMimeParts: 500,
  maxMimeDepth: 20,
  maxHeaderBytes: 64 * 1024,
  maxHeaderSectionBytes: 1024 * 1024,
  maxReferenceDepth: 500,
  maxRenderMs: 20_000,
  maxBodyTextChars: 1_000_000,
});

let current: DocumentLimits = { ...DEFAULT_LIMITS };

/** The limits in force in this process. */
export function documentLimits(): Readonly<DocumentLimits> {
  return current;
}

/** Sets limits (from the runtime configuration; a document child receives them at start). */
export function setDocumentLimits(partial: Partial<DocumentLimits>): void {
  current = { ...DEFAULT_LIMITS, ...partial };
}

/**
 * An input over one of the limits. `limit` names the setting; `reason` is a sentence for
 * the sender (it goes into a notice). Code ATTACHMENT_UNREADABLE (I-5).
 */
export class LimitExceededError extends Error {
  readonly code = 'ATTACHMENT_UNREADABLE';
  constructor(
    readonly limit: keyof DocumentLimits,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'LimitExceededError';
  }
}
