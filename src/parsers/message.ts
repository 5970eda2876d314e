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
 * - MIME bounds (src/parsers/limits.ts: maxMimeParts, maxMimeDepth, maxHeaderBytes,
 *   maxHeaderSectionBytes) are checked as each part's header is read, across forwarded
 *   messages too, and the parse is stopped at the first one exceeded: a message of 100 000
 *   parts, 1 000 levels of nesting or a 10 MB header is a MALFORMED_MESSAGE naming the
 *   limit, found in milliseconds, not a parser left to run out of memory.
 */
import { createHash } from 'node:crypto';
import { MailParser } from 'mailparser';
import type { AddressObject, AttachmentStream, EmailAddress, HeaderLines, Headers, MailParserOptions, MessageText, StructuredHeader } from 'mailparser';
import { MalformedMessageError, MessageTooLargeError } from './errors.ts';
import { documentLimits, type DocumentLimits } from './limits.ts';
import { splitMessage } from '../intake/raw-headers.ts';
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
  /** MIME bounds; those not given are the process's `documentLimits()`. */
  limits?: Partial<Pick<DocumentLimits, MimeLimit>>;
}

type MimeLimit = 'maxMimeParts' | 'maxMimeDepth' | 'maxHeaderBytes' | 'maxHeaderSectionBytes';

/** A MIME bound exceeded: the message is malformed for the intake (I-5), `limit` says which bound. */
export class MimeLimitError extends MalformedMessageError {
  constructor(
    readonly limit: MimeLimit,
    message: string,
  ) {
    super(`${message} (limit ${limit})`);
    this.name = 'MimeLimitError';
  }
}

/** The MIME bounds of one parse and what the message has used of them, forwarded messages included. */
interface Budget {
  limits: Pick<DocumentLimits, MimeLimit>;
  parts: number;
}

type Parsed = ParsedMessage & { excluded: ExcludedPart[] };

export async function parseMessage(raw: Buffer, opts: ParseOptions = {}): Promise<ParsedMessage> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  if (raw.length > maxBytes) throw new MessageTooLargeError(raw.length, maxBytes);
  const msg = await parseAt(raw, 0, { limits: { ...documentLimits(), ...opts.limits }, parts: 0 });
  msg.attachments = nameAttachments(msg.attachments);
  // The rules read what the sender wrote to the clerk (O-10's explanation, a request):
  // the start of the body. A 40 MB letter is kept whole in the raw message, not in memory
  // and in every result twice.
  const maxText = documentLimits().maxBodyTextChars;
  if (msg.text.length > maxText) msg.text = msg.text.slice(0, maxText);
  return msg;
}

// ---- one message (top level or forwarded)

async function parseAt(raw: Buffer, depth: number, budget: Budget): Promise<Parsed> {
  checkTopHeader(raw, budget.limits);
  const parsed = await collect(raw, budget, depth);
  const headers = headerMap(parsed.headerLines);
  const contentType = structured(parsed.headers.get('content-type'))?.value.toLowerCase() || 'text/plain';
  // The sender checks (P-1, O-11, R-5) and every reply use the From addr-spec alone: a
  // display name is words anyone may type ("scanner@mwci.doc.example.org" <x@evil.example>
  // is x@evil.example), and a From naming several authors names no one sender.
  const authors = allAddresses(parsed.headers.get('from'));
  const from = authors.length === 1 ? authors[0]! : null;
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
        // A damaged forwarded message is an unreadable attachment; one over a MIME bound
        // makes the whole message malformed (its parts count against the same budget).
        const inner = await parseAt(part.content, depth + 1, budget).catch((err) => {
          if (err instanceof MimeLimitError) throw err;
          return null;
        });
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
  node: SplitNode;
  contentType?: string;
  decoder?: unknown;
  isAttachment?: boolean;
}

/** The mailsplit node MailParser hands to createNode: what the bounds are checked on. */
interface SplitNode {
  filename?: string | false;
  parentNode?: SplitNode | false;
  multipart?: string | false;
  rfc822?: boolean;
  _boundary?: Buffer | false;
  headers?: { lines?: { key: string; line: string }[] };
}

class LeafParser extends MailParser {
  /** Set by collect: called with the first bound this message exceeds. */
  onLimit: (err: MalformedMessageError) => void = () => {};
  budget!: Budget;
  /** MIME depth of this parse's root (a forwarded message's parts sit below its parent's). */
  baseDepth = 0;
  private over = false;

  // Called by MailParser for every MIME part, before it decides between body text and
  // attachment. A text part that names a file is a file, whatever its disposition.
  createNode(data: ParserNode['node']): ParserNode {
    const base = (MailParser.prototype as unknown as { createNode(this: MailParser, d: unknown): ParserNode }).createNode;
    if (!this.over) {
      const err = this.exceeded(data as SplitNode);
      if (err) {
        this.over = true;
        this.onLimit(err);
      }
    }
    const node = base.call(this, data);
    if (node.decoder && !node.isAttachment && data.filename) node.isAttachment = true;
    return node;
  }

