/**
 * What a document child can do (src/documents/child.ts): each task takes bytes and plain
 * options and returns plain data (structured-clone serialisable: Buffers, Dates, arrays),
 * never a handle. Only the child imports this module; the parent knows it by type alone,
 * so pdfjs, the canvas and tesseract.js never load in the main process. Each task loads
 * its readers on first use: a child that only parses mail never loads the OCR engine.
 */
import type { ReadFilingDocumentOptions } from '../mailboxes/filing-document.ts';
import type { ParseOptions } from '../parsers/message.ts';
import type { PdfDocument } from '../parsers/pdf.ts';

async function withPdf<T>(bytes: Buffer, fn: (pdf: PdfDocument) => Promise<T>): Promise<T> {
  const { openPdf } = await import('../parsers/pdf.ts');
  const pdf = await openPdf(bytes);
  try {
    return await fn(pdf);
  } finally {
    await pdf.close();
  }
}

export const TASKS = {
  /** MIME into a ParsedMessage (attachments typed by their bytes, I-4). */
  parseMessage: async (raw: Buffer, opts: ParseOptions) => (await import('../parsers/message.ts')).parseMessage(raw, opts),
  /** A prisoner filing: text, stamp (P-3), case number (P-5), OCR of scanned pages (I-7). */
  readFiling: async (bytes: Buffer, opts: ReadFilingDocumentOptions) => (await import('../mailboxes/filing-document.ts')).readFilingDocument(bytes, opts),
  /** Page 1's caption alone by OCR at 300 dpi (P-5). */
  captionText: async (bytes: Buffer) => (await import('../mailboxes/filing-document.ts')).readCaptionText(bytes),
  /** A Word document (.docx, .doc, .rtf) with the layout the order rules need (O-2..O-5). */
  readWord: async (bytes: Buffer) => (await import('../parsers/word.ts')).readWord(bytes),
  /** Each page's text layer. */
  pdfText: (bytes: Buffer) =>
    withPdf(bytes, async (pdf) => {
      const pages: string[] = [];
      for (let i = 1; i <= pdf.pageCount; i++) pages.push(await pdf.pageText(i));
      return pages;
    }),
  pdfPageCount: (bytes: Buffer) => withPdf(bytes, async (pdf) => pdf.pageCount),
  /** A page as PNG, for the clerks' desk. */
  renderPagePng: (bytes: Buffer, page: number, dpi: number) => withPdf(bytes, async (pdf) => (await import('../parsers/image.ts')).encodePng(await pdf.render(page, dpi))),
  /** A CM/ECF registration form or exam (R-1..R-5). */
  readRegistrationPdf: async (bytes: Buffer, filename: string) => (await import('../registration/read-form.ts')).readRegistrationPdf(bytes, filename),
  /** I-6: parts of at most `maxBytes`. */
  splitPdf: async (bytes: Buffer, maxBytes: number) => (await import('../parsers/pdf-split.ts')).splitPdf(bytes, maxBytes),
};

export type Tasks = typeof TASKS;
