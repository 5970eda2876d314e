/**
 * Messages as scan-to-email devices and mail clients send them, built with nodemailer's
 * MailComposer: the device's or client's headers (`X-Mailer`, `User-Agent`, Outlook's
 * `Thread-Index`), its body shape (empty, one line, text + HTML), how it labels the PDF
 * (`application/pdf` or `application/octet-stream`, attachment or inline), and
 * forwarded messages carrying the original as `message/rfc822`. Boundaries, dates and
 * Message-IDs come from the caller, so a corpus regenerates byte for byte.
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';

export type Client = 'xerox' | 'ricoh' | 'canon' | 'hp' | 'konica' | 'outlook' | 'apple' | 'gmail' | 'thunderbird' | 'plain';

export interface FileSpec {
  filename: string;
  content: Buffer;
  /** Content type as the sender labels it (default application/pdf). */
  contentType?: string;
}

export interface MessageSpec {
  id: string;
  from: string;
  to: string;
  subject: string;
  text?: string;
  client: Client;
  files: FileSpec[];
  /** When the court's server received it: the `Received:` header's date. */
  receivedAt: Date;
  /** Minutes between `Date:` and arrival (default 1). */
  transitMinutes?: number;
  /** Wrap the device's message in a forward from this address (`message/rfc822`). */
  forwardedBy?: string;
  extraHeaders?: Record<string, string>;
}

const MAILERS: Partial<Record<Client, Record<string, string>>> = {
  xerox: { 'X-Mailer': 'Xerox WorkCentre 7855 v1 Multifunction System' },
  ricoh: { 'X-Mailer': 'RICOH Network Printer D model' },
  canon: { 'X-Mailer': 'Canon imageRUNNER ADVANCE C5535' },
  hp: { 'X-Mailer': 'HP Digital Sending Software 5.0' },
  konica: { 'X-Mailer': 'KONICA MINOLTA bizhub C458' },
  outlook: { 'X-Mailer': 'Microsoft Outlook 16.0', 'Content-Language': 'en-US', 'X-MS-Has-Attach': 'yes', 'X-MS-TNEF-Correlator': '' },
  apple: { 'X-Mailer': 'Apple Mail (2.3273)' },
  gmail: {},
  thunderbird: { 'User-Agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:45.0) Gecko/20100101 Thunderbird/45.2.0' },
};

const PREFIX: Record<Client, string> = {
  xerox: '----xerox',
  ricoh: '----ricoh',
  canon: '----canon',
  hp: '----hp',
  konica: '----km',
  outlook: '----_NextPart',
  apple: 'Apple-Mail',
  gmail: '----gm',
  thunderbird: '------------tb',
  plain: '----plain',
};

function hex(s: string): string {
  let h = 0x811c9dc5;
  let out = '';
  for (let k = 0; k < 4; k++) {
    for (const ch of `${s}:${k}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
}

function received(to: string, at: Date, id: string): string {
  return `from mail-relay.doc.example.org (mail-relay.doc.example.org [192.0.2.25]) by mx1.ctd.example.org with ESMTPS id ${hex(id).slice(0, 12)} for <${to}>; ${at.toUTCString().replace('GMT', '+0000')}`;
}

function compose(mail: Mail.Options): Promise<Buffer> {
  return new Promise((res, rej) => new MailComposer(mail).compile().build((e, b) => (e ? rej(e) : res(b))));
}

function attachmentsFor(m: MessageSpec): Mail.Attachment[] {
  return m.files.map((f, i) => {
    const a: Mail.Attachment = { filename: f.filename, content: f.content, contentType: f.contentType ?? 'application/pdf' };
    if (m.client === 'apple') a.contentDisposition = 'inline';
    if (m.client === 'gmail') a.headers = { 'X-Attachment-Id': `f_${hex(m.id + i).slice(0, 9)}` };
    return a;
  });
}

/** The raw message, as the court's server stored it. */
export async function buildMessage(m: MessageSpec): Promise<Buffer> {
  const sent = new Date(m.receivedAt.getTime() - (m.transitMinutes ?? 1) * 60_000);
  const domain = m.from.slice(m.from.lastIndexOf('@') + 1).replace(/>$/, '');
  const mail: Mail.Options & { baseBoundary?: string; boundaryPrefix?: string } = {
    from: m.from,
    to: m.to,
    subject: m.subject,
    date: sent,
    messageId: `<${hex(m.id).slice(0, 20)}.${m.id}@${domain}>`,
    baseBoundary: hex(`${m.id}-b`),
    boundaryPrefix: PREFIX[m.client],
    headers: { ...(MAILERS[m.client] ?? {}), ...(m.client === 'outlook' ? { 'Thread-Index': `AdH${hex(m.id).slice(0, 20)}==` } : {}), ...(m.extraHeaders ?? {}) },
    attachments: attachmentsFor(m),
  };
  if (m.text !== undefined) mail.text = m.text;
  if (m.client === 'outlook' || m.client === 'gmail') mail.html = `<div dir="ltr">${escapeHtml(m.text ?? '').replace(/\n/g, '<br>')}</div>`;
  if (m.forwardedBy) {
    const inner = await compose(mail);
    const outer: Mail.Options & { baseBoundary?: string; boundaryPrefix?: string } = {
      from: m.forwardedBy,
      to: m.to,
      subject: `Fwd: ${m.subject}`,
      date: new Date(m.receivedAt.getTime() - 30_000),
      messageId: `<fwd.${hex(m.id).slice(0, 20)}@${m.forwardedBy.slice(m.forwardedBy.lastIndexOf('@') + 1).replace(/>$/, '')}>`,
      baseBoundary: hex(`${m.id}-f`),
      boundaryPrefix: '----fwd',
      text: 'Forwarding the scan below for filing.',
      attachments: [{ filename: 'Forwarded message.eml', content: inner, contentType: 'message/rfc822' }],
      headers: { Received: received(m.to, m.receivedAt, m.id), 'X-Mailer': 'Microsoft Outlook 16.0' },
    };
    return compose(outer);
  }
  mail.headers = { Received: received(m.to, m.receivedAt, m.id), ...(mail.headers as Record<string, string>) };
  return compose(mail);
}

/** Court-local wall time → instant and ISO 8601 with the zone's offset. */
export function courtTime(y: number, mo: number, d: number, h: number, mi: number, tz = 'America/New_York'): { date: Date; iso: string } {
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  let t = guess;
  for (let k = 0; k < 3; k++) t = guess - offsetMinutes(new Date(t), tz) * 60_000;
  const off = offsetMinutes(new Date(t), tz);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return { date: new Date(t), iso: `${y}-${p2(mo)}-${p2(d)}T${p2(h)}:${p2(mi)}:00${sign}${p2(Math.floor(abs / 60))}:${p2(abs % 60)}` };
}

function offsetMinutes(at: Date, tz: string): number {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }).formatToParts(at).map((x) => [x.type, Number(x.value)]));
  return (Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!) - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000;
}

/** An instant as ISO 8601 in court time, with its offset. */
export function isoCourt(at: Date, tz = 'America/New_York'): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }).formatToParts(at).map((x) => [x.type, Number(x.value)]));
  return courtTime(parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!, tz).iso;
}
