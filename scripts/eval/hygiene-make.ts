/**
 * Makes the mail-hygiene corpus, eval/hygiene/ (I-3 no loops): auto-replies (Exchange
 * out-of-office, vacation responders), bounces (multipart/report delivery reports, empty
 * return path, postmaster notices), read receipts, list and bulk mail, our own mail
 * looping back — all `ignored` with AUTO_REPLY, to the clerk, orders and registration
 * mailboxes — and ordinary mail that only looks like these and must be answered.
 *
 *   npx tsx scripts/eval/hygiene-make.ts
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom, writeManifest, type Expectation, type ManifestMessage, type Rng } from './lib-corpus.ts';
import { buildMessage, rfc5322Date, type Client, type MailAttachment } from './lib-mime.ts';
import { orderBlocks } from './orders-make.ts';
import { toDocx } from './orders-doc.ts';

const SEED = 1;
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const AREA = join(ROOT, 'eval/hygiene');

const COURT_YAML = `# Court data of the mail-hygiene evaluation corpus (CONTRACT.md format).
# Made by scripts/eval/hygiene-make.ts; edit there, not here.
court:
  name: United States District Court and Bankruptcy Court, District of Connecticut
  timezone: America/New_York
mailboxes:
  - { id: clerk, kind: clerk, address: prisoner-filings@ctd.example.org }
  - { id: registration, kind: registration, address: ecf-registration@ctb.example.org }
  - { id: orders-jam, kind: orders, judge: JAM, address: jamorders@ctb.example.org }
judges:
  - { initials: JAM, name: Julie A. Manning }
facilities:
  - code: MWCI
    name: MacDougall-Walker Correctional Institution
    senders: [scanner@mwci.doc.example.org]
    nefAddress: nef@mwci.doc.example.org
    authenticated: false
filers:
  - { name: Jennifer Wu, email: jwu@wulawct.example.com, barNumber: ct401122, role: filer }
cases:
  - number: "3:16-cv-01234"
    court: district
    title: Smith v. Semple
    nature: civil-rights
    judge: JCH
    prisoner: { name: John Smith, inmateNumber: "123456", facility: MWCI }
    parties:
      - { name: Scott Semple, role: defendant, email: aag@ct.example.gov }
      - { name: John Smith, role: plaintiff, address: "MWCI, 1153 East St S, Suffield CT 06080" }
    docket:
      - { number: 1, filedAt: "2016-06-01T09:00:00-04:00", text: "COMPLAINT against Scott Semple, filed by John Smith." }
  - number: "13-30001"
    court: bankruptcy
    title: In re John Daniel
    debtor: John Daniel
    chapter: 13
    judge: JAM
    docket:
      - { number: 48, filedAt: "2014-03-20T11:12:00-04:00", text: "Motion to Modify Confirmed Chapter 13 Plan filed by John Daniel.", filer: jwu@wulawct.example.com }
`;

const ADDR: Record<string, string> = { clerk: 'prisoner-filings@ctd.example.org', registration: 'ecf-registration@ctb.example.org', 'orders-jam': 'jamorders@ctb.example.org' };
const IGNORED: Expectation = { disposition: 'ignored', codes: ['AUTO_REPLY'] };

interface HygieneMessage {
  id: string;
  family: string;
  note: string;
  mailbox: string;
  receivedAt: string;
  client: Client;
  from: string;
  subject: string;
  text: string;
  headers?: [string, string][];
  report?: (rng: Rng) => { contentType: string; body: string };
  order?: boolean;
  /** Attach a delivery report as a forwarded message (message/rfc822). */
  forwardBounce?: boolean;
  expect: Expectation;
}

