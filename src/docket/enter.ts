/**
 * Docketing (P-6): the next number in the case, safe when two filings for one case are
 * entered at once — the case row is locked for the transaction, and the unique
 * (case, number) constraint is the backstop.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../models/db.ts';
import { cases, docketEntries, documents } from '../models/schema.ts';
import { sha256 } from '../intake/raw-headers.ts';

export interface NewDocument {
  description: string;
  filename: string;
  bytes: Buffer;
  contentType?: string;
}

export interface NewEntry {
  caseNumber: string;
  filedAt: Date;
  enteredAt: Date;
  text: string;
  filer?: string | null;
  messagePk?: number | null;
  /** Which attachment of the message this entry dockets (one entry per attachment, I-2). */
  attachmentKey?: string | null;
  /** The PDF as it arrived (before an I-6 split) and its pages, to recognise a resend (P-9). */
  sourceSha256?: string | null;
  pageCount?: number | null;
  documents: NewDocument[];
}

export interface EnteredDocument {
  id: number;
  part: number;
  description: string;
  filename: string;
  sha256: string;
  size: number;
  bytes: Buffer;
}

export interface Entered {
  id: number;
  caseNumber: string;
  number: number;
  filedAt: Date;
  enteredAt: Date;
  text: string;
  documents: EnteredDocument[];
}

export class CaseMissingError extends Error {
  readonly code = 'CASE_NOT_FOUND';
}

export async function enterDocket(tx: Tx, e: NewEntry): Promise<Entered> {
  const [locked] = await tx.select({ number: cases.number }).from(cases).where(eq(cases.number, e.caseNumber)).for('update');
  if (!locked) throw new CaseMissingError(`case ${e.caseNumber} is not on file`);
  if (e.messagePk != null && e.attachmentKey != null) {
    const [done] = await tx
      .select({ id: docketEntries.id })
      .from(docketEntries)
      .where(and(eq(docketEntries.messagePk, e.messagePk), eq(docketEntries.attachmentKey, e.attachmentKey)));
    if (done) throw Object.assign(new Error(`attachment ${e.attachmentKey} of message ${e.messagePk} is already docketed`), { code: 'ALREADY_DOCKETED', entryId: done.id });
  }
  const [max] = await tx
    .select({ n: sql<number>`coalesce(max(${docketEntries.number}), 0)::int` })
    .from(docketEntries)
    .where(eq(docketEntries.caseNumber, e.caseNumber));
  const number = (max?.n ?? 0) + 1;
  const [entry] = await tx
    .insert(docketEntries)
    .values({ caseNumber: e.caseNumber, number, filedAt: e.filedAt, enteredAt: e.enteredAt, text: e.text, filer: e.filer ?? null, messagePk: e.messagePk ?? null, attachmentKey: e.attachmentKey ?? null, sourceSha256: e.sourceSha256 ?? null, pageCount: e.pageCount ?? null })
    .returning({ id: docketEntries.id });
  const docs: EnteredDocument[] = [];
  for (const [part, d] of e.documents.entries()) {
    const hash = sha256(d.bytes);
    const [row] = await tx
      .insert(documents)
      .values({ docketEntryId: entry!.id, messagePk: e.messagePk ?? null, part, description: d.description, filename: d.filename, contentType: d.contentType ?? 'application/pdf', bytes: d.bytes, sha256: hash, size: d.bytes.length })
      .returning({ id: documents.id });
    docs.push({ id: row!.id, part, description: d.description, filename: d.filename, sha256: hash, size: d.bytes.length, bytes: d.bytes });
  }
  return { id: entry!.id, caseNumber: e.caseNumber, number, filedAt: e.filedAt, enteredAt: e.enteredAt, text: e.text, documents: docs };
}
