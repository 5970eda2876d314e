/**
 * The clerks' exception digest (N-4, R-7) on real stores: what it lists and in which
 * order, the stamp crop as an inline image, silence when nothing is new, recipients,
 * and `court-intake digest [--send]` as an operator runs it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import type { Db } from '../../src/models/db.ts';
import { openStore } from '../../src/models/db.ts';
import { exceptions, outbox } from '../../src/models/schema.ts';
import { buildDigest, cropCid, sendDigest } from '../../src/notify/digest.ts';
import { COURT, testApp } from '../support/app.ts';
import { cli } from '../support/cli.ts';
import type { StoreKind } from '../support/db.ts';
import { startSmtpCapture, type SmtpCapture } from '../support/smtp.ts';

const NOW = new Date('2016-06-22T15:00:00Z'); // 11:00 EDT
const TZ = 'America/New_York';
const RECIPIENTS = ['intake-clerks@ctd.example.org', 'supervisor@ctd.example.org'];
const BASE_URL = 'https://clerks.ctd.example.org/desk/';

/** A real PNG, as the stamp reader stores its crops. */
function stampCrop(): Buffer {
  const c = createCanvas(120, 40);
  const g = c.getContext('2d');
  g.fillStyle = '#fff';
  g.fillRect(0, 0, 120, 40);
  g.fillStyle = '#c00';
  g.fillText('JUN 2? 2016', 8, 24);
  return c.toBuffer('image/png');
}

type Row = typeof exceptions.$inferInsert;
const row = (r: Partial<Row> & Pick<Row, 'code' | 'createdAt'>): Row => ({ mailboxId: 'clerk', ref: `${r.code}-${+r.createdAt}`, ...r });

/** Four open exceptions (inserted out of age order) and a resolved one. */
async function seed(db: Db) {
  const crop = stampCrop();
  const [stamp, caseB, caseC, password] = await db
    .insert(exceptions)
    .values([
      row({ code: 'STAMP_UNREADABLE', createdAt: new Date('2016-06-20T13:00:00Z'), sender: 'scanner@mwci.doc.example.org', caseNumber: '3:16-cv-01234', detail: 'no date stamp found on page 1', image: crop }),
      row({ code: 'CASE_NOT_FOUND', createdAt: new Date('2016-06-21T10:00:00Z'), sender: 'scanner@mwci.doc.example.org', caseNumber: '3:16-cv-09999', detail: 'case 3:16-cv-09999 is not on file' }),
      row({ code: 'CASE_NOT_FOUND', createdAt: new Date('2016-06-19T09:00:00Z'), sender: 'scanner@cci.doc.example.org', caseNumber: '3:15-cv-00001', detail: 'case 3:15-cv-00001 is not on file' }),
      row({ mailboxId: 'registration', code: 'PASSWORD_COMPROMISE', createdAt: new Date('2016-06-22T12:00:00Z'), sender: 'alee@lawfirm.example.com', detail: 'reports that her password may be compromised' }),
      row({ code: 'NEW_CASE', createdAt: new Date('2016-06-18T09:00:00Z'), sender: 'scanner@mwci.doc.example.org', status: 'resolved', detail: 'settled already' }),
    ])
    .returning();
  return { stamp: stamp!, caseB: caseB!, caseC: caseC!, password: password!, crop };
}

