/**
 * The clerks' exception digest (N-4): open exceptions grouped by code, oldest first,
 * `PASSWORD_COMPROMISE` first. Nothing new since the last digest → no mail.
 */
import { asc, eq, isNull, and } from 'drizzle-orm';
import type { Db } from '../models/db.ts';
import { exceptions } from '../models/schema.ts';
import { CODES, isCode } from '../rules/codes.ts';
import { renderTemplate } from './templates.ts';

export interface DigestGroup {
  code: string;
  sentence: string;
  items: { id: number; age: string; sender: string; caseNumber: string | null; detail: string | null; link?: string }[];
}

export interface Digest {
  total: number;
  newCount: number;
  groups: DigestGroup[];
  text: string;
  html: string;
}

function age(from: Date, now: Date): string {
  const h = Math.max(0, Math.floor((now.getTime() - from.getTime()) / 3_600_000));
  return h < 48 ? `${h} h` : `${Math.floor(h / 24)} days`;
}

export async function buildDigest(db: Db, opts: { courtName: string; now: Date; baseUrl?: string }): Promise<Digest> {
  const open = await db.select().from(exceptions).where(eq(exceptions.status, 'open')).orderBy(asc(exceptions.createdAt), asc(exceptions.id));
  const newCount = open.filter((e) => !e.digestedAt).length;
  const byCode = new Map<string, DigestGroup>();
  for (const e of open) {
    let g = byCode.get(e.code);
    if (!g) byCode.set(e.code, (g = { code: e.code, sentence: isCode(e.code) ? CODES[e.code].sentence : e.code, items: [] }));
    g.items.push({
      id: e.id,
      age: age(e.createdAt, opts.now),
      sender: e.sender ?? '(unknown)',
      caseNumber: e.caseNumber,
      detail: e.detail,
      link: opts.baseUrl ? `${opts.baseUrl.replace(/\/$/, '')}/exceptions/${e.id}` : undefined,
    });
  }
  const groups = [...byCode.values()].sort((a, b) => (a.code === 'PASSWORD_COMPROMISE' ? -1 : b.code === 'PASSWORD_COMPROMISE' ? 1 : 0));
  const { text, html } = renderTemplate('digest', { court: { name: opts.courtName }, total: open.length, newCount, groups, baseUrl: opts.baseUrl });
  return { total: open.length, newCount, groups, text, html };
}

export async function markDigested(db: Db, now: Date): Promise<void> {
  await db.update(exceptions).set({ digestedAt: now }).where(and(eq(exceptions.status, 'open'), isNull(exceptions.digestedAt)));
}
