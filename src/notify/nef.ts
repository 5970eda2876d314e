/**
 * The Notice of Electronic Filing (N-1), in CM/ECF's layout and labels, which parsers of
 * real NEFs rely on (reference/nef/): one message per recipient so each is sent, retried
 * and recorded on its own.
 */
import type { CourtData } from '../config/court-data.ts';
import type { Entered } from '../docket/enter.ts';
import type { ReplyDraft } from '../pipeline/types.ts';
import type { Finding } from '../rules/codes.ts';
import { findingView } from '../mailboxes/decide.ts';

export interface NefRecipient {
  name: string;
  address: string;
}

export interface MailedParty {
  name: string;
  address: string | null;
}

export interface NefInput {
  court: CourtData;
  caseNumber: string;
  caseName: string;
  entry: Entered;
  /** Who entered the transaction: the clerk's office for what the intake dockets. */
  enteredBy: string;
  filer: string;
  /** Short description for the subject, e.g. "Motion for Appointment of Counsel". */
  shortDescription: string;
  electronic: NefRecipient[];
  mailed: MailedParty[];
  /** Warnings only the filer's copy shows (I-7), keyed by recipient address. */
  warningsFor?: { address: string; findings: Finding[] };
  thread?: { messageId: string | null; references: string[] };
  ecfBaseUrl?: string;
}

function localParts(d: Date, tz: string) {
  const date = new Intl.DateTimeFormat('en-US', { timeZone: tz, month: 'numeric', day: 'numeric', year: 'numeric' }).format(d);
  const time = new Intl.DateTimeFormat('en-US', { timeZone: tz, hour: 'numeric', minute: '2-digit', hour12: true, timeZoneName: 'short' }).format(d);
  return { date, time: time.replace(/\u202f/g, ' ') };
}

/** CM/ECF's electronic document stamp, carrying the SHA-256 of the stored PDF. */
export function documentStamp(entry: Entered, part: number, sha: string, tz: string): string {
  return `[STAMP dcecfStamp_ID=${entry.id} [Date=${localParts(entry.enteredAt, tz).date}] [FileNumber=${entry.id}-${part}] [${sha}]]`;
}

function courtLines(court: CourtData, caseNumber: string): [string, string] {
  const bankruptcy = /^\d{2}-\d{5}$/.test(caseNumber);
  return [bankruptcy ? 'U.S. Bankruptcy Court' : 'U.S. District Court', court.court.name.match(/District of [A-Z][A-Za-z ]+$/)?.[0] ?? court.court.name];
}

export function nefDrafts(input: NefInput): ReplyDraft[] {
  const tz = input.court.court.timezone;
  const entered = localParts(input.entry.enteredAt, tz);
  const filed = localParts(input.entry.filedAt, tz);
  const base = (input.ecfBaseUrl ?? 'https://ecf.invalid').replace(/\/$/, '');
  const [courtLine1, courtLine2] = courtLines(input.court, input.caseNumber);
  const context = {
    courtLine1,
    courtLine2,
    enteredBy: input.enteredBy,
    enteredDate: entered.date,
    enteredTime: entered.time,
    filedDate: filed.date,
    caseName: input.caseName,
    caseNumber: input.caseNumber,
    caseUrl: `${base}/cgi-bin/DktRpt.pl?${encodeURIComponent(input.caseNumber)}`,
    filer: input.filer,
    documentNumber: input.entry.number,
    documentUrl: `${base}/doc1/${input.entry.id}`,
    docketText: input.entry.text,
    electronic: input.electronic,
    mailed: input.mailed.map((m) => ({ name: m.name, addressLines: (m.address ?? '').split(/\s*(?:\n|;)\s*/).filter(Boolean) })),
    documents: input.entry.documents.map((d) => ({
      description: d.part === 0 ? 'Main Document' : `Attachment ${d.part}`,
      filename: d.filename,
      stamp: documentStamp(input.entry, d.part, d.sha256, tz),
    })),
  };
  const subject = `Activity in Case ${input.caseNumber} ${input.caseName} ${input.shortDescription}`;
  const seen = new Set<string>();
  const drafts: ReplyDraft[] = [];
  for (const r of input.electronic) {
    const address = r.address.toLowerCase();
    if (seen.has(address)) continue;
    seen.add(address);
    const warnings = input.warningsFor?.address.toLowerCase() === address ? input.warningsFor.findings.map(findingView) : [];
    drafts.push({ kind: 'nef', ref: `entry-${input.entry.id}`, to: [address], subject, template: 'nef', context: { ...context, warnings }, rateLimited: false });
  }
  return drafts;
}
