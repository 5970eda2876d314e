/**
 * The clerks' web page (issue 6): Fastify, pages rendered on the server, no script in the
 * browser. Every page but the login form and the two monitoring routes needs a clerk's
 * session; every POST needs the session's CSRF token.
 */
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { App } from '../app.ts';
import { UsageError } from '../cli/exit.ts';
import type { MailboxStatusSource } from '../ops/health.ts';
import type { Clock } from '../pipeline/types.ts';
import { webContext, type WebContext } from './context.ts';
import { authRoutes } from './routes/auth.ts';
import { exceptionRoutes } from './routes/exceptions.ts';
import { messageRoutes } from './routes/messages.ts';
import { opsRoutes } from './routes/ops.ts';
import { queueRoutes } from './routes/queues.ts';
import { registrationRoutes } from './routes/registrations.ts';
import { COOKIE, csrfMatches, findSession, readCookie } from './sessions.ts';

export interface WebOptions {
  app: App;
  /** Defaults to the App's clock; tests inject one to move the rate-limit window. */
  clock?: Clock;
  /** The running daemon, for /healthz and /metrics (absent for `court-intake web`). */
  daemon?: MailboxStatusSource;
}

/** Reachable without logging in. Monitoring routes carry no personal data. */
const PUBLIC = new Set(['/login', '/healthz', '/metrics']);

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
};

export async function buildWebServer(opts: WebOptions): Promise<FastifyInstance> {
  const { app } = opts;
  const clock = opts.clock ?? app.services.clock;
  const web = app.config.web;
  const server = Fastify({ trustProxy: web.trustProxy, logger: false, bodyLimit: 256 * 1024 });
  const ctx = webContext(app, clock, opts.daemon);
  await server.register(formbody);

  server.decorateRequest('session', undefined);
  server.addHook('onRequest', async (req) => {
    if (req.url === '/healthz' || req.url === '/metrics') return;
    req.session = await findSession(app.services.db, readCookie(req.headers.cookie, COOKIE), clock.now());
  });
  server.addHook('preHandler', async (req, reply) => {
    const refused = await guard(ctx, req, reply);
    if (refused) return refused;
  });
  server.addHook('onSend', async (_req, reply) => {
    reply.headers(SECURITY_HEADERS);
  });
  server.setErrorHandler((err, req, reply) => {
    if (err instanceof UsageError) return ctx.page(req, reply, 'error', { title: 'Not done', message: err.message, status: 400 });
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) return ctx.page(req, reply, 'error', { title: 'Bad request', message: 'The request could not be read.', status });
    app.services.logger.error({ err, url: req.url }, 'web request failed');
    return ctx.page(req, reply, 'error', { title: 'Something went wrong', message: 'The action failed; nothing was lost. Try again, or use the command line.', status: 500 });
  });
  server.setNotFoundHandler((req, reply) => ctx.page(req, reply, 'error', { title: 'Not found', message: 'There is no such page or item.', status: 404 }));

  server.get('/', async (_req, reply) => reply.redirect('/exceptions', 303));
  authRoutes(server, ctx);
  opsRoutes(server, ctx);
  exceptionRoutes(server, ctx);
  registrationRoutes(server, ctx);
  queueRoutes(server, ctx);
  messageRoutes(server, ctx);
  return server;
}

/** Login first, then the CSRF token on every POST (login and logout included). */
async function guard(ctx: WebContext, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  const path = req.url.split('?')[0]!;
  if (req.method === 'POST' && !csrfMatches(req.session, (req.body as Record<string, unknown> | undefined)?._csrf)) {
    return ctx.page(req, reply, 'error', { title: 'Refused', message: 'The form had expired or did not come from this page. Reload the page and try again.', status: 403 });
  }
  if (PUBLIC.has(path) || req.session?.clerk) return undefined;
  if (req.method === 'GET' || req.method === 'HEAD') return reply.redirect('/login', 303);
  return ctx.page(req, reply, 'error', { title: 'Refused', message: 'Log in first.', status: 403 });
}

export interface RunningWeb {
  server: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

export async function startWebServer(opts: WebOptions): Promise<RunningWeb> {
  const server = await buildWebServer(opts);
  const { host, port } = opts.app.config.web;
  await server.listen({ host, port });
  const addr = server.server.address();
  const actual = typeof addr === 'object' && addr ? addr.port : port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${actual}`;
  opts.app.services.logger.info({ url }, 'clerk desk listening');
  return { server, url, close: () => server.close() };
}
