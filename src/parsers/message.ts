/**
 * MIME → ParsedMessage, on top of mailparser. No mailparser type leaves this file.
 *
 * What mailparser does not do for us, and why it is done here:
 * - Every leaf part is a potential attachment (PITFALLS "Inline PDFs"): mailparser already
 *   treats any non-text part as an attachment whatever its disposition, but it folds a
 *   text/plain or text/html part into the body even when the part names a file (Apple
 *   Mail sends every attachment `inline`). `LeafParser` makes such parts attachments.
 * - Forwarded mail: every `message/rfc822` part is kept whole (`ignoreEmbedded`) and parsed
 *   again here, to a depth limit, so its attachments come out marked `nested`.
 * - Types are sniffed from the bytes (I-4) and readability checked (I-5).
 * - The Date header is read here: mailparser substitutes "now" for an unparseable one.
 * - Report parts (delivery status, disposition notifications), S/MIME signatures and
 *   signature images referenced by `cid:` from the HTML are not files a sender meant to
 *   file; they are left out of `attachments` and listed in `excluded`.
 */
import { createHash } from 'node:crypto';
import { MailParser } from 'mailparser';
import type { AddressObject, AttachmentStream, EmailAddress, HeaderLines, Headers, MailParserOptions, MessageText, StructuredHeader } from 'mailparser';
import { MalformedMessageError, MessageTooLargeError } from './errors.ts';
import { unreadableReason } from './readability.ts';
import { htmlToText } from 'html-to-text';
import { extensionFor, sniffType } from './sniff.ts';
import type { Address, Attachment, ExcludedPart, ParsedMessage } from './types.ts';

/** Default bound on the raw message before it is handed to the parser (held in memory). */
export const DEFAULT_MAX_MESSAGE_BYTES = 50 * 1024 * 1024;
/** How many forwarded messages deep attachments are still looked for. */
export const MAX_FORWARD_DEPTH = 3;
/** HTML longer than this is not converted to text (html-to-text is slow on huge input). */
const MAX_HTML_TO_TEXT = 4 * 1024 * 1024;

const REPORT_PARTS = new Set(['message/delivery-status', 'message/global-delivery-status', 'message/disposition-notification', 'message/global-disposition-notification']);
const REPORT_SIDE_PARTS = new Set(['text/rfc822-headers', 'message/global-headers', 'message/feedback-report']);
const SIGNATURE_PARTS = new Set(['application/pkcs7-signature', 'application/x-pkcs7-signature', 'application/pgp-signature']);
const SMIME_OPAQUE = new Set(['application/pkcs7-mime', 'application/x-pkcs7-mime']);
const FORWARDED = new Set(['message/rfc822', 'message/global']);

export const SMIME_UNREADABLE =
  'The message is encrypted or signed in S/MIME form (smime.p7m), so its contents cannot be opened here. Send it again without encryption.';
const FORWARD_TOO_DEEP = 'The attachment is a forwarded message inside too many other forwarded messages to be read. Send the documents themselves as attachments.';
const FORWARD_BROKEN = 'The attachment is a forwarded message that is damaged and could not be read. Send the documents themselves as attachments.';

export interface ParseOptions {
  /** Larger raw messages are refused with MessageTooLargeError (default 50 MB). */
  maxBytes?: number;
}

type Parsed = ParsedMessage & { excluded: ExcludedPart[] };

export async function parseMessage(raw: Buffer, opts: ParseOptions = {}): Promise<ParsedMessage> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  if (raw.length > maxBytes) throw new MessageTooLargeError(raw.length, maxBytes);
  const msg = await parseAt(raw, 0);
  msg.attachments = nameAttachments(msg.attachments);
  return msg;
}

// ---- one message (top level or forwarded)

