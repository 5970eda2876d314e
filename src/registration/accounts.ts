/** CM/ECF Filer and User accounts on file (the filers table), looked up the way every rule needs. */
import { sql } from 'drizzle-orm';
import type { Tx } from '../models/db.ts';
import { filers } from '../models/schema.ts';

export type Account = typeof filers.$inferSelect;

/** The account whose address on file is `email` (addresses compare without case). */
export async function accountByEmail(tx: Pick<Tx, 'select'>, email: string): Promise<Account | undefined> {
  const [row] = await tx.select().from(filers).where(sql`lower(${filers.email}) = ${email.toLowerCase()}`);
  return row;
}