describe.each<StoreKind>(['pglite', 'postgres'])('the exception digest on %s', (kind) => {
  let app: Awaited<ReturnType<typeof testApp>>;
  let seeded: Awaited<ReturnType<typeof seed>>;
  beforeAll(async () => {
    app = await testApp(kind, {}, { digest: { cron: '30 7 * * 1-5', recipients: RECIPIENTS, baseUrl: BASE_URL } });
    seeded = await seed(app.store.db);
  });
  afterAll(() => app?.dispose());

  const digestRows = () => app.store.db.select().from(outbox).where(eq(outbox.kind, 'digest')).orderBy(outbox.id);

  it('N-4/R-7: groups open exceptions by code, PASSWORD_COMPROMISE first, then the group waiting longest', async () => {
    const d = await buildDigest(app.store.db, { courtName: 'D. Conn.', timezone: TZ, now: NOW, baseUrl: BASE_URL });
    expect(d.groups.map((g) => g.code)).toEqual(['PASSWORD_COMPROMISE', 'CASE_NOT_FOUND', 'STAMP_UNREADABLE']);
    expect(d.groups[0]!.urgent).toBe(true);
    expect(d.total).toBe(4);
    expect(d.newCount).toBe(4);
    // The resolved exception is not listed.
    expect(d.text).not.toContain('NEW_CASE');
    const text = d.text;
    expect(text.indexOf('PASSWORD_COMPROMISE')).toBeLessThan(text.indexOf('CASE_NOT_FOUND'));
    expect(text.indexOf('CASE_NOT_FOUND')).toBeLessThan(text.indexOf('STAMP_UNREADABLE'));
  });

  it('N-4: oldest first within a group', async () => {
    const d = await buildDigest(app.store.db, { courtName: 'D. Conn.', timezone: TZ, now: NOW, baseUrl: BASE_URL });
    const cases = d.groups.find((g) => g.code === 'CASE_NOT_FOUND')!;
    expect(cases.items.map((i) => i.id)).toEqual([seeded.caseC.id, seeded.caseB.id]);
    expect(d.text.indexOf(`#${seeded.caseC.id} `)).toBeLessThan(d.text.indexOf(`#${seeded.caseB.id} `));
  });

  it('N-4: each item shows its age, sender, case, detail and the link to the clerks’ page', async () => {
    const d = await buildDigest(app.store.db, { courtName: 'D. Conn.', timezone: TZ, now: NOW, baseUrl: BASE_URL });
    const items = new Map(d.groups.flatMap((g) => g.items).map((i) => [i.id, i]));
    expect(items.get(seeded.caseC.id)).toMatchObject({ age: '3 days', sender: 'scanner@cci.doc.example.org', caseNumber: '3:15-cv-00001' });
    expect(items.get(seeded.caseB.id)!.age).toBe('29 h');
    expect(items.get(seeded.password.id)!.age).toBe('3 h');
    const stamp = items.get(seeded.stamp.id)!;
    expect(stamp).toMatchObject({ age: '2 days', link: `https://clerks.ctd.example.org/desk/exceptions/${seeded.stamp.id}` });
    // "since" is court time: 13:00Z on June 20 is 9:00 AM EDT.
    expect(stamp.since).toMatch(/Jun 20, 2016.*9:00\sAM/);
    for (const s of ['3 days', '29 h', 'scanner@cci.doc.example.org', '3:15-cv-00001', 'case 3:15-cv-00001 is not on file', `https://clerks.ctd.example.org/desk/exceptions/${seeded.caseC.id}`]) {
      expect(d.text).toContain(s);
      expect(d.html).toContain(s);
    }
  });

  it('N-4: sends one mail to the configured recipients, the stamp crop an inline image referenced by cid in the HTML', async () => {
    const r = await sendDigest(app, NOW);
    expect(r).toMatchObject({ status: 'sent', total: 4, newCount: 4, recipients: RECIPIENTS });
    const rows = await digestRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'sent', toAddresses: RECIPIENTS, fromAddress: 'prisoner-filings@ctd.example.org', messagePk: null });
    expect(rows[0]!.subject).toMatch(/^URGENT/);
    // keepCidLinks: mailparser would otherwise inline the image as a data: URI.
    const mail = await simpleParser(rows[0]!.raw, { keepCidLinks: true });
    expect((Array.isArray(mail.to) ? mail.to : [mail.to]).flatMap((a) => a!.value.map((v) => v.address))).toEqual(RECIPIENTS);
    expect(mail.headers.get('auto-submitted')).toBe('auto-replied');
    const cid = cropCid(seeded.stamp.id);
    expect(mail.html).toContain(`src="cid:${cid}"`);
    const images = mail.attachments.filter((a) => a.contentType === 'image/png');
    expect(images).toHaveLength(1);
    expect(images[0]!.contentId).toBe(`<${cid}>`);
    expect(images[0]!.related).toBe(true);
    expect(images[0]!.content.equals(seeded.crop)).toBe(true);
    expect(rows[0]!.raw.toString('latin1')).toMatch(/multipart\/related/i);
    // Only the image of the exception that has a crop.
    expect(mail.attachments).toHaveLength(1);
  });

  it('N-4: nothing new since the last digest → no mail', async () => {
    const r = await sendDigest(app, new Date(NOW.getTime() + 24 * 3600_000));
    expect(r).toEqual({ status: 'nothing-new', total: 4 });
    expect(await digestRows()).toHaveLength(1);
  });

  it('N-4: a new exception → a digest again, listing every open exception and flagging the new one', async () => {
    const later = new Date(NOW.getTime() + 26 * 3600_000);
    const [fresh] = await app.store.db
      .insert(exceptions)
      .values(row({ code: 'STAMP_IMPLAUSIBLE', createdAt: new Date(later.getTime() - 3600_000), sender: 'scanner@mwci.doc.example.org', caseNumber: '3:16-cv-01234', detail: 'stamp 7/30/2016 is after the arrival' }))
      .returning();
    const r = await sendDigest(app, later);
    expect(r).toMatchObject({ status: 'sent', total: 5, newCount: 1 });
    const rows = await digestRows();
    expect(rows).toHaveLength(2);
    const mail = await simpleParser(rows[1]!.raw);
    for (const id of [seeded.stamp.id, seeded.caseB.id, seeded.caseC.id, seeded.password.id, fresh!.id]) expect(mail.text).toContain(`#${id}`);
    expect(mail.text).toContain(`#${fresh!.id} [new]`);
    expect(mail.text).not.toContain(`#${seeded.caseB.id} [new]`);
    expect(rows[1]!.messageIdHeader).not.toBe(rows[0]!.messageIdHeader);
  });

  it('I-7: a privacy warning on a filing that went ahead is listed once, apart from the exceptions, and never counted as open', async () => {
    const t = new Date(NOW.getTime() + 30 * 3600_000);
    const [notice] = await app.store.db
      .insert(exceptions)
      .values(row({ code: 'PRIVACY_IDENTIFIER', status: 'notice', createdAt: new Date(t.getTime() - 60_000), sender: 'scanner@mwci.doc.example.org', caseNumber: '3:16-cv-01234', detail: 'motion.pdf: ssn on page 2 (***-**-6789)' }))
      .returning();
    const r = await sendDigest(app, t);
    expect(r).toMatchObject({ status: 'sent', total: 5, newCount: 1 });
    const rows = await digestRows();
    const mail = await simpleParser(rows[rows.length - 1]!.raw);
    expect(mail.text).toContain('privacy warning');
    expect(mail.text).toContain(`#${notice!.id}`);
    expect(mail.text).toContain('***-**-6789');
    // Listed once: the next digest (with something else new) does not repeat it.
    const t2 = new Date(t.getTime() + 3600_000);
    await app.store.db.insert(exceptions).values(row({ code: 'CASE_NOT_FOUND', createdAt: new Date(t2.getTime() - 60_000), sender: 'scanner@mwci.doc.example.org', detail: 'case 3:16-cv-07777 is not on file' }));
    await sendDigest(app, t2);
    const again = await simpleParser((await digestRows()).at(-1)!.raw);
    expect(again.text).not.toContain(`#${notice!.id}`);
  });

  it('N-5: two senders at once (the schedule and a clerk) send one digest', async () => {
    const t = new Date(NOW.getTime() + 48 * 3600_000);
    const before = (await digestRows()).length;
    await app.store.db.insert(exceptions).values(row({ code: 'NEW_CASE', createdAt: new Date(t.getTime() - 60_000), sender: 'scanner@mwci.doc.example.org', detail: 'a new complaint' }));
    const results = await Promise.all([sendDigest(app, t), sendDigest(app, t)]);
    expect(results.map((r) => r.status).sort()).toEqual(['nothing-new', 'sent']);
    expect(await digestRows()).toHaveLength(before + 1);
  });
});

