/**
 * Why a PDF cannot be read, in words for the person who scanned and sent it (I-5). Kept
 * apart from the reader so that code which only handles the answer (the mailboxes, the
 * main process) does not load pdfjs and the canvas just to name the error.
 */
import type { DocumentLimits } from './limits.ts';
import { REASONS } from './readability.ts';

/** Reasons in words for the person who scanned and sent the file (it goes into a notice). */
export const PDF_REASONS = {
  encrypted: REASONS.pdfEncrypted,
  truncated: REASONS.pdfTruncated,
  corrupt: 'The PDF is damaged and cannot be opened. Scan the document again and send the new file.',
  empty: REASONS.empty,
  noPages: 'The PDF has no pages. Scan the document again and send the new file.',
  badPage: (page: number) => `Page ${page} of the PDF is damaged and cannot be read. Scan the document again and send the new file.`,
} as const;

/**
 * `limit`: over one of the document limits (the setting is named in `limit`), found before
 * the work it bounds was done. `unsupported`: an image compressed in a way no reader here
 * decodes.
 */
export type PdfUnreadableKind = 'encrypted' | 'truncated' | 'corrupt' | 'empty' | 'no-pages' | 'bad-page' | 'limit' | 'unsupported';

/** The attachment cannot be read (I-5). `reason` is a plain sentence for the sender. */
export class PdfUnreadableError extends Error {
  readonly code = 'ATTACHMENT_UNREADABLE';
  constructor(
    readonly kind: PdfUnreadableKind,
    readonly reason: string,
    options?: { cause?: unknown; page?: number; limit?: keyof DocumentLimits },
  ) {
    super(reason, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PdfUnreadableError';
    this.page = options?.page;
    this.limit = options?.limit;
  }
  /** 1-based page number, for `bad-page` (and a `limit` found on one page). */
  readonly page: number | undefined;
  /** For `limit`: the setting the file is over (e.g. 'maxImagePixels'). */
  readonly limit: keyof DocumentLimits | undefined;
}

