/** The audit trail of clerk actions: who did what to which thing, when, from where. */
import { asc } from 'drizzle-orm';
import type { Db, Tx } from '../models/db.ts';
import { auditLog } from '../models/schema.ts';

export type AuditAction =
  | 'login'
  | 'login-failed'
  | 'login-limited'
  | 'logout'
  | 'clerk-add'
  | 'clerk-password'
  | 'exception-resolve'
  | 'exception-dismiss'
  | 'registration-approve'
  | 'registration-reject'
  | 'order-signed'
  | 'order-returned'
  | 'order-download'
  | 'mail-service-mailed'
  | 'mail-service-download'
  | 'message-raw-download';

export interface AuditEntry {
  clerk: string;
  action: AuditAction;
  target?: string;
  detail?: Record<string, unknown>;
  ip?: string;
  at: Date;
}

export async function audit(db: Db | Tx, e: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({ at: e.at, clerk: e.clerk, action: e.action, target: e.target ?? null, detail: e.detail ?? null, ip: e.ip ?? null });
}

export async function auditTrail(db: Db) {
  return db.select().from(auditLog).orderBy(asc(auditLog.id));
}
