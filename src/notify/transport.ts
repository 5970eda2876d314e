/**
 * Where replies go: an SMTP relay (nodemailer) or, on the embedded defaults, a folder of
 * `.eml` files. Both take the exact stored bytes, so a resend is byte-identical.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { SmtpSettings } from '../config/mailbox.ts';

export interface OutgoingMail {
  id: number;
  from: string;
  to: string[];
  raw: Buffer;
}

export interface DeliveryResult {
  response: string;
  /** Set when the reply went to a file. */
  file?: string;
}

export interface Transport {
  send(mail: OutgoingMail): Promise<DeliveryResult>;
  close(): void;
}

export class DirectoryTransport implements Transport {
  constructor(
    private readonly dir: string,
    /** Stored in the outbox row and the JSON result: relative to the store, as CONTRACT.md shows. */
    private readonly label: string = 'outbox',
  ) {}

  async send(mail: OutgoingMail): Promise<DeliveryResult> {
    mkdirSync(this.dir, { recursive: true });
    const name = `${String(mail.id).padStart(4, '0')}.eml`;
    // Same id, same name: writing again after a crash replaces the file, never adds a second reply.
    writeFileSync(join(this.dir, name), mail.raw);
    return { response: 'written', file: `${this.label}/${name}` };
  }

  close(): void {}
}

export class SmtpTransport implements Transport {
  private readonly transporter;

  constructor(settings: SmtpSettings) {
    this.transporter = nodemailer.createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      auth: settings.user ? { user: settings.user, pass: settings.pass ?? '' } : undefined,
      tls: { rejectUnauthorized: settings.tlsRejectUnauthorized },
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  }

  async send(mail: OutgoingMail): Promise<DeliveryResult> {
    const info = await this.transporter.sendMail({ envelope: { from: mail.from, to: mail.to }, raw: mail.raw });
    if (info.rejected.length && !info.accepted.length) {
      throw Object.assign(new Error(`all recipients rejected: ${info.response}`), { code: 'SMTP_REJECTED' });
    }
    return { response: info.response };
  }

  close(): void {
    this.transporter.close();
  }
}
