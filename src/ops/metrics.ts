/**
 * `/metrics` in Prometheus text format (exposition format 0.0.4): messages by mailbox and
 * disposition, queue depth, OCR seconds, replies sent and failed, mailbox connections.
 *
 * Written by hand rather than with prom-client: every number except OCR time is read
 * from the store or the queue at scrape time — the database is the record of what
 * happened, shared by every process — so there are no in-process counters to keep, and a
 * registry would only add a dependency to format a dozen lines. The format rules that
 * matter (HELP/TYPE once per family, label value escaping) are in `family()` below.
 */
import { eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { App } from '../app.ts';
import { exceptions, messages, outbox } from '../models/schema.ts';
import { documentPool } from '../documents/index.ts';
import { bounded, type MailboxStatusSource } from './health.ts';

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** A queue that cannot answer (Redis down) must not hang the scrape. */
const QUEUE_TIMEOUT_MS = 2000;

type Labels = Record<string, string>;
interface Sample {
  suffix?: string;
  labels?: Labels;
  value: number;
}

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/** One metric family: HELP, TYPE, then its samples. */
function family(name: string, type: 'counter' | 'gauge' | 'summary', help: string, samples: Sample[]): string {
  const lines = [`# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${name} ${type}`];
  for (const s of samples) {
    const labels = Object.entries(s.labels ?? {});
    const l = labels.length ? `{${labels.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}` : '';
    lines.push(`${name}${s.suffix ?? ''}${l} ${formatValue(s.value)}`);
  }
  return lines.join('\n');
}

export async function renderMetrics(app: App, daemon?: MailboxStatusSource): Promise<string> {
  const db = app.store.db;
  const [decided, undecided, replies, openExceptions, queue] = await Promise.all([
    db
      .select({ mailbox: messages.mailboxId, disposition: messages.disposition, n: sql<number>`count(*)::int` })
      .from(messages)
      .where(isNotNull(messages.disposition))
      .groupBy(messages.mailboxId, messages.disposition),
    db
      .select({ mailbox: messages.mailboxId, n: sql<number>`count(*)::int` })
      .from(messages)
      .where(isNull(messages.disposition))
      .groupBy(messages.mailboxId),
    db.select({ status: outbox.status, n: sql<number>`count(*)::int` }).from(outbox).groupBy(outbox.status),
    db.select({ code: exceptions.code, n: sql<number>`count(*)::int` }).from(exceptions).where(eq(exceptions.status, 'open')).groupBy(exceptions.code),
    bounded(app.queue.counts(), QUEUE_TIMEOUT_MS, 'queue').then(
      (c) => c,
      (err) => {
        app.services.logger.warn({ err }, 'metrics: queue counts unavailable');
        return undefined;
      },
    ),
  ]);
  const byStatus = new Map(replies.map((r) => [r.status, Number(r.n)]));
  const ocr = documentPool().stats().ocr;
  const mailboxes = Object.entries(daemon?.status() ?? {});
  const out: string[] = [
    family(
      'court_intake_messages_total',
      'counter',
      'Messages decided, by mailbox and disposition (from the store; a clerk resolving an exception can move a message to another disposition).',
      decided.map((r) => ({ labels: { mailbox: r.mailbox, disposition: r.disposition ?? '' }, value: Number(r.n) })),
    ),
    family(
      'court_intake_messages_undecided',
      'gauge',
      'Messages captured and not yet decided, by mailbox.',
      undecided.map((r) => ({ labels: { mailbox: r.mailbox }, value: Number(r.n) })),
    ),
    family(
      'court_intake_replies_total',
      'counter',
      'Outgoing mail that was sent, or that failed for good (the server refused it).',
      ['sent', 'failed'].map((status) => ({ labels: { status }, value: byStatus.get(status) ?? 0 })),
    ),
    family(
      'court_intake_outbox_replies',
      'gauge',
      'Outgoing mail not yet sent: pending, being sent, or held by the per-recipient rate limit.',
      ['pending', 'sending', 'held'].map((status) => ({ labels: { status }, value: byStatus.get(status) ?? 0 })),
    ),
    family(
      'court_intake_exceptions_open',
      'gauge',
      'Exceptions waiting for a clerk, by code.',
      openExceptions.map((r) => ({ labels: { code: r.code }, value: Number(r.n) })),
    ),
    family('court_intake_queue_up', 'gauge', 'Whether the job queue answered (1) or not (0) during this scrape.', [{ value: queue ? 1 : 0 }]),
    family(
      'court_intake_queue_jobs',
      'gauge',
      'Message-processing jobs by state.',
      Object.entries(queue ?? {}).map(([state, n]) => ({ labels: { queue: 'messages', state }, value: n })),
    ),
    family('court_intake_ocr_seconds', 'summary', 'Time OCR spent recognising images in the document children of this process.', [
      { suffix: '_sum', value: ocr.seconds },
      { suffix: '_count', value: ocr.count },
    ]),
    family(
      'court_intake_mailbox_up',
      'gauge',
      'Whether each mailbox is connected (IMAP) or readable (directory): 1 up, 0 down.',
      mailboxes.map(([id, s]) => ({ labels: { mailbox: id, kind: s.kind }, value: s.connected ? 1 : 0 })),
    ),
    family(
      'court_intake_mailbox_last_sync_timestamp_seconds',
      'gauge',
      'When each mailbox last completed a sync (Unix time).',
      mailboxes.filter(([, s]) => s.lastSyncAt).map(([id, s]) => ({ labels: { mailbox: id }, value: Date.parse(s.lastSyncAt!) / 1000 })),
    ),
  ];
  return out.join('\n') + '\n';
}