function deliveryReport(rng: Rng, o: { mta: string; recipient: string; status: string; diagnostic: string; original: string[]; intro: string }) {
  const b = `${rng.hex(6).toUpperCase()}.${rng.int(1000000000, 1999999999)}/${o.mta}`;
  return {
    contentType: `multipart/report; report-type=delivery-status;\r\n\tboundary="${b}"`,
    body: [
      'This is a MIME-encapsulated message.',
      '',
      `--${b}`,
      'Content-Description: Notification',
      'Content-Type: text/plain; charset=us-ascii',
      '',
      o.intro,
      '',
      `<${o.recipient}>: ${o.diagnostic}`,
      '',
      `--${b}`,
      'Content-Description: Delivery report',
      'Content-Type: message/delivery-status',
      '',
      `Reporting-MTA: dns; ${o.mta}`,
      `X-Postfix-Queue-ID: ${rng.hex(10).toUpperCase()}`,
      '',
      `Final-Recipient: rfc822; ${o.recipient}`,
      `Original-Recipient: rfc822;${o.recipient}`,
      'Action: failed',
      `Status: ${o.status}`,
      `Diagnostic-Code: smtp; ${o.diagnostic}`,
      '',
      `--${b}`,
      'Content-Description: Undelivered Message Headers',
      'Content-Type: text/rfc822-headers',
      '',
      ...o.original,
      '',
      `--${b}--`,
      '',
    ].join('\r\n'),
  };
}

function readReceipt(rng: Rng) {
  const b = `----=_NextPart_${rng.hex(3)}_${rng.hex(4)}_${rng.hex(8).toUpperCase()}`;
  return {
    contentType: `multipart/report; report-type=disposition-notification;\r\n\tboundary="${b}"`,
    body: [
      `--${b}`,
      'Content-Type: text/plain; charset="us-ascii"',
      '',
      'Your message',
      '',
      '  To: Jennifer Wu',
      '  Subject: Received: 13-30001 Daniel - request filed',
      '  Sent: Thursday, April 3, 2014 10:01:12 AM (UTC-05:00) Eastern Time (US & Canada)',
      '',
      'was read on Thursday, April 3, 2014 10:30:41 AM (UTC-05:00) Eastern Time (US & Canada).',
      '',
      `--${b}`,
      'Content-Type: message/disposition-notification',
      '',
      'Reporting-UA: BN1PR04MB887.namprd04.prod.outlook.com; Microsoft Exchange Server',
      'Final-Recipient: rfc822;jwu@wulawct.example.com',
      'Original-Message-ID: <ack.0001@jamorders.ctb.example.org>',
      'Disposition: manual-action/MDN-sent-manually; displayed',
      '',
      `--${b}--`,
      '',
    ].join('\r\n'),
  };
}

