/**
 * Builds messages the way real mail clients write them, so the corpus exercises the
 * MIME the court actually receives: Outlook (multipart/alternative with quoted-printable
 * HTML, Thread-Index, X-MS-Has-Attach, logos in multipart/related), Gmail (name= on the
 * Content-Type, X-Attachment-Id), Apple Mail (inline disposition, x-unix-mode),
 * Thunderbird (format=flowed, Content-Language, RFC 2231 continuations) and bare
 * application/octet-stream senders. Boundaries and ids come from a seeded random source.
 */
import type { Rng } from './lib-corpus.ts';

export type Client = 'outlook' | 'gmail' | 'apple' | 'apple-html' | 'thunderbird' | 'octet' | 'plain';

export interface MailAttachment {
  filename: string;
  bytes: Buffer;
  /** The Content-Type the client would declare; defaults from the extension. */
  contentType?: string;
  /** Write the filename as RFC 2231 `filename*=` (Thunderbird does for non-ASCII names). */
  rfc2231?: boolean;
  /** Write the filename as an RFC 2047 encoded word inside quotes (Outlook does for non-ASCII names). */
  rfc2047?: boolean;
  /** Base64 in one long line, as some web and API senders write it. */
  unwrapped?: boolean;
  /** A whole message attached (message/rfc822), as "forward as attachment" sends it. */
  message?: boolean;
  /** Only `name=` on the Content-Type and no Content-Disposition, as older clients write it. */
  nameOnly?: boolean;
}

export interface MailSpec {
  client: Client;
  from: string;
  to: string;
  subject: string;
  /** RFC 5322 date-time, e.g. from `rfc5322Date`. */
  date: string;
  text: string;
  attachments?: MailAttachment[];
  /** Outlook only: an HTML signature logo sent inline (multipart/related). */
  inlineLogo?: Buffer;
  /** Extra header lines, written after the client's own. */
  headers?: [string, string][];
  /** Replace the whole body with this raw MIME (e.g. a delivery report); headers still written. */
  rawBody?: { contentType: string; body: string };
  messageIdDomain?: string;
  /** No text/plain part: the body only as HTML (practice-management and web senders). */
  htmlOnly?: boolean;
  /** Outlook set to "Western European (Windows)": subject and body in windows-1252. */
  windows1252?: boolean;
}

const EXT_TYPES: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  doc: 'application/msword',
  rtf: 'application/rtf',
  pdf: 'application/pdf',
  odt: 'application/vnd.oasis.opendocument.text',
  png: 'image/png',
  jpg: 'image/jpeg',
};

const extOf = (name: string) => (name.match(/\.([a-z0-9]+)$/i)?.[1] ?? '').toLowerCase();
export const typeFor = (name: string) => EXT_TYPES[extOf(name)] ?? 'application/octet-stream';

