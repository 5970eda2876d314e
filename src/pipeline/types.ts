/** The shapes passed along a message's journey (capture → parse → guard → rules → commit → notify). */
import type { CourtData } from '../config/court-data.ts';
import type { Disposition, MailboxConfig } from '../config/mailbox.ts';
import type { Logger } from '../log.ts';
import type { Db, Tx } from '../models/db.ts';
import type { ParsedMessage } from '../parsers/types.ts';
import type { Code, Finding } from '../rules/codes.ts';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface Services {
  db: Db;
  court: CourtData;
  mailboxes: ReadonlyMap<string, MailboxConfig>;
  /** The bot's own addresses: mail from them is never answered (I-3). */
  ownAddresses: readonly string[];
  logger: Logger;
  /** Wall clock for operations (retries, leases); rules take time from the message. */
  clock: Clock;
  replyRateLimit: { max: number; windowMinutes: number };
  /** P-4: a stamp older than this, against the arrival, is implausible. */
  stampMaxAgeDays: number;
  maxMessageBytes: number;
}

/** `digest` is the clerks' exception digest (N-4), the only mail not answering a message. */
export type ReplyKind = 'rejection' | 'acknowledgement' | 'nef' | 'notice' | 'digest';

export interface ReplyDraft {
  kind: ReplyKind;
  /** Distinguishes several replies of one kind to one message (e.g. one NEF per docket entry). */
  ref?: string;
  to: string[];
  subject: string;
  template: string;
  context: Record<string, unknown>;
  /** Replies to the sender count against the per-recipient rate limit (I-3); NEFs do not. */
  rateLimited: boolean;
  attachments?: { filename: string; content: Buffer; contentType: string; cid?: string }[];
}

export interface ExceptionDraft {
  code: Code;
  /** `notice`: for the clerks' information only (listed once in the digest), nothing to resolve. */
  status?: 'open' | 'notice';
  ref?: string;
  detail?: string;
  caseNumber?: string;
  data?: Record<string, unknown>;
  image?: Buffer;
}

/** What a mailbox's rules decided. Decisions are data; `apply` writes their effects in the commit transaction. */
export interface Decision {
  disposition: Disposition;
  findings: Finding[];
  /** Extra fields of the CONTRACT.md JSON result (`filings`, `order`, `registration`). */
  result?: Record<string, unknown>;
  replies: ReplyDraft[];
  exceptions: ExceptionDraft[];
  apply?: (tx: Tx, messagePk: number) => Promise<ApplyOutcome | void>;
}

/** What applying a decision adds once its rows exist (docket numbers, NEFs naming them). */
export interface ApplyOutcome {
  replies?: ReplyDraft[];
  result?: Record<string, unknown>;
  /** Found only while applying (e.g. a PDF that cannot be split, I-6). */
  findings?: Finding[];
  exceptions?: ExceptionDraft[];
  disposition?: Disposition;
}

export interface MessageContext {
  pk: number;
  mailbox: MailboxConfig;
  raw: Buffer;
  /** The message's arrival: the "now" of every rule (time is an input). */
  arrival: Date;
  messageId: string | null;
  parsed?: ParsedMessage;
  decision?: Decision;
  log: Logger;
  trail: { step: string; ms: number; detail?: Record<string, unknown> }[];
}

/** One step of the journey: reads the context, may set `decision` to end the rules early. */
export interface Step {
  name: string;
  run(ctx: MessageContext, services: Services): Promise<void>;
}