const MESSAGES: HygieneMessage[] = [
  { id: 'h-001', family: 'outlook-oof', note: 'Exchange out-of-office answering our acknowledgement: Auto-Submitted auto-generated, X-Auto-Response-Suppress: All.', mailbox: 'orders-jam', receivedAt: '2014-04-03T10:02:00-04:00', client: 'outlook', from: 'Jennifer Wu <jwu@wulawct.example.com>', subject: 'Automatic reply: Received: 13-30001 Daniel - request filed', text: 'I am out of the office until Monday, April 7, with limited access to email. For urgent matters please call (860) 555-0142.', headers: [['Auto-Submitted', 'auto-generated'], ['X-Auto-Response-Suppress', 'All'], ['X-MS-Exchange-Inbox-Rules-Loop', 'jwu@wulawct.example.com']], expect: IGNORED },
  { id: 'h-002', family: 'vacation-auto-replied', note: 'A party’s vacation responder answering an NEF sent from the clerk mailbox (Auto-Submitted: auto-replied).', mailbox: 'clerk', receivedAt: '2016-06-22T11:00:00-04:00', client: 'gmail', from: 'Assistant Attorney General <aag@ct.example.gov>', subject: 'Out of Office Re: Activity in Case 3:16-cv-01234 Smith v. Semple Motion', text: 'I will be out of the office through June 27. Please contact the Public Safety Section at (860) 555-0300.', headers: [['Auto-Submitted', 'auto-replied'], ['Precedence', 'bulk']], expect: IGNORED },
  { id: 'h-003', family: 'dsn-multipart-report', note: 'Postfix bounce of an NEF: MAILER-DAEMON, empty return path, multipart/report delivery-status.', mailbox: 'clerk', receivedAt: '2016-06-22T10:40:00-04:00', client: 'plain', from: 'Mail Delivery System <MAILER-DAEMON@mx1.ctd.example.org>', subject: 'Undelivered Mail Returned to Sender', text: '', headers: [['Return-Path', '<>'], ['Auto-Submitted', 'auto-replied']], report: (rng) => deliveryReport(rng, { mta: 'mx1.ctd.example.org', recipient: 'nef@mwci.doc.example.org', status: '5.1.1', diagnostic: '550 5.1.1 <nef@mwci.doc.example.org>: Recipient address rejected: User unknown in virtual mailbox table', intro: 'This is the mail system at host mx1.ctd.example.org.\r\n\r\nI\'m sorry to have to inform you that your message could not\r\nbe delivered to one or more recipients.', original: ['From: prisoner-filings@ctd.example.org', 'To: nef@mwci.doc.example.org', 'Subject: Activity in Case 3:16-cv-01234 Smith v. Semple Motion'] }), expect: IGNORED },
  { id: 'h-004', family: 'ndr-postmaster', note: 'Exchange non-delivery report from postmaster@ with a delivery-status report and no Auto-Submitted header.', mailbox: 'orders-jam', receivedAt: '2014-04-03T10:05:00-04:00', client: 'plain', from: 'Microsoft Outlook <postmaster@wulawct.example.com>', subject: 'Undeliverable: Received: 13-30001 Daniel - request filed', text: '', report: (rng) => deliveryReport(rng, { mta: 'BN1PR04MB887.namprd04.prod.outlook.com', recipient: 'jwu.old@wulawct.example.com', status: '5.4.1', diagnostic: '550 5.4.1 Recipient address rejected: Access denied', intro: 'Delivery has failed to these recipients or groups:\r\n\r\njwu.old@wulawct.example.com\r\nThe email address you entered couldn\'t be found.', original: ['From: jamorders@ctb.example.org', 'To: jwu.old@wulawct.example.com', 'Subject: Received: 13-30001 Daniel - request filed'] }), expect: IGNORED },
  { id: 'h-005', family: 'list-mail', note: 'A mailing list post (List-Id, Precedence: list) reaching the registration mailbox.', mailbox: 'registration', receivedAt: '2016-05-02T08:00:00-04:00', client: 'plain', from: 'CM/ECF Users Group <ecf-users@lists.example.org>', subject: '[ecf-users] NextGen CM/ECF upgrade this weekend', text: 'The District of Connecticut will upgrade to NextGen CM/ECF on Saturday. Link your PACER account before then.', headers: [['List-Id', 'CM/ECF users <ecf-users.lists.example.org>'], ['List-Unsubscribe', '<mailto:ecf-users-leave@lists.example.org>'], ['Precedence', 'list'], ['Sender', 'ecf-users-bounces@lists.example.org']], expect: IGNORED },
  { id: 'h-006', family: 'precedence-bulk', note: 'A vendor newsletter with Precedence: bulk and no List-Id, to the clerk mailbox.', mailbox: 'clerk', receivedAt: '2016-06-20T07:30:00-04:00', client: 'plain', from: 'Scanner Solutions <news@scannersolutions.example.com>', subject: 'Firmware 4.2 for your document scanners', text: 'New firmware improves duplex scanning speed by 20%.', headers: [['Precedence', 'bulk']], expect: IGNORED },
  { id: 'h-007', family: 'own-address-loop', note: 'Our own NEF coming back to the clerk mailbox through a forwarding rule, without auto headers: from the bot’s own address.', mailbox: 'clerk', receivedAt: '2016-06-22T10:45:00-04:00', client: 'plain', from: 'prisoner-filings@ctd.example.org', subject: 'Activity in Case 3:16-cv-01234 Smith v. Semple Motion', text: 'This is an automatic e-mail message generated by the CM/ECF system. Please DO NOT RESPOND to this e-mail because the mail box is unattended.', expect: IGNORED },
  { id: 'h-008', family: 'own-address-loop', note: 'Our own rejection notice back in the orders mailbox (from the bot’s address, Auto-Submitted: auto-replied).', mailbox: 'orders-jam', receivedAt: '2014-04-03T10:06:00-04:00', client: 'plain', from: 'Chief Judge Manning Orders <jamorders@ctb.example.org>', subject: 'Rejected: 13-30001 Daniel proposed order', text: 'Your proposed order was not accepted for the reasons below.', headers: [['Auto-Submitted', 'auto-replied'], ['X-Auto-Response-Suppress', 'All']], expect: IGNORED },
  { id: 'h-009', family: 'empty-return-path', note: 'A system notice with an empty envelope sender (Return-Path: <>) and nothing else automatic about it.', mailbox: 'registration', receivedAt: '2016-05-03T09:00:00-04:00', client: 'plain', from: 'Quarantine <quarantine@mailgw.lawfirm.example.com>', subject: 'Message held for review', text: 'A message you sent was held by the content filter.', headers: [['Return-Path', '<>']], expect: IGNORED },
  { id: 'h-010', family: 'auto-generated', note: 'A docketing calendar’s reminder (Auto-Submitted: auto-generated) sent to the orders mailbox.', mailbox: 'orders-jam', receivedAt: '2014-04-04T06:00:00-04:00', client: 'plain', from: 'Docket Calendar <calendar@wulawct.example.com>', subject: '13-30001 Daniel - hearing date April 15, 2014', text: 'Reminder: hearing on the Motion to Modify, April 15, 2014 at 10:00 AM.', headers: [['Auto-Submitted', 'auto-generated']], expect: IGNORED },
  { id: 'h-011', family: 'read-receipt-mdn', note: 'An Outlook read receipt (multipart/report disposition-notification) for our acknowledgement.', mailbox: 'orders-jam', receivedAt: '2014-04-03T10:31:00-04:00', client: 'plain', from: 'Jennifer Wu <jwu@wulawct.example.com>', subject: 'Read: Received: 13-30001 Daniel - request filed', text: '', report: readReceipt, expect: IGNORED },
  { id: 'h-012', family: 'x-loop', note: 'A forwarder marks the mail X-Loop with our own address: it has been here before.', mailbox: 'orders-jam', receivedAt: '2014-04-03T10:40:00-04:00', client: 'plain', from: 'Jennifer Wu <jwu@wulawct.example.com>', subject: 'Fwd: Received: 13-30001 Daniel - request filed', text: 'Forwarded by rule.', headers: [['X-Loop', 'jamorders@ctb.example.org']], expect: IGNORED },
  { id: 'h-013', family: 'gmail-vacation-clerk', note: 'Gmail vacation responder to the orders mailbox: Auto-Submitted: auto-replied only.', mailbox: 'orders-jam', receivedAt: '2014-04-03T12:00:00-04:00', client: 'gmail', from: 'David Okafor <okafor.lawoffice@gmail.example.com>', subject: 'Re: Received: 13-30001 Daniel - request filed', text: 'Thank you for your email. I am on trial this week and will respond when I return.', headers: [['Auto-Submitted', 'auto-replied']], expect: IGNORED },
  { id: 'h-017', family: 'precedence-junk', note: 'A spam filter’s quarantine digest marked Precedence: junk.', mailbox: 'clerk', receivedAt: '2016-06-21T06:00:00-04:00', client: 'plain', from: 'Spam Quarantine <quarantine@mailgw.ctd.example.org>', subject: 'Spam Quarantine Summary - 3 messages', text: 'The following messages were quarantined since your last summary.', headers: [['Precedence', 'junk']], expect: IGNORED },
  { id: 'h-018', family: 'noreply-sender', note: 'A notification from a no-reply address: an answer could only bounce.', mailbox: 'registration', receivedAt: '2016-05-04T09:00:00-04:00', client: 'plain', from: 'PACER Service Center <noreply@psc.uscourts.example.gov>', subject: 'Your PACER account has been linked', text: 'Your PACER account is now linked to your CM/ECF account. This mailbox is not monitored.', expect: IGNORED },
  { id: 'h-019', family: 'x-autoreply', note: 'A hosting provider’s autoresponder that marks itself only with X-Autoreply / X-Autorespond.', mailbox: 'orders-jam', receivedAt: '2014-04-03T13:00:00-04:00', client: 'plain', from: 'Ellen Brodsky <ebrodsky@brodskylaw.example.com>', subject: 'Auto: Received: 13-30001 Daniel - request filed', text: 'Thank you for your message. I am away until April 8.', headers: [['X-Autoreply', 'yes'], ['X-Autorespond', 'Received: 13-30001 Daniel - request filed']], expect: IGNORED },
  { id: 'h-020', family: 'dsn-mailer-daemon', note: 'A Gmail-style bounce from mailer-daemon@ with a delivery-status report and neither Auto-Submitted nor an empty return path.', mailbox: 'clerk', receivedAt: '2016-06-22T10:50:00-04:00', client: 'gmail', from: 'Mail Delivery Subsystem <mailer-daemon@googlemail.example.com>', subject: 'Delivery Status Notification (Failure)', text: '', report: (rng) => deliveryReport(rng, { mta: 'mx.google.example.com', recipient: 'smith.family.ct@gmail.example.com', status: '5.1.1', diagnostic: "550-5.1.1 The email account that you tried to reach does not exist.", intro: "** Address not found **\r\n\r\nYour message wasn't delivered to smith.family.ct@gmail.example.com because the address couldn't be found.", original: ['From: prisoner-filings@ctd.example.org', 'To: smith.family.ct@gmail.example.com', 'Subject: Activity in Case 3:16-cv-01234 Smith v. Semple Order'] }), expect: IGNORED },
  // Looks like the above, but is ordinary mail (I-3 decides by the headers, not the subject).
  { id: 'h-014', family: 'auto-submitted-no', note: 'A correct proposed order that carries Auto-Submitted: no (some clients write it): an ordinary message, accepted.', mailbox: 'orders-jam', receivedAt: '2014-04-02T10:30:00-04:00', client: 'thunderbird', from: 'Jennifer Wu <jwu@wulawct.example.com>', subject: '13-30001 Daniel - request filed', text: 'Dear Chambers,\n\nAttached is the proposed order on the Motion to Modify (ECF No. 48).\n\nJennifer Wu', headers: [['Auto-Submitted', 'no']], order: true, expect: { disposition: 'accepted', codes: [] } },
  { id: 'h-015', family: 'human-automatic-reply-subject', note: 'A person’s message whose subject starts “Automatic reply:” but with no automatic headers: not an auto-reply (I-3), so it gets its answer — the subject is not in the O-1 form.', mailbox: 'orders-jam', receivedAt: '2014-04-03T11:00:00-04:00', client: 'outlook', from: 'Jennifer Wu <jwu@wulawct.example.com>', subject: 'Automatic reply: 13-30001 Daniel - request filed', text: 'My out-of-office reply went to you by mistake; please disregard it. The proposed order is attached again.\n\nJennifer Wu', order: true, expect: { disposition: 'rejected', codes: ['SUBJECT_FORMAT'] } },
  { id: 'h-016', family: 'human-reply-to-notice', note: 'Counsel answers our rejection by hand (RE:, In-Reply-To, no automatic headers, no attachment): answered, not ignored.', mailbox: 'orders-jam', receivedAt: '2014-04-03T11:30:00-04:00', client: 'outlook', from: 'Jennifer Wu <jwu@wulawct.example.com>', subject: 'RE: Rejected: 13-30001 Daniel proposed order', text: 'Thank you. I will resend the order with the correct subject line.\n\nJennifer Wu', headers: [['In-Reply-To', '<rej.0001@jamorders.ctb.example.org>'], ['References', '<rej.0001@jamorders.ctb.example.org>']], expect: { disposition: 'rejected' } },
  { id: 'h-021', family: 'human-forwards-bounce', note: 'Counsel forwards a bounce to ask about it: the delivery report is inside an attachment of an ordinary message, which gets its answer.', mailbox: 'orders-jam', receivedAt: '2014-04-03T14:00:00-04:00', client: 'thunderbird', from: 'Jennifer Wu <jwu@wulawct.example.com>', subject: 'Fwd: Undeliverable: Received: 13-30001 Daniel - request filed', text: 'Chambers — your acknowledgement bounced from my old address; please use jwu@wulawct.example.com from now on.\n\nJennifer Wu', forwardBounce: true, expect: { disposition: 'rejected' } },
  { id: 'h-022', family: 'auto-words-in-body', note: 'A correct order whose body quotes “Auto-Submitted: auto-replied” and “Precedence: bulk” lines: header words in the text are not headers.', mailbox: 'orders-jam', receivedAt: '2014-04-04T09:00:00-04:00', client: 'outlook', from: 'Jennifer Wu <jwu@wulawct.example.com>', subject: '13-30001 Daniel - request filed', text: 'Dear Chambers,\n\nAttached is the proposed order on ECF No. 48. Yesterday’s acknowledgement reached me marked\n\n  Auto-Submitted: auto-replied\n  Precedence: bulk\n\nso my filter hid it; I am resending to be sure it arrived.\n\nJennifer Wu', order: true, expect: { disposition: 'accepted', codes: [] } },
];