async function parseAt(raw: Buffer, depth: number): Promise<Parsed> {
  const parsed = await collect(raw);
  const headers = headerMap(parsed.headerLines);
  const contentType = structured(parsed.headers.get('content-type'))?.value.toLowerCase() || 'text/plain';
  const from = firstAddress(parsed.headers.get('from'));
  // mailparser converts HTML to text only for a root HTML part or one beside a text part:
  // an HTML-only body inside multipart/mixed (Outlook with an attachment) comes back with
  // no text at all, so the words the rules read (O-10's explanation) would be lost.
  let text = parsed.text?.trim() ? parsed.text : htmlBodyText(parsed.html);
  const attachments: Attachment[] = [];
  const excluded: ExcludedPart[] = [];
  let hasDeliveryReport = contentType === 'multipart/report';
  const cids = referencedCids(parsed.html);

  for (const part of parsed.attachments) {
    const declaredType = (structured(part.headers.get('content-type'))?.value || part.contentType || 'application/octet-stream').toLowerCase();
    const filename = part.filename ?? '';
    const skip = (why: ExcludedPart['why']) => excluded.push({ filename, declaredType, size: part.content.length, why });

    if (REPORT_PARTS.has(declaredType)) {
      hasDeliveryReport = true;
      skip('delivery-report');
      continue;
    }
    if (REPORT_SIDE_PARTS.has(declaredType) && contentType === 'multipart/report') {
      skip('delivery-report');
      continue;
    }
    if (SIGNATURE_PARTS.has(declaredType)) {
      skip('signature');
      continue;
    }
    const type = sniffType(part.content);
    if (type === 'image' && part.cid && cids.has(part.cid.toLowerCase())) {
      skip('inline-image');
      continue;
    }
    if (FORWARDED.has(declaredType)) {
      const tooDeep = depth >= MAX_FORWARD_DEPTH;
      if (!tooDeep) {
        const inner = await parseAt(part.content, depth + 1).catch(() => null);
        if (inner) {
          attachments.push(...inner.attachments.map((a) => ({ ...a, nested: true })));
          excluded.push(...inner.excluded);
          // An embedded message shown inline is part of what the sender wrote.
          if (part.contentDisposition === 'inline' && inner.text.trim()) text += forwardedText(inner);
          continue;
        }
      }
      attachments.push(attachment(part.content, filename || 'forwarded-message.eml', declaredType, depth > 0, tooDeep ? FORWARD_TOO_DEEP : FORWARD_BROKEN));
      continue;
    }
    const smime = SMIME_OPAQUE.has(declaredType) ? SMIME_UNREADABLE : undefined;
    attachments.push(attachment(part.content, filename, declaredType, depth > 0, smime, type));
  }

  const replyTo = firstAddress(parsed.headers.get('reply-to')) ?? from;
  return {
    messageId: firstMessageId(headers.get('message-id')?.[0]),
    from,
    replyTo,
    to: allAddresses(parsed.headers.get('to')),
    cc: allAddresses(parsed.headers.get('cc')),
    subject: typeof parsed.headers.get('subject') === 'string' ? (parsed.headers.get('subject') as string) : '',
    date: parseDate(headers.get('date')?.[0]),
    receivedDates: (headers.get('received') ?? []).map(receivedDate).filter((d): d is Date => d !== null),
    references: references(headers.get('references') ?? []),
    inReplyTo: firstMessageId(headers.get('in-reply-to')?.[0]),
    text,
    attachments,
    headers,
    returnPath: returnPath(headers.get('return-path')?.[0]),
    contentType,
    hasDeliveryReport,
    excluded,
  };
}

function attachment(bytes: Buffer, filename: string, declaredType: string, nested: boolean, unreadable?: string, type = sniffType(bytes)): Attachment {
  const a: Attachment = { filename: cleanFilename(filename), declaredType, type, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
  const why = unreadable ?? unreadableReason(type, bytes);
  if (why) a.unreadable = why;
  if (nested) a.nested = true;
  return a;
}

/** Made-up names for nameless parts (`attachment-2.pdf`), and no two attachments named alike. */
function nameAttachments(list: Attachment[]): Attachment[] {
  const seen = new Set<string>();
  return list.map((a, i) => {
    let name = a.filename || `attachment-${i + 1}.${extensionFor(a.type, a.bytes)}`;
    if (seen.has(name.toLowerCase())) {
      const dot = name.lastIndexOf('.');
      const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
      let n = 2;
      while (seen.has(`${stem} (${n})${ext}`.toLowerCase())) n++;
      name = `${stem} (${n})${ext}`;
    }
    seen.add(name.toLowerCase());
    return name === a.filename ? a : { ...a, filename: name };
  });
}

/** The sender's name without any directory part or control characters. */
function cleanFilename(name: string): string {
  return (name.split(/[\\/]/).pop() ?? '').replace(/[\x00-\x1f\x7f]/g, '').trim();
}

function forwardedText(inner: ParsedMessage): string {
  const lines = ['', '', '---------- Forwarded message ----------'];
  if (inner.from) lines.push(`From: ${inner.from.name ? `${inner.from.name} <${inner.from.address}>` : inner.from.address}`);
  if (inner.date) lines.push(`Date: ${inner.date.toUTCString()}`);
  if (inner.subject) lines.push(`Subject: ${inner.subject}`);
  return lines.join('\n') + '\n\n' + inner.text;
}

// ---- mailparser, made to treat every named leaf part as an attachment

interface Collected {
  headers: Headers;
  headerLines: HeaderLines;
  text?: string;
  html?: string;
  attachments: (Omit<AttachmentStream, 'content'> & { content: Buffer })[];
}

/** The internal node mailparser builds per MIME part (mailparser 3.14 `createNode`). */
interface ParserNode {
  node: { filename?: string | false };
  contentType?: string;
  decoder?: unknown;
  isAttachment?: boolean;
}

class LeafParser extends MailParser {
  // Called by MailParser for every MIME part, before it decides between body text and
  // attachment. A text part that names a file is a file, whatever its disposition.
  createNode(data: ParserNode['node']): ParserNode {
    const base = (MailParser.prototype as unknown as { createNode(this: MailParser, d: unknown): ParserNode }).createNode;
    const node = base.call(this, data);
    if (node.decoder && !node.isAttachment && data.filename) node.isAttachment = true;
    return node;
  }
}

const PARSER_OPTIONS: MailParserOptions = {
  ignoreEmbedded: true, // forwarded messages are parsed again here, see parseAt
  keepDeliveryStatus: true, // report parts come out as parts, so they can be recognised
  skipTextToHtml: true,
  skipTextLinks: true,
  skipImageLinks: true,
  checksumAlgo: false,
  maxHtmlLengthToParse: MAX_HTML_TO_TEXT,
};

/** What simpleParser does, with LeafParser. */
function collect(raw: Buffer): Promise<Collected> {
  return new Promise((resolve, reject) => {
    const out: Collected = { headers: new Map(), headerLines: [], attachments: [] };
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      reject(new MalformedMessageError(`the message could not be parsed as MIME: ${err instanceof Error ? err.message : String(err)}`, { cause: err }));
    };
    const parser = new LeafParser(PARSER_OPTIONS);
    parser.on('error', fail);
    parser.on('headers', (headers: Headers) => {
      out.headers = headers;
      out.headerLines = parser.headerLines || [];
    });
    let reading = false;
    const read = (): void => {
      reading = true;
      for (;;) {
        const data = parser.read() as AttachmentStream | MessageText | null;
        if (data === null) {
          reading = false;
          return;
        }
        if (data.type === 'text') {
          out.text = data.text;
          out.html = data.html;
          continue;
        }
        // Attachments are streamed one at a time: read this one to its end, release it,
        // then carry on (the parser stalls until release() is called).
        const part = data;
        const chunks: Buffer[] = [];
        part.content.on('data', (c: Buffer) => chunks.push(c));
        part.content.on('error', fail);
        part.content.on('end', () => {
          out.attachments.push({ ...part, content: Buffer.concat(chunks) });
          part.release?.();
          read();
        });
        return;
      }
    };
    parser.on('readable', () => {
      if (!reading) read();
    });
    parser.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(out);
    });
    try {
      parser.end(raw);
    } catch (err) {
      fail(err);
    }
  });
}

