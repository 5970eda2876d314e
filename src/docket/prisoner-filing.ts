/**
 * Docketing one prisoner filing (P-6, I-6, P-7): split a PDF over 10 MB into a main
 * document and attachments, enter it with the stamp as filed time and the arrival as
 * entered time, and serve it. Used by the clerk mailbox and by a clerk resolving an
 * exception, so both dockets look the same.
 */
import type { CourtData } from '../config/court-data.ts';
import type { Tx } from '../models/db.ts';
import { sha256 } from '../intake/raw-headers.ts';
import { documentPool } from '../documents/index.ts';
import type { Finding } from '../rules/codes.ts';
import { enterDocket, type Entered } from './enter.ts';
import { serveEntry, type Served } from './serve.ts';

export const MAX_TRANSMISSION_BYTES = 10 * 1024 * 1024;

const TITLE = /\b(COMPLAINT|AMENDED COMPLAINT|PETITION|MOTION|MEMORANDUM|NOTICE|RESPONSE|REPLY|OBJECTION|AFFIDAVIT|DECLARATION|LETTER|APPLICATION|REQUEST|BRIEF|EXHIBITS?|APPEAL|OPPOSITION|STATUS REPORT)\b[^\n]{0,100}/;

/** The document's title for the docket text, from its first page ("MOTION FOR APPOINTMENT OF COUNSEL"). */
export function documentTitle(firstPageText: string, filename: string): string {
  for (const line of firstPageText.split(/\n/)) {
    const t = line.trim();
    // Titles are set in capitals; a body sentence that mentions "motion" is not one.
    if (t.length >= 6 && t === t.toUpperCase() && TITLE.test(t)) return t.replace(/\s+/g, ' ').replace(/[.:;,]+$/, '');
  }
  const base = filename.replace(/\.pdf$/i, '').replace(/[_-]+/g, ' ').trim();
  return `PRISONER FILING${base ? ` (${base})` : ''}`;
}

export interface PrisonerFilingInput {
  court: CourtData;
  caseNumber: string;
  prisonerName: string;
  filedAt: Date;
  enteredAt: Date;
  pdf: Buffer;
  filename: string;
  title: string;
  messagePk: number | null;
  attachmentKey: string | null;
  facilityWarnings?: Finding[];
  /** Pages of the PDF, recorded to recognise a rescan of it (P-9). */
  pageCount?: number;
}

export type PrisonerFilingResult = { entry: Entered; served: Served } | { oversizePage: number };

export async function docketPrisonerFiling(tx: Tx, f: PrisonerFilingInput): Promise<PrisonerFilingResult> {
  // pdf-lib parses the whole file: in a document child like every other reader.
  const split = f.pdf.length <= MAX_TRANSMISSION_BYTES ? { parts: [f.pdf] } : await documentPool().run('splitPdf', f.pdf, MAX_TRANSMISSION_BYTES);
  if ('oversizePage' in split) return { oversizePage: split.oversizePage };
  const base = f.filename.replace(/\.pdf$/i, '');
  const documents = split.parts.map((bytes, i) => ({
    description: i === 0 ? 'Main Document' : `Attachment ${i}`,
    filename: split.parts.length === 1 ? f.filename : `${base}-part${i + 1}.pdf`,
    bytes,
  }));
  const attachmentsNote = documents.length > 1 ? ` (Attachments: ${documents.slice(1).map((_, i) => `# (${i + 1}) Continuation of Main Document`).join(', ')})` : '';
  const entry = await enterDocket(tx, {
    caseNumber: f.caseNumber,
    filedAt: f.filedAt,
    enteredAt: f.enteredAt,
    text: `${f.title} filed by ${f.prisonerName}.${attachmentsNote} (Prisoner Electronic Filing Program)`,
    filer: f.prisonerName,
    messagePk: f.messagePk,
    attachmentKey: f.attachmentKey,
    sourceSha256: sha256(f.pdf),
    pageCount: f.pageCount ?? null,
    documents,
  });
  const served = await serveEntry(tx, {
    court: f.court,
    entry,
    kind: 'prisoner-filing',
    filer: f.prisonerName,
    shortDescription: titleCase(f.title),
    now: f.enteredAt,
    facilityWarnings: f.facilityWarnings,
  });
  return { entry, served };
}

function titleCase(s: string): string {
  return s.toLowerCase().replace(/\b([a-z])/g, (c) => c.toUpperCase()).replace(/\b(Of|For|To|And|The|In|On|By)\b/g, (w) => w.toLowerCase());
}
