import MailComposer from 'nodemailer/lib/mail-composer';
import { describe, expect, it } from 'vitest';
import { MalformedMessageError } from '../../src/parsers/errors.ts';
import { DEFAULT_LIMITS } from '../../src/parsers/limits.ts';
import { MimeLimitError, parseMessage } from '../../src/parsers/message.ts';

const HEAD = ['From: Filer <filer@example.com>', 'To: clerk@ctd.uscourts.example', 'Subject: test', 'Message-ID: <limits@example.com>', 'Date: Wed, 22 Jun 2016 14:40:00 +0000', 'MIME-Version: 1.0'].join('\r\n') + '\r\n';

function manyParts(n: number): Buffer {
  const part = (i: number) => `--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="f${i}.bin"\r\n\r\nxx\r\n`;
  return Buffer.from(HEAD + 'Content-Type: multipart/mixed; boundary="b"\r\n\r\n' + Array.from({ length: n }, (_, i) => part(i)).join('') + '--b--\r\n');
}

function nested(depth: number): Buffer {
  let s = HEAD + 'Content-Type: multipart/mixed; boundary="b0"\r\n\r\n';
  for (let i = 1; i <= depth; i++) s += `--b${i - 1}\r\nContent-Type: multipart/mixed; boundary="b${i}"\r\n\r\n`;
  s += `--b${depth}\r\nContent-Type: text/plain\r\n\r\nhi\r\n`;
  for (let i = depth; i >= 0; i--) s += `--b${i}--\r\n`;
  return Buffer.from(s);
}

/** A message forwarded as message/rfc822 inside another, `levels` times, around `inner`. */
function forwarded(inner: Buffer, levels: number): Buffer {
  let raw = inner;
  for (let i = 0; i < levels; i++) {
    raw = Buffer.concat([Buffer.from(HEAD + `Content-Type: multipart/mixed; boundary="f${i}"\r\n\r\n--f${i}\r\nContent-Type: text/plain\r\n\r\nsee forwarded\r\n--f${i}\r\nContent-Type: message/rfc822\r\n\r\n`), raw, Buffer.from(`\r\n--f${i}--\r\n`)]);
  }
  return raw;
}

async function refusal(raw: Buffer, opts: Parameters<typeof parseMessage>[1] = {}): Promise<{ err: unknown; ms: number; rssGrowth: number }> {
  const rss = process.memoryUsage().rss;
  const t0 = performance.now();
  const err = await parseMessage(raw, opts).then(
    () => null,
    (e: unknown) => e,
  );
  return { err, ms: performance.now() - t0, rssGrowth: process.memoryUsage().rss - rss };
}