describe('the exception digest without recipients', () => {
  let app: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    app = await testApp('pglite');
  });
  afterAll(() => app?.dispose());

  it('N-4: sends nothing and keeps the exceptions new for when recipients are configured', async () => {
    await seed(app.store.db);
    expect(await sendDigest(app, NOW)).toEqual({ status: 'no-recipients', total: 4, newCount: 4 });
    expect(await app.store.db.select().from(outbox)).toEqual([]);
    const d = await buildDigest(app.store.db, { courtName: 'D. Conn.', timezone: TZ, now: NOW });
    expect(d.newCount).toBe(4);
    // No page configured: no links.
    expect(d.groups.flatMap((g) => g.items).every((i) => i.link === undefined)).toBe(true);
  });
});

describe('court-intake digest', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ci-digest-cli-'));
  const config = join(dir, 'config.yaml');
  const env = { DATABASE_URL: '', REDIS_URL: '' };
  let smtp: SmtpCapture;
  let stampId: number;
  beforeAll(async () => {
    smtp = await startSmtpCapture();
    writeFileSync(
      config,
      YAML.stringify({
        data: COURT,
        storeDir: join(dir, 'db'),
        mailDir: join(dir, 'mail'),
        smtp: { host: smtp.host, port: smtp.port, secure: false, tlsRejectUnauthorized: false },
        digest: { recipients: RECIPIENTS, baseUrl: BASE_URL },
      }),
    );
    // PGlite allows one process at a time: seed, then close before the command runs.
    const store = await openStore({ dataDir: join(dir, 'db') });
    await store.migrate();
    stampId = (await seed(store.db)).stamp.id;
    await store.close();
  });
  afterAll(() => smtp?.close());

  it('N-4: without --send prints the digest and sends nothing', async () => {
    const r = await cli(['digest', '--config', config], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('URGENT: PASSWORD_COMPROMISE');
    expect(r.stdout).toContain(`${BASE_URL}exceptions/${stampId}`);
    expect(smtp.messages).toHaveLength(0);
  });

  it('N-4: --send mails the recipients over SMTP once; a second --send with nothing new sends nothing', async () => {
    const r = await cli(['digest', '--send', '--config', config], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`digest sent to ${RECIPIENTS.join(', ')}: 4 open, 4 new`);
    const [sent] = await smtp.waitFor(1);
    expect(sent!.envelope.to).toEqual(RECIPIENTS);
    const mail = await simpleParser(sent!.raw);
    expect(mail.subject).toMatch(/Exceptions digest: 4 open, 4 new/);
    expect(mail.attachments.map((a) => a.contentId)).toEqual([`<${cropCid(stampId)}>`]);

    const again = await cli(['digest', '--send', '--config', config], { env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('nothing new since the last digest');
    expect(smtp.messages).toHaveLength(1);
  });
});
