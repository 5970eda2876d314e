/**
 * The daemon in this process against real servers: Dovecot (IMAP IDLE), an SMTP
 * listener, PostgreSQL and Redis (BullMQ).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadRuntimeConfig } from '../../src/config/runtime.ts';
import { approveRegistration, listRegistrations } from '../../src/registration/service.ts';
import { startDaemon, type Daemon } from '../../src/daemon.ts';
import { silentLogger } from '../../src/log.ts';
import { checkHealth } from '../../src/ops/health.ts';
import { deliverToMaildir, doneMessages, eventually, inReplyTo, startDaemonEnv, type DaemonEnv } from '../support/daemon-env.ts';
import { simpleParser } from 'mailparser';
import { ADDR, buildMail, daysAgo, FACILITY, FILER, goodMail, sampleDocx, stampedFilingPdf } from '../support/mail.ts';
import { APPLICANT, examPdf, textFormPdf } from '../support/reg-forms.ts';

describe('the daemon on IMAP, SMTP, PostgreSQL and Redis', () => {
  let env: DaemonEnv;
  let daemon: Daemon;
  beforeAll(async () => {
    env = await startDaemonEnv();
    daemon = await startDaemon({ config: loadRuntimeConfig(env.configFile), logger: silentLogger });
  });
  afterAll(async () => {
    await daemon?.stop();
    await env?.dispose();
  });

  const repliesTo = (messageId: string) => env.smtp.messages.filter((m) => inReplyTo(m.raw) === messageId);

  it('I-1 (a): a message APPENDed to the mailbox is stored, answered and moved to its disposition folder within seconds, by IDLE', async () => {
    const raw = await goodMail('orders', { messageId: '<idle-1@lawfirm.example.com>' });
    const started = Date.now();
    await env.dovecot.append('orders-jam', 'INBOX', raw);
    const [reply] = await eventually(async () => repliesTo('<idle-1@lawfirm.example.com>').length === 1 && repliesTo('<idle-1@lawfirm.example.com>'), 'the acknowledgement');
    // resyncMs is 60 s: only IDLE's EXISTS can explain an answer this fast.
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(reply!.envelope.to).toEqual(['alee@lawfirm.example.com']);
    expect(reply!.raw.toString()).toMatch(/^Auto-Submitted: auto-replied/m);
    const [m] = (await doneMessages(env.store)).filter((x) => x.messageId === '<idle-1@lawfirm.example.com>');
    expect(m).toMatchObject({ disposition: 'accepted', status: 'done' });
    expect(Buffer.compare(m!.raw, raw)).toBe(0);
    await eventually(async () => (await env.dovecot.list('orders-jam', 'Accepted')).some((x) => x.messageId === '<idle-1@lawfirm.example.com>'), 'the move to Accepted');
    expect(await env.dovecot.list('orders-jam', 'INBOX')).toEqual([]);
  });

  it('/healthz: PostgreSQL and Redis answer and every IMAP mailbox is connected, with its last sync', async () => {
    const h = await checkHealth(daemon.app, daemon);
    expect(h).toMatchObject({ ok: true, database: { ok: true }, redis: { ok: true, configured: true } });
    expect(Object.keys(h.mailboxes).sort()).toEqual(['clerk', 'orders-jam', 'registration']);
    for (const m of Object.values(h.mailboxes)) {
      expect(m).toMatchObject({ kind: 'imap', connected: true });
      expect(m.lastSyncAt).toBeDefined();
    }
  });

  it('O-12: a defective proposed order APPENDed to the judge’s mailbox gets one rejection listing all its defects; a good one is queued', async () => {
    const bad = await sampleDocx(['ORDER', 'The motion is GRANTED.', '______________________', 'Julie A. Manning, United States Bankruptcy Judge']);
    await env.dovecot.append('orders-jam', 'INBOX', await buildMail({ from: `Ann Lee <${FILER}>`, to: ADDR.orders, subject: '13-30001 Daniel - request filed', messageId: '<bad-order@lawfirm.example.com>', attachments: [{ filename: 'order.docx', content: bad }] }));
    const [rejection] = await eventually(async () => repliesTo('<bad-order@lawfirm.example.com>').length === 1 && repliesTo('<bad-order@lawfirm.example.com>'), 'the rejection', 30_000);
    const text = (await simpleParser(rejection!.raw)).text ?? '';
    for (const code of ['CAPTION_INCOMPLETE', 'MOTION_REFERENCE_MISSING', 'SIGNATURE_LINE', 'JUDGE_NAME']) expect(text).toContain(code);
    await eventually(async () => (await env.dovecot.list('orders-jam', 'Rejected')).some((x) => x.messageId === '<bad-order@lawfirm.example.com>'), 'the move to Rejected');
    await new Promise((r) => setTimeout(r, 1000));
    expect(repliesTo('<bad-order@lawfirm.example.com>')).toHaveLength(1);
  });

  it('P-3/P-6/N-1: a facility’s stamped scan APPENDed to the clerk mailbox is docketed with the stamp date and its NEF reaches the facility', async () => {
    const at = daysAgo(2);
    await env.dovecot.append('clerk', 'INBOX', await buildMail({ from: FACILITY, to: ADDR.clerk, subject: '3:16-cv-01234 Smith', messageId: '<scan-1@mwci.doc.example.org>', attachments: [{ filename: 'smith-motion.pdf', content: await stampedFilingPdf(at) }] }));
    const nefs = await eventually(async () => repliesTo('<scan-1@mwci.doc.example.org>').length === 2 && repliesTo('<scan-1@mwci.doc.example.org>'), 'two NEFs', 60_000);
    const toFacility = nefs.find((n) => n.envelope.to[0] === 'nef@mwci.doc.example.org')!;
    expect(toFacility).toBeDefined();
    const parsed = await simpleParser(toFacility.raw);
    expect(parsed.subject).toMatch(/^Activity in Case 3:16-cv-01234 Smith v\. Semple /);
    expect(parsed.text).toContain('Case Number: 3:16-cv-01234');
    expect(parsed.text).toMatch(/Document Number: \d+/);
    expect(parsed.text).toContain(`and filed on ${at.month}/${at.day}/${at.year}`);
    expect(parsed.attachments).toEqual([]);
    await eventually(async () => (await env.dovecot.list('clerk', 'Docketed')).some((x) => x.messageId === '<scan-1@mwci.doc.example.org>'), 'the move to Docketed');
  });

  it('R-1..R-8: registrations APPENDed to the registration mailbox: a complete one is acknowledged and, once a clerk approves it, the login notice is sent; an unsigned one is rejected', async () => {
    const good = await buildMail({ from: `Jane Roe <${APPLICANT.email}>`, to: ADDR.registration, subject: 'CM/ECF registration', messageId: '<reg-good@roelaw.example.com>', attachments: [{ filename: 'form.pdf', content: await textFormPdf({ ...APPLICANT, form: 'filer', signature: 'wet' }) }, { filename: 'exam.pdf', content: await examPdf({ answered: 10, questions: 10 }) }] });
    const bad = await buildMail({ from: 'Max Orr <morr@orr.example.com>', to: ADDR.registration, subject: 'CM/ECF registration', messageId: '<reg-bad@orr.example.com>', attachments: [{ filename: 'form.pdf', content: await textFormPdf({ ...APPLICANT, name: 'Max Orr', email: 'morr@orr.example.com', barNumber: 'ct61616', form: 'filer', signature: 'typed' }) }] });
    await env.dovecot.append('registration', 'INBOX', good);
    await env.dovecot.append('registration', 'INBOX', bad);
    const [ack] = await eventually(async () => repliesTo('<reg-good@roelaw.example.com>').length === 1 && repliesTo('<reg-good@roelaw.example.com>'), 'the acknowledgement', 60_000);
    expect(ack!.envelope.to).toEqual([APPLICANT.email]);
    const [rejection] = await eventually(async () => repliesTo('<reg-bad@orr.example.com>').length === 1 && repliesTo('<reg-bad@orr.example.com>'), 'the rejection', 60_000);
    const text = (await simpleParser(rejection!.raw)).text ?? '';
    expect(text).toContain('TYPED_SIGNATURE');
    expect(text).toContain('EXAM_MISSING');
    await eventually(async () => (await env.dovecot.list('registration', 'Accepted')).some((x) => x.messageId === '<reg-good@roelaw.example.com>'), 'the move to Accepted');
    await eventually(async () => (await env.dovecot.list('registration', 'Rejected')).some((x) => x.messageId === '<reg-bad@orr.example.com>'), 'the move to Rejected');

    // The clerk approves (the same service the CLI calls); the login notice goes out by SMTP.
    const clerkApp = await createApp({ config: loadRuntimeConfig(env.configFile), logger: silentLogger, inProcess: true });
    try {
      const [reg] = (await listRegistrations(clerkApp, { status: 'pending' })).filter((r) => r.email === APPLICANT.email);
      await approveRegistration(clerkApp, { id: reg!.id, by: 'clerk' });
    } finally {
      await clerkApp.close();
    }
    const [login] = await eventually(async () => {
      const l = env.smtp.messages.filter((m) => m.envelope.to.includes(APPLICANT.email!) && /^Subject: CM\/ECF filing privileges approved/m.test(m.raw.toString()));
      return l.length === 1 && l;
    }, 'the login notice');
    expect((await simpleParser(login!.raw)).text).toContain('PACER');
  });

  it('I-2 (d): the same message appended twice gives one outcome and one reply; both copies are moved', async () => {
    const raw = await buildMail({ from: 'stranger@mail.example.net', to: ADDR.clerk, subject: 'twice', messageId: '<twice@mail.example.net>', text: 'no pdf' });
    await env.dovecot.append('clerk', 'INBOX', raw);
    await env.dovecot.append('clerk', 'INBOX', raw);
    await eventually(async () => (await env.dovecot.list('clerk', 'Rejected')).filter((x) => x.messageId === '<twice@mail.example.net>').length === 2, 'both copies in Rejected');
    await new Promise((r) => setTimeout(r, 1500));
    expect(repliesTo('<twice@mail.example.net>')).toHaveLength(1);
    expect((await doneMessages(env.store)).filter((x) => x.messageId === '<twice@mail.example.net>')).toHaveLength(1);
  });

  it('I-3 (e): an auto-reply, a bounce and a List-Id message are moved to Ignored and get no reply', async () => {
    const ooo = await buildMail({ from: 'records@mwci.doc.example.org', to: ADDR.clerk, subject: 'Out of office', messageId: '<ooo@x.example>', headers: { 'Auto-Submitted': 'auto-replied' } });
    const list = await buildMail({ from: 'news@lists.example.org', to: ADDR.clerk, subject: 'News', messageId: '<list@x.example>', headers: { 'List-Id': '<news.lists.example.org>' } });
    const bounce = await buildMail({ from: 'MAILER-DAEMON@mx.example.org', to: ADDR.clerk, subject: 'Undelivered Mail Returned to Sender', messageId: '<bounce@x.example>', envelope: { from: '', to: ADDR.clerk } });
    for (const raw of [ooo, list, bounce]) await env.dovecot.append('clerk', 'INBOX', raw);
    await eventually(async () => (await env.dovecot.list('clerk', 'Ignored')).length >= 3, 'three messages in Ignored');
    await new Promise((r) => setTimeout(r, 1000));
    for (const id of ['<ooo@x.example>', '<list@x.example>', '<bounce@x.example>']) expect(repliesTo(id)).toEqual([]);
  });

  it('N-5 (f): with SMTP down, replies wait; once it is back each is sent exactly once', async () => {
    await env.smtp.stop();
    const ids = ['<down-1@mwci.doc.example.org>', '<down-2@mwci.doc.example.org>', '<down-3@mwci.doc.example.org>'];
    for (const id of ids) await env.dovecot.append('orders-jam', 'INBOX', await goodMail('orders', { messageId: id }));
    await eventually(async () => (await doneMessages(env.store)).filter((m) => ids.includes(m.messageId!)).length === 3, 'three outcomes committed while SMTP is down');
    await new Promise((r) => setTimeout(r, 1500));
    for (const id of ids) expect(repliesTo(id)).toHaveLength(0);
    await env.smtp.start();
    await eventually(async () => ids.every((id) => repliesTo(id).length === 1), 'the held replies', 30_000);
    await new Promise((r) => setTimeout(r, 3000));
    for (const id of ids) expect(repliesTo(id)).toHaveLength(1);
    const allIds = env.smtp.messages.map((m) => m.messageId);
    expect(new Set(allIds).size).toBe(allIds.length);
  });

  it('I-1 (c): Dovecot restarted while the daemon runs: it reconnects and catches up on mail delivered meanwhile', async () => {
    await env.dovecot.stop();
    // Delivered by the mail server while IMAP is down.
    deliverToMaildir(env.dovecot, 'orders-jam', await goodMail('orders', { messageId: '<while-down@mwci.doc.example.org>' }));
    // /healthz sees the mailboxes down while the server is away.
    const down = await eventually(async () => {
      const h = await checkHealth(daemon.app, daemon);
      return Object.values(h.mailboxes).every((m) => !m.connected) && h;
    }, 'every mailbox reported down', 10_000);
    expect(down.ok).toBe(false);
    expect(down.mailboxes['orders-jam']!.lastError).toBeTruthy();
    await env.dovecot.restart();
    await eventually(async () => (await checkHealth(daemon.app, daemon)).ok, 'healthy again after the restart', 45_000);
    await eventually(async () => repliesTo('<while-down@mwci.doc.example.org>').length === 1, 'the reply to mail delivered while IMAP was down', 45_000);
    await eventually(async () => (await env.dovecot.list('orders-jam', 'Accepted')).some((x) => x.messageId === '<while-down@mwci.doc.example.org>'), 'the move after reconnecting', 20_000);
  });

  it('I-1 (c): a UIDVALIDITY change (mailbox recreated) does not hide new mail behind reused UIDs, nor answer old mail twice', async () => {
    const before = (await doneMessages(env.store)).length;
    const { before: oldValidity, after } = await env.dovecot.resetUidValidity('orders-jam');
    expect(after).not.toBe(oldValidity);
    // UIDs start again at 1 under the new UIDVALIDITY: this one reuses a UID already seen.
    await env.dovecot.append('orders-jam', 'INBOX', await goodMail('orders', { messageId: '<after-reset@mwci.doc.example.org>' }));
    await eventually(async () => repliesTo('<after-reset@mwci.doc.example.org>').length === 1, 'the reply to mail after the UIDVALIDITY change', 45_000);
    expect((await doneMessages(env.store)).length).toBe(before + 1);
    const ids = env.smtp.messages.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