async function main(): Promise<void> {
  const rng = seededRandom(SEED);
  rmSync(join(AREA, 'mail'), { recursive: true, force: true });
  mkdirSync(join(AREA, 'mail'), { recursive: true });
  writeFileSync(join(AREA, 'court.yaml'), COURT_YAML);
  const order = await toDocx(orderBlocks({ case: 'daniel', style: 'paren', matter: 'modify', ref: 'ecf', motion: 48, endings: ['prepared'] }));
  const manifest: ManifestMessage[] = [];
  for (const m of MESSAGES) {
    const attachments: MailAttachment[] = m.order ? [{ filename: 'Daniel Proposed Order.docx', bytes: order }] : [];
    if (m.forwardBounce) {
      const bounce = MESSAGES.find((x) => x.id === 'h-004')!;
      const inner = buildMessage({ client: 'plain', from: bounce.from, to: 'jwu.old@wulawct.example.com', subject: bounce.subject, date: rfc5322Date(bounce.receivedAt), text: '', headers: [['Return-Path', '<>']], rawBody: bounce.report!(rng) }, rng);
      attachments.push({ filename: 'Undeliverable.eml', bytes: inner, message: true });
    }
    const eml = buildMessage(
      {
        client: m.client,
        from: m.from,
        to: ADDR[m.mailbox]!,
        subject: m.subject,
        date: rfc5322Date(m.receivedAt),
        text: m.text,
        attachments,
        headers: [['Received', `from relay.example.net (relay.example.net [203.0.113.${rng.int(2, 250)}]) by mx1.ctd.example.org with ESMTPS id ${rng.hex(10).toUpperCase()}; ${rfc5322Date(m.receivedAt)}`], ...(m.headers ?? [])],
        rawBody: m.report?.(rng),
      },
      rng,
    );
    const file = `mail/${m.id}.eml`;
    writeFileSync(join(AREA, file), eml);
    manifest.push({ id: m.id, file, mailbox: m.mailbox, receivedAt: m.receivedAt, family: m.family, note: m.note, expect: m.expect });
  }
  // Mail reaches a mailbox in time order, and one store sees it so (O-8, O-10, rate limits).
  manifest.sort((a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt) || a.id.localeCompare(b.id));
  writeManifest(AREA, { area: 'hygiene', seed: SEED, messages: manifest });
  process.stdout.write(`eval/hygiene: ${manifest.length} messages\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : err}\n`);
    process.exit(1);
  });
}
