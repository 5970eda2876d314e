/**
 * Server-side sessions. The cookie holds 32 random bytes; the database holds only their
 * SHA-256, so reading the table opens no session. Each session has its own CSRF token,
 * put in every form and checked on every POST. A session without a clerk carries the
 * login form's token; logging in replaces it with a new session (no fixation).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../models/db.ts';
import { clerkSessions, clerks } from '../models/schema.ts';

export const COOKIE = 'ci_session';
/** An anonymous (login form) session lasts this long. */
const ANONYMOUS_MS = 60 * 60_000;

export interface Session {
  pk: number;
  csrfToken: string;
  expiresAt: Date;
  clerk: { id: number; name: string } | null;
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
const randomToken = () => randomBytes(32).toString('base64url');

export async function createSession(db: Db, input: { clerkId: number | null; now: Date; hours: number }): Promise<{ token: string; session: Session }> {
  const token = randomToken();
  const csrfToken = randomToken();
  const expiresAt = new Date(input.now.getTime() + (input.clerkId === null ? ANONYMOUS_MS : input.hours * 3600_000));
  // Expired sessions go as new ones come: the table stays small without a timer.
  await db.delete(clerkSessions).where(lt(clerkSessions.expiresAt, input.now));
  const [row] = await db.insert(clerkSessions).values({ tokenHash: tokenHash(token), clerkId: input.clerkId, csrfToken, createdAt: input.now, expiresAt }).returning({ pk: clerkSessions.id });
  let clerk: Session['clerk'] = null;
  if (input.clerkId !== null) {
    const [c] = await db.select({ id: clerks.id, name: clerks.name }).from(clerks).where(eq(clerks.id, input.clerkId));
    clerk = c ?? null;
  }
  return { token, session: { pk: row!.pk, csrfToken, expiresAt, clerk } };
}

export async function findSession(db: Db, token: string | undefined, now: Date): Promise<Session | undefined> {
  if (!token || token.length > 100) return undefined;
  const [row] = await db
    .select({ pk: clerkSessions.id, csrfToken: clerkSessions.csrfToken, expiresAt: clerkSessions.expiresAt, clerkId: clerks.id, clerkName: clerks.name, disabled: clerks.disabled })
    .from(clerkSessions)
    .leftJoin(clerks, eq(clerks.id, clerkSessions.clerkId))
    .where(and(eq(clerkSessions.tokenHash, tokenHash(token)), gt(clerkSessions.expiresAt, now)));
  if (!row || row.disabled) return undefined;
  return { pk: row.pk, csrfToken: row.csrfToken, expiresAt: row.expiresAt, clerk: row.clerkId !== null && row.clerkName !== null ? { id: row.clerkId, name: row.clerkName } : null };
}

export async function endSession(db: Db, pk: number): Promise<void> {
  await db.delete(clerkSessions).where(eq(clerkSessions.id, pk));
}

export function csrfMatches(session: Session | undefined, given: unknown): boolean {
  if (!session || typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(session.csrfToken);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The value of one cookie from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eqAt = part.indexOf('=');
    if (eqAt > 0 && part.slice(0, eqAt).trim() === name) return decodeURIComponent(part.slice(eqAt + 1).trim());
  }
  return undefined;
}

export function sessionCookie(token: string, opts: { secure: boolean; maxAgeSeconds?: number }): string {
  const parts = [`${COOKIE}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Strict'];
  if (opts.maxAgeSeconds !== undefined) parts.push(`Max-Age=${Math.max(0, Math.floor(opts.maxAgeSeconds))}`);
  if (opts.secure) parts.push('Secure');
  return parts.join('; ');
}
