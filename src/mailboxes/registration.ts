/**
 * `registration` mailbox: CM/ECF registration forms (SPEC §5). This handler requires a
 * readable PDF (R-1, I-5) and records the registration as pending clerk approval;
 * form recognition, fields, signature and exam checks build on it.
 */
import type { CourtData } from '../config/court-data.ts';
import { registrations } from '../models/schema.ts';
import type { Decision, MessageContext } from '../pipeline/types.ts';
import type { Finding } from '../rules/codes.ts';
import { storeAttachments, unreadableFindings } from './attachments.ts';
import { decide } from './decide.ts';

export async function registrationRules(ctx: MessageContext, court: CourtData): Promise<Decision> {
  const msg = ctx.parsed!;
  const findings: Finding[] = [];
  const pdfs = msg.attachments.filter((a) => a.type === 'pdf');
  if (pdfs.length === 0) {
    findings.push({ code: 'FORM_UNRECOGNIZED', rule: 'R-1', detail: msg.attachments.length ? msg.attachments.map((a) => `${a.filename} is not a PDF`).join('; ') : 'no attachment' });
  }
  findings.push(...unreadableFindings(pdfs));
  const registration = { form: null, name: msg.from?.name || null, email: msg.from?.address ?? null, barNumber: null };
  return decide(ctx, court, findings, {
    success: 'accepted',
    headline: 'Your CM/ECF registration was received.',
    whatNext: 'A clerk will review it. Once it is approved, your login instructions are sent to the email address on the form.',
    items: pdfs.map((a) => a.filename),
    result: { registration },
    apply: async (tx, messagePk) => {
      await storeAttachments(tx, messagePk, 'Registration', pdfs.filter((a) => !a.unreadable));
      await tx.insert(registrations).values({ messagePk, name: registration.name, email: registration.email, data: {}, createdAt: ctx.arrival });
    },
  });
}