/** "Mon, 10 Mar 2014 14:05:00 -0400" for an ISO time with an offset. */
export function rfc5322Date(iso: string): string {
  const m = iso.match(/^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d))?([+-]\d\d):?(\d\d)$/);
  if (!m) throw new Error(`not an ISO time with offset: ${iso}`);
  const [, y, mo, d, h, mi, s = '00', oh, om] = m;
  const wd = new Date(Date.UTC(+y!, +mo! - 1, +d!)).getUTCDay();
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${days[wd]}, ${+d!} ${months[+mo! - 1]} ${y} ${h}:${mi}:${s} ${oh}${om}`;
}

export function base64Lines(bytes: Buffer): string {
  return (bytes.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

const CP1252: Record<string, number> = { '€': 0x80, '‚': 0x82, '„': 0x84, '…': 0x85, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, '™': 0x99 };

/** Text in windows-1252, as Outlook writes it when set to Western European (Windows). */
export function windows1252(text: string): Buffer {
  return Buffer.from([...text].map((ch) => CP1252[ch] ?? (ch.charCodeAt(0) < 256 ? ch.charCodeAt(0) : 0x3f)));
}

/** Quoted-printable (RFC 2045) of text in UTF-8 (or windows-1252), soft line breaks at 76. */
export function quotedPrintable(text: string, encode: (s: string) => Buffer = (x) => Buffer.from(x, 'utf8')): string {
  const lines = text.replace(/\r?\n/g, '\n').split('\n');
  return lines
    .map((line) => {
      let enc = '';
      for (const byte of encode(line)) {
        const ch = String.fromCharCode(byte);
        enc += (byte >= 33 && byte <= 126 && ch !== '=') || byte === 32 ? ch : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
      }
      if (enc.endsWith(' ')) enc = enc.slice(0, -1) + '=20';
      const out: string[] = [];
      while (enc.length > 75) {
        let cut = 75;
        // Never split an =XX escape.
        const eq = enc.lastIndexOf('=', cut);
        if (eq > cut - 3) cut = eq;
        out.push(enc.slice(0, cut) + '=');
        enc = enc.slice(cut);
      }
      out.push(enc);
      return out.join('\r\n');
    })
    .join('\r\n');
}

/** RFC 2047 encoded word when the text is not plain ASCII (Outlook in windows-1252 writes Q words). */
export function encodeHeader(text: string, charset: 'utf-8' | 'windows-1252' = 'utf-8'): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  if (charset === 'utf-8') return `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
  const q = [...windows1252(text)].map((b) => (b === 0x20 ? '_' : b > 0x20 && b < 0x7f && !'=?_'.includes(String.fromCharCode(b)) ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
  return `=?Windows-1252?Q?${q}?=`;
}

/** RFC 2231 parameter, split into continuations as Thunderbird writes long names. */
function rfc2231Param(name: string, value: string): string {
  const enc = encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const chunks = enc.match(/.{1,40}(?:%[0-9A-F]{2})?/g) ?? [enc];
  if (chunks.length === 1) return `${name}*=UTF-8''${enc}`;
  return chunks.map((c, i) => `${name}*${i}*=${i === 0 ? "UTF-8''" : ''}${c}`).join(';\r\n ');
}

const textHtml = (text: string) =>
  `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>${text
    .split(/\n{2,}/)
    .map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\n/g, '<br>')}</p>`)
    .join('')}</body></html>`;

/** format=flowed (RFC 3676): a trailing space marks a soft break. */
function flowed(text: string): string {
  return text
    .split('\n')
    .flatMap((line) => {
      const out: string[] = [];
      let rest = line;
      while (rest.length > 72) {
        const cut = rest.lastIndexOf(' ', 72);
        if (cut <= 0) break;
        out.push(rest.slice(0, cut + 1));
        rest = rest.slice(cut + 1);
      }
      out.push(rest);
      return out;
    })
    .join('\r\n');
}

function attachmentPart(client: Client, a: MailAttachment, rng: Rng): string {
  if (a.message) return `Content-Type: message/rfc822\r\nContent-Disposition: attachment;\r\n\tfilename="${encodeHeader(a.filename)}"\r\n\r\n${a.bytes.toString('utf8')}`;
  const type = client === 'octet' ? 'application/octet-stream' : (a.contentType ?? typeFor(a.filename));
  const quoted = `"${a.rfc2047 ? encodeHeader(a.filename) : a.filename.replace(/"/g, '')}"`;
  const nameParam = a.rfc2231 ? rfc2231Param('name', a.filename) : `name=${quoted}`;
  const fileParam = a.rfc2231 ? rfc2231Param('filename', a.filename) : `filename=${quoted}`;
  const lines: string[] = [];
  if (a.nameOnly) return [`Content-Type: ${type}; ${nameParam}`, 'Content-Transfer-Encoding: base64', '', base64Lines(a.bytes)].join('\r\n');
  switch (client) {
    case 'outlook':
      lines.push(`Content-Type: ${type};\r\n\t${nameParam}`, `Content-Description: ${encodeHeader(a.filename)}`);
      lines.push(`Content-Disposition: attachment;\r\n\t${fileParam}; size=${a.bytes.length};\r\n\tcreation-date="Mon, 10 Mar 2014 14:01:12 GMT";\r\n\tmodification-date="Mon, 10 Mar 2014 14:01:12 GMT"`);
      break;
    case 'gmail': {
      const id = `f_${rng.hex(8)}${rng.int(0, 9)}`;
      lines.push(`Content-Type: ${type}; \r\n\t${nameParam}`, `Content-Disposition: attachment; \r\n\t${fileParam}`, `Content-ID: <${id}>`, `X-Attachment-Id: ${id}`);
      break;
    }
    case 'apple':
    case 'apple-html':
      lines.push(`Content-Disposition: inline;\r\n\t${fileParam}`, `Content-Type: ${type};\r\n\tx-unix-mode=0644;\r\n\t${nameParam}`);
      break;
    case 'thunderbird':
      lines.push(`Content-Type: ${type};\r\n ${nameParam}`, `Content-Disposition: attachment;\r\n ${fileParam}`);
      break;
    default:
      lines.push(`Content-Type: ${type}; ${nameParam}`, `Content-Disposition: attachment; ${fileParam}`);
  }
  lines.push('Content-Transfer-Encoding: base64', '', a.unwrapped ? a.bytes.toString('base64') : base64Lines(a.bytes));
  return lines.join('\r\n');
}

