/**
 * Mail service (P-7, P-8): packets for parties served by U.S. Mail, and the clerk's mark
 * that a packet was mailed. The CLI (`mail-service`) and the clerks' web page both call these.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { App } from '../app.ts';
import { UsageError } from '../cli/exit.ts';
import { mailService } from '../models/schema.ts';

export interface MailServiceItem {
  id: number;
  docketEntryId: number;
  caseNumber: string;
  partyName: string;
  address: string | null;
  pages: number;
  status: string;
  createdAt: Date;
  mailedAt: Date | null;
  mailedBy: string | null;
}

const columns = {
  id: mailService.id,
  docketEntryId: mailService.docketEntryId,
  caseNumber: mailService.caseNumber,
  partyName: mailService.partyName,
  address: mailService.address,
  pages: mailService.pages,
  status: mailService.status,
  createdAt: mailService.createdAt,
  mailedAt: mailService.mailedAt,
  mailedBy: mailService.mailedBy,
};

/** Packets waiting to be printed and mailed (or every packet with `all`), oldest first. */
export async function listMailService(app: App, opts: { all?: boolean } = {}): Promise<MailServiceItem[]> {
  return app.services.db
    .select(columns)
    .from(mailService)
    .where(opts.all ? undefined : eq(mailService.status, 'pending'))
    .orderBy(asc(mailService.id));
}

/** The printable packet (cover sheet, then the document). */
export async function mailServicePacket(app: App, id: number): Promise<{ filename: string; bytes: Buffer } | undefined> {
  const [r] = await app.services.db.select({ id: mailService.id, caseNumber: mailService.caseNumber, packet: mailService.packet }).from(mailService).where(eq(mailService.id, id));
  return r && { filename: packetFilename(r.id, r.caseNumber), bytes: r.packet };
}

export const packetFilename = (id: number, caseNumber: string) => `mail-service-${id}-${caseNumber.replace(/[^\w-]+/g, '_')}.pdf`;

/** Marks pending packets mailed; returns the ids that were pending. Unknown ids are a usage error. */
export async function markMailed(app: App, input: { ids: number[]; by: string }): Promise<number[]> {
  const { db, clock } = app.services;
  if (!input.ids.length) throw new UsageError('no packet numbers given');
  const known = await db.select({ id: mailService.id }).from(mailService).where(inArray(mailService.id, input.ids));
  const missing = input.ids.filter((id) => !known.some((k) => k.id === id));
  if (missing.length) throw new UsageError(`no mail-service packet #${missing.join(', #')}`);
  const done = await db
    .update(mailService)
    .set({ status: 'mailed', mailedAt: clock.now(), mailedBy: input.by })
    .where(and(inArray(mailService.id, input.ids), eq(mailService.status, 'pending')))
    .returning({ id: mailService.id });
  return done.map((d) => d.id).sort((a, b) => a - b);
}
