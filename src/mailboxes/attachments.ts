/** Attachment checks shared by the mailboxes: I-5 (unreadable) findings, by content type (I-4). */
import type { Tx } from '../models/db.ts';
import { documents } from '../models/schema.ts';
import type { Attachment } from '../parsers/types.ts';
import type { Finding } from '../rules/codes.ts';

export function unreadableFindings(attachments: Attachment[]): Finding[] {
  return attachments
    .filter((a) => a.unreadable)
    .map((a) => ({ code: 'ATTACHMENT_UNREADABLE' as const, rule: 'I-5', attachment: a.filename, detail: `${a.filename}: ${a.unreadable}` }));
}

export const isWord = (a: Attachment) => a.type === 'docx' || a.type === 'doc' || a.type === 'rtf';

/** Keeps the received files with the message (stored documents: bytes + SHA-256). */
export async function storeAttachments(tx: Tx, messagePk: number, description: string, attachments: Attachment[], contentType = 'application/pdf'): Promise<number[]> {
  const ids: number[] = [];
  for (const a of attachments) {
    const [row] = await tx
      .insert(documents)
      .values({ messagePk, description, filename: a.filename, contentType, bytes: a.bytes, sha256: a.sha256, size: a.bytes.length })
      .returning({ id: documents.id });
    if (row) ids.push(row.id);
  }
  return ids;
}