function multipart(type: string, boundary: string, parts: string[], preamble = ''): string {
  return [`Content-Type: ${type};\r\n\tboundary="${boundary}"`, '', ...(preamble ? [preamble, ''] : []), ...parts.map((p) => `--${boundary}\r\n${p}`), `--${boundary}--`, ''].join('\r\n');
}

function boundaryFor(client: Client, rng: Rng, n: number): string {
  switch (client) {
    case 'outlook':
      return `_00${n}_BN1PR04MB${rng.int(100, 999)}${rng.hex(4).toUpperCase()}namprd04prod_`;
    case 'gmail':
      return `0000000000${rng.hex(16)}`;
    case 'apple':
      return `Apple-Mail=_${rng.hex(8).toUpperCase()}-${rng.hex(4).toUpperCase()}-${rng.hex(4).toUpperCase()}-${rng.hex(4).toUpperCase()}-${rng.hex(12).toUpperCase()}`;
    case 'thunderbird':
      return `------------${rng.int(100000000, 999999999)}${rng.int(100, 999)}`;
    default:
      return `----=_Part_${rng.int(1000, 9999)}_${rng.int(100000000, 999999999)}.${rng.int(1000000000, 1999999999)}`;
  }
}

const charset = (text: string) => (/[^\x00-\x7f]/.test(text) ? 'utf-8' : 'us-ascii');

