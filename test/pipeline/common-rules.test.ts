/**
 * The common rules through the whole pipeline (capture → parse → guard → rules → commit
 * → outbox), on PGlite: what each mailbox kind decides and what the sender is told.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageResult } from '../../src/cli/result.ts';
import { captureMessage } from '../../src/intake/capture.ts';
import { outbox } from '../../src/models/schema.ts';
import { eq } from 'drizzle-orm';
import { testApp } from '../support/app.ts';
import { ADDR, buildMail, FACILITY, FILER, goodMail, samplePdf, sampleDocx } from '../support/mail.ts';
import { encryptedPdf } from '../support/pdf.ts';
import { minimalDocx } from '../support/zip.ts';

const FIXTURES = new URL('../fixtures/mime/', import.meta.url).pathname;

describe('the common rules through the pipeline', () => {
  let app: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    app = await testApp('pglite');
  });
  afterAll(() => app?.dispose());

  let n = 0;
  async function run(mailbox: string, raw: Buffer) {
    const c = await captureMessage(app.store.db, { mailboxId: mailbox, sourceRef: `t-${++n}`, folder: 'INBOX', raw, fallbackArrival: new Date('2016-06-22T15:00:00Z') });
    await app.process(c.messagePk);
    const result = await messageResult(app.store.db, c.messagePk);
    const rows = await app.store.db.select().from(outbox).where(eq(outbox.messagePk, c.messagePk));
    return { result: result as Record<string, any>, notices: rows.map((r) => r.raw.toString('utf8')) };
  }

  it('I-5: a truncated PDF is rejected ATTACHMENT_UNREADABLE, naming the attachment and why', async () => {
    const pdf = await samplePdf();
    const { result, notices } = await run('clerk', await buildMail({ from: FACILITY, to: ADDR.clerk, subject: 'filing', attachments: [{ filename: 'cut-off.pdf', content: pdf.subarray(0, pdf.length - 200) }] }));
    expect(result.disposition).toBe('rejected');
    expect(result.codes).toContain('ATTACHMENT_UNREADABLE');
    expect(notices[0]).toContain('cut-off.pdf');
  });

  it('I-5: a password-protected PDF is rejected ATTACHMENT_UNREADABLE', async () => {
    const { result } = await run('clerk', await buildMail({ from: FACILITY, to: ADDR.clerk, subject: 'filing', attachments: [{ filename: 'locked.pdf', content: encryptedPdf('SECRET') }] }));
    expect(result.codes).toContain('ATTACHMENT_UNREADABLE');
  });

  it('I-5: malformed MIME (a multipart whose closing boundary never comes) does not stop the daemon and gets an outcome', async () => {
    const { result } = await run('clerk', readFileSync(FIXTURES + 'malformed-missing-boundary-end.eml'));
    expect(['rejected', 'exception', 'accepted']).toContain(result.disposition);
  });

  it('I-5: bytes that are not a message at all become an outcome, not a crash', async () => {
    const { result } = await run('clerk', Buffer.from([0, 1, 2, 3, 255, 254, 13, 10, 13, 10, 0, 0]));
    expect(['rejected', 'exception', 'ignored']).toContain(result.disposition);
  });

  it('I-5/I-6: a message larger than the intake parses becomes a MESSAGE_TOO_LARGE exception for a clerk, with no reply', async () => {
    const small = { ...app.services, maxMessageBytes: 500 };
    const raw = await goodMail('clerk');
    const c = await captureMessage(app.store.db, { mailboxId: 'clerk', sourceRef: 'big', folder: 'INBOX', raw, fallbackArrival: new Date() });
    const { runMessage } = await import('../../src/pipeline/run.ts');
    await runMessage(c.messagePk, small);
    const result = (await messageResult(app.store.db, c.messagePk)) as Record<string, any>;
    expect(result).toMatchObject({ disposition: 'exception', codes: ['MESSAGE_TOO_LARGE'], replies: [] });
  });

  it('I-4: a PDF sent as application/octet-stream under a .bin name is a PDF; a .pdf name on a Word file is not', async () => {
    const pdf = await samplePdf();
    const ok = await run('clerk', await buildMail({ from: FACILITY, to: ADDR.clerk, subject: 'scan', attachments: [{ filename: 'scan0001.bin', content: pdf, contentType: 'application/octet-stream' }] }));
    expect(ok.result.codes).not.toContain('NOT_PDF');
    expect(ok.result.filings).toHaveLength(1);
    const bad = await run('clerk', await buildMail({ from: FACILITY, to: ADDR.clerk, subject: 'scan', attachments: [{ filename: 'motion.pdf', content: await sampleDocx(), contentType: 'application/pdf' }] }));
    expect(bad.result.codes).toEqual(expect.arrayContaining(['NOT_PDF', 'NO_PDF_ATTACHMENT']));
  });

  it('N-2: a rejection lists every defect with its code, sentence, rule citation and what to do, in HTML and text', async () => {
    const { result, notices } = await run('orders-jam', await buildMail({ from: 'stranger@mail.example.net', to: ADDR.orders, subject: '13-30001 Daniel - ex parte', attachments: [{ filename: 'order.pdf', content: await samplePdf(['ORDER']) }] }));
    expect(result.disposition).toBe('rejected');
    expect(result.codes).toEqual(expect.arrayContaining(['SENDER_NOT_FILER', 'NOT_WORD_FORMAT']));
    const notice = notices[0]!;
    expect(notice).toMatch(/Content-Type: text\/plain/);
    expect(notice).toMatch(/Content-Type: text\/html/);
    expect(notice).toContain('SENDER_NOT_FILER');
    expect(notice).toContain('NOT_WORD_FORMAT');
    expect(notice).toContain('ECF Procedure 14(a)');
    expect(notice).toMatch(/What to do/);
  });

  it('O-2: nothing attached is NO_ATTACHMENT; a macro-enabled .docm is ATTACHMENT_UNREADABLE', async () => {
    const none = await run('orders-jam', await buildMail({ from: FILER, to: ADDR.orders, subject: '13-30001 Daniel - ex parte', text: 'order to follow' }));
    expect(none.result.codes).toContain('NO_ATTACHMENT');
    const docm = await run('orders-jam', await buildMail({ from: FILER, to: ADDR.orders, subject: '13-30001 Daniel - ex parte', attachments: [{ filename: 'order.docx', content: minimalDocx('ORDER', { macro: true }) }] }));
    expect(docm.result.codes).toContain('ATTACHMENT_UNREADABLE');
  });

  it('N-3: an accepted submission is acknowledged, threaded and marked as an automatic reply, from the mailbox’s own address', async () => {
    const { result, notices } = await run('orders-jam', await goodMail('orders', { messageId: '<ack-1@lawfirm.example.com>', references: ['<earlier@lawfirm.example.com>'] }));
    expect(result.disposition).toBe('accepted');
    const ack = notices[0]!.replace(/\r?\n[ \t]+/g, ' '); // unfold headers
    expect(ack).toMatch(/^From: .*<jamorders@ctb\.example\.org>/m);
    expect(ack).toMatch(/^In-Reply-To: <ack-1@lawfirm\.example\.com>/m);
    expect(ack).toMatch(/^References: <earlier@lawfirm\.example\.com> <ack-1@lawfirm\.example\.com>/m);
    expect(ack).toMatch(/^Auto-Submitted: auto-replied/m);
    expect(ack).toMatch(/^X-Auto-Response-Suppress: All/m);
    expect(ack).toContain('What happens next');
  });

  it('I-3: mail from the bot’s own address is ignored (no loop between two of our mailboxes)', async () => {
    const { result } = await run('clerk', await buildMail({ from: ADDR.orders, to: ADDR.clerk, subject: 'Received: something', attachments: [{ filename: 'a.pdf', content: await samplePdf() }] }));
    expect(result).toMatchObject({ disposition: 'ignored', codes: ['AUTO_REPLY'], replies: [] });
  });
});
