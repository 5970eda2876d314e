/** The rules of each mailbox kind (SPEC §3–§5). */
import type { MailboxKind } from '../config/mailbox.ts';
import type { Decision, MessageContext, Services } from '../pipeline/types.ts';
import { clerkRules } from './clerk.ts';
import { ordersRules } from './orders.ts';
import { registrationRules } from './registration.ts';

export type MailboxHandler = (ctx: MessageContext, services: Services) => Promise<Decision>;

export const HANDLERS: Record<MailboxKind, MailboxHandler> = {
  clerk: (ctx, s) => clerkRules(ctx, s),
  orders: (ctx, s) => ordersRules(ctx, s),
  registration: (ctx, s) => registrationRules(ctx, s),
};