function bodyParts(spec: MailSpec, rng: Rng): string {
  const { client } = spec;
  const text = spec.text.endsWith('\n') ? spec.text : spec.text + '\n';
  const atts = spec.attachments ?? [];
  if (spec.htmlOnly) {
    const html = `Content-Type: text/html; charset="utf-8"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${quotedPrintable(textHtml(text))}`;
    if (!atts.length) return html;
    return multipart('multipart/mixed', boundaryFor(client, rng, 0), [html, ...atts.map((a) => attachmentPart(client, a, rng))]);
  }
  if (client === 'outlook') {
    const cs = spec.windows1252 ? 'Windows-1252' : charset(text);
    const enc = spec.windows1252 ? windows1252 : undefined;
    const alt = multipart(
      'multipart/alternative',
      boundaryFor(client, rng, 1),
      [
        `Content-Type: text/plain; charset="${cs}"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${quotedPrintable(text, enc)}`,
        `Content-Type: text/html; charset="${cs}"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${quotedPrintable(textHtml(text).replace('</body>', spec.inlineLogo ? '<p><img width="120" height="40" src="cid:image001.png@01CF3C6A.5B2E8D40"></p></body>' : '</body>'), enc)}`,
      ],
    );
    let main = alt;
    if (spec.inlineLogo) {
      const logo = `Content-Type: image/png; name="image001.png"\r\nContent-Description: image001.png\r\nContent-Disposition: inline; filename="image001.png"; size=${spec.inlineLogo.length}\r\nContent-ID: <image001.png@01CF3C6A.5B2E8D40>\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(spec.inlineLogo)}`;
      main = multipart('multipart/related', boundaryFor(client, rng, 2), [alt, logo].map((p) => p), '');
      main = main.replace('Content-Type: multipart/related;', 'Content-Type: multipart/related;\r\n\ttype="multipart/alternative";');
    }
    if (!atts.length) return main;
    return multipart('multipart/mixed', boundaryFor(client, rng, 0), [main, ...atts.map((a) => attachmentPart(client, a, rng))]);
  }
  if (client === 'gmail') {
    const alt = multipart('multipart/alternative', boundaryFor(client, rng, 1), [
      `Content-Type: text/plain; charset="UTF-8"\r\n\r\n${text.replace(/\n/g, '\r\n')}`,
      `Content-Type: text/html; charset="UTF-8"\r\n\r\n<div dir="ltr">${text.trim().replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\n/g, '<br>')}</div>\r\n`,
    ]);
    if (!atts.length) return alt;
    return multipart('multipart/mixed', boundaryFor(client, rng, 0), [alt, ...atts.map((a) => attachmentPart(client, a, rng))]);
  }
  if (client === 'thunderbird') {
    const plain = `Content-Type: text/plain; charset=utf-8; format=flowed\r\nContent-Transfer-Encoding: 8bit\r\nContent-Language: en-US\r\n\r\n${flowed(text)}`;
    if (!atts.length) return plain;
    return multipart('multipart/mixed', boundaryFor(client, rng, 0), [plain, ...atts.map((a) => attachmentPart(client, a, rng))], 'This is a multi-part message in MIME format.');
  }
  if (client === 'apple-html' && atts.length) {
    // Apple Mail puts the attachments of an HTML message inside the HTML alternative.
    const html = (t: string) => `Content-Transfer-Encoding: 7bit\r\nContent-Type: text/html;\r\n\tcharset=us-ascii\r\n\r\n${t}`;
    const mixed = multipart('multipart/mixed', boundaryFor('apple', rng, 2), [html(`<html><body style="word-wrap: break-word;">${text.trim().replace(/\n/g, '<br>')}<br></body></html>`), ...atts.map((a) => attachmentPart(client, a, rng)), html('<html><body><br></body></html>')]);
    const plain = `Content-Transfer-Encoding: 7bit\r\nContent-Type: text/plain;\r\n\tcharset=us-ascii\r\n\r\n${text.replace(/\n/g, '\r\n')}`;
    return multipart('multipart/alternative', boundaryFor('apple', rng, 1), [plain, mixed]);
  }
  if (client === 'apple' || client === 'apple-html') {
    const plain = `Content-Transfer-Encoding: ${charset(text) === 'utf-8' ? '8bit' : '7bit'}\r\nContent-Type: text/plain;\r\n\tcharset=${charset(text)}\r\n\r\n${text.replace(/\n/g, '\r\n')}`;
    if (!atts.length) return plain;
    // Apple Mail puts a second text part after an inline attachment (the signature).
    const sig = `Content-Transfer-Encoding: 7bit\r\nContent-Type: text/plain;\r\n\tcharset=us-ascii\r\n\r\n\r\n`;
    return multipart('multipart/mixed', boundaryFor(client, rng, 0), [plain, ...atts.map((a) => attachmentPart(client, a, rng)), sig]);
  }
  const plain = `Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n${text.replace(/\n/g, '\r\n')}`;
  if (!atts.length) return plain;
  return multipart('multipart/mixed', boundaryFor(client, rng, 0), [plain, ...atts.map((a) => attachmentPart(client, a, rng))]);
}

function messageId(spec: MailSpec, rng: Rng): string {
  const domain = spec.messageIdDomain ?? spec.from.replace(/^.*@/, '').replace(/>.*$/, '');
  switch (spec.client) {
    case 'outlook':
      return `<${rng.hex(8).toUpperCase()}${rng.hex(24).toUpperCase()}@BN1PR04MB${rng.int(100, 999)}.namprd04.prod.outlook.com>`;
    case 'gmail':
      return `<CA+${Buffer.from(rng.bytes(30)).toString('base64').replace(/[+/=]/g, 'x')}@mail.gmail.com>`;
    case 'apple':
    case 'apple-html':
      return `<${rng.hex(8).toUpperCase()}-${rng.hex(4).toUpperCase()}-${rng.hex(4).toUpperCase()}-${rng.hex(4).toUpperCase()}-${rng.hex(12).toUpperCase()}@${domain}>`;
    default:
      return `<${rng.hex(12)}.${rng.int(1000, 9999)}@${domain}>`;
  }
}

