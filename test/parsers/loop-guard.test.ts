import { readFileSync } from 'node:fs';
import MailComposer from 'nodemailer/lib/mail-composer';
import { describe, expect, it } from 'vitest';
import { autoMessageReason } from '../../src/intake/loop-guard.ts';
import { parseMessage } from '../../src/parsers/message.ts';
import type { ParsedMessage } from '../../src/parsers/types.ts';

const OWN = ['clerk@ctd.uscourts.example', 'orders-judge-a@ctb.uscourts.example'];

const fixture = (name: string) => parseMessage(readFileSync(new URL(`../fixtures/mime/${name}`, import.meta.url)));

/** A plain filing from a person, with extra header lines (written as given, not encoded). */
async function mail(headers: Record<string, string> = {}, from = 'Jane Roe <jroe@roefirm.example>'): Promise<ParsedMessage> {
  const prepared = Object.fromEntries(Object.entries(headers).map(([k, value]) => [k, { prepared: true, value }]));
  const raw = await new MailComposer({ from, to: OWN[0], subject: '3:16-cv-01234', text: 'Filing attached.', headers: prepared }).compile().build();
  return parseMessage(raw);
}

/** The same, with a Return-Path line as the receiving server writes it. */
async function withReturnPath(path: string): Promise<ParsedMessage> {
  const raw = await new MailComposer({ from: 'jroe@roefirm.example', to: OWN[0], text: 'x' }).compile().build();
  return parseMessage(Buffer.concat([Buffer.from(`Return-Path: ${path}\r\n`), raw]));
}

describe('autoMessageReason (I-3)', () => {
  it('I-3: an ordinary filing from a person is answered', async () => {
    expect(autoMessageReason(await mail(), OWN)).toBeNull();
    expect(autoMessageReason(await mail({ 'Auto-Submitted': 'no' }), OWN)).toBeNull();
    expect(autoMessageReason(await withReturnPath('<jroe@roefirm.example>'), OWN)).toBeNull();
  });

  it('I-3: an Exchange out-of-office is recognised as an auto-reply', async () => {
    expect(autoMessageReason(await fixture('exchange-oof.eml'), OWN)).toMatch(/Auto-Submitted/);
  });

  it('I-3: a multipart/report bounce from MAILER-DAEMON is recognised', async () => {
    expect(autoMessageReason(await fixture('bounce-multipart-report.eml'), OWN)).not.toBeNull();
  });

  it('I-3: a List-Id message is recognised as list mail', async () => {
    expect(autoMessageReason(await fixture('list-id.eml'), OWN)).toMatch(/List-Id/);
  });

  it('I-3: Auto-Submitted other than "no" (auto-replied, auto-generated, with parameters)', async () => {
    expect(autoMessageReason(await mail({ 'Auto-Submitted': 'auto-replied' }), OWN)).toBe('Auto-Submitted: auto-replied');
    expect(autoMessageReason(await mail({ 'Auto-Submitted': 'Auto-Generated; owner-email="x@y"' }), OWN)).toBe('Auto-Submitted: auto-generated');
  });

  it('I-3: an empty return path <> is never answered', async () => {
    expect(autoMessageReason(await withReturnPath('<>'), OWN)).toMatch(/Return-Path/);
  });

  it.each(['bulk', 'junk', 'list', 'Bulk'])('I-3: Precedence: %s', async (p) => {
    expect(autoMessageReason(await mail({ Precedence: p }), OWN)).toBe(`Precedence: ${p.toLowerCase()}`);
  });

  it('I-3: any List-* header, e.g. List-Unsubscribe alone', async () => {
    expect(autoMessageReason(await mail({ 'List-Unsubscribe': '<mailto:u@lists.example>' }), OWN)).toMatch(/List-Unsubscribe/);
  });

  it('I-3: X-Loop', async () => {
    expect(autoMessageReason(await mail({ 'X-Loop': 'helpdesk@example.com' }), OWN)).toBe('X-Loop header');
  });

  it('I-3: a person’s mail carrying X-Auto-Response-Suppress (Outlook, scanners) is not mistaken for a robot', async () => {
    expect(autoMessageReason(await mail({ 'X-Auto-Response-Suppress': 'All' }), OWN)).toBeNull();
    expect(autoMessageReason(await mail({ 'X-Auto-Response-Suppress': 'DR, RN, NRN, OOF' }), OWN)).toBeNull();
  });

  it.each(['X-Autoreply', 'X-Autorespond', 'X-MS-Exchange-Inbox-Rules-Loop'])('I-3: Outlook/Exchange auto-reply marker %s', async (h) => {
    expect(autoMessageReason(await mail({ [h]: h === 'X-MS-Exchange-Inbox-Rules-Loop' ? 'jroe@roefirm.example' : 'yes' }), OWN)).toBe(`${h} header (auto-reply)`);
  });

  it.each(['MAILER-DAEMON@mx.example', 'postmaster@example.com', 'noreply@example.com', 'no-reply@example.com', 'donotreply@example.com', 'do-not-reply@example.com'])(
    'I-3: machine sender %s',
    async (from) => {
      expect(autoMessageReason(await mail({}, from), OWN)).toMatch(/automatic mailer/);
    },
  );

  it('I-3: a person whose name merely contains "noreply" is answered', async () => {
    expect(autoMessageReason(await mail({}, 'noreplyson@example.com'), OWN)).toBeNull();
  });

  it('I-3: mail from one of our own addresses (any case) is not answered', async () => {
    expect(autoMessageReason(await mail({}, 'Clerk <CLERK@ctd.uscourts.example>'), OWN)).toMatch(/own address/);
  });

  it('I-3: mail carrying one of our own Message-IDs (a copy of our reply) is not answered', async () => {
    const raw = await new MailComposer({ from: 'relay@other.example', to: OWN[0], text: 'x', messageId: '<ci.0123456789abcdef01234567@ctd.uscourts.example>' }).compile().build();
    expect(autoMessageReason(await parseMessage(raw), OWN)).toMatch(/own Message-ID/);
  });

  it('I-3: a delivery-status part inside another structure still marks a delivery report', async () => {
    const msg = await mail();
    expect(autoMessageReason({ ...msg, hasDeliveryReport: true }, OWN)).toMatch(/delivery report/);
  });
});