  private exceeded(node: SplitNode): MalformedMessageError | null {
    const { limits } = this.budget;
    if (++this.budget.parts > limits.maxMimeParts) return new MimeLimitError('maxMimeParts', `the message has more than ${limits.maxMimeParts} MIME parts`);
    let depth = this.baseDepth;
    for (let p = node.parentNode; p; p = p.parentNode) depth++;
    if (depth > limits.maxMimeDepth) return new MimeLimitError('maxMimeDepth', `MIME parts are nested more than ${limits.maxMimeDepth} deep`);
    for (const { key, line } of node.headers?.lines ?? []) {
      if (line.length > limits.maxHeaderBytes) return new MimeLimitError('maxHeaderBytes', `a part's ${key} header is ${line.length} bytes, more than ${limits.maxHeaderBytes}`);
    }
    // RFC 2046 §5.1.1: a boundary is printable ASCII. One with a NUL or another control
    // character cannot be matched as the sender's client meant it.
    if (node._boundary && node._boundary.some((b) => b < 0x20 || b === 0x7f)) return new MalformedMessageError('a multipart boundary contains a control character (RFC 2046 §5.1.1)');
    return null;
  }
}

/**
 * mailsplit's "too large" (code EMAXLEN), named by the bound it enforced. It splits ahead
 * of the parts handed to createNode, so multiparts nested 1 000 deep reach its part count
 * before our depth check sees them: the part it stopped at tells which bound was crossed.
 */
function splitterLimit(parser: LeafParser, limits: Budget['limits'], err: Error): MimeLimitError {
  const splitter = (parser as unknown as { splitter?: { nodeCounter?: number; maxChildNodes?: number; node?: SplitNode } }).splitter;
  let depth = parser.baseDepth;
  for (let p = splitter?.node?.parentNode; p; p = p.parentNode) depth++;
  if (depth > limits.maxMimeDepth) return new MimeLimitError('maxMimeDepth', `MIME parts are nested more than ${limits.maxMimeDepth} deep`);
  if (splitter?.nodeCounter !== undefined && splitter.maxChildNodes !== undefined && splitter.nodeCounter > splitter.maxChildNodes) {
    return new MimeLimitError('maxMimeParts', `the message has more than ${limits.maxMimeParts} MIME parts`);
  }
  return new MimeLimitError('maxHeaderSectionBytes', `the header of a part is more than ${limits.maxHeaderSectionBytes} bytes (${err.message})`);
}

/**
 * The top-level header, before mailparser reads it: a 10 MB header is refused from the
 * raw bytes, and the bound named precisely (mailsplit's own check only says "too large").
 */
function checkTopHeader(raw: Buffer, limits: Budget['limits']): void {
  const { header } = splitMessage(raw.subarray(0, limits.maxHeaderSectionBytes + 4));
  if (header.length > limits.maxHeaderSectionBytes) {
    throw new MimeLimitError('maxHeaderSectionBytes', `the message header is more than ${limits.maxHeaderSectionBytes} bytes`);
  }
  let field = 0;
  for (const line of header.split('\n')) {
    field = /^[ \t]/.test(line) ? field + line.length + 1 : line.length;
    if (field > limits.maxHeaderBytes) throw new MimeLimitError('maxHeaderBytes', `a header field is more than ${limits.maxHeaderBytes} bytes`);
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

/** What simpleParser does, with LeafParser, stopped at the first MIME bound exceeded. */
function collect(raw: Buffer, budget: Budget, depth: number): Promise<Collected> {
  return new Promise((resolve, reject) => {
    const out: Collected = { headers: new Map(), headerLines: [], attachments: [] };
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      if (err instanceof MalformedMessageError) reject(err);
      else if ((err as { code?: string })?.code === 'EMAXLEN') reject(splitterLimit(parser, budget.limits, err as Error));
      else reject(new MalformedMessageError(`the message could not be parsed as MIME: ${err instanceof Error ? err.message : String(err)}`, { cause: err }));
    };
    const parser = new LeafParser({
      ...PARSER_OPTIONS,
      // mailsplit's own per-parse bounds: it splits ahead of the parts handed to createNode,
      // so a message of 100 000 parts is stopped there, before they are all in memory.
      maxHeadSize: budget.limits.maxHeaderSectionBytes,
      maxChildNodes: budget.limits.maxMimeParts,
    } as MailParserOptions);
    parser.budget = budget;
    parser.baseDepth = depth;
    parser.onLimit = (err) => {
      fail(err);
      // Nothing more of this message is read: the parser and its streams are let go.
      parser.destroy();
    };
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

/** Elements that never hold content: their start tag opens no level. */
const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'p', 'li', 'td', 'tr', 'th', 'option', 'dt', 'dd']);
/** Deeper than this, HTML is not converted: htmlparser2's parse is quadratic in the depth (200 000 nested tags: minutes). */
const MAX_HTML_DEPTH = 1000;

/** The deepest element nesting of `html`, counted up to `max` in one pass (tags only, no parse). */
function htmlDepthOver(html: string, max: number): boolean {
  let depth = 0;
  const tag = /<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g;
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    const name = m[2]!.toLowerCase();
    if (VOID_ELEMENTS.has(name) || m[3]) continue;
    depth += m[1] ? -1 : 1;
    if (depth < 0) depth = 0;
    else if (depth > max) return true;
  }
  return false;
}

/** The text of an HTML body, within the same size and depth bounds mailparser applies. */
function htmlBodyText(html: string | false | undefined): string {
  if (!html || html.length > MAX_HTML_TO_TEXT || htmlDepthOver(html, MAX_HTML_DEPTH)) return '';
  try {
    return htmlToText(html, { wordwrap: false, limits: { maxDepth: 256 } });
  } catch {
    return '';
  }
}
