import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import MailComposer from 'nodemailer/lib/mail-composer';
import { describe, expect, it } from 'vitest';
import { MalformedMessageError, MessageTooLargeError } from '../../src/parsers/errors.ts';
import { MAX_FORWARD_DEPTH, SMIME_UNREADABLE, parseMessage } from '../../src/parsers/message.ts';
import { REASONS } from '../../src/parsers/readability.ts';
import { encryptedPdf, minimalPdf } from '../support/pdf.ts';
import { minimalDocx } from '../support/zip.ts';

type MailOptions = NonNullable<ConstructorParameters<typeof MailComposer>[0]>;

function compose(mail: MailOptions): Promise<Buffer> {
  const base: MailOptions = { from: 'Filer <filer@example.com>', to: 'clerk@ctd.uscourts.example', subject: 'test', date: new Date('2026-06-15T14:00:00Z') };
  return new MailComposer({ ...base, ...mail, disableFileAccess: true, disableUrlAccess: true }).compile().build();
}

const fixture = (name: string) => readFileSync(new URL(`../fixtures/mime/${name}`, import.meta.url));
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);

describe('parseMessage: attachments are found wherever the client put them', () => {
  it('I-5: an HTML-only body inside multipart/mixed (Outlook with an attachment) still gives the body text', async () => {
    const raw = Buffer.from(
      [
        'From: Jennifer Wu <jwu@lawfirm.example.com>',
        'To: jamorders@ctb.example.org',
        'Subject: 13-30001 Daniel - request filed',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/html; charset="utf-8"',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        '<html><body><p>The attached order differs from the one filed with ECF No. =',
        '42: the amount is corrected.</p></body></html>',
        '--b1',
        'Content-Type: application/pdf; name="x.pdf"',
        'Content-Disposition: attachment; filename="x.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        minimalPdf('Exhibit').toString('base64'),
        '--b1--',
        '',
      ].join('\r\n'),
    );
    const m = await parseMessage(raw);
    expect(m.text).toMatch(/differs from the one filed with ECF No\. 42: the amount is corrected/);
    expect(m.attachments).toHaveLength(1);
  });

  it('I-4: a PDF sent as application/octet-stream named scan.bin is typed pdf', async () => {
    const raw = await compose({ attachments: [{ filename: 'scan.bin', content: minimalPdf('PETITION'), contentType: 'application/octet-stream' }] });
    const [a] = (await parseMessage(raw)).attachments;
    expect(a).toMatchObject({ filename: 'scan.bin', declaredType: 'application/octet-stream', type: 'pdf' });
    expect(a!.unreadable).toBeUndefined();
  });

  it('I-4: a file named order.pdf that is really a Word document is typed docx', async () => {
    const raw = await compose({ attachments: [{ filename: 'order.pdf', content: minimalDocx('ORDER'), contentType: 'application/pdf' }] });
    expect((await parseMessage(raw)).attachments[0]).toMatchObject({ filename: 'order.pdf', declaredType: 'application/pdf', type: 'docx' });
  });

  it('I-4: an Apple Mail PDF sent Content-Disposition: inline inside multipart/alternative is an attachment', async () => {
    const msg = await parseMessage(fixture('apple-mail-inline-pdf.eml'));
    expect(msg.attachments).toHaveLength(1);
    expect(msg.attachments[0]).toMatchObject({ filename: 'Motion to Compel.pdf', type: 'pdf' });
    expect(msg.text).toContain('ECF No. 42');
    expect(msg.text).not.toContain('<html');
  });

  it('I-4: an octet-stream PDF without disposition or extension is typed pdf', async () => {
    const msg = await parseMessage(fixture('octet-stream-pdf-no-extension.eml'));
    expect(msg.attachments).toHaveLength(1);
    expect(msg.attachments[0]).toMatchObject({ filename: 'SCAN0001', declaredType: 'application/octet-stream', type: 'pdf' });
  });

  it('P-2: a PDF part without any file name gets a made-up name from its type', async () => {
    const raw = await compose({
      text: 'see attached',
      attachments: [
        { content: Buffer.from('plain words'), contentType: 'text/csv', filename: 'list.csv' },
        { content: minimalPdf('A'), contentType: 'application/pdf', filename: false },
      ],
    });
    expect((await parseMessage(raw)).attachments.map((a) => a.filename)).toEqual(['list.csv', 'attachment-2.pdf']);
  });

  it('P-2: a text part that names a file is an attachment, not body text (Apple Mail sends it inline)', async () => {
    const raw = await compose({ text: 'Body.', attachments: [{ filename: 'notes.txt', content: 'my notes', contentType: 'text/plain', contentDisposition: 'inline' }] });
    const msg = await parseMessage(raw);
    expect(msg.text.trim()).toBe('Body.');
    expect(msg.attachments).toHaveLength(1);
    expect(msg.attachments[0]).toMatchObject({ filename: 'notes.txt', type: 'text' });
  });

  it('two attachments with the same name are told apart', async () => {
    const raw = await compose({ attachments: [0, 1].map((i) => ({ filename: 'scan.pdf', content: minimalPdf(`page ${i}`) })) });
    expect((await parseMessage(raw)).attachments.map((a) => a.filename)).toEqual(['scan.pdf', 'scan (2).pdf']);
  });

  it('a directory part in a file name is dropped', async () => {
    const raw = await compose({ attachments: [{ filename: '..\\..\\windows\\evil.pdf', content: minimalPdf('x') }] });
    expect((await parseMessage(raw)).attachments[0]!.filename).toBe('evil.pdf');
  });

  it('records the SHA-256 of each attachment as hex', async () => {
    const pdf = minimalPdf('HASH ME');
    const raw = await compose({ attachments: [{ filename: 'a.pdf', content: pdf }] });
    expect((await parseMessage(raw)).attachments[0]!.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
  });
});

describe('parseMessage: file names', () => {
  it('I-4: RFC 2231 filename*= (UTF-8, continuations in ISO-8859-1) and windows-1252 encoded words are decoded', async () => {
    const names = (await parseMessage(fixture('rfc2231-filename.eml'))).attachments.map((a) => a.filename);
    expect(names).toEqual(['Requête d’inscription №1.pdf', 'Pièce jointe écrite.pdf', 'Smith v. Jones – 3.16.cv.1234.final.pdf']);
  });

  it('I-4: a non-ASCII name written by nodemailer survives the round trip', async () => {
    const raw = await compose({ attachments: [{ filename: 'Requête – pièce nº 2.pdf', content: minimalPdf('x') }] });
    expect((await parseMessage(raw)).attachments[0]!.filename).toBe('Requête – pièce nº 2.pdf');
  });
});

describe('parseMessage: forwarded mail', () => {
  it('P-2: a forwarded message/rfc822 contributes its PDF, marked nested', async () => {
    const msg = await parseMessage(fixture('forwarded-rfc822.eml'));
    expect(msg.attachments).toHaveLength(1);
    expect(msg.attachments[0]).toMatchObject({ filename: 'complaint.pdf', type: 'pdf', nested: true });
    expect(msg.from?.address).toBe('deputy.clerk@ctd.uscourts.example');
  });

  it('P-2: an inline forwarded message adds its attachments and its text', async () => {
    const inner = await compose({ from: 'scanner@facility.example', subject: 'original', text: 'Original body 3:16-cv-01234', attachments: [{ filename: 'filing.pdf', content: minimalPdf('F') }] });
    const raw = await compose({ text: 'FYI', attachments: [{ content: inner, contentType: 'message/rfc822', filename: false, contentDisposition: 'inline' }] });
    const msg = await parseMessage(raw);
    expect(msg.attachments).toMatchObject([{ filename: 'filing.pdf', nested: true, type: 'pdf' }]);
    expect(msg.text).toContain('FYI');
    expect(msg.text).toContain('Original body 3:16-cv-01234');
  });

  it(`I-5: forwards nested deeper than ${MAX_FORWARD_DEPTH} levels are kept as one unreadable attachment`, async () => {
    let raw = await compose({ subject: 'level 0', attachments: [{ filename: 'deep.pdf', content: minimalPdf('deep') }] });
    for (let i = 1; i <= MAX_FORWARD_DEPTH + 1; i++) raw = await compose({ subject: `level ${i}`, attachments: [{ content: raw, contentType: 'message/rfc822', filename: 'fwd.eml', contentDisposition: 'attachment' }] });
    const msg = await parseMessage(raw);
    expect(msg.attachments).toHaveLength(1);
    expect(msg.attachments[0]).toMatchObject({ filename: 'fwd.eml', nested: true });
    expect(msg.attachments[0]!.unreadable).toMatch(/too many/);
  });

  it(`P-2: a PDF ${MAX_FORWARD_DEPTH} forwards deep is still found`, async () => {
    let raw = await compose({ subject: 'level 0', attachments: [{ filename: 'deep.pdf', content: minimalPdf('deep') }] });
    for (let i = 1; i <= MAX_FORWARD_DEPTH; i++) raw = await compose({ subject: `level ${i}`, attachments: [{ content: raw, contentType: 'message/rfc822', filename: 'fwd.eml', contentDisposition: 'attachment' }] });
    expect((await parseMessage(raw)).attachments).toMatchObject([{ filename: 'deep.pdf', type: 'pdf', nested: true }]);
  });
});

describe('parseMessage: parts that are not files to file', () => {
  it('a signature logo referenced by cid: from the HTML is left out; the PDF stays', async () => {
    const raw = await compose({
      html: '<p>Filed herewith.</p><p><img src="cid:logo@firm"></p>',
      attachments: [
        { filename: 'logo.png', content: png, cid: 'logo@firm' },
        { filename: 'motion.pdf', content: minimalPdf('M') },
      ],
    });
    const msg = await parseMessage(raw);
    expect(msg.attachments.map((a) => a.filename)).toEqual(['motion.pdf']);
    expect(msg.excluded).toEqual([expect.objectContaining({ filename: 'logo.png', why: 'inline-image' })]);
  });

  it('an image with a Content-ID that the HTML does not show is kept as an attachment', async () => {
    const raw = await compose({ html: '<p>photo attached</p>', attachments: [{ filename: 'photo.png', content: png, cid: 'unused@x' }] });
    expect((await parseMessage(raw)).attachments).toMatchObject([{ filename: 'photo.png', type: 'image' }]);
  });

  it('a PDF referenced by cid: is never dropped (only images are)', async () => {
    const raw = await compose({ html: '<img src="cid:doc@x">', attachments: [{ filename: 'doc.pdf', content: minimalPdf('x'), cid: 'doc@x' }] });
    expect((await parseMessage(raw)).attachments).toMatchObject([{ filename: 'doc.pdf', type: 'pdf' }]);
  });

  it('I-3: a multipart/report bounce has a delivery report and no attachments to file', async () => {
    const msg = await parseMessage(fixture('bounce-multipart-report.eml'));
    expect(msg.contentType).toBe('multipart/report');
    expect(msg.hasDeliveryReport).toBe(true);
    expect(msg.returnPath).toBe('');
    expect(msg.attachments).toEqual([]);
    expect(msg.text).toContain('could not');
  });

  it('I-5: an S/MIME-encrypted message is an unreadable attachment, and a detached signature is dropped', async () => {
    const raw = Buffer.from(
      [
        'From: a@example.com',
        'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; boundary=s',
        '',
        '--s',
        'Content-Type: application/pdf; name=a.pdf',
        'Content-Transfer-Encoding: base64',
        '',
        minimalPdf('signed').toString('base64'),
        '--s',
        'Content-Type: application/pkcs7-signature; name=smime.p7s',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from([0x30, 0x82, 1, 2]).toString('base64'),
        '--s--',
        '',
      ].join('\r\n'),
    );
    const signed = await parseMessage(raw);
    expect(signed.attachments.map((a) => a.filename)).toEqual(['a.pdf']);
    const enc = await parseMessage(Buffer.from('From: a@example.com\r\nContent-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m\r\nContent-Transfer-Encoding: base64\r\n\r\nMIIB\r\n'));
    expect(enc.attachments).toMatchObject([{ filename: 'smime.p7m', unreadable: SMIME_UNREADABLE }]);
  });
});

describe('parseMessage: unreadable attachments (I-5)', () => {
  it('I-5: a truncated PDF and an encrypted PDF are flagged, the good one is not', async () => {
    const msg = await parseMessage(fixture('truncated-and-encrypted-pdf.eml'));
    expect(msg.attachments.map((a) => [a.filename, a.type, a.unreadable])).toEqual([
      ['truncated.pdf', 'pdf', REASONS.pdfTruncated],
      ['locked.pdf', 'pdf', REASONS.pdfEncrypted],
      ['good.pdf', 'pdf', undefined],
    ]);
  });

  it('I-5: an Outlook winmail.dat is typed tnef and explained', async () => {
    const msg = await parseMessage(fixture('winmail-dat.eml'));
    expect(msg.attachments).toMatchObject([{ filename: 'winmail.dat', type: 'tnef', unreadable: REASONS.tnef }]);
  });

  it('I-5: an encrypted PDF built by nodemailer is flagged too', async () => {
    const raw = await compose({ attachments: [{ filename: 'sealed.pdf', content: encryptedPdf('x') }] });
    expect((await parseMessage(raw)).attachments[0]!.unreadable).toBe(REASONS.pdfEncrypted);
  });

  it('I-5: a malformed MIME message whose closing boundary is missing still gives what it can', async () => {
    const msg = await parseMessage(fixture('malformed-missing-boundary-end.eml'));
    expect(msg.text).toContain('Motion attached.');
    expect(msg.attachments.map((a) => [a.filename, a.type, a.unreadable])).toEqual([
      ['motion.pdf', 'pdf', undefined],
      ['second.pdf', 'pdf', REASONS.pdfTruncated],
    ]);
  });

  it('I-6: a message over maxBytes is refused before parsing with code MESSAGE_TOO_LARGE', async () => {
    const raw = await compose({ text: 'x'.repeat(2000) });
    const err = await parseMessage(raw, { maxBytes: 1000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MessageTooLargeError);
    expect(err).toMatchObject({ code: 'MESSAGE_TOO_LARGE', size: raw.length, maxBytes: 1000 });
  });

  it('I-5: input mailparser gives up on becomes MalformedMessageError with code MALFORMED_MESSAGE', async () => {
    const raw = Buffer.from(`Subject: ${'x'.repeat(1024 * 1024 + 10)}\r\n\r\nbody`);
    const err = await parseMessage(raw).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MalformedMessageError);
    expect(err).toMatchObject({ code: 'MALFORMED_MESSAGE' });
  });

  it('I-5: binary garbage does not throw', async () => {
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    await expect(parseMessage(garbage)).resolves.toBeDefined();
  });
});

describe('parseMessage: headers', () => {
  it('lower-cases addresses; Reply-To wins over From for replies', async () => {
    const raw = await compose({ from: 'John Smith <JSmith@SmithLaw.Example>', replyTo: 'Docketing <Docket@SmithLaw.Example>', to: ['A <A@X.example>', 'b@x.example'], cc: 'Group: C@X.example, d@x.example;' });
    const msg = await parseMessage(raw);
    expect(msg.from).toEqual({ name: 'John Smith', address: 'jsmith@smithlaw.example' });
    expect(msg.replyTo).toEqual({ name: 'Docketing', address: 'docket@smithlaw.example' });
    expect(msg.to.map((a) => a.address)).toEqual(['a@x.example', 'b@x.example']);
    expect(msg.cc.map((a) => a.address)).toEqual(['c@x.example', 'd@x.example']);
  });

  it('replyTo falls back to From', async () => {
    const msg = await parseMessage(await compose({ from: 'X <X@Y.example>' }));
    expect(msg.replyTo).toEqual(msg.from);
  });

  it('reads Message-ID, In-Reply-To and References', async () => {
    const raw = await compose({ messageId: '<m3@x.example>', inReplyTo: '<m2@x.example>', references: ['<m1@x.example>', '<m2@x.example>'] });
    const msg = await parseMessage(raw);
    expect(msg).toMatchObject({ messageId: '<m3@x.example>', inReplyTo: '<m2@x.example>', references: ['<m1@x.example>', '<m2@x.example>'] });
  });

  it('Received dates newest first; an unparseable Date header is null, never "now"', async () => {
    const raw = Buffer.from(
      [
        'Received: from b by c; Tue, 16 Jun 2026 10:00:05 -0400 (EDT)',
        'Received: from a by b with ESMTP id 1;',
        '\tTue, 16 Jun 2026 09:59:59 -0400',
        'Received: from nowhere; not a date',
        'Return-Path: <Filer@Example.com>',
        'Date: sometime last week',
        'From: filer@example.com',
        'Subject: =?utf-8?Q?Motion_=E2=80=93_3:16-cv-01234?=',
        '',
        'body',
      ].join('\r\n'),
    );
    const msg = await parseMessage(raw);
    expect(msg.receivedDates.map((d) => d.toISOString())).toEqual(['2026-06-16T14:00:05.000Z', '2026-06-16T13:59:59.000Z']);
    expect(msg.date).toBeNull();
    expect(msg.returnPath).toBe('Filer@Example.com');
    expect(msg.subject).toBe('Motion – 3:16-cv-01234');
    expect(msg.headers.get('received')).toHaveLength(3);
    expect(msg.headers.get('received')![1]).toBe('from a by b with ESMTP id 1;\tTue, 16 Jun 2026 09:59:59 -0400');
  });

  it('an HTML-only message gets its text from the HTML', async () => {
    const msg = await parseMessage(await compose({ html: '<p>Case <b>3:16-cv-01234</b></p><p>Motion</p>' }));
    expect(msg.text).toContain('Case 3:16-cv-01234');
    expect(msg.text).not.toContain('<');
  });

  it('a message with text and HTML alternatives uses the text part', async () => {
    const msg = await parseMessage(await compose({ text: 'Plain version', html: '<p>HTML version</p>' }));
    expect(msg.text.trim()).toBe('Plain version');
  });
});