/** Folds a header line longer than 78 characters at spaces (RFC 5322 §2.2.3), as clients do. */
function fold(line: string): string {
  if (line.length <= 78 || line.includes('\r\n')) return line;
  const out: string[] = [];
  let rest = line;
  while (rest.length > 78) {
    const cut = rest.lastIndexOf(' ', 76);
    if (cut <= line.indexOf(':') + 1) break;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  out.push(rest);
  return out.join('\r\n');
}

export function buildMessage(spec: MailSpec, rng: Rng): Buffer {
  const h: string[] = [];
  const id = messageId(spec, rng);
  const subject = encodeHeader(spec.subject, spec.windows1252 ? 'windows-1252' : 'utf-8');
  switch (spec.client) {
    case 'outlook':
      h.push(`From: ${spec.from}`, `To: ${spec.to}`, `Subject: ${subject}`, `Thread-Topic: ${subject}`, `Thread-Index: ${rng.bytes(22).toString('base64')}`, `Date: ${spec.date}`, `Message-ID: ${id}`, 'Accept-Language: en-US', 'Content-Language: en-US', `X-MS-Has-Attach: ${spec.attachments?.length ? 'yes' : ''}`, 'X-MS-TNEF-Correlator:', 'x-originating-ip: [10.20.1.15]', 'MIME-Version: 1.0');
      break;
    case 'gmail':
      h.push('MIME-Version: 1.0', `Date: ${spec.date}`, `Message-ID: ${id}`, `Subject: ${subject}`, `From: ${spec.from}`, `To: ${spec.to}`);
      break;
    case 'apple':
    case 'apple-html':
      h.push(`From: ${spec.from}`, `Content-Type: placeholder`, `Subject: ${subject}`, `Date: ${spec.date}`, `Message-Id: ${id}`, `To: ${spec.to}`, 'Mime-Version: 1.0 (Mac OS X Mail 7.2 \\(1874\\))', 'X-Mailer: Apple Mail (2.1874)');
      break;
    case 'thunderbird':
      h.push(`Message-ID: ${id}`, `Date: ${spec.date}`, `From: ${spec.from}`, 'User-Agent: Mozilla/5.0 (Windows NT 6.1; WOW64; rv:24.0) Gecko/20100101 Thunderbird/24.4.0', 'MIME-Version: 1.0', `To: ${spec.to}`, `Subject: ${subject}`);
      break;
    default:
      h.push(`From: ${spec.from}`, `To: ${spec.to}`, `Subject: ${subject}`, `Date: ${spec.date}`, `Message-ID: ${id}`, 'MIME-Version: 1.0');
  }
  // Trace headers go on top, as each relay prepends its own and delivery adds Return-Path.
  const trace = (k: string) => k === 'Received' || k === 'Return-Path';
  const extra = spec.headers ?? [];
  h.unshift(...extra.filter(([k]) => trace(k)).reverse().map(([k, v]) => `${k}: ${v}`));
  for (const [k, v] of extra) if (!trace(k)) h.push(`${k}: ${v}`);
  const body = spec.rawBody ? `Content-Type: ${spec.rawBody.contentType}\r\n\r\n${spec.rawBody.body.replace(/\r?\n/g, '\r\n')}` : bodyParts(spec, rng);
  // The body begins with its own Content-Type (and friends) header lines.
  const split = body.indexOf('\r\n\r\n');
  const bodyHeaders = body.slice(0, split);
  const rest = body.slice(split + 4);
  let headers = h.map(fold).join('\r\n');
  if (headers.includes('Content-Type: placeholder')) headers = headers.replace('Content-Type: placeholder', bodyHeaders);
  else headers += '\r\n' + bodyHeaders;
  return Buffer.from(`${headers}\r\n\r\n${rest}`, 'utf8');
}
