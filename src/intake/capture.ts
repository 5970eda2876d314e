/**
 * Capture (I-1): the exact bytes of a message are stored, with where they came from, in
 * one transaction, before anything else happens to the message on its server. The same
 * mail seen again (another UID, another folder, the same file twice) maps to the one
 * stored message by its dedupe key (I-2).
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Disposition } from '../config/mailbox.ts';
import { crashPoint } from '../crash-points.ts';
import type { Db } from '../models/db.ts';
import { messageEvents, messageSources, messages } from '../models/schema.ts';
import { boundedMessageId, storableTx } from '../models/storable.ts';
import { dedupeKey, headerArrival, headerMessageId, readHeaders, sha256 } from './raw-headers.ts';
import type { CaptureInput, IntakeSink, PendingMove } from './sink.ts';

export interface CaptureResult {
  messagePk: number;
  /** False when this mail was already captured (from this source or another). */
  created: boolean;
  status: string;
}

export interface StoreCaptureInput {
  mailboxId: string;
  sourceRef: string;
  folder: string;
  uidValidity?: string | null;
  uid?: number | null;
  raw: Buffer;
  /** Arrival as the server saw it; else taken from the headers, else `fallbackArrival`. */
  arrival?: Date | null;
  fallbackArrival: Date;
}

export async function captureMessage(db: Db, input: StoreCaptureInput): Promise<CaptureResult> {
  const headers = readHeaders(input.raw);
  const key = dedupeKey(input.raw);
  const arrival = input.arrival ?? headerArrival(headers) ?? input.fallbackArrival;
  // The Message-ID is indexed: a huge one is kept bounded (prefix and hash, the same for the
  // same value), the whole header stays in `raw`. Identity is the dedupe key, not the id.
  const messageId = headerMessageId(headers);
  return db.transaction(async (dbTx) => {
    const tx = storableTx(dbTx);
    const inserted = await tx
      .insert(messages)
      .values({
        mailboxId: input.mailboxId,
        dedupeKey: key,
        sha256: sha256(input.raw),
        messageId: messageId && boundedMessageId(messageId),
        raw: input.raw,
        size: input.raw.length,
        arrivalAt: arrival,
      })
      .onConflictDoNothing()
      .returning({ id: messages.id, status: messages.status });
    let row = inserted[0];
    const created = !!row;
    if (!row) {
      [row] = await tx
        .select({ id: messages.id, status: messages.status })
        .from(messages)
        .where(and(eq(messages.mailboxId, input.mailboxId), eq(messages.dedupeKey, key)));
    }
    if (!row) throw new Error('captured message vanished');
    const src = await tx
      .insert(messageSources)
      .values({
        mailboxId: input.mailboxId,
        sourceRef: input.sourceRef,
        folder: input.folder,
        uidValidity: input.uidValidity ?? null,
        uid: input.uid ?? null,
        messagePk: row.id,
      })
      .onConflictDoNothing()
      .returning({ id: messageSources.id });
    if (src.length) {
      await tx.insert(messageEvents).values({ messagePk: row.id, step: created ? 'captured' : 'seen-again', detail: { sourceRef: input.sourceRef } });
    }
    return { messagePk: row.id, created, status: row.status };
  });
}

/** The IntakeSink the mail sources talk to: capture, then hand the message to processing. */
export function createIntakeSink(db: Db, onCaptured: (messagePk: number, result: CaptureResult) => Promise<void> | void): IntakeSink {
  return {
    async knownRefs(mailboxId, refs) {
      if (!refs.length) return new Set();
      const known = new Set<string>();
      for (let i = 0; i < refs.length; i += 500) {
        const rows = await db
          .select({ ref: messageSources.sourceRef })
          .from(messageSources)
          .where(and(eq(messageSources.mailboxId, mailboxId), inArray(messageSources.sourceRef, refs.slice(i, i + 500))));
        for (const r of rows) known.add(r.ref);
      }
      return known;
    },
    async capture(input: CaptureInput) {
      const result = await captureMessage(db, { ...input, fallbackArrival: input.fallbackArrival ?? input.arrival ?? new Date() });
      crashPoint('after-capture');
      await onCaptured(result.messagePk, result);
    },
    async pendingMoves(mailboxId): Promise<PendingMove[]> {
      const rows = await db
        .select({
          sourceRef: messageSources.sourceRef,
          folder: messageSources.folder,
          uidValidity: messageSources.uidValidity,
          uid: messageSources.uid,
          disposition: messages.disposition,
        })
        .from(messageSources)
        .innerJoin(messages, eq(messages.id, messageSources.messagePk))
        .where(and(eq(messageSources.mailboxId, mailboxId), isNull(messageSources.movedAt), eq(messages.status, 'done')));
      if (rows.length) crashPoint('before-move');
      return rows.map((r) => ({ sourceRef: r.sourceRef, folder: r.folder, uidValidity: r.uidValidity ?? '', uid: r.uid ?? 0, disposition: (r.disposition ?? 'exception') as Disposition }));
    },
    async markMoved(mailboxId, sourceRef, target) {
      await db
        .update(messageSources)
        .set({ movedTo: target, movedAt: sql`now()` })
        .where(and(eq(messageSources.mailboxId, mailboxId), eq(messageSources.sourceRef, sourceRef)));
    },
  };
}

/** Messages captured but not yet decided: re-enqueued at start so nothing waits forever (I-1). */
export async function undecidedMessages(db: Db): Promise<number[]> {
  const rows = await db.select({ id: messages.id }).from(messages).where(eq(messages.status, 'captured')).orderBy(messages.id);
  return rows.map((r) => r.id);
}
