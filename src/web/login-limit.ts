/**
 * The login rate limit: at most 5 failed logins in 15 minutes per client address and per
 * user name; the next attempt is refused (429) until the oldest failure ages out. Kept in
 * the database so a restart or a second process does not reset it. Time comes from the
 * caller's clock.
 */
import { and, asc, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../models/db.ts';
import { loginFailures } from '../models/schema.ts';

export const LOGIN_LIMIT = { failures: 5, windowMs: 15 * 60_000 };

const keys = (ip: string, user: string) => [`ip:${ip}`, `user:${user.toLowerCase()}`];

/** Seconds until another attempt is allowed, or 0 when it is allowed now. */
export async function loginRetryAfter(db: Db, ip: string, user: string, now: Date): Promise<number> {
  const since = new Date(now.getTime() - LOGIN_LIMIT.windowMs);
  let wait = 0;
  for (const key of keys(ip, user)) {
    const rows = await db.select({ at: loginFailures.at }).from(loginFailures).where(and(eq(loginFailures.key, key), gt(loginFailures.at, since))).orderBy(asc(loginFailures.at));
    if (rows.length >= LOGIN_LIMIT.failures) {
      // Allowed again once enough failures have aged out to fall under the limit.
      const freeing = rows[rows.length - LOGIN_LIMIT.failures]!.at;
      wait = Math.max(wait, Math.ceil((freeing.getTime() + LOGIN_LIMIT.windowMs - now.getTime()) / 1000));
    }
  }
  return wait;
}

export async function recordLoginFailure(db: Db, ip: string, user: string, now: Date): Promise<void> {
  await db.insert(loginFailures).values(keys(ip, user).map((key) => ({ key, at: now })));
  await db.delete(loginFailures).where(lt(loginFailures.at, new Date(now.getTime() - LOGIN_LIMIT.windowMs)));
}

/** A successful login forgets the failures against that user name (not those of the address). */
export async function clearUserFailures(db: Db, user: string): Promise<void> {
  await db.delete(loginFailures).where(eq(loginFailures.key, `user:${user.toLowerCase()}`));
}
