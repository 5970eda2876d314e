/** Attachment checks shared by the mailboxes: I-5 (unreadable) findings, by content type (I-4). */
import type { Attachment } from '../parsers/types.ts';
import type { Finding } from '../rules/codes.ts';

export function unreadableFindings(attachments: Attachment[]): Finding[] {
  return attachments
    .filter((a) => a.unreadable)
    .map((a) => ({ code: 'ATTACHMENT_UNREADABLE' as const, rule: 'I-5', attachment: a.filename, detail: `${a.filename}: ${a.unreadable}` }));
}

export const isWord = (a: Attachment) => a.type === 'docx' || a.type === 'doc' || a.type === 'rtf';