// ---- headers

/** Lower-cased name → values as they stood (unfolded, not decoded), in message order. */
function headerMap(lines: HeaderLines): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const { key, line } of lines) {
    const colon = line.indexOf(':');
    const value = (colon >= 0 ? line.slice(colon + 1) : '').replace(/\r?\n(?=[ \t])/g, '').trim();
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  }
  return map;
}

function structured(v: unknown): StructuredHeader | undefined {
  return v && typeof v === 'object' && 'value' in v && typeof (v as StructuredHeader).value === 'string' ? (v as StructuredHeader) : undefined;
}

function flatten(list: EmailAddress[]): EmailAddress[] {
  return list.flatMap((a) => (a.group ? flatten(a.group) : [a]));
}

function toAddresses(v: unknown): Address[] {
  const objects = (Array.isArray(v) ? v : v ? [v] : []) as AddressObject[];
  return objects
    .flatMap((o) => flatten(o?.value ?? []))
    .filter((a) => a.address)
    .map((a) => ({ name: a.name ?? '', address: a.address!.toLowerCase() }));
}

const firstAddress = (v: unknown): Address | null => toAddresses(v)[0] ?? null;
const allAddresses = (v: unknown): Address[] => toAddresses(v);

function firstMessageId(v: string | undefined): string | null {
  if (!v) return null;
  const m = v.match(/<[^<>\s]+>/);
  if (m) return m[0];
  const bare = v.trim().split(/\s+/)[0];
  return bare ? `<${bare.replace(/[<>]/g, '')}>` : null;
}

function references(values: string[]): string[] {
  return values.flatMap((v) => v.match(/<[^<>\s]+>/g) ?? []);
}

/** RFC 5322 date, comments dropped; null when absent or unparseable (never "now"). */
function parseDate(v: string | undefined): Date | null {
  if (!v) return null;
  const d = new Date(v.replace(/\([^)]*\)/g, ' ').replace(/\s+/g, ' ').trim());
  return Number.isNaN(d.getTime()) ? null : d;
}

/** `Received: from … by …; Tue, 1 Jul 2014 10:00:00 -0400` — the date follows the last `;`. */
function receivedDate(v: string): Date | null {
  const semi = v.lastIndexOf(';');
  return semi < 0 ? null : parseDate(v.slice(semi + 1));
}

function returnPath(v: string | undefined): string | null {
  if (v === undefined) return null;
  const m = v.match(/<([^>]*)>/);
  return (m ? m[1]! : v).trim();
}

/** Content-IDs the HTML refers to with `cid:` URLs, lower-cased. */
function referencedCids(html: string | undefined): Set<string> {
  const out = new Set<string>();
  for (const m of (html ?? '').matchAll(/\bcid:([^'"\s>)]+)/gi)) {
    const cid = m[1]!;
    out.add(cid.toLowerCase());
    try {
      out.add(decodeURIComponent(cid).toLowerCase());
    } catch {
      // not URL-encoded
    }
  }
  return out;
}

/** The text of an HTML body, within the same size bound mailparser applies. */
function htmlBodyText(html: string | false | undefined): string {
  if (!html || html.length > MAX_HTML_TO_TEXT) return '';
  try {
    return htmlToText(html, { wordwrap: false, limits: { maxDepth: 256 } });
  } catch {
    return '';
  }
}
