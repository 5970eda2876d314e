import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureMessage } from '../../src/intake/capture.ts';
import { exceptions, messageEvents, messages } from '../../src/models/schema.ts';
import { boundedKey, boundedMessageId, storableJson, storableText, storableTx, MAX_KEY_CHARS } from '../../src/models/storable.ts';
import { testApp } from '../support/app.ts';
import { ADDR, buildMail } from '../support/mail.ts';

describe('storable text (the store boundary)', () => {
  it('I-1: NULs are removed and lone surrogates become U+FFFD; paired surrogates are kept', () => {
    expect(storableText('my\u0000 case')).toBe('my case');
    expect(storableText('a\uD800b\uDC00c')).toBe('a\uFFFDb\uFFFDc');
    expect(storableText('seal \uD83D\uDCDC ok')).toBe('seal \uD83D\uDCDC ok');
    expect(storableText('end\uD800')).toBe('end\uFFFD');
  });

  it('I-1: storableJson walks arrays, objects and keys, and leaves Buffers and Dates alone', () => {
    const bytes = Buffer.from([0, 1, 2]);
    const when = new Date('2016-06-22T14:40:00Z');
    const out = storableJson({ 'k\u0000': ['x\u0000', { y: '\uDC00' }], bytes, when, n: 3, no: null });
    expect(out).toEqual({ k: ['x', { y: '\uFFFD' }], bytes, when, n: 3, no: null });
    expect(out.bytes).toBe(bytes);
    expect(out.when).toBe(when);
  });

  it('I-2: a bounded key is the same for the same long value, different for values sharing a long prefix, and unchanged when short', () => {
    const long = 'a'.repeat(1_000_000);
    expect(boundedKey(long)).toBe(boundedKey('a'.repeat(1_000_000)));
    expect(boundedKey(long)).not.toBe(boundedKey(long + 'b'));
    expect(boundedKey(long).length).toBeLessThanOrEqual(MAX_KEY_CHARS);
    expect(boundedKey('short')).toBe('short');
    const id = boundedMessageId(`<${long}@x.example>`);
    expect(id).toMatch(/^<a+\.sha256-[0-9a-f]{64}>$/);
    expect(id.length).toBeLessThanOrEqual(MAX_KEY_CHARS);
    // A surrogate pair at the cut is not split into a lone half.
    expect(boundedKey('\uD83D\uDCDC'.repeat(500))).not.toMatch(LONE);
  });
});

const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe.each(['postgres', 'pglite'] as const)('rows written through storableTx on %s', (kind) => {
  let app: Awaited<ReturnType<typeof testApp>>;
  let messagePk: number;
  beforeAll(async () => {
    app = await testApp(kind);
    const raw = await buildMail({ from: 'someone@mail.example.net', to: ADDR.clerk, subject: 'storable', text: 'x' });
    messagePk = (await captureMessage(app.store.db, { mailboxId: 'clerk', sourceRef: 'storable', folder: 'INBOX', raw, fallbackArrival: new Date() })).messagePk;
  });
  afterAll(() => app?.dispose());

  const exceptionRow = (ref: string) => ({
    messagePk,
    mailboxId: 'clerk',
    code: 'STAMP_UNREADABLE',
    ref,
    detail: 'PDF text: MOTION\u0000 FOR\uD800 COUNSEL',
    data: { text: 'page 1\u0000', pages: [{ words: ['\uDC00x'] }] },
    createdAt: new Date('2016-06-22T14:45:00Z'),
  });

  it('I-5: without it, a NUL in a jsonb value is refused by the database (what broke the exceptions insert)', async () => {
    await expect(app.store.db.insert(exceptions).values(exceptionRow('raw'))).rejects.toThrow();
  });

  it('I-5: a NUL and lone surrogates in text and jsonb are stored, without the NUL', async () => {
    await app.store.db.transaction((tx) => storableTx(tx).insert(exceptions).values(exceptionRow('clean')));
    const [row] = await app.store.db.select().from(exceptions).where(eq(exceptions.ref, 'clean'));
    expect(row!.detail).toBe('PDF text: MOTION FOR\uFFFD COUNSEL');
    expect(row!.data).toEqual({ text: 'page 1', pages: [{ words: ['\uFFFDx'] }] });
  });

  it('I-2: a 1 MB value in an indexed column is stored bounded, and the same value again meets the unique index', async () => {
    const ref = 'r'.repeat(1_000_000);
    const insert = () => app.store.db.transaction((tx) => storableTx(tx).insert(exceptions).values(exceptionRow(ref)).onConflictDoNothing().returning({ id: exceptions.id }));
    expect(await insert()).toHaveLength(1);
    expect(await insert()).toHaveLength(0);
    const [row] = await app.store.db.select({ ref: exceptions.ref }).from(exceptions).where(eq(exceptions.ref, boundedKey(ref)));
    expect(row!.ref.length).toBeLessThanOrEqual(MAX_KEY_CHARS);
  });

  it('I-1: update().set() and nested transactions are made storable too', async () => {
    await app.store.db.transaction(async (tx) => {
      const s = storableTx(tx);
      await s.update(messages).set({ subject: 'sub\u0000ject', result: { note: '\u0000' } }).where(eq(messages.id, messagePk));
      await s.transaction((inner) => inner.insert(messageEvents).values({ messagePk, step: 'test', detail: { e: 'a\u0000b' } }));
    });
    const [m] = await app.store.db.select({ subject: messages.subject, result: messages.result }).from(messages).where(eq(messages.id, messagePk));
    expect(m).toEqual({ subject: 'subject', result: { note: '' } });
    const events = await app.store.db.select({ detail: messageEvents.detail }).from(messageEvents).where(eq(messageEvents.step, 'test'));
    expect(events.map((e) => e.detail)).toEqual([{ e: 'ab' }]);
  });
});