describe('parseMessage: MIME bounds (src/parsers/limits.ts) are checked while the message is read', () => {
  it('I-5: a message with 100 000 parts is MALFORMED_MESSAGE naming maxMimeParts, within seconds and without the parts in memory', async () => {
    const { err, ms, rssGrowth } = await refusal(manyParts(100_000));
    expect(err).toBeInstanceOf(MimeLimitError);
    expect(err).toMatchObject({ code: 'MALFORMED_MESSAGE', limit: 'maxMimeParts' });
    expect(ms).toBeLessThan(5_000);
    expect(rssGrowth).toBeLessThan(300 * 1024 * 1024);
  });

  it('I-5: parts up to maxMimeParts are all read; one more is refused', async () => {
    const ok = await parseMessage(manyParts(20), { limits: { maxMimeParts: 21 } });
    expect(ok.attachments).toHaveLength(20);
    await expect(parseMessage(manyParts(21), { limits: { maxMimeParts: 21 } })).rejects.toMatchObject({ limit: 'maxMimeParts' });
  });

  it('I-5: multiparts nested 1 000 deep are MALFORMED_MESSAGE naming maxMimeDepth, quickly', async () => {
    const { err, ms } = await refusal(nested(1_000));
    expect(err).toMatchObject({ code: 'MALFORMED_MESSAGE', limit: 'maxMimeDepth' });
    expect(ms).toBeLessThan(5_000);
    const ok = await parseMessage(nested(DEFAULT_LIMITS.maxMimeDepth - 1));
    expect(ok.text.trim()).toBe('hi');
  });

  it('I-5: a 10 MB header is MALFORMED_MESSAGE naming maxHeaderSectionBytes, before mailparser reads it', async () => {
    const raw = Buffer.from(HEAD + 'X-Filler: x\r\n'.repeat(800_000) + '\r\nbody\r\n');
    expect(raw.length).toBeGreaterThan(10_000_000);
    const { err, ms } = await refusal(raw);
    expect(err).toMatchObject({ code: 'MALFORMED_MESSAGE', limit: 'maxHeaderSectionBytes' });
    expect(ms).toBeLessThan(2_000);
  });

  it('I-5: one header field over maxHeaderBytes (a 100 kB Subject of encoded words, folded) is MALFORMED_MESSAGE naming it', async () => {
    const subject = Array.from({ length: 6_000 }, () => '=?utf-8?B?w6k=?=').join('\r\n ');
    const raw = Buffer.from(HEAD.replace('Subject: test', `Subject: ${subject}`) + '\r\nbody\r\n');
    await expect(parseMessage(raw)).rejects.toMatchObject({ code: 'MALFORMED_MESSAGE', limit: 'maxHeaderBytes' });
  });

  it('I-5: a part header over maxHeaderBytes inside a multipart is refused too', async () => {
    const raw = Buffer.from(HEAD + `Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\nX-Long: ${'y'.repeat(2_000)}\r\n\r\nhi\r\n--b--\r\n`);
    await expect(parseMessage(raw, { limits: { maxHeaderBytes: 1_000 } })).rejects.toMatchObject({ limit: 'maxHeaderBytes' });
  });

  it('I-5: a NUL in a multipart boundary is MALFORMED_MESSAGE (RFC 2046 §5.1.1)', async () => {
    const raw = Buffer.from(HEAD + 'Content-Type: multipart/mixed; boundary="a\x00b"\r\n\r\n--a\x00b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--a\x00b--\r\n', 'latin1');
    const err = await parseMessage(raw).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MalformedMessageError);
    expect((err as Error).message).toMatch(/boundary/);
  });

  it('I-5: parts of forwarded messages count against the same maxMimeParts', async () => {
    // 3 levels of forwarding, each adding 3 parts, around 8 leaf parts: 8 + 1 + 9 = 18 parts in all.
    const raw = forwarded(manyParts(8), 3);
    const ok = await parseMessage(raw, { limits: { maxMimeParts: 40 } });
    expect(ok.attachments).toHaveLength(8);
    expect(ok.attachments.every((a) => a.nested)).toBe(true);
    await expect(parseMessage(raw, { limits: { maxMimeParts: 12 } })).rejects.toMatchObject({ limit: 'maxMimeParts' });
  });

  it('I-5: an ordinary message from a mail client is read under the default bounds', async () => {
    const raw = await new MailComposer({ from: 'a@example.com', to: 'b@example.com', subject: 'motion', text: 'see attached', attachments: [{ filename: 'a.pdf', content: Buffer.from('%PDF-1.4\n%%EOF\n') }] }).compile().build();
    const m = await parseMessage(raw);
    expect(m.attachments.map((a) => a.filename)).toEqual(['a.pdf']);
  });
});

describe('bodies the rules read', () => {
  it('I-5: an HTML-only body nested 200 000 deep is parsed at once, its text left empty (no quadratic parse)', async () => {
    const html = '<div>'.repeat(200_000) + 'deep' + '</div>'.repeat(200_000);
    const started = performance.now();
    const m = await parseMessage(Buffer.from(HEAD + 'Content-Type: text/html; charset=utf-8\r\n\r\n' + html + '\r\n'));
    expect(m.text).toBe('');
    expect(performance.now() - started).toBeLessThan(5000);
    // Ordinary HTML is still read.
    const ok = await parseMessage(Buffer.from(HEAD + 'Content-Type: text/html; charset=utf-8\r\n\r\n<p>Dear Clerk,<br>please file <b>the order</b>.</p><table><tr><td>x</td></tr></table>\r\n'));
    expect(ok.text).toContain('please file the order');
  });

  it('I-5: body text beyond maxBodyTextChars is not kept for the rules', async () => {
    const line = 'A long letter to the clerk, line after line.\r\n';
    const m = await parseMessage(Buffer.from(HEAD + 'Content-Type: text/plain; charset=utf-8\r\n\r\n' + line.repeat(Math.ceil((DEFAULT_LIMITS.maxBodyTextChars * 1.5) / line.length))));
    expect(m.text.length).toBe(DEFAULT_LIMITS.maxBodyTextChars);
    expect(m.text.startsWith('A long letter to the clerk')).toBe(true);
  });
});
