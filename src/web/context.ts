/** What every route of the clerks' page shares: the App, the clock, rendering, the audit trail. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../app.ts';
import type { MailboxStatusSource } from '../ops/health.ts';
import type { Clock } from '../pipeline/types.ts';
import { audit, type AuditAction } from './audit.ts';
import { renderPage, type PageContext } from './render.ts';
import type { Session } from './sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The session of this request's cookie, if it is valid (anonymous or a clerk's). */
    session: Session | undefined;
  }
}

/** What a route gives a page: its title, data, and the HTTP status (200 unless told). */
export interface PageInput {
  title: string;
  status?: number;
  nav?: string;
  notice?: string;
  error?: string;
  [key: string]: unknown;
}

export interface WebContext {
  app: App;
  clock: Clock;
  daemon?: MailboxStatusSource;
  /** Renders a page in the layout, with the clerk, the CSRF token and the court filled in. */
  page(req: FastifyRequest, reply: FastifyReply, name: string, ctx: PageInput): FastifyReply;
  audit(req: FastifyRequest, action: AuditAction, target?: string, detail?: Record<string, unknown>): Promise<void>;
  /** The clerk of a request that passed the login guard. */
  clerkOf(req: FastifyRequest): string;
}

export function webContext(app: App, clock: Clock, daemon?: MailboxStatusSource): WebContext {
  const court = app.services.court.court;
  const clerkOf = (req: FastifyRequest) => {
    const name = req.session?.clerk?.name;
    if (!name) throw new Error('route reached without a logged-in clerk');
    return name;
  };
  return {
    app,
    clock,
    daemon,
    clerkOf,
    page(req, reply, name, { status, ...ctx }) {
      const page: PageContext = { ...ctx, tz: court.timezone, now: clock.now(), courtName: court.name, clerk: req.session?.clerk?.name ?? null, csrf: req.session?.csrfToken };
      const html = renderPage(name, page);
      return reply.code(status ?? 200).type('text/html; charset=utf-8').send(html);
    },
    audit(req, action, target, detail) {
      return audit(app.services.db, { clerk: req.session?.clerk?.name ?? '(none)', action, target, detail, ip: req.ip, at: clock.now() });
    },
  };
}

/** A positive integer route parameter, or undefined. */
export function idParam(req: FastifyRequest): number | undefined {
  const id = Number((req.params as { id?: string }).id);
  return Number.isInteger(id) && id > 0 ? id : undefined;
}

/** A form field as a trimmed string ('' when absent). */
export function field(req: FastifyRequest, name: string): string {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v.trim() : '';
}

/** `Content-Disposition: attachment` with a safe ASCII name and the exact UTF-8 one. */
export function attachment(filename: string): string {
  const ascii = filename.replace(/[^\w.\- ]+/g, '_').slice(0, 120) || 'download';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
