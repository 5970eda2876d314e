/**
 * The clerks' exception digest (N-4): every open exception, grouped by code with
 * `PASSWORD_COMPROMISE` first (R-7: urgent), oldest first within a group, each with its
 * age, sender, case, detail and a link to the clerks' page; stamp crops travel as inline
 * images (`cid:` parts of the mail — the only notice with image parts). Nothing new since
 * the last digest → no mail.
 *
 * `buildDigest` is a pure read of the store at `now`; `sendDigest` is the one service the
 * `digest --send` command and the schedule both call.
 */
import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { App } from '../app.ts';
import type { Db, Tx } from '../models/db.ts';
import { exceptions, outbox } from '../models/schema.ts';
import type { ReplyDraft } from '../pipeline/types.ts';
import { CODES, isCode } from '../rules/codes.ts';
import { queueReply } from './outbox.ts';
import { renderTemplate } from './templates.ts';

/** a possibly compromised password is urgent and heads the digest. */
export const URGENT_CODES: readonly string[] = ['PASSWORD_COMPROMISE'];

/**
 * Inline images are bounded so one bad morning (a scanner misfeeding a hundred stamps)
 * cannot make a digest too large to deliver; the rest are a click away on the page.
 */
const MAX_INLINE_IMAGES = 40;
const MAX_INLINE_BYTES = 4 * 1024 * 1024;
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface DigestItem {
  id: number;
  /** "3 h", "2 days": how long the exception has waited. */
  age: string;
  /** When it was raised, in the court's time zone. */
  since: string;
  sender: string;
  caseNumber: string | null;
  detail: string | null;
  mailbox: string;
  /** Not in any earlier digest. */
  isNew: boolean;
  link?: string;
  /** Content-ID of the stamp crop attached inline (`cid:` in the HTML). */
  imageCid?: string;
  /** A crop exists but was left out of the mail (size bound): see the page. */
  imageOmitted?: boolean;
}

export interface DigestGroup {
  code: string;
  sentence: string;
  urgent: boolean;
  /** Notices for information (I-7 privacy warnings): listed once, nothing to resolve. */
  notice: boolean;
  items: DigestItem[];
}

export interface Digest {
  total: number;
  newCount: number;
  /** Ids of the exceptions not in any earlier digest. */
  newIds: number[];
  groups: DigestGroup[];
  /** Privacy warnings on filings that went ahead (I-7), new since the last digest. */
  noticeGroups: DigestGroup[];
  text: string;
  html: string;
  /** Inline image parts, referenced from the HTML by `cid:`. */
  attachments: NonNullable<ReplyDraft['attachments']>;
}

export interface DigestOptions {
  courtName: string;
  /** The court's time zone, for the "since" times (SPEC: America/New_York). */
  timezone: string;
  now: Date;
  /** The clerks' web page; each item links to `${baseUrl}/exceptions/${id}`. */
  baseUrl?: string;
}

