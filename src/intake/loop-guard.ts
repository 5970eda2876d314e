/**
 * I-3 No loops: messages no one should answer automatically (RFC 3834 § 2 and the
 * practice of help desks, PITFALLS "Replying without harm"). The answer is a short reason
 * naming the header that gave it away, recorded with the `ignored` outcome.
 */
import type { ParsedMessage } from '../parsers/types.ts';

/** Local parts that belong to machines, never to a person who could read a notice. */
const MACHINE_SENDER = /^(mailer-daemon|postmaster|no[-_.]?reply|do[-_.]?not[-_.]?reply)$/;
/** Precedence values of bulk mail, list mail and other robots' replies. */
const BULK_PRECEDENCE = /^(bulk|junk|list|auto_reply)$/;
/** Markers Outlook, Exchange and common vacation programs put on their auto-replies. */
const AUTOREPLY_HEADERS = ['x-autoreply', 'x-autorespond', 'x-autoreply-from', 'x-mail-autoreply', 'x-ms-exchange-inbox-rules-loop'];
/** Our own replies carry Message-IDs `<ci.<24 hex>@<mailbox domain>>` (src/notify/compose.ts). */
const OWN_MESSAGE_ID = /^<ci\.[0-9a-f]{24}@([^>]+)>$/i;

export function autoMessageReason(msg: ParsedMessage, ownAddresses: string[]): string | null {
  const header = (name: string) => msg.headers.get(name) ?? [];
  const first = (name: string) => header(name)[0]?.trim() ?? '';

  const own = new Set(ownAddresses.map((a) => a.trim().toLowerCase()));
  const from = msg.from?.address.toLowerCase() ?? '';
  if (from && own.has(from)) return `sent from our own address ${from}`;
  const ownId = msg.messageId?.match(OWN_MESSAGE_ID);
  const ownDomains = new Set([...own].map((a) => a.split('@')[1] ?? ''));
  if (ownId && ownDomains.has(ownId[1]!.toLowerCase())) return `our own Message-ID ${msg.messageId}`;

  for (const v of header('auto-submitted')) {
    const token = v.split(';')[0]!.trim().toLowerCase();
    if (token && token !== 'no') return `Auto-Submitted: ${token}`;
  }
  if (msg.returnPath === '') return 'empty Return-Path <>';
  if (msg.contentType === 'multipart/report' || msg.hasDeliveryReport) return `delivery report (${msg.contentType})`;

  const precedence = first('precedence').toLowerCase();
  if (BULK_PRECEDENCE.test(precedence)) return `Precedence: ${precedence}`;
  const list = [...msg.headers.keys()].find((k) => k.startsWith('list-'));
  if (list) return `${canonical(list)} header (mailing list)`;
  if (header('x-loop').length) return 'X-Loop header';

  // X-Auto-Response-Suppress alone is not a sign of a robot: Outlook, scanners and
  // bulk-send tools put it on genuine mail to ask for no out-of-office replies. Ignoring
  // such a message would drop a real filing without a word, so it is processed.
  for (const name of AUTOREPLY_HEADERS) {
    const values = header(name);
    if (values.length && !values.every((v) => /^(no|false|0)$/i.test(v.trim()))) return `${canonical(name)} header (auto-reply)`;
  }

  for (const [what, address] of [['sender', from], ['return path', msg.returnPath?.toLowerCase() ?? '']] as const) {
    const local = address.split('@')[0]!.split('+')[0]!;
    if (address && MACHINE_SENDER.test(local)) return `${what} ${address} is an automatic mailer`;
  }
  return null;
}

/** `x-ms-exchange-inbox-rules-loop` → `X-MS-Exchange-Inbox-Rules-Loop` (for the reason text). */
function canonical(name: string): string {
  return name
    .split('-')
    .map((w) => (['ms', 'id'].includes(w) ? w.toUpperCase().replace('ID', 'Id') : w.charAt(0).toUpperCase() + w.slice(1)))
    .join('-');
}
