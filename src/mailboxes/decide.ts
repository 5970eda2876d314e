/**
 * Turns findings into a decision, the same way for every mailbox: any defect rejects the
 * submission with one notice listing every defect (O-12, N-2); else any exception waits
 * for a clerk; else the mailbox's own success outcome. Warnings travel along.
 */
import type { CourtData } from '../config/court-data.ts';
import type { Disposition } from '../config/mailbox.ts';
import type { MessageContext, Decision, ExceptionDraft, ReplyDraft } from '../pipeline/types.ts';
import { findingInfo, type Finding } from '../rules/codes.ts';

export function findingView(f: Finding) {
  const info = findingInfo(f);
  return { code: f.code, rule: f.rule, detail: f.detail, attachment: f.attachment, sentence: info.sentence, citation: info.citation, next: info.next };
}

export const byKind = (findings: Finding[], kind: string) => findings.filter((f) => findingInfo(f).kind === kind);

function fmt(d: Date | null | undefined, tz: string): string {
  if (!d) return '(unknown)';
  return d.toLocaleString('en-US', { timeZone: tz, dateStyle: 'medium', timeStyle: 'short' }) + ` (${tz})`;
}

export function baseContext(ctx: MessageContext, court: CourtData): Record<string, unknown> {
  const p = ctx.parsed;
  return {
    court: court.court,
    mailbox: { id: ctx.mailbox.id, address: ctx.mailbox.address },
    original: {
      subject: p?.subject || '(no subject)',
      messageId: ctx.messageId ?? '(none)',
      date: fmt(p?.date, court.court.timezone),
      arrival: fmt(ctx.arrival, court.court.timezone),
    },
  };
}

function replySubject(prefix: string, ctx: MessageContext): string {
  const s = ctx.parsed?.subject?.trim();
  return s ? `${prefix}: ${s}` : prefix;
}

/**
 * The address an answer goes to, if any may be sent at all: the From address the rules
 * checked, never Reply-To (which anyone may point elsewhere: a rejection or an NEF must
 * reach the sender who was checked, not a third party).
 */
export function senderAddress(ctx: MessageContext): string | null {
  return ctx.parsed?.from?.address ?? null;
}

export function rejectionReply(ctx: MessageContext, court: CourtData, findings: Finding[], extra: Record<string, unknown> = {}): ReplyDraft | null {
  const to = senderAddress(ctx);
  if (!to) return null;
  return {
    kind: 'rejection',
    to: [to],
    subject: replySubject('Rejected', ctx),
    template: 'rejection',
    rateLimited: true,
    context: {
      ...baseContext(ctx, court),
      findings: byKind(findings, 'defect').map(findingView),
      warnings: byKind(findings, 'warning').map(findingView),
      ...extra,
    },
  };
}

export function acknowledgementReply(
  ctx: MessageContext,
  court: CourtData,
  opts: { headline: string; whatNext: string; items?: string[]; findings?: Finding[] },
): ReplyDraft | null {
  const to = senderAddress(ctx);
  if (!to) return null;
  return {
    kind: 'acknowledgement',
    to: [to],
    subject: replySubject('Received', ctx),
    template: 'acknowledgement',
    rateLimited: true,
    context: {
      ...baseContext(ctx, court),
      headline: opts.headline,
      whatNext: opts.whatNext,
      items: opts.items ?? [],
      warnings: byKind(opts.findings ?? [], 'warning').map(findingView),
    },
  };
}

export interface Outcome {
  /** Disposition when nothing is wrong. */
  success: Disposition;
  headline: string;
  whatNext: string;
  items?: string[];
  result?: Record<string, unknown>;
  apply?: Decision['apply'];
  /** Extra template fields for a rejection (e.g. the subject forms of O-1). */
  rejectionExtra?: Record<string, unknown>;
}

export function decide(ctx: MessageContext, court: CourtData, findings: Finding[], outcome: Outcome): Decision {
  const defects = byKind(findings, 'defect');
  const exceptionFindings = byKind(findings, 'exception');
  if (defects.length) {
    const reply = rejectionReply(ctx, court, findings, outcome.rejectionExtra);
    return { disposition: 'rejected', findings, result: outcome.result, replies: reply ? [reply] : [], exceptions: [] };
  }
  if (exceptionFindings.length) {
    const sender = senderAddress(ctx) ?? undefined;
    const exceptions: ExceptionDraft[] = exceptionFindings.map((f, i) => ({ code: f.code, ref: f.attachment ?? String(i), detail: f.detail, data: { rule: f.rule, sender } }));
    const reply = acknowledgementReply(ctx, court, {
      headline: `Your message to ${ctx.mailbox.address} was received.`,
      whatNext: 'A clerk will review it before anything is filed; you will hear from the Clerk’s Office if anything more is needed.',
      findings,
    });
    return { disposition: 'exception', findings, result: outcome.result, replies: reply ? [reply] : [], exceptions };
  }
  const reply = acknowledgementReply(ctx, court, { headline: outcome.headline, whatNext: outcome.whatNext, items: outcome.items, findings });
  return { disposition: outcome.success, findings, result: outcome.result, replies: reply ? [reply] : [], exceptions: [], apply: outcome.apply };
}
