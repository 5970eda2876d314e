/**
 * Just enough header reading to capture a message before it is parsed: the dedupe key,
 * the Message-ID and the arrival time. Full parsing happens later, in the pipeline.
 */
import { createHash } from 'node:crypto';

/** Trace headers differ between two deliveries of the same mail; they are left out of the key (I-2). */
const TRACE = /^(received|x-received|return-path|delivered-to|x-delivered-to|x-original-to|authentication-results|arc-[a-z-]+|x-gm-[a-z-]+|x-google-[a-z-]+|x-mailbox-line|status|x-status|x-uid|x-keywords|content-length|lines)$/i;

export interface RawHeader {
  name: string;
  value: string;
  /** The header's lines exactly as they stood (with folding). */
  raw: string;
}

export function splitMessage(raw: Buffer): { header: string; body: Buffer } {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  let end: number;
  let sep: number;
  if (crlf >= 0 && (lf < 0 || crlf < lf)) [end, sep] = [crlf, 4];
  else if (lf >= 0) [end, sep] = [lf, 2];
  else [end, sep] = [raw.length, 0];
  return { header: raw.subarray(0, end).toString('latin1'), body: raw.subarray(Math.min(raw.length, end + sep)) };
}

export function readHeaders(raw: Buffer): RawHeader[] {
  const { header } = splitMessage(raw);
  const out: RawHeader[] = [];
  for (const line of header.split(/\r?\n/)) {
    const last = out[out.length - 1];
    if (/^[ \t]/.test(line) && last) {
      last.value += ' ' + line.trim();
      last.raw += '\n' + line;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    out.push({ name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1).trim(), raw: line });
  }
  return out;
}

/**
 * The identity of a message for I-2: the bytes less trace headers and line-ending
 * differences, so the same mail appended twice, copied to two folders, or saved as an
 * .eml file maps to one key.
 */
export function dedupeKey(raw: Buffer): string {
  const { body } = splitMessage(raw);
  const kept = readHeaders(raw)
    .filter((h) => !TRACE.test(h.name))
    .map((h) => h.raw.replace(/[ \t]+$/gm, ''))
    .join('\n');
  const normalisedBody = body.toString('latin1').replace(/\r\n/g, '\n').replace(/\s+$/, '');
  return createHash('sha256').update(kept).update('\n\n').update(normalisedBody, 'latin1').digest('hex');
}

export function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

export function headerMessageId(headers: RawHeader[]): string | null {
  const v = headers.find((h) => h.name === 'message-id')?.value;
  const m = v?.match(/<[^<>\s]+>/);
  return m ? m[0] : v ? `<${v.replace(/[<>\s]/g, '')}>` : null;
}

/** CONTRACT.md: the newest Received: header's date, else Date:. */
export function headerArrival(headers: RawHeader[]): Date | null {
  for (const h of headers) {
    if (h.name !== 'received') continue;
    const semi = h.value.lastIndexOf(';');
    if (semi < 0) continue;
    const d = new Date(h.value.slice(semi + 1).replace(/\([^)]*\)/g, '').trim());
    if (!Number.isNaN(d.getTime())) return d;
  }
  const date = headers.find((h) => h.name === 'date')?.value;
  if (date) {
    const d = new Date(date.replace(/\([^)]*\)/g, '').trim());
    if (!Number.isNaN(d.getTime())) return d;
  }
  return null;
}
