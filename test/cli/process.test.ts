import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, jsonLines } from '../support/cli.ts';
import { ADDR, buildMail, FACILITY, goodMail, samplePdf, stampedFilingPdf } from '../support/mail.ts';

const COURT = new URL('../fixtures/court.yaml', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'ci-process-'));
const write = (name: string, raw: Buffer) => {
  const p = join(tmp, name);
  writeFileSync(p, raw);
  return p;
};

function expectContractShape(r: Record<string, any>) {
  expect(typeof r.messageId).toBe('string');
  expect(typeof r.mailbox).toBe('string');
  expect(['docketed', 'accepted', 'rejected', 'exception', 'ignored']).toContain(r.disposition);
  expect(Array.isArray(r.codes)).toBe(true);
  expect(Array.isArray(r.replies)).toBe(true);
  for (const rep of r.replies) {
    expect(typeof rep.kind).toBe('string');
    expect(Array.isArray(rep.to)).toBe(true);
    expect(typeof rep.subject).toBe('string');
    expect(rep.file).toMatch(/^outbox\/\d+\.eml$/);
  }
}

describe('court-intake process (CONTRACT.md)', () => {
  let files: Record<string, string>;
  beforeAll(async () => {
    files = {
      clerk: write('clerk.eml', await buildMail({ from: FACILITY, to: ADDR.clerk, subject: '3:16-cv-01234 Smith motion', attachments: [{ filename: 'smith-motion.pdf', content: await stampedFilingPdf({ year: 2016, month: 6, day: 22, hour: 10, minute: 32 }) }] })),
      orders: write('orders.eml', await goodMail('orders')),
      registration: write('registration.eml', await goodMail('registration')),
      rejected: write('rejected.eml', await buildMail({ from: 'someone@mail.example.net', to: ADDR.clerk, subject: 'my case', text: 'no attachment' })),
    };
  });

  it('G: --json prints one contract-shaped object per message for the clerk mailbox, with filings', async () => {
    const store = join(tmp, 'store-clerk');
    const r = await cli(['process', files.clerk!, files.rejected!, '--mailbox', 'clerk', '--data', COURT, '--store', store, '--json', '--received-at', '2016-06-22T10:45:00-04:00']);
    expect(r.code, r.stderr).toBe(0);
    const [good, bad] = jsonLines(r.stdout);
    expectContractShape(good!);
    expect(good!.mailbox).toBe('clerk');
    expect(good!.disposition).toBe('docketed');
    expect(good!.filings).toEqual([
      expect.objectContaining({ attachment: 'smith-motion.pdf', disposition: 'docketed', caseNumber: '3:16-cv-01234', filedAt: '2016-06-22T10:32:00-04:00', docketNumber: 2, stampText: expect.stringContaining('JUN 22 2016') }),
    ]);
    // P-7: the NEF goes to the facility's NEF address and the registered defendant.
    expect(good!.replies.map((r: any) => [r.kind, r.to[0]]).sort()).toEqual([['nef', 'aag@ct.example.gov'], ['nef', 'nef@mwci.doc.example.org']]);
    expectContractShape(bad!);
    expect(bad!.disposition).toBe('rejected');
    expect(bad!.codes).toEqual(expect.arrayContaining(['SENDER_NOT_FACILITY', 'NO_PDF_ATTACHMENT']));
    // The rejection is a real file in <store>/outbox, listing every defect (N-2).
    const notice = readFileSync(join(store, bad!.replies[0].file), 'utf8');
    expect(notice).toContain('SENDER_NOT_FACILITY');
    expect(notice).toContain('NO_PDF_ATTACHMENT');
    expect(notice).toMatch(/^Auto-Submitted: auto-replied/m);
    expect(notice).toMatch(/^In-Reply-To: <test-/m);
  });

  it('G: the orders mailbox result carries the order object; the registration mailbox the registration object', async () => {
    const r1 = await cli(['process', files.orders!, '--mailbox', 'orders-jam', '--data', COURT, '--json']);
    expect(r1.code, r1.stderr).toBe(0);
    const [o] = jsonLines(r1.stdout);
    expectContractShape(o!);
    expect(o!.disposition).toBe('accepted');
    expect(o!.order).toMatchObject({ caseNumber: '13-30001', debtor: 'Daniel', category: 'request filed', judge: 'JAM' });
    const r2 = await cli(['process', files.registration!, '--mailbox', 'registration', '--data', COURT, '--json']);
    expect(r2.code, r2.stderr).toBe(0);
    const [g] = jsonLines(r2.stdout);
    expectContractShape(g!);
    expect(g!.registration).toMatchObject({ email: 'bray@rayfirm.example.com' });
  });

  it('I-2 (d): the same file processed twice gives one outcome and one reply', async () => {
    const store = join(tmp, 'store-twice');
    const a = await cli(['process', files.orders!, '--mailbox', 'orders-jam', '--data', COURT, '--store', store, '--json']);
    const b = await cli(['process', files.orders!, files.orders!, '--mailbox', 'orders-jam', '--data', COURT, '--store', store, '--json']);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const results = [...jsonLines(a.stdout), ...jsonLines(b.stdout)];
    expect(results).toHaveLength(3);
    expect(new Set(results.map((x) => JSON.stringify(x.replies)))).toHaveProperty('size', 1);
    expect(readdirSync(join(store, 'outbox'))).toHaveLength(1);
  });

  it('I-3 (e): an auto-reply, a bounce and a List-Id message are ignored with AUTO_REPLY and get no reply', async () => {
    const ooo = write('ooo.eml', await buildMail({ from: 'records@mwci.doc.example.org', to: ADDR.clerk, subject: 'Automatic reply: your filing', headers: { 'Auto-Submitted': 'auto-replied' } }));
    const list = write('list.eml', await buildMail({ from: 'news@lists.example.org', to: ADDR.clerk, subject: 'Court news', headers: { 'List-Id': '<news.lists.example.org>' }, attachments: [{ filename: 'news.pdf', content: await samplePdf() }] }));
    const bounce = write(
      'bounce.eml',
      Buffer.from(
        [
          'From: Mail Delivery System <MAILER-DAEMON@mx.example.org>',
          `To: ${ADDR.clerk}`,
          'Subject: Undelivered Mail Returned to Sender',
          'Date: Wed, 22 Jun 2016 14:00:00 +0000',
          'Message-ID: <bounce-1@mx.example.org>',
          'MIME-Version: 1.0',
          'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
          '',
          '--b1',
          'Content-Type: text/plain',
          '',
          'Your message could not be delivered.',
          '--b1',
          'Content-Type: message/delivery-status',
          '',
          'Reporting-MTA: dns; mx.example.org',
          '',
          'Final-Recipient: rfc822; nobody@example.org',
          'Action: failed',
          'Status: 5.1.1',
          '--b1--',
          '',
        ].join('\r\n'),
      ),
    );
    const store = join(tmp, 'store-loops');
    const r = await cli(['process', ooo, list, bounce, '--mailbox', 'clerk', '--data', COURT, '--store', store, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const results = jsonLines(r.stdout);
    expect(results).toHaveLength(3);
    for (const x of results) {
      expect(x.disposition).toBe('ignored');
      expect(x.codes).toEqual(['AUTO_REPLY']);
      expect(x.replies).toEqual([]);
    }
  });

  it('G: a bad court data file exits 2 naming the file and the path inside it', async () => {
    const bad = join(tmp, 'bad-court.yaml');
    writeFileSync(bad, readFileSync(COURT, 'utf8').replace('court: bankruptcy', 'court: admiralty').replace('address: prisoner-filings@ctd.example.org', 'address: not-an-address'));
    const r = await cli(['process', files.clerk!, '--mailbox', 'clerk', '--data', bad, '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(bad);
    expect(r.stderr).toContain('cases[1].court');
    expect(r.stderr).toContain('mailboxes[0].address');
  });

  it('exits 2 for an unknown mailbox and for a missing option', async () => {
    const r = await cli(['process', files.clerk!, '--mailbox', 'nope', '--data', COURT]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope');
    const r2 = await cli(['process', files.clerk!, '--data', COURT]);
    expect(r2.code).toBe(2);
  });
});
