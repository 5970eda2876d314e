/** The CONTRACT.md JSON result of one message, from what the store holds. */
import { asc, eq, getTableColumns } from 'drizzle-orm';
import type { Db } from '../models/db.ts';
import { messages, outbox } from '../models/schema.ts';

export async function messageResult(db: Db, messagePk: number): Promise<Record<string, unknown>> {
  // Everything but the raw bytes: a large message is not read back through the store for its answer.
  const { raw: _raw, ...columns } = getTableColumns(messages);
  const [m] = await db.select(columns).from(messages).where(eq(messages.id, messagePk));
  if (!m) throw new Error(`message ${messagePk} is not in the store`);
  const replies = await db.select().from(outbox).where(eq(outbox.messagePk, messagePk)).orderBy(asc(outbox.id));
  const base = m.result ?? { messageId: m.messageId, mailbox: m.mailboxId, disposition: m.disposition, codes: m.codes };
  // The contract's fields first, in its order, for a reader of the JSON lines.
  return {
    messageId: m.messageId,
    mailbox: m.mailboxId,
    disposition: m.disposition,
    codes: m.codes,
    ...base,
    replies: replies.map((r) => ({ kind: r.kind, to: r.toAddresses, subject: r.subject, file: r.file, status: r.status, messageId: r.messageIdHeader })),
  };
}