export function formatAge(from: Date, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - from.getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.floor(hours / 24)} days`;
}

export const exceptionLink = (baseUrl: string, id: number) => `${baseUrl.replace(/\/+$/, '')}/exceptions/${id}`;
export const cropCid = (id: number) => `stamp-crop-${id}@court-intake`;

function formatSince(d: Date, tz: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: tz, dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** Urgent groups first; the others by their oldest item, so the longest wait comes next. */
function orderGroups(groups: DigestGroup[]): DigestGroup[] {
  const rank = (g: DigestGroup) => (g.urgent ? URGENT_CODES.indexOf(g.code) : URGENT_CODES.length);
  // Items arrive oldest first, so insertion order already sorts the non-urgent groups.
  return groups.map((g, i) => ({ g, i })).sort((a, b) => rank(a.g) - rank(b.g) || a.i - b.i).map((x) => x.g);
}

/** Reads every open exception and renders the digest. Writes nothing. */
export async function buildDigest(db: Db | Tx, opts: DigestOptions): Promise<Digest> {
  // Open exceptions, every time until resolved; notices (I-7 privacy warnings) once.
  const rows = await db
    .select()
    .from(exceptions)
    .where(or(eq(exceptions.status, 'open'), and(eq(exceptions.status, 'notice'), isNull(exceptions.digestedAt))))
    .orderBy(asc(exceptions.createdAt), asc(exceptions.id));
  const open = rows.filter((e) => e.status === 'open');
  const notices = rows.filter((e) => e.status === 'notice');
  const byCode = new Map<string, DigestGroup>();
  const attachments: Digest['attachments'] = [];
  let inlineBytes = 0;
  for (const e of [...open, ...notices]) {
    const key = `${e.status}:${e.code}`;
    let g = byCode.get(key);
    if (!g) byCode.set(key, (g = { code: e.code, sentence: isCode(e.code) ? CODES[e.code].sentence : e.code, urgent: URGENT_CODES.includes(e.code), notice: e.status === 'notice', items: [] }));
    const item: DigestItem = {
      id: e.id,
      age: formatAge(e.createdAt, opts.now),
      since: formatSince(e.createdAt, opts.timezone),
      sender: e.sender ?? '(unknown)',
      caseNumber: e.caseNumber,
      detail: e.detail,
      mailbox: e.mailboxId,
      isNew: !e.digestedAt,
      link: opts.baseUrl ? exceptionLink(opts.baseUrl, e.id) : undefined,
    };
    // Only PNG crops are inlined: the image column holds what the stamp reader cropped.
    if (e.image?.length && e.image.subarray(0, 8).equals(PNG_MAGIC)) {
      if (attachments.length < MAX_INLINE_IMAGES && inlineBytes + e.image.length <= MAX_INLINE_BYTES) {
        item.imageCid = cropCid(e.id);
        attachments.push({ filename: `stamp-crop-${e.id}.png`, content: e.image, contentType: 'image/png', cid: item.imageCid });
        inlineBytes += e.image.length;
      } else {
        item.imageOmitted = true;
      }
    }
    g.items.push(item);
  }
  const all = orderGroups([...byCode.values()]);
  const groups = all.filter((g) => !g.notice);
  const noticeGroups = all.filter((g) => g.notice);
  const newIds = rows.filter((e) => !e.digestedAt).map((e) => e.id);
  const context = { court: { name: opts.courtName }, total: open.length, newCount: newIds.length, groups, noticeGroups, baseUrl: opts.baseUrl };
  const { text, html } = renderTemplate('digest', context);
  return { total: open.length, newCount: newIds.length, newIds, groups, noticeGroups, text, html, attachments };
}

export type SendDigestResult =
  | { status: 'nothing-new'; total: number }
  | { status: 'no-recipients'; total: number; newCount: number }
  | {
      status: 'sent' | 'queued';
      total: number;
      newCount: number;
      recipients: string[];
      outboxId: number;
      messageId: string;
      /** Why it is only queued (the outbox retries it). */
      error?: string;
    };

/**
 * Sends the digest if anything is new since the last one, and marks what it listed as
 * digested, in one transaction: the new exceptions are locked while the digest is queued,
 * so two senders at once (the schedule and a clerk's `digest --send`) send one digest.
 * The mail itself goes through the outbox like every reply (N-5: retried, never twice).
 */
export async function sendDigest(app: App, now: Date): Promise<SendDigestResult> {
  const { config, court } = app;
  const recipients = [...config.digest.recipients];
  const courtInfo = court.data.court;
  const mailbox = [...app.services.mailboxes.values()].find((m) => m.kind === 'clerk') ?? [...app.services.mailboxes.values()][0];
  if (!mailbox) throw new Error('sendDigest: the court data has no mailbox to send from');
  const log = app.services.logger.child({ component: 'digest' });

  const queued = await app.store.db.transaction(async (tx) => {
    // Lock the rows not yet in a digest; a concurrent sender waits here, then sees them digested.
    const fresh = await tx
      .select({ id: exceptions.id })
      .from(exceptions)
      .where(and(or(eq(exceptions.status, 'open'), eq(exceptions.status, 'notice')), isNull(exceptions.digestedAt)))
      .for('update');
    if (!fresh.length) return { status: 'nothing-new' as const, total: await countOpen(tx) };
    const digest = await buildDigest(tx, { courtName: courtInfo.name, timezone: courtInfo.timezone, now, baseUrl: config.digest.baseUrl });
    if (!recipients.length) return { status: 'no-recipients' as const, total: digest.total, newCount: digest.newCount };
    const ids = fresh.map((r) => r.id).sort((a, b) => a - b);
    // One digest per instant and set of new exceptions: the Message-ID repeats these, never another digest's.
    const ref = `digest-${now.toISOString()}-${createHash('sha256').update(ids.join(',')).digest('hex').slice(0, 12)}`;
    const outcome = await queueReply(tx, {
      messagePk: null,
      mailbox,
      courtName: courtInfo.name,
      draft: {
        kind: 'digest',
        ref,
        to: recipients,
        subject: `${digest.groups.some((g) => g.urgent) ? 'URGENT — ' : ''}Exceptions digest: ${digest.total} open, ${digest.newCount} new`,
        template: 'digest',
        context: { court: { name: courtInfo.name }, total: digest.total, newCount: digest.newCount, groups: digest.groups, noticeGroups: digest.noticeGroups, baseUrl: config.digest.baseUrl },
        rateLimited: false,
        attachments: digest.attachments,
      },
      thread: { messageId: null, references: [] },
      now,
      rateLimit: config.replyRateLimit,
    });
    if (outcome === 'duplicate') return { status: 'nothing-new' as const, total: digest.total };
    await tx.update(exceptions).set({ digestedAt: now }).where(inArray(exceptions.id, ids));
    const [row] = await tx.select({ id: outbox.id, messageId: outbox.messageIdHeader }).from(outbox).where(and(eq(outbox.kind, 'digest'), eq(outbox.ref, ref)));
    return { status: 'queued' as const, total: digest.total, newCount: digest.newCount, recipients, outboxId: row!.id, messageId: row!.messageId };
  });

  if (queued.status !== 'queued') {
    if (queued.status === 'no-recipients') log.warn({ newCount: queued.newCount }, 'digest not sent: no recipients configured (digest.recipients)');
    return queued;
  }
  // Sent now rather than at the next outbox sweep, so the caller can say what happened.
  await app.outbox.flush().catch((err) => log.warn({ err }, 'outbox flush failed; the sweeper retries'));
  const [row] = await app.store.db.select({ status: outbox.status, lastError: outbox.lastError }).from(outbox).where(eq(outbox.id, queued.outboxId));
  const sent = row?.status === 'sent';
  log.info({ total: queued.total, newCount: queued.newCount, recipients, outboxId: queued.outboxId, sent }, sent ? 'digest sent' : 'digest queued; the outbox retries it');
  return { ...queued, status: sent ? 'sent' : 'queued', ...(sent ? {} : { error: row?.lastError ?? undefined }) };
}

async function countOpen(db: Db | Tx): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(exceptions).where(eq(exceptions.status, 'open'));
  return row?.n ?? 0;
}
