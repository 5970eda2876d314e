/**
 * `/metrics`: the Prometheus text format parses line by line, and the numbers follow what
 * the intake did — a message processed, a reply sent, an OCR call, queue depth from
 * BullMQ on a real Redis, mailbox connections.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Daemon } from '../../src/daemon.ts';
import { captureMessage } from '../../src/intake/capture.ts';
import { documentPool } from '../../src/documents/index.ts';
import { renderMetrics } from '../../src/ops/metrics.ts';
import { testApp } from '../support/app.ts';
import { redisUrl } from '../support/db.ts';
import { daysAgo, goodMail, stampedFilingPdf } from '../support/mail.ts';
import { daemonOnDirectories } from './support.ts';

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = `[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"`;
const SAMPLE = new RegExp(`^(${NAME})(\\{${LABEL}(?:,${LABEL})*\\})? (-?\\d+(?:\\.\\d+)?(?:e[+-]?\\d+)?|NaN|\\+Inf|-Inf)$`);
const COMMENT = new RegExp(`^# (?:HELP ${NAME} .*|TYPE ${NAME} (?:counter|gauge|summary|histogram|untyped))$`);

/** Every line is a comment or `name{labels} value`; returns the samples by `name{labels}`. */
function parse(text: string): Map<string, number> {
  expect(text.endsWith('\n')).toBe(true);
  const samples = new Map<string, number>();
  const typed = new Set<string>();
  for (const line of text.slice(0, -1).split('\n')) {
    if (line.startsWith('#')) {
      expect(line, 'comment line').toMatch(COMMENT);
      const t = line.match(/^# TYPE (\S+)/);
      if (t) {
        expect(typed.has(t[1]!), `one TYPE line for ${t[1]}`).toBe(false);
        typed.add(t[1]!);
      }
      continue;
    }
    const m = line.match(SAMPLE);
    expect(m, `sample line: ${line}`).not.toBeNull();
    samples.set(`${m![1]}${m![2] ?? ''}`, Number(m![3]));
  }
  return samples;
}

describe('renderMetrics on a store', () => {
  let app: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    app = await testApp('pglite');
  });
  afterAll(() => app?.dispose());

  it('is valid Prometheus text with every family, even on an empty store', async () => {
    const text = await renderMetrics(app);
    const s = parse(text);
    for (const family of ['court_intake_messages_total', 'court_intake_replies_total', 'court_intake_queue_jobs', 'court_intake_ocr_seconds', 'court_intake_mailbox_up']) {
      expect(text).toContain(`# TYPE ${family} `);
    }
    expect(s.get('court_intake_replies_total{status="sent"}')).toBe(0);
    expect(s.get('court_intake_queue_jobs{queue="messages",state="waiting"}')).toBe(0);
    expect(s.get('court_intake_queue_up')).toBe(1);
    expect(s.has('court_intake_ocr_seconds_count')).toBe(true);
  });

  it('counts a processed message by mailbox and disposition, and its reply as sent', async () => {
    const before = parse(await renderMetrics(app));
    const c = await captureMessage(app.store.db, { mailboxId: 'orders-jam', sourceRef: 'metrics-1', folder: 'INBOX', raw: await goodMail('orders'), fallbackArrival: new Date('2016-06-22T15:00:00Z') });
    expect(parse(await renderMetrics(app)).get('court_intake_messages_undecided{mailbox="orders-jam"}')).toBe(1);
    const outcome = await app.process(c.messagePk);
    expect(outcome.disposition).toBe('accepted');
    const after = parse(await renderMetrics(app));
    const key = 'court_intake_messages_total{mailbox="orders-jam",disposition="accepted"}';
    expect(after.get(key)).toBe((before.get(key) ?? 0) + 1);
    expect(after.get('court_intake_replies_total{status="sent"}')).toBe(before.get('court_intake_replies_total{status="sent"}')! + 1);
    expect(after.has('court_intake_messages_undecided{mailbox="orders-jam"}')).toBe(false);
  });

  it('adds the time of each OCR recognition in the document children to court_intake_ocr_seconds', async () => {
    const before = parse(await renderMetrics(app));
    // Reading a caption again is one recognition, in a document child.
    await documentPool().run('captionText', await stampedFilingPdf(daysAgo(1)));
    const after = parse(await renderMetrics(app));
    expect(after.get('court_intake_ocr_seconds_count')).toBe(before.get('court_intake_ocr_seconds_count')! + 1);
    expect(after.get('court_intake_ocr_seconds_sum')!).toBeGreaterThan(before.get('court_intake_ocr_seconds_sum')!);
  });
});

describe('renderMetrics of a daemon on Redis', () => {
  let daemon: Daemon;
  let redis: Redis;
  const prefix = `ci-metrics-${process.pid}-${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    redis = new Redis(redisUrl(), { maxRetriesPerRequest: 3 });
    ({ daemon } = await daemonOnDirectories({ redisUrl: redisUrl(), queuePrefix: prefix }));
  });
  afterAll(async () => {
    await daemon?.stop();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('reports BullMQ’s job counts and each mailbox as up', async () => {
    const s = parse(await renderMetrics(daemon.app, daemon));
    expect(s.get('court_intake_queue_up')).toBe(1);
    for (const state of ['waiting', 'active', 'delayed', 'prioritized', 'failed']) expect(s.get(`court_intake_queue_jobs{queue="messages",state="${state}"}`)).toBe(0);
    for (const mb of ['clerk', 'orders-jam', 'registration']) expect(s.get(`court_intake_mailbox_up{mailbox="${mb}",kind="directory"}`)).toBe(1);
  });
});
