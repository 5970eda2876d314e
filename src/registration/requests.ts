/**
 * Messages to the registration mailbox that are not registrations: a change of email
 * address, a report of a compromised password, and the confirmations that
 * come back for an email change. Recognised from the subject and the sender's own words
 * (quoted earlier mail is left out, so a reply quoting one of our notices is judged by
 * what the person wrote).
 */
import { createHash, randomInt } from 'node:crypto';

/** The sender's own text: quoted lines and everything after a reply header are dropped. */
export function ownWords(body: string): string {
  const out: string[] = [];
  for (const line of body.replace(/\r\n?/g, '\n').split('\n')) {
    // Outlook and Gmail reply headers: the quoted message follows.
    if (/^\s*-{2,}\s*(original message|forwarded message)\s*-{2,}/i.test(line)) break;
    if (/^\s*On .{4,200}wrote:\s*$/i.test(line)) break;
    if (/^\s*From:\s.+/i.test(line) && out.some((l) => l.trim() !== '')) break;
    if (/^\s*>/.test(line)) continue;
    out.push(line);
  }
  return out.join('\n');
}

const COMPROMISE = [
  // "my password may have been compromised", "CM/ECF login was stolen"
  /\b(password|passwords|pass\s*word|log-?in|credentials?|account|username)\b[^.?!\n]{0,60}\b(compromi[sz]ed|stolen|hacked|breached|leaked|exposed|phished|disclosed|shared without)/i,
  /\b(compromi[sz]ed|stolen|hacked|leaked|exposed|phished)\b[^.?!\n]{0,40}\b(password|log-?in|credentials?|account)\b/i,
  /\b(unauthori[sz]ed|suspicious|fraudulent)\b[^.?!\n]{0,40}\b(log-?ins?|sign-?ins?|access|filings?|use|activity)\b/i,
  /\bsomeone (else )?(has |may have )?(used|logged|accessed|filed)\b[^.?!\n]{0,60}\b(account|password|log-?in|cm\/?ecf|ecf)\b/i,
  /\bpassword (compromise|breach|leak)\b/i,
];

const EMAIL_CHANGE = [
  /\b(change|changing|changed|update|updating|updated|replace|switch|correct)\b[^.?!\n]{0,50}\be-?mail\b/i,
  /\be-?mail( address)?\b[^.?!\n]{0,40}\b(has changed|is changing|will change|changed|change|update)\b/i,
  /\bnew e-?mail( address)?\b/i,
  /\b(change|update) of (e-?mail|address)\b/i,
];

export type RequestKind = 'password-compromise' | 'email-change';

/** R-7 before R-6: a compromise report that also mentions a new address is urgent first. */
export function recognizeRequest(subject: string, body: string): RequestKind | null {
  const text = `${subject}\n${ownWords(body)}`;
  if (COMPROMISE.some((re) => re.test(text))) return 'password-compromise';
  if (EMAIL_CHANGE.some((re) => re.test(text))) return 'email-change';
  return null;
}

const ADDRESS = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+/g;

/** Email addresses the sender wrote (subject and own words), lower-cased, in order, once each. */
export function addressesIn(subject: string, body: string): string[] {
  const text = `${subject}\n${ownWords(body)}`.replace(/mailto:/gi, ' ');
  const seen = new Set<string>();
  for (const m of text.matchAll(ADDRESS)) seen.add(m[0].replace(/\.+$/, '').toLowerCase());
  return [...seen];
}

/** The address written right after "new", "to" or "now": `please change it to x@y`. */
export function statedNewAddress(subject: string, body: string, candidates: string[]): string | null {
  const text = `${subject}\n${ownWords(body)}`.toLowerCase();
  for (const a of candidates) {
    const i = text.indexOf(a);
    if (i < 0) continue;
    const before = text.slice(Math.max(0, i - 60), i);
    if (/\b(new|to|now|is|use|at)\b[^@\n]{0,40}$/.test(before) && !/\b(from|old|former|previous|current)\b[^@\n]{0,25}$/.test(before)) return a;
  }
  return null;
}

// ---- one-time codes

const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE = /\bECF-([A-Z0-9]{4})-([A-Z0-9]{4})\b/gi;

/** `ECF-7K3Q-9M2P`: 8 characters from 31 (no 0/O, 1/I/L), about 40 bits, from the system CSPRNG. */
export function newConfirmationCode(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `ECF-${s.slice(0, 4)}-${s.slice(4)}`;
}

export const codeHash = (code: string) => createHash('sha256').update(code.toUpperCase()).digest('hex');

/** Codes anywhere in the subject or body, quoted text included: a plain reply carries the code in the quote. */
export function codesIn(subject: string, body: string): string[] {
  const seen = new Set<string>();
  for (const m of `${subject}\n${body}`.matchAll(CODE)) seen.add(`ECF-${m[1]}-${m[2]}`.toUpperCase());
  return [...seen];
}
