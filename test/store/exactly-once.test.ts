import { readdirSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureMessage } from '../../src/intake/capture.ts';
import { importCourtData } from '../../src/models/import.ts';
import { cases, exceptions, messageSources, messages, outbox } from '../../src/models/schema.ts';
import { OutboxSender } from '../../src/notify/outbox.ts';
import type { Transport } from '../../src/notify/transport.ts';
import { runMessage } from '../../src/pipeline/run.ts';
import { silentLogger } from '../../src/log.ts';
import { testApp } from '../support/app.ts';
import { ADDR, buildMail, goodMail } from '../support/mail.ts';

describe.each(['postgres', 'pglite'] as const)('the docket store on %s', (kind) => {
  let app: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    app = await testApp(kind);
  });
  afterAll(() => app?.dispose());

  it('I-1: a captured message keeps its exact bytes, SHA-256, Message-ID and source', async () => {
    const raw = await goodMail('clerk');
    const c = await captureMessage(app.store.db, { mailboxId: 'clerk', sourceRef: 'imap:INBOX:7:1', folder: 'INBOX', uidValidity: '7', uid: 1, raw, fallbackArrival: new Date() });
    const [m] = await app.store.db.select().from(messages).where(eq(messages.id, c.messagePk));
    expect(Buffer.compare(m!.raw, raw)).toBe(0);
    expect(m!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(m!.messageId).toMatch(/^<test-.*@test\.example\.org>$/);
    const [s] = await app.store.db.select().from(messageSources).where(eq(messageSources.messagePk, c.messagePk));
    expect(s).toMatchObject({ uidValidity: '7', uid: 1, folder: 'INBOX' });
  });

  it('I-2: the same mail captured from two sources at once (CRLF and LF copies) is one message', async () => {
    const raw = await goodMail('orders');
    const lf = Buffer.from(raw.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
    const withTrace = Buffer.concat([Buffer.from('Received: from mx by imap; Wed, 22 Jun 2016 14:41:00 +0000\r\n'), raw]);
    const results = await Promise.all([
      captureMessage(app.store.db, { mailboxId: 'orders-jam', sourceRef: 'a', folder: 'INBOX', raw, fallbackArrival: new Date() }),
      captureMessage(app.store.db, { mailboxId: 'orders-jam', sourceRef: 'b', folder: 'Other', raw: lf, fallbackArrival: new Date() }),
      captureMessage(app.store.db, { mailboxId: 'orders-jam', sourceRef: 'c', folder: 'INBOX', raw: withTrace, fallbackArrival: new Date() }),
    ]);
    expect(new Set(results.map((r) => r.messagePk)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
  });

  it('I-2: four workers processing one message at once commit one outcome and queue one reply', async () => {
    const raw = await buildMail({ from: 'someone@mail.example.net', to: ADDR.clerk, subject: 'race', text: 'no pdf' });
    const c = await captureMessage(app.store.db, { mailboxId: 'clerk', sourceRef: 'race', folder: 'INBOX', raw, fallbackArrival: new Date() });
    const outcomes = await Promise.all([1, 2, 3, 4].map(() => runMessage(c.messagePk, app.services)));
    expect(outcomes.filter((o) => o.status === 'committed')).toHaveLength(1);
    const replies = await app.store.db.select().from(outbox).where(eq(outbox.messagePk, c.messagePk));
    expect(replies).toHaveLength(1);
    expect(replies[0]!.kind).toBe('rejection');
  });

  it('N-5: two senders flushing the outbox at once send each reply exactly once', async () => {
    for (let i = 0; i < 6; i++) {
      const raw = await buildMail({ from: `p${i}@mail.example.net`, to: ADDR.clerk, subject: `flush ${i}`, text: 'no pdf' });
      const c = await captureMessage(app.store.db, { mailboxId: 'clerk', sourceRef: `flush-${i}`, folder: 'INBOX', raw, fallbackArrival: new Date() });
      await runMessage(c.messagePk, app.services);
    }
    const sent: number[] = [];
    const slow: Transport = { send: async (m) => (sent.push(m.id), await new Promise((r) => setTimeout(r, 20)), { response: 'ok' }), close() {} };
    const mk = () => new OutboxSender({ db: app.store.db, transportFor: () => slow, logger: silentLogger, clock: { now: () => new Date() } });
    await Promise.all([mk().flush(), mk().flush(), mk().flush()]);
    expect(sent.length).toBeGreaterThanOrEqual(6);
    expect(new Set(sent).size).toBe(sent.length);
    const pending = await app.store.db.select().from(outbox).where(eq(outbox.status, 'pending'));
    expect(pending).toHaveLength(0);
  });

  it('N-5: a reply whose send fails stays pending and is sent on a later flush, once', async () => {
    const raw = await buildMail({ from: 'retry@mail.example.net', to: ADDR.clerk, subject: 'retry', text: 'no pdf' });
    const c = await captureMessage(app.store.db, { mailboxId: 'clerk', sourceRef: 'retry', folder: 'INBOX', raw, fallbackArrival: new Date() });
    await runMessage(c.messagePk, app.services);
    let now = new Date();
    const clock = { now: () => now };
    let up = false;
    const sent: number[] = [];
    const flaky: Transport = { send: async (m) => { if (!up) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNECTION' }); sent.push(m.id); return { response: '250 ok' }; }, close() {} };
    const sender = new OutboxSender({ db: app.store.db, transportFor: () => flaky, logger: silentLogger, clock });
    expect(await sender.flush(c.messagePk)).toBe(0);
    const [row] = await app.store.db.select().from(outbox).where(eq(outbox.messagePk, c.messagePk));
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    up = true;
    expect(await sender.flush(c.messagePk)).toBe(0); // not due yet: backoff
    now = new Date(now.getTime() + 60_000);
    expect(await sender.flush(c.messagePk)).toBe(1);
    expect(await sender.flush(c.messagePk)).toBe(0);
    expect(sent).toEqual([row!.id]);
  });

  it('I-3: replies to one sender beyond the rate limit are held, not sent', async () => {
    const limited = { ...app.services, replyRateLimit: { max: 2, windowMinutes: 60 } };
    const dispositions: string[][] = [];
    for (let i = 0; i < 3; i++) {
      const raw = await buildMail({ from: 'chatty@mail.example.net', to: ADDR.clerk, subject: `again ${i}`, text: 'no pdf' });
      const c = await captureMessage(app.store.db, { mailboxId: 'clerk', sourceRef: `chatty-${i}`, folder: 'INBOX', raw, arrival: new Date('2016-06-22T14:00:00Z'), fallbackArrival: new Date() });
      await runMessage(c.messagePk, limited);
      const [m] = await app.store.db.select().from(messages).where(eq(messages.id, c.messagePk));
      dispositions.push(m!.codes);
    }
    expect(dispositions[2]).toContain('REPLY_RATE_LIMITED');
    const held = await app.store.db.select().from(outbox).where(eq(outbox.status, 'held'));
    expect(held).toHaveLength(1);
  });

  it('CONTRACT: importing the court data file twice changes nothing', async () => {
    const before = await app.store.db.select().from(cases);
    await importCourtData(app.store.db, app.court);
    const after = await app.store.db.select().from(cases);
    expect(after).toEqual(before);
  });

  it('I-1: a message that fails on every attempt becomes a PROCESSING_FAILED exception', async () => {
    const raw = await buildMail({ from: 'x@mail.example.net', to: ADDR.clerk, subject: 'fails', text: 'x' });
    const c = await captureMessage(app.store.db, { mailboxId: 'clerk', sourceRef: 'fails', folder: 'INBOX', raw, fallbackArrival: new Date() });
    await app.fail(c.messagePk, Object.assign(new Error('database went away'), { code: 'ECONNRESET' }));
    const [m] = await app.store.db.select().from(messages).where(eq(messages.id, c.messagePk));
    expect(m).toMatchObject({ status: 'done', disposition: 'exception', codes: ['PROCESSING_FAILED'] });
    const ex = await app.store.db.select().from(exceptions).where(eq(exceptions.messagePk, c.messagePk));
    expect(ex.map((e) => e.code)).toEqual(['PROCESSING_FAILED']);
  });

  it('replies are written where the directory transport points', async () => {
    await app.outbox.flush();
    expect(readdirSync(app.outboxDir).length).toBeGreaterThan(0);
  });
});
