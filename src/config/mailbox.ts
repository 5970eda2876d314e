/** A configured mailbox: where mail arrives and what rules apply to it (SPEC §1). */
export type MailboxKind = 'clerk' | 'registration' | 'orders';

export type Disposition = 'docketed' | 'accepted' | 'rejected' | 'exception' | 'ignored';
export const DISPOSITIONS: readonly Disposition[] = ['docketed', 'accepted', 'rejected', 'exception', 'ignored'];

export interface ImapSettings {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  pass: string;
  /** Folder watched for new mail. */
  folder: string;
  /** Folder per disposition; processed mail is moved there, never deleted (I-1). */
  folders: Record<Disposition, string>;
  /** Restart IDLE this often (ms): IDLE connections die silently otherwise. */
  idleRestartMs: number;
  /** Safety re-sync interval (ms) in case an EXISTS notification is missed. */
  resyncMs: number;
}

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  pass?: string;
  /** Accept self-signed certificates (test servers). */
  tlsRejectUnauthorized: boolean;
}

export interface MailboxConfig {
  id: string;
  kind: MailboxKind;
  address: string;
  judge?: string;
  imap?: ImapSettings;
  smtp?: SmtpSettings;
}
