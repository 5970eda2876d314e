/**
 * What waits for a clerk: the open exceptions (the CLI's `exceptions list` and the web
 * page list the same rows), and what a clerk looks at to settle a prisoner filing —
 * the stamp crop and page 1 of the filing as the intake saw it.
 */
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../models/db.ts';
import { exceptions, messages } from '../models/schema.ts';
import { parseMessage } from '../parsers/message.ts';
import { documentPool } from '../documents/index.ts';

export interface OpenException {
  id: number;
  code: string;
  messagePk: number | null;
  mailbox: string;
  sender: string | null;
  caseNumber: string | null;
  detail: string | null;
  createdAt: Date;
  hasImage: boolean;
  /** Index of the PDF attachment the exception is about, when it is about a filing. */
  attachmentIndex: number | null;
  /** Every code the filing raised (e.g. STAMP_UNREADABLE and NEW_CASE together). */
  codes: string[];
}

/** Open exceptions, oldest first. */
export async function listOpenExceptions(db: Db): Promise<OpenException[]> {
  const rows = await db
    .select({ id: exceptions.id, code: exceptions.code, messagePk: exceptions.messagePk, mailbox: exceptions.mailboxId, sender: exceptions.sender, caseNumber: exceptions.caseNumber, detail: exceptions.detail, createdAt: exceptions.createdAt, data: exceptions.data, image: exceptions.image })
    .from(exceptions)
    .where(eq(exceptions.status, 'open'))
    .orderBy(asc(exceptions.createdAt), asc(exceptions.id));
  return rows.map(({ data, image, ...r }) => {
    const d = (data ?? {}) as { attachmentIndex?: number; codes?: string[] };
    return { ...r, hasImage: !!image?.length, attachmentIndex: d.attachmentIndex ?? null, codes: d.codes ?? [r.code] };
  });
}

/** The stamp crop stored with the exception (PNG), if any. */
export async function exceptionImage(db: Db, id: number): Promise<Buffer | undefined> {
  const [r] = await db.select({ image: exceptions.image }).from(exceptions).where(eq(exceptions.id, id));
  return r?.image?.length ? r.image : undefined;
}

/** The PDF attachment an exception is about, re-read from the stored raw message (as resolve does). */
export async function exceptionAttachment(db: Db, id: number): Promise<{ filename: string; bytes: Buffer } | undefined> {
  const [ex] = await db.select({ messagePk: exceptions.messagePk, data: exceptions.data }).from(exceptions).where(eq(exceptions.id, id));
  const index = (ex?.data as { attachmentIndex?: number } | null)?.attachmentIndex;
  if (!ex?.messagePk || index === undefined) return undefined;
  const [msg] = await db.select({ raw: messages.raw }).from(messages).where(eq(messages.id, ex.messagePk));
  if (!msg) return undefined;
  const parsed = await parseMessage(msg.raw);
  const a = parsed.attachments[index];
  return a && { filename: a.filename, bytes: a.bytes };
}

/** Page 1 of the filing as a PNG at `dpi`; undefined when the exception has no readable PDF. */
export async function exceptionPagePng(db: Db, id: number, dpi = 90): Promise<Buffer | undefined> {
  const a = await exceptionAttachment(db, id);
  if (!a) return undefined;
  try {
    return await documentPool().run('renderPagePng', a.bytes, 1, dpi);
  } catch (err) {
    // Unreadable, or not safely readable: the desk shows the exception without the page.
    if ((err as { code?: unknown }).code === 'ATTACHMENT_UNREADABLE') return undefined;
    throw err;
  }
}
