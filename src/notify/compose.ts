/**
 * Builds the exact bytes of a reply once, so a retry resends the identical message with
 * the same Message-ID (N-5). Every reply is threaded to the message it answers and
 * marked as automatic so other robots do not answer it (I-3, RFC 3834).
 */
import { createHash } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';

export interface ComposeInput {
  from: { name: string; address: string };
  to: string[];
  subject: string;
  text: string;
  html: string;
  date: Date;
  /** Stable seed: the same seed gives the same Message-ID. */
  idSeed: string;
  inReplyTo?: string | null;
  references?: string[];
  attachments?: { filename: string; content: Buffer; contentType: string; cid?: string }[];
}

export function replyMessageId(seed: string, fromAddress: string): string {
  const domain = fromAddress.split('@')[1] ?? 'court-intake.invalid';
  const h = createHash('sha256').update(seed).digest('hex').slice(0, 24);
  return `<ci.${h}@${domain}>`;
}

export async function composeMessage(input: ComposeInput): Promise<{ raw: Buffer; messageId: string }> {
  const messageId = replyMessageId(input.idSeed, input.from.address);
  const references = [...(input.references ?? [])];
  if (input.inReplyTo && !references.includes(input.inReplyTo)) references.push(input.inReplyTo);
  const mail = new MailComposer({
    from: input.from,
    to: input.to,
    subject: input.subject,
    text: input.text,
    html: input.html,
    date: input.date,
    messageId,
    inReplyTo: input.inReplyTo ?? undefined,
    references: references.length ? references : undefined,
    headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All', Precedence: 'auto_reply' },
    attachments: input.attachments?.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType, cid: a.cid })),
    // Nothing in a reply may make nodemailer read files or fetch URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const raw = await new Promise<Buffer>((res, rej) => mail.compile().build((err, buf) => (err ? rej(err) : res(buf))));
  return { raw, messageId };
}
