/**
 * The clerks' page on a real App: a fresh PostgreSQL database, replies through a real
 * SMTP listener (when asked), and helpers to seed mail and clerks and to log in.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import YAML from 'yaml';
import { createApp, type App } from '../../src/app.ts';
import { loadRuntimeConfig } from '../../src/config/runtime.ts';
import { captureMessage } from '../../src/intake/capture.ts';
import { silentLogger } from '../../src/log.ts';
import type { Clock } from '../../src/pipeline/types.ts';
import { addClerk } from '../../src/web/clerks.ts';
import { buildWebServer } from '../../src/web/server.ts';
import { COURT } from './app.ts';
import { freshPgDatabase } from './db.ts';
import { ADDR, buildMail, FACILITY } from './mail.ts';
import { scannedPage, scannedPdf } from './scan.ts';
import { startSmtpCapture, type SmtpCapture } from './smtp.ts';

export const CLERK = { name: 'jdoe', password: 'correct horse battery' };

export interface Desk {
  app: App;
  smtp?: SmtpCapture;
  dispose(): Promise<void>;
}

export async function startDesk(opts: { smtp?: boolean; web?: Record<string, unknown> } = {}): Promise<Desk> {
  const [db, smtp] = await Promise.all([freshPgDatabase(), opts.smtp ? startSmtpCapture() : Promise.resolve(undefined)]);
  const dir = mkdtempSync(join(tmpdir(), 'ci-desk-'));
  const file = join(dir, 'config.yaml');
  writeFileSync(
    file,
    YAML.stringify({
      data: COURT,
      databaseUrl: db.url,
      mailDir: join(dir, 'mail'),
      ...(smtp ? { smtp: { host: smtp.host, port: smtp.port, secure: false, tlsRejectUnauthorized: false } } : {}),
      web: { port: 0, ...opts.web },
      logLevel: 'silent',
    }),
  );
  const config = loadRuntimeConfig(file, { LOG_LEVEL: 'silent' });
  const app = await createApp({ config, logger: silentLogger, inProcess: true });
  await addClerk(app.services.db, { ...CLERK, now: new Date() });
  return {
    app,
    smtp,
    async dispose() {
      await app.close();
      await smtp?.close();
      await db.drop();
    },
  };
}

/** Stores a message as the intake would and runs it through the pipeline; returns its number. */
export async function deliver(app: App, mailboxId: string, raw: Buffer, arrival: string): Promise<number> {
  const { messagePk } = await captureMessage(app.services.db, { mailboxId, sourceRef: `test:${Math.random()}`, folder: 'INBOX', raw, arrival: new Date(arrival), fallbackArrival: new Date(arrival) });
  await app.process(messagePk);
  return messagePk;
}

/** A facility scan with no stamp on it: a STAMP_UNREADABLE exception (P-4). */
export async function noStampMail(messageId = `<nostamp-${Math.random().toString(36).slice(2)}@mwci.doc.example.org>`): Promise<Buffer> {
  const pdf = await scannedPdf([scannedPage({ seed: 5, dpi: 200, noStamp: true }).image]);
  return buildMail({ messageId, from: FACILITY, to: ADDR.clerk, subject: '3:16-cv-01234 Smith', attachments: [{ filename: 'nostamp.pdf', content: pdf }] });
}

/** A server for `inject`, with an optional clock. */
export function deskServer(app: App, clock?: Clock): Promise<FastifyInstance> {
  return buildWebServer({ app, clock });
}

export interface InjectSession {
  cookie: string;
  csrf: string;
}

const csrfIn = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
export const cookieOf = (setCookie: string | string[] | undefined) => String(Array.isArray(setCookie) ? setCookie[0] : setCookie ?? '').split(';')[0]!;

/** The login form's anonymous session: its cookie and CSRF token. */
export async function loginForm(server: FastifyInstance, headers: Record<string, string> = {}): Promise<InjectSession & { setCookie: string }> {
  const r = await server.inject({ method: 'GET', url: '/login', headers });
  const setCookie = String(r.headers['set-cookie'] ?? '');
  return { cookie: cookieOf(setCookie), csrf: csrfIn(r.body), setCookie };
}

/** Logs in over `inject`; returns the clerk's session cookie and the CSRF token of their pages. */
export async function login(server: FastifyInstance, creds = CLERK, headers: Record<string, string> = {}): Promise<InjectSession> {
  const form = await loginForm(server, headers);
  const r = await server.inject({ method: 'POST', url: '/login', headers: { ...headers, cookie: form.cookie }, payload: { _csrf: form.csrf, name: creds.name, password: creds.password } });
  if (r.statusCode !== 303) throw new Error(`login failed: ${r.statusCode}`);
  const cookie = cookieOf(r.headers['set-cookie']);
  const page = await server.inject({ method: 'GET', url: '/exceptions', headers: { cookie } });
  return { cookie, csrf: csrfIn(page.body) };
}
