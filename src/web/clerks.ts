/** Clerk accounts for the web page (`court-intake clerks add|list`). */
import { asc, eq } from 'drizzle-orm';
import { UsageError } from '../cli/exit.ts';
import type { Db } from '../models/db.ts';
import { clerkSessions, clerks } from '../models/schema.ts';
import { decoyHash, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.ts';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export interface ClerkView {
  id: number;
  name: string;
  disabled: boolean;
  createdAt: Date;
  passwordChangedAt: Date;
}

export function checkNewPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new UsageError(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
}

/** Adds a clerk; with `replace`, sets a new password for an existing one and ends their sessions. */
export async function addClerk(db: Db, input: { name: string; password: string; now: Date; replace?: boolean }): Promise<{ id: number; created: boolean }> {
  if (!NAME.test(input.name)) throw new UsageError(`"${input.name}" is not a clerk name: letters, digits, . _ @ - (up to 64)`);
  checkNewPassword(input.password);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: clerks.id }).from(clerks).where(eq(clerks.name, input.name));
    if (existing) {
      if (!input.replace) throw new UsageError(`clerk "${input.name}" already exists (use --replace to set a new password)`);
      await tx.update(clerks).set({ passwordHash, passwordChangedAt: input.now, disabled: false }).where(eq(clerks.id, existing.id));
      await tx.delete(clerkSessions).where(eq(clerkSessions.clerkId, existing.id));
      return { id: existing.id, created: false };
    }
    const [row] = await tx.insert(clerks).values({ name: input.name, passwordHash, createdAt: input.now, passwordChangedAt: input.now }).returning({ id: clerks.id });
    return { id: row!.id, created: true };
  });
}

export async function listClerks(db: Db): Promise<ClerkView[]> {
  return db.select({ id: clerks.id, name: clerks.name, disabled: clerks.disabled, createdAt: clerks.createdAt, passwordChangedAt: clerks.passwordChangedAt }).from(clerks).orderBy(asc(clerks.name));
}

/** The clerk, when the name and password match an enabled account. Takes as long for an unknown name. */
export async function authenticate(db: Db, name: string, password: string): Promise<{ id: number; name: string } | undefined> {
  const [c] = await db.select().from(clerks).where(eq(clerks.name, name));
  if (!c) {
    await verifyPassword(password, await decoyHash());
    return undefined;
  }
  const ok = await verifyPassword(password, c.passwordHash);
  return ok && !c.disabled ? { id: c.id, name: c.name } : undefined;
}
