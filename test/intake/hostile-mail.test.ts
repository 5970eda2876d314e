import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureMessage } from '../../src/intake/capture.ts';
import { exceptions, messages, outbox } from '../../src/models/schema.ts';
import { MAX_KEY_CHARS } from '../../src/models/storable.ts';
import { testApp } from '../support/app.ts';
import { ADDR, buildMail, FILER } from '../support/mail.ts';

/** A header of `raw` replaced (nodemailer would encode what these tests need raw). */
const withHeader = (raw: Buffer, name: string, value: string) => Buffer.from(raw.toString('latin1').replace(new RegExp(`^${name}: .*$`, 'm'), `${name}: ${value}`), 'latin1');

describe('hostile mail through the real pipeline and store (PGlite)', () => {
  let app: Awaited<ReturnType<typeof testApp>>;
  let n = 0;
  beforeAll(async () => {
    app = await testApp('pglite');
  });
  afterAll(() => app?.dispose());

  async function deliver(mailboxId: string, raw: Buffer, sourceRef = `hostile-${++n}`) {
    const c = await captureMessage(app.store.db, { mailboxId, sourceRef, folder: 'INBOX', raw, arrival: new Date('2014-03-10T15:00:00Z'), fallbackArrival: new Date('2014-03-10T15:00:00Z') });
    const outcome = await app.process(c.messagePk);
    const [m] = await app.store.db.select().from(messages).where(eq(messages.id, c.messagePk));
    const replies = await app.store.db.select().from(outbox).where(eq(outbox.messagePk, c.messagePk));
    const excs = await app.store.db.select().from(exceptions).where(eq(exceptions.messagePk, c.messagePk));
    return { c, outcome, m: m!, replies, excs };
  }

  it('I-5: a NUL in the subject (quoted in a jsonb finding) is answered; the store and the reply carry the subject without it', async () => {
    const raw = withHeader(await buildMail({ from: `Ann Lee <${FILER}>`, to: ADDR.orders, subject: 'PLACEHOLDER', text: 'order attached' }), 'Subject', 'Daniel\x00 proposed order');
    const { m, replies } = await deliver('orders-jam', raw);
    expect(m.status).toBe('done');
    expect(m.disposition).toBe('rejected');
    expect(m.subject).toBe('Daniel proposed order');
    expect(JSON.stringify(m.result)).toContain('Daniel proposed order');
    expect(replies).toHaveLength(1);
    expect(replies[0]!.subject).not.toContain('\u0000');
    expect(replies[0]!.subject).toContain('Daniel proposed order');
    // Neither a raw NUL nor nodemailer's encoded-word `=00` reaches the SMTP message.
    expect(replies[0]!.raw.includes(0)).toBe(false);
    expect(replies[0]!.raw.toString('latin1')).not.toMatch(/=00/);
    const file = readFileSync(join(app.outboxDir, basename(replies[0]!.file!)));
    expect(file.includes(0)).toBe(false);
  });

  it('I-5: a lone surrogate decoded from a UTF-16 subject reaches the jsonb result as U+FFFD', async () => {
    const word = Buffer.from([0xd8, 0x00, 0x00, 0x41]).toString('base64');
    const raw = withHeader(await buildMail({ from: `Ann Lee <${FILER}>`, to: ADDR.orders, subject: 'PLACEHOLDER', text: 'x' }), 'Subject', `=?utf-16be?B?${word}?= order`);
    const { m } = await deliver('orders-jam', raw);
    expect(m.status).toBe('done');
    expect(JSON.stringify(m.result)).not.toMatch(/\\ud800/i);
  });

  it('I-1, I-2: a 1 MB Message-ID is captured (bounded in its indexed column, whole in raw), answered, and a resend of the same bytes is the same message', async () => {
    const id = `<${'a'.repeat(1024 * 1024)}@mwci.doc.example.org>`;
    const raw = withHeader(await buildMail({ from: 'someone@mail.example.net', to: ADDR.clerk, subject: 'huge id', text: 'x' }), 'Message-ID', id);
    const first = await deliver('clerk', raw);
    expect(first.m.messageId!.length).toBeLessThanOrEqual(MAX_KEY_CHARS);
    expect(first.m.messageId).toMatch(/^<a+\.sha256-[0-9a-f]{64}>$/);
    expect(Buffer.compare(first.m.raw, raw)).toBe(0);
    // Its header is over maxHeaderSectionBytes: an exception for a clerk, nothing sent.
    expect(first.m.disposition).toBe('exception');
    expect(first.m.codes).toEqual(['MALFORMED_MESSAGE']);
    expect(first.excs.map((e) => e.code)).toEqual(['MALFORMED_MESSAGE']);
    const again = await deliver('clerk', raw);
    expect(again.c.messagePk).toBe(first.c.messagePk);
    expect(again.c.created).toBe(false);
    expect(again.outcome.status).toBe('already-done');
    expect(again.excs).toHaveLength(1);
  });

  it('I-2, I-3: a 20 kB Message-ID (readable, too long for an index) gets its reply threaded to the bounded id, once', async () => {
    const id = `<${'b'.repeat(20_000)}@mail.example.net>`;
    const raw = withHeader(await buildMail({ from: 'someone@mail.example.net', to: ADDR.clerk, subject: 'long id', text: 'no pdf' }), 'Message-ID', id);
    const first = await deliver('clerk', raw);
    expect(first.m.disposition).toBe('rejected');
    expect(first.replies).toHaveLength(1);
    const head = first.replies[0]!.raw.toString('latin1').split('\r\n\r\n')[0]!.replace(/\r\n[ \t]+/g, ' ');
    expect(head).toContain(`In-Reply-To: ${first.m.messageId}`);
    expect(head.length).toBeLessThan(5_000);
    const again = await deliver('clerk', raw);
    expect(again.c.messagePk).toBe(first.c.messagePk);
    expect(again.replies).toHaveLength(1);
  });

  it('I-5: a NUL in a MIME boundary is a MALFORMED_MESSAGE exception', async () => {
    const raw = Buffer.from(
      ['From: scanner@mwci.doc.example.org', `To: ${ADDR.clerk}`, 'Subject: 3:16-cv-01234', 'Message-ID: <nul-boundary@mwci.doc.example.org>', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="a\x00b"', '', '--a\x00b', 'Content-Type: text/plain', '', 'hi', '--a\x00b--', ''].join('\r\n'),
      'latin1',
    );
    const { m, excs, replies } = await deliver('clerk', raw);
    expect(m.disposition).toBe('exception');
    expect(excs.map((e) => e.code)).toEqual(['MALFORMED_MESSAGE']);
    expect(replies).toEqual([]);
  });
});
