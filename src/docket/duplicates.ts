/**
 * P-9: the same filing sent twice. Facility staff resend a scan — a second e-mail with a
 * new Message-ID, the same PDF, or the same pages put through the scanner again. The
 * program has each document scanned once and e-filed on receipt (Prisoner Electronic
 * Filing Program order ¶¶ 2–4), so a resend must not become a second docket entry: a
 * clerk sees it as DUPLICATE_FILING, naming the entry it repeats.
 *
 * Two fingerprints identify a filing:
 * - the bytes (SHA-256) of the PDF as it arrived — equal bytes are the same document,
 *   whenever the first copy was docketed;
 * - the case, the facility's stamp (date and time, to the minute) and the page count —
 *   a rescan has new bytes but the stamp staff put on the paper before scanning. Only
 *   entries docketed in the last 30 days before this message's arrival count: the time
 *   is the message's, never the wall clock.
 *
 * A message is never a duplicate of itself: its own entries (a message processed again,
 * I-2) are left out; another attachment of the same message is handled by the caller.
 */
import { and, asc, eq, gte, isNull, ne, or } from 'drizzle-orm';
import type { Db, Tx } from '../models/db.ts';
import { docketEntries, documents } from '../models/schema.ts';
import { documentPool } from '../documents/index.ts';

export const DUPLICATE_WINDOW_DAYS = 30;

export interface FilingFingerprint {
  sha256: string;
  /** The case on file the filing is for, when known. */
  caseNumber?: string;
  /** The stamp's date and time (P-3), when it was read with confidence. */
  filedAt?: Date;
  pageCount: number;
}

export interface DuplicateOf {
  entryId: number;
  caseNumber: string;
  docketNumber: number;
  filedAt: Date;
  enteredAt: Date;
  /** `same-pdf`: identical bytes; `same-stamp`: same case, stamp and page count (a rescan). */
  match: 'same-pdf' | 'same-stamp';
}

type Reader = Db | Tx;

const entryColumns = {
  entryId: docketEntries.id,
  caseNumber: docketEntries.caseNumber,
  docketNumber: docketEntries.number,
  filedAt: docketEntries.filedAt,
  enteredAt: docketEntries.enteredAt,
  pageCount: docketEntries.pageCount,
};

/** Entries of other messages, and entries not made from a message (seeded, the court's own). */
function notFrom(messagePk: number | null) {
  return messagePk === null ? undefined : or(isNull(docketEntries.messagePk), ne(docketEntries.messagePk, messagePk));
}

/** The docket entry this filing repeats, or null. `messagePk` is the message being decided. */
export async function findDuplicateEntry(db: Reader, f: FilingFingerprint, opts: { arrival: Date; messagePk: number | null }): Promise<DuplicateOf | null> {
  const [bySource] = await db
    .select(entryColumns)
    .from(docketEntries)
    .where(and(eq(docketEntries.sourceSha256, f.sha256), notFrom(opts.messagePk)))
    .orderBy(asc(docketEntries.id))
    .limit(1);
  if (bySource) return { ...withoutPages(bySource), match: 'same-pdf' };
  // Entries seeded from the court data or entered by the court carry only their documents' hashes.
  const [byDocument] = await db
    .select(entryColumns)
    .from(documents)
    .innerJoin(docketEntries, eq(documents.docketEntryId, docketEntries.id))
    .where(and(eq(documents.sha256, f.sha256), notFrom(opts.messagePk)))
    .orderBy(asc(docketEntries.id))
    .limit(1);
  if (byDocument) return { ...withoutPages(byDocument), match: 'same-pdf' };

  if (!f.caseNumber || !f.filedAt) return null;
  const since = new Date(opts.arrival.getTime() - DUPLICATE_WINDOW_DAYS * 86_400_000);
  const sameStamp = await db
    .select(entryColumns)
    .from(docketEntries)
    .where(and(eq(docketEntries.caseNumber, f.caseNumber), eq(docketEntries.filedAt, f.filedAt), gte(docketEntries.enteredAt, since), notFrom(opts.messagePk)))
    .orderBy(asc(docketEntries.id));
  for (const e of sameStamp) {
    const pages = e.pageCount ?? (await storedPageCount(db, e.entryId));
    if (pages === f.pageCount) return { ...withoutPages(e), match: 'same-stamp' };
  }
  return null;
}

function withoutPages<T extends { pageCount: unknown }>(row: T): Omit<T, 'pageCount'> {
  const { pageCount: _pages, ...rest } = row;
  return rest;
}

/** Pages of an entry recorded before page counts were kept: the sum over its stored PDFs. */
async function storedPageCount(db: Reader, entryId: number): Promise<number | null> {
  const docs = await db.select({ bytes: documents.bytes }).from(documents).where(eq(documents.docketEntryId, entryId));
  if (!docs.length) return null;
  let total = 0;
  for (const d of docs) {
    try {
      total += await documentPool().run('pdfPageCount', d.bytes);
    } catch {
      // A stored document that is not a readable PDF (a Word file on a bankruptcy docket)
      // cannot be compared by pages.
      return null;
    }
  }
  return total;
}

/** Two filings of one message that are one document: same bytes, or same case, stamp and pages. */
export function sameFiling(a: FilingFingerprint, b: FilingFingerprint): DuplicateOf['match'] | null {
  if (a.sha256 === b.sha256) return 'same-pdf';
  if (a.caseNumber && a.caseNumber === b.caseNumber && a.filedAt && b.filedAt && a.filedAt.getTime() === b.filedAt.getTime() && a.pageCount === b.pageCount) return 'same-stamp';
  return null;
}

/** Why a filing is taken for another one, in the clerk's words. */
export function duplicateReason(match: DuplicateOf['match'], f: FilingFingerprint, stampText: string): string {
  return match === 'same-pdf' ? 'the same PDF' : `the same case, stamp (${stampText}) and number of pages (${f.pageCount})`;
}
