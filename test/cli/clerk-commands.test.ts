/** The clerk's commands on a store made by `process` (CONTRACT.md layout): list, resolve, docket, mail service. */
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { COURT } from '../support/app.ts';
import { cli, jsonLines } from '../support/cli.ts';
import { ADDR, buildMail, FACILITY, goodMail, samplePdf } from '../support/mail.ts';
import { scannedPage, scannedPdf } from '../support/scan.ts';

describe('the clerk’s commands', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ci-clerk-cli-'));
  const config = join(dir, 'config.yaml');
  let exceptionId: number;
  let packetId: number;
  let orderId: number;
  beforeAll(async () => {
    writeFileSync(config, YAML.stringify({ data: COURT, storeDir: join(dir, 'db'), mailDir: dir }));
    const mail = join(dir, 'nostamp.eml');
    writeFileSync(mail, await buildMail({ from: FACILITY, to: ADDR.clerk, subject: '3:16-cv-01234 Smith', attachments: [{ filename: 'nostamp.pdf', content: await scannedPdf([scannedPage({ seed: 5, dpi: 200, noStamp: true }).image]) }] }));
    const r = await cli(['process', mail, '--mailbox', 'clerk', '--data', COURT, '--store', dir, '--received-at', '2016-06-22T10:45:00-04:00', '--json'], { env: { DATABASE_URL: '', REDIS_URL: '' } });
    expect(r.code, r.stderr).toBe(0);
    expect(jsonLines(r.stdout)[0]!.codes).toContain('STAMP_UNREADABLE');
  });
  const env = { DATABASE_URL: '', REDIS_URL: '' };

  it('exceptions list --json shows the STAMP_UNREADABLE exception', async () => {
    const r = await cli(['exceptions', 'list', '--json', '--config', config], { env });
    expect(r.code, r.stderr).toBe(0);
    const [ex] = jsonLines(r.stdout);
    expect(ex).toMatchObject({ code: 'STAMP_UNREADABLE', mailbox: 'clerk', caseNumber: '3:16-cv-01234' });
    exceptionId = ex!.id;
  });

  it('exceptions resolve without the date exits 2 and says what is missing', async () => {
    const r = await cli(['exceptions', 'resolve', String(exceptionId), '--config', config], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--filed-at');
  });

  it('P-4: exceptions resolve --filed-at dockets the filing and writes its NEFs', async () => {
    const before = readdirSync(join(dir, 'outbox')).length;
    const r = await cli(['exceptions', 'resolve', String(exceptionId), '--filed-at', '6/22/2016 10:20 AM', '--by', 'jdoe', '--json', '--config', config], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ caseNumber: '3:16-cv-01234', docketNumber: 2, filedAt: '2016-06-22T10:20:00-04:00' });
    expect(readdirSync(join(dir, 'outbox')).length).toBe(before + 2);
  });

  it('P-8: docket --by court enters an order, sends the facility its NEF, and mail-service lists the packet to print', async () => {
    const order = join(dir, 'order.pdf');
    writeFileSync(order, await samplePdf(['ORDER', 'The motion is GRANTED.']));
    const r = await cli(['docket', '3:16cv1234', '--file', order, '--text', 'ORDER granting Motion for Extension of Time.', '--by', 'court', '--json', '--config', config], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ docketNumber: 3, replies: 2, mailService: 1 });
    const m = await cli(['mail-service', '--out', join(dir, 'print'), '--json', '--config', config], { env });
    expect(m.code, m.stderr).toBe(0);
    const [item] = jsonLines(m.stdout);
    expect(item).toMatchObject({ caseNumber: '3:16-cv-01234', party: 'John Smith' });
    expect(existsSync(item!.file)).toBe(true);
    packetId = item!.id;
  });

  it('P-7: mail-service --mark-mailed takes the packet off the list; an unknown packet number exits 2', async () => {
    const marked = await cli(['mail-service', '--mark-mailed', String(packetId), '--by', 'jdoe', '--config', config], { env });
    expect(marked.code, marked.stderr).toBe(0);
    expect(marked.stdout).toContain(`marked mailed: ${packetId}`);
    const unknown = await cli(['mail-service', '--mark-mailed', '9999', '--config', config], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('#9999');
    const left = await cli(['mail-service', '--json', '--config', config], { env });
    expect(jsonLines(left.stdout).map((p) => p.id)).not.toContain(packetId);
  }, 150_000);

  it('O-12: orders list --judge JAM --json shows an accepted order from the judge’s queue', async () => {
    const mail = join(dir, 'order.eml');
    writeFileSync(mail, await goodMail('orders'));
    const p = await cli(['process', mail, '--mailbox', 'orders-jam', '--data', COURT, '--store', dir, '--received-at', '2014-03-10T11:00:00-04:00', '--json'], { env });
    expect(jsonLines(p.stdout)[0]!.disposition, p.stderr).toBe('accepted');
    const r = await cli(['orders', 'list', '--judge', 'JAM', '--json', '--config', config], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(jsonLines(r.stdout)).toEqual([expect.objectContaining({ judge: 'JAM', caseNumber: '13-30001', category: 'request filed', motionDocketNumber: 42, status: 'pending' })]);
    orderId = jsonLines(r.stdout)[0]!.id;
  });

  it('O-12: orders mark ID --signed records the decision and who made it, and refuses a second mark or both flags', async () => {
    const both = await cli(['orders', 'mark', String(orderId), '--signed', '--returned', '--config', config], { env });
    expect(both.code).toBe(2);
    const r = await cli(['orders', 'mark', String(orderId), '--signed', '--by', 'jdoe', '--json', '--config', config], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ id: orderId, status: 'signed' });
    const all = jsonLines((await cli(['orders', 'list', '--all', '--json', '--config', config], { env })).stdout);
    expect(all).toEqual([expect.objectContaining({ id: orderId, status: 'signed', decidedBy: 'jdoe' })]);
    const again = await cli(['orders', 'mark', String(orderId), '--returned', '--config', config], { env });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already signed');
  }, 150_000);

  it('clerks add --password-stdin stores a scrypt hash, clerks list shows the clerk; a duplicate, a short password or no password source exits 2', async () => {
    const add = await cli(['clerks', 'add', 'mclerk', '--password-stdin', '--config', config], { env, input: 'a long enough password\n' });
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain('clerk mclerk added');
    const list = await cli(['clerks', 'list', '--json', '--config', config], { env });
    expect(jsonLines(list.stdout)).toEqual([expect.objectContaining({ name: 'mclerk', disabled: false })]);
    expect(list.stdout).not.toContain('scrypt');
    const dup = await cli(['clerks', 'add', 'mclerk', '--password-stdin', '--config', config], { env, input: 'another long password\n' });
    expect(dup.code).toBe(2);
    expect(dup.stderr).toContain('already exists');
    const short = await cli(['clerks', 'add', 'shorty', '--password-stdin', '--config', config], { env, input: 'short\n' });
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('at least 10 characters');
    const noTty = await cli(['clerks', 'add', 'nobody', '--config', config], { env });
    expect(noTty.code).toBe(2);
    expect(noTty.stderr).toContain('--password-stdin');
  }, 150_000);

  it('docket exits 2 for a file that is not a PDF, naming it', async () => {
    const notPdf = join(dir, 'order.txt');
    writeFileSync(notPdf, 'not a pdf');
    const r = await cli(['docket', '3:16-cv-01234', '--file', notPdf, '--text', 'ORDER', '--by', 'court', '--config', config], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(notPdf);
  });

  it('R-8: registrations list / approve / reject on a registration made by `process`; errors exit 2 naming the problem', async () => {
    const mail = join(dir, 'registration.eml');
    writeFileSync(mail, await goodMail('registration'));
    const p = await cli(['process', mail, '--mailbox', 'registration', '--data', COURT, '--store', dir, '--received-at', '2021-11-02T10:00:00-04:00', '--json'], { env });
    expect(jsonLines(p.stdout)[0]!.disposition, p.stderr).toBe('accepted');
    const l = await cli(['registrations', 'list', '--json', '--config', config], { env });
    expect(l.code, l.stderr).toBe(0);
    const [reg] = jsonLines(l.stdout);
    expect(reg).toMatchObject({ status: 'pending', form: '1', email: 'bray@rayfirm.example.com' });
    const before = readdirSync(join(dir, 'outbox')).length;
    const a = await cli(['registrations', 'approve', String(reg!.id), '--by', 'jdoe', '--config', config], { env });
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toContain('login notice sent');
    expect(readdirSync(join(dir, 'outbox')).length).toBe(before + 1);
    const again = await cli(['registrations', 'reject', String(reg!.id), '--reason', 'late', '--config', config], { env });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already approved');
    const missing = await cli(['registrations', 'approve', '999', '--config', config], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no registration #999');
    const noReason = await cli(['registrations', 'reject', String(reg!.id), '--config', config], { env });
    expect(noReason.code).toBe(2);
  }, 150_000);
});
