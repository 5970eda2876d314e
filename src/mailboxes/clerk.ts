/**
 * `clerk` mailbox: prisoner filings from facilities (SPEC §3). This handler applies the
 * sender and attachment rules (P-1, P-2, I-5); reading the date stamp and docketing
 * (P-3..P-8) build on it.
 */
import type { CourtData, Facility } from '../config/court-data.ts';
import type { Decision, MessageContext } from '../pipeline/types.ts';
import type { Finding } from '../rules/codes.ts';
import { storeAttachments, unreadableFindings } from './attachments.ts';
import { decide } from './decide.ts';

/** P-1: a sender is a facility's when its address, or its "@domain", is listed. */
export function facilityOf(court: CourtData, address: string | undefined | null): Facility | undefined {
  if (!address) return undefined;
  const addr = address.toLowerCase();
  const domain = addr.slice(addr.lastIndexOf('@'));
  return court.facilities.find((f) => f.senders.some((s) => s === addr || (s.startsWith('@') && s === domain)));
}

export async function clerkRules(ctx: MessageContext, court: CourtData): Promise<Decision> {
  const msg = ctx.parsed!;
  const findings: Finding[] = [];
  const facility = facilityOf(court, msg.from?.address);
  if (!facility) findings.push({ code: 'SENDER_NOT_FACILITY', rule: 'P-1', detail: `sent from ${msg.from?.address ?? 'an unknown address'}` });

  const pdfs = msg.attachments.filter((a) => a.type === 'pdf');
  for (const a of msg.attachments.filter((a) => a.type !== 'pdf')) {
    findings.push({ code: 'NOT_PDF', rule: 'P-2', attachment: a.filename, detail: `${a.filename} is not a PDF` });
  }
  if (pdfs.length === 0) findings.push({ code: 'NO_PDF_ATTACHMENT', rule: 'P-2' });
  findings.push(...unreadableFindings(pdfs));

  const readable = pdfs.filter((a) => !a.unreadable);
  const filings = pdfs.map((a) => ({ attachment: a.filename, disposition: 'accepted', codes: findings.filter((f) => f.attachment === a.filename).map((f) => f.code) }));
  return decide(ctx, court, findings, {
    success: 'accepted',
    headline: `The Clerk’s Office received ${readable.length === 1 ? 'one filing' : `${readable.length} filings`} from ${facility?.name ?? 'your facility'}.`,
    whatNext: 'A clerk will docket each filing with the date on its facility stamp; a Notice of Electronic Filing follows for each.',
    items: readable.map((a) => a.filename),
    result: { filings },
    apply: async (tx, messagePk) => {
      await storeAttachments(tx, messagePk, 'Filing', readable);
    },
  });
}
