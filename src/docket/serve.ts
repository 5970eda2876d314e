/**
 * Service of a docket entry (P-7, P-8): the NEF goes to the facility of a prisoner case
 * and to every registered party; parties without an email address are served by mail
 * with a printable packet the clerk's office sends.
 */
import { eq } from 'drizzle-orm';
import type { CourtData } from '../config/court-data.ts';
import type { Tx } from '../models/db.ts';
import { cases, facilities, mailService, parties } from '../models/schema.ts';
import { nefDrafts, type MailedParty, type NefRecipient } from '../notify/nef.ts';
import type { ReplyDraft } from '../pipeline/types.ts';
import type { Finding } from '../rules/codes.ts';
import type { Entered } from './enter.ts';
import { buildPacket } from './packet.ts';

export type EntryKind = 'prisoner-filing' | 'court-order' | 'defendant-filing' | 'other';

export interface ServeInput {
  court: CourtData;
  entry: Entered;
  kind: EntryKind;
  filer: string;
  shortDescription: string;
  now: Date;
  /** Warnings only the facility's copy of the NEF shows (I-7). */
  facilityWarnings?: Finding[];
}

export interface Served {
  replies: ReplyDraft[];
  mailServiceIds: number[];
  electronic: NefRecipient[];
  mailed: MailedParty[];
}

export async function serveEntry(tx: Tx, s: ServeInput): Promise<Served> {
  const [c] = await tx.select().from(cases).where(eq(cases.number, s.entry.caseNumber));
  if (!c) throw new Error(`case ${s.entry.caseNumber} vanished`);
  const facility = c.facilityCode ? (await tx.select().from(facilities).where(eq(facilities.code, c.facilityCode)))[0] : undefined;
  const all = await tx.select().from(parties).where(eq(parties.caseNumber, c.number));
  const prisonerName = c.prisonerName?.toLowerCase();
  const electronic: NefRecipient[] = [];
  // P-7/P-8: in a prisoner case the facility receives every NEF, for the prisoner.
  if (facility) electronic.push({ name: `${facility.name} (for ${c.prisonerName ?? 'the prisoner'})`, address: facility.nefAddress });
  for (const p of all) if (p.email) electronic.push({ name: p.name, address: p.email });

  const mailed: MailedParty[] = [];
  for (const p of all) {
    if (p.email) continue;
    const isPrisoner = prisonerName && p.name.toLowerCase() === prisonerName;
    // The prisoner's own filing is not mailed back to him; court orders are (P-8);
    // defendants mail their own filings to the prisoner (program order ¶ 7).
    if (isPrisoner && s.kind !== 'court-order') continue;
    mailed.push({ name: p.name, address: p.address });
  }

  const mailServiceIds: number[] = [];
  const filedDate = new Intl.DateTimeFormat('en-US', { timeZone: s.court.court.timezone, month: 'numeric', day: 'numeric', year: 'numeric' }).format(s.entry.filedAt);
  for (const m of mailed) {
    const packet = await buildPacket({
      courtName: s.court.court.name,
      caseNumber: c.number,
      caseName: c.title,
      party: m,
      entry: { number: s.entry.number, text: s.entry.text, filedDate },
      documents: s.entry.documents.map((d) => ({ description: d.part === 0 ? 'Main Document' : `Attachment ${d.part}`, bytes: d.bytes })),
    });
    const [row] = await tx
      .insert(mailService)
      .values({ docketEntryId: s.entry.id, caseNumber: c.number, partyName: m.name, address: m.address, packet: packet.pdf, pages: packet.pages, createdAt: s.now })
      .onConflictDoNothing()
      .returning({ id: mailService.id });
    if (row) mailServiceIds.push(row.id);
  }

  const replies = nefDrafts({
    court: s.court,
    caseNumber: c.number,
    caseName: c.title,
    entry: s.entry,
    enteredBy: 'Clerk’s Office',
    filer: s.filer,
    shortDescription: s.shortDescription,
    electronic,
    mailed,
    warningsFor: facility && s.facilityWarnings?.length ? { address: facility.nefAddress, findings: s.facilityWarnings } : undefined,
  });
  return { replies, mailServiceIds, electronic, mailed };
}
