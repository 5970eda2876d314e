/**
 * What a mail source (IMAP, directory) hands captured mail to, and asks what to move.
 * The store behind it decides "already captured" by `sourceRef` (I-1, I-2); the source
 * only moves mail on its server after the outcome is committed.
 */
import type { Disposition } from '../config/mailbox.ts';

export interface CaptureInput {
  mailboxId: string;
  /** `imap:<folder>:<uidValidity>:<uid>` for IMAP; unique per source position. */
  sourceRef: string;
  folder: string;
  /** UIDVALIDITY as text (imapflow gives a BigInt, which JSON cannot carry). */
  uidValidity: string;
  uid: number;
  /** The exact bytes as the server holds them. */
  raw: Buffer;
  /** When the server received the message (IMAP INTERNALDATE); absent for a file. */
  arrival?: Date;
  /** Used when there is no `arrival` and the headers give no date (a file's mtime). */
  fallbackArrival?: Date;
}

export interface PendingMove {
  sourceRef: string;
  folder: string;
  uidValidity: string;
  uid: number;
  disposition: Disposition;
}

export interface IntakeSink {
  /** Which of these source refs are already captured (stored durably). */
  knownRefs(mailboxId: string, refs: string[]): Promise<Set<string>>;
  /** Store the exact bytes durably (I-1) and hand the message to processing. Idempotent per sourceRef. Resolves only once stored. */
  capture(input: CaptureInput): Promise<void>;
  /** Messages of this mailbox whose outcome is committed but not yet moved on the server. */
  pendingMoves(mailboxId: string): Promise<PendingMove[]>;
  markMoved(mailboxId: string, sourceRef: string, target: string): Promise<void>;
}

/** The source reference of an IMAP message. */
export function imapSourceRef(folder: string, uidValidity: string, uid: number): string {
  return `imap:${folder}:${uidValidity}:${uid}`;
}
