/**
 * The judges' queues of accepted proposed orders (O-12) and the clerk's marks on them:
 * `signed` when the judge signed the order, `returned` when it went back to the filer.
 * The CLI (`orders list`, `orders mark`) and the clerks' web page both call these.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { App } from '../app.ts';
import { UsageError } from '../cli/exit.ts';
import { documents, orderQueue } from '../models/schema.ts';

export type OrderMark = 'signed' | 'returned';
export const ORDER_MARKS: readonly OrderMark[] = ['signed', 'returned'];

export interface QueuedOrder {
  id: number;
  judge: string;
  caseNumber: string | null;
  debtor: string | null;
  category: string | null;
  hearingDate: string | null;
  motionDocketNumber: number | null;
  filename: string | null;
  documentId: number | null;
  messagePk: number;
  sender: string;
  status: string;
  receivedAt: Date;
  decidedAt: Date | null;
  decidedBy: string | null;
}

/** Oldest first; pending ones unless `all`. */
export async function listOrders(app: App, opts: { judge?: string; all?: boolean } = {}): Promise<QueuedOrder[]> {
  const conds = [];
  if (opts.judge) conds.push(eq(orderQueue.judge, opts.judge.toUpperCase()));
  if (!opts.all) conds.push(eq(orderQueue.status, 'pending'));
  return app.services.db
    .select({
      id: orderQueue.id,
      judge: orderQueue.judge,
      caseNumber: orderQueue.caseNumber,
      debtor: orderQueue.debtor,
      category: orderQueue.category,
      hearingDate: orderQueue.hearingDate,
      motionDocketNumber: orderQueue.motionDocketNumber,
      filename: orderQueue.filename,
      documentId: orderQueue.documentId,
      messagePk: orderQueue.messagePk,
      sender: orderQueue.sender,
      status: orderQueue.status,
      receivedAt: orderQueue.createdAt,
      decidedAt: orderQueue.decidedAt,
      decidedBy: orderQueue.decidedBy,
    })
    .from(orderQueue)
    .where(and(...conds))
    .orderBy(asc(orderQueue.createdAt), asc(orderQueue.id));
}

/** Marks a pending order signed or returned. A decided order is not marked again. */
export async function markOrder(app: App, input: { id: number; mark: OrderMark; by: string }): Promise<{ id: number; status: OrderMark }> {
  if (!ORDER_MARKS.includes(input.mark)) throw new UsageError(`an order is marked signed or returned, not "${input.mark}"`);
  const { db, clock } = app.services;
  const updated = await db
    .update(orderQueue)
    .set({ status: input.mark, decidedAt: clock.now(), decidedBy: input.by })
    .where(and(eq(orderQueue.id, input.id), eq(orderQueue.status, 'pending')))
    .returning({ id: orderQueue.id });
  if (!updated.length) {
    const [row] = await db.select({ status: orderQueue.status }).from(orderQueue).where(eq(orderQueue.id, input.id));
    throw new UsageError(row ? `order #${input.id} is already ${row.status}` : `no order #${input.id}`);
  }
  return { id: input.id, status: input.mark };
}

/** The Word file of a queued order, as it arrived. */
export async function orderDocument(app: App, id: number): Promise<{ filename: string; contentType: string; bytes: Buffer } | undefined> {
  const [row] = await app.services.db
    .select({ filename: documents.filename, contentType: documents.contentType, bytes: documents.bytes })
    .from(orderQueue)
    .innerJoin(documents, eq(documents.id, orderQueue.documentId))
    .where(eq(orderQueue.id, id));
  return row;
}
