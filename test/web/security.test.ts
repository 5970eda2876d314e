/**
 * The clerks' page's security, over fastify.inject against a real App on PostgreSQL:
 * login, the rate limit, session cookies, CSRF on every POST, and the audit trail.
 */
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, clerkSessions, outbox, registrations } from '../../src/models/schema.ts';
import { hashPassword, verifyPassword } from '../../src/web/passwords.ts';
import { auditTrail } from '../../src/web/audit.ts';
import { buildWebServer } from '../../src/web/server.ts';
import { CLERK, cookieOf, deliver, login, loginForm, startDesk, type Desk } from '../support/desk.ts';
import { goodMail } from '../support/mail.ts';

describe('clerk passwords', () => {
  it('are scrypt hashes with a random salt and their parameters, and only the right password verifies', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('correct horse battery', 'plain$text')).toBe(false);
  });
});

describe('the clerks’ page security', () => {
  let desk: Desk;
  let server: FastifyInstance;
  let now = new Date('2026-01-05T15:00:00Z');
  const clock = { now: () => now };
  let registrationId: number;

  beforeAll(async () => {
    desk = await startDesk();
    server = await buildWebServer({ app: desk.app, clock });
    await deliver(desk.app, 'registration', await goodMail('registration'), '2021-11-02T10:00:00-04:00');
    const [reg] = await desk.app.services.db.select().from(registrations);
    registrationId = reg!.id;
  });
  afterAll(async () => {
    await server?.close();
    await desk?.dispose();
  });

  const db = () => desk.app.services.db;

  it('sends a visitor without a session to the login page, but serves /healthz and /metrics without one and with no personal data', async () => {
    for (const url of ['/exceptions', '/registrations', '/orders', '/mail-service', '/messages', '/messages/1', '/messages/1/raw']) {
      const r = await server.inject({ url });
      expect(r.statusCode, url).toBe(303);
      expect(r.headers.location).toBe('/login');
    }
    const h = await server.inject({ url: '/healthz' });
    expect([200, 503]).toContain(h.statusCode);
    expect(() => JSON.parse(h.body)).not.toThrow();
    const m = await server.inject({ url: '/metrics' });
    expect(m.headers['content-type']).toMatch(/^text\/plain/);
    for (const body of [h.body, m.body]) {
      expect(body).not.toContain('rayfirm');
      expect(body).not.toContain('Bob Ray');
    }
  });

  it('session cookie: HttpOnly, SameSite=Strict, Path=/, and not Secure over plain HTTP', async () => {
    const { setCookie } = await loginForm(server);
    expect(setCookie).toMatch(/^ci_session=[\w-]{43};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).not.toContain('Secure');
  });

  it('session cookie is Secure behind a trusted TLS proxy (X-Forwarded-Proto: https), not when the proxy is not trusted, and always with secureCookies', async () => {
    const viaProxy = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' };
    const untrusted = await loginForm(server, viaProxy);
    expect(untrusted.setCookie).not.toContain('Secure');
    const variants: [Record<string, unknown>, Record<string, string>][] = [
      [{ trustProxy: true }, viaProxy],
      [{ secureCookies: true }, {}],
    ];
    for (const [web, headers] of variants) {
      const app = { ...desk.app, config: { ...desk.app.config, web: { ...desk.app.config.web, ...web } } };
      const s = await buildWebServer({ app, clock });
      try {
        const form = await loginForm(s, headers);
        expect(form.setCookie, JSON.stringify(web)).toMatch(/; Secure$/);
        const r = await s.inject({ method: 'POST', url: '/login', headers: { ...headers, cookie: form.cookie }, payload: { _csrf: form.csrf, ...CLERK } });
        expect(r.statusCode).toBe(303);
        expect(String(r.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict; Max-Age=\d+; Secure$/);
      } finally {
        await s.close();
      }
    }
  });

  it('keeps only a hash of the session id in the database; logging in issues a new id; logout ends the session', async () => {
    const form = await loginForm(server);
    const s = await login(server);
    expect(s.cookie).not.toBe(form.cookie);
    const token = s.cookie.split('=')[1]!;
    const rows = await db().select().from(clerkSessions);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect((await server.inject({ url: '/registrations', headers: { cookie: s.cookie } })).statusCode).toBe(200);
    const out = await server.inject({ method: 'POST', url: '/logout', headers: { cookie: s.cookie }, payload: { _csrf: s.csrf } });
    expect(out.statusCode).toBe(303);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    expect((await server.inject({ url: '/registrations', headers: { cookie: s.cookie } })).statusCode).toBe(303);
  });

  it('refuses a POST without the CSRF token, or with another session’s token, with 403, and changes nothing', async () => {
    const s = await login(server);
    const other = await login(server);
    const repliesBefore = (await db().select().from(outbox)).length;
    for (const payload of [{}, { _csrf: '' }, { _csrf: other.csrf }, { _csrf: s.csrf.slice(0, -1) + (s.csrf.endsWith('A') ? 'B' : 'A') }]) {
      const r = await server.inject({ method: 'POST', url: `/registrations/${registrationId}/approve`, headers: { cookie: s.cookie }, payload });
      expect(r.statusCode, JSON.stringify(payload)).toBe(403);
    }
    const noSession = await server.inject({ method: 'POST', url: `/registrations/${registrationId}/approve`, payload: { _csrf: s.csrf } });
    expect(noSession.statusCode).toBe(403);
    const loginNoToken = await server.inject({ method: 'POST', url: '/login', payload: { name: CLERK.name, password: CLERK.password } });
    expect(loginNoToken.statusCode).toBe(403);
    const [reg] = await db().select().from(registrations).where(eq(registrations.id, registrationId));
    expect(reg!.status).toBe('pending');
    expect((await db().select().from(outbox)).length).toBe(repliesBefore);
    expect((await db().select().from(auditLog).where(eq(auditLog.action, 'registration-approve'))).length).toBe(0);
  });

  it('refuses a wrong password (401) and, after 5 failures in 15 minutes, rate-limits the name (429 with Retry-After), even with the right password, until the window passes', async () => {
    now = new Date('2026-01-06T15:00:00Z');
    const tryLogin = async (password: string, ip = '127.0.0.1', name = CLERK.name) => {
      const form = await loginForm(server);
      return server.inject({ method: 'POST', url: '/login', remoteAddress: ip, headers: { cookie: form.cookie }, payload: { _csrf: form.csrf, name, password } });
    };
    for (let i = 0; i < 5; i++) {
      const r = await tryLogin('wrong password', `10.0.0.${i + 1}`);
      expect(r.statusCode).toBe(401);
      expect(r.body).toContain('Wrong name or password');
      expect(r.headers['set-cookie'] ?? '').not.toMatch(/Max-Age=\d{3,}/);
      now = new Date(now.getTime() + 60_000);
    }
    const limited = await tryLogin(CLERK.password, '10.0.0.99');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    now = new Date(now.getTime() + 15 * 60_000);
    expect((await tryLogin(CLERK.password, '10.0.0.99')).statusCode).toBe(303);
  });

  it('rate-limits a client address that tries many names (429), and not another address', async () => {
    now = new Date('2026-01-07T15:00:00Z');
    const attempt = async (name: string, ip: string) => {
      const form = await loginForm(server);
      return server.inject({ method: 'POST', url: '/login', remoteAddress: ip, headers: { cookie: form.cookie }, payload: { _csrf: form.csrf, name, password: 'guess guess guess' } });
    };
    for (let i = 0; i < 5; i++) expect((await attempt(`nobody${i}`, '192.0.2.7')).statusCode).toBe(401);
    expect((await attempt('nobody9', '192.0.2.7')).statusCode).toBe(429);
    expect((await attempt('nobody9', '192.0.2.8')).statusCode).toBe(401);
  });

  it('writes an audit row for each login, failed login, rate-limited login and logout, with who, what, target, when and where', async () => {
    const rows = await auditTrail(db());
    const actions = new Set(rows.map((r) => r.action));
    for (const a of ['login', 'login-failed', 'login-limited', 'logout']) expect(actions, a).toContain(a);
    const login = rows.find((r) => r.action === 'login')!;
    expect(login).toMatchObject({ clerk: CLERK.name, target: `clerk:${CLERK.name}`, ip: expect.any(String) });
    expect(login.at).toBeInstanceOf(Date);
    const failed = rows.find((r) => r.action === 'login-failed' && r.ip === '10.0.0.1')!;
    expect(failed).toMatchObject({ target: `clerk:${CLERK.name}` });
    expect(cookieOf(undefined)).toBe('');
  });
});
