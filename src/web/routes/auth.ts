/** Log in and out: scrypt-checked passwords, a new session on login, the login rate limit. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticate } from '../clerks.ts';
import { field, type WebContext } from '../context.ts';
import { clearUserFailures, loginRetryAfter, recordLoginFailure } from '../login-limit.ts';
import { createSession, endSession, sessionCookie } from '../sessions.ts';

export function authRoutes(server: FastifyInstance, ctx: WebContext): void {
  const { app, clock } = ctx;
  const db = app.services.db;
  const web = app.config.web;
  const secure = (req: FastifyRequest) => web.secureCookies || req.protocol === 'https';
  const setCookie = (req: FastifyRequest, reply: FastifyReply, token: string, maxAgeSeconds?: number) => reply.header('set-cookie', sessionCookie(token, { secure: secure(req), maxAgeSeconds }));

  /** The login form needs a session to carry its CSRF token: an anonymous one. */
  const loginForm = async (req: FastifyRequest, reply: FastifyReply, extra: { status?: number; error?: string; name?: string } = {}) => {
    if (!req.session) {
      const s = await createSession(db, { clerkId: null, now: clock.now(), hours: web.sessionHours });
      req.session = s.session;
      setCookie(req, reply, s.token);
    }
    return ctx.page(req, reply, 'login', { title: 'Log in', ...extra });
  };

  server.get('/login', async (req, reply) => {
    if (req.session?.clerk) return reply.redirect('/exceptions', 303);
    return loginForm(req, reply);
  });

  server.post('/login', async (req, reply) => {
    const name = field(req, 'name');
    const password = (req.body as Record<string, unknown>).password;
    const now = clock.now();
    const wait = await loginRetryAfter(db, req.ip, name, now);
    if (wait > 0) {
      await ctx.audit(req, 'login-limited', `clerk:${name}`);
      reply.header('retry-after', String(wait));
      return loginForm(req, reply, { status: 429, name, error: `Too many failed logins. Try again in ${Math.ceil(wait / 60)} minute(s).` });
    }
    const clerk = name && typeof password === 'string' ? await authenticate(db, name, password) : undefined;
    if (!clerk) {
      await recordLoginFailure(db, req.ip, name, now);
      await ctx.audit(req, 'login-failed', `clerk:${name}`);
      return loginForm(req, reply, { status: 401, name, error: 'Wrong name or password.' });
    }
    await clearUserFailures(db, name);
    // A new session id at login: a session planted before it cannot be taken over.
    if (req.session) await endSession(db, req.session.pk);
    const s = await createSession(db, { clerkId: clerk.id, now, hours: web.sessionHours });
    req.session = s.session;
    setCookie(req, reply, s.token, web.sessionHours * 3600);
    await ctx.audit(req, 'login', `clerk:${clerk.name}`);
    return reply.redirect('/exceptions', 303);
  });

  server.post('/logout', async (req, reply) => {
    if (req.session) {
      if (req.session.clerk) await ctx.audit(req, 'logout', `clerk:${req.session.clerk.name}`);
      await endSession(db, req.session.pk);
    }
    setCookie(req, reply, '', 0);
    return reply.redirect('/login', 303);
  });
}
