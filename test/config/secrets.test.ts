/**
 * Secrets out of the configuration file: mail server passwords may come from a file of
 * their own (`passFile`, e.g. a container secret) or an environment variable (`passEnv`);
 * a problem names the setting and where it looked, never the secret; log lines redact
 * passwords and session ids.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.ts';
import { loadRuntimeConfig } from '../../src/config/runtime.ts';
import { createLogger } from '../../src/log.ts';

const SECRET = 'c0rrect-h0rse-battery';

function configIn(dir: string, yaml: string): string {
  const file = join(dir, 'config.yaml');
  writeFileSync(file, yaml);
  return file;
}

function problemsOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return String((err as Error).message) + JSON.stringify((err as { problems?: unknown }).problems ?? '');
  }
  throw new Error('expected a configuration error');
}

describe('passwords outside the configuration file', () => {
  it('passFile (relative to the config file, its first line) and passEnv give the IMAP and SMTP passwords', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secrets-'));
    writeFileSync(join(dir, 'imap.secret'), `${SECRET}\n`);
    const file = configIn(
      dir,
      [
        'imap: { host: imap.court.example, user: intake, passFile: imap.secret }',
        'smtp: { host: smtp.court.example, user: intake, passEnv: SMTP_PASS }',
        'mailboxes:',
        '  clerk: { imap: { user: prisoner-filings } }',
      ].join('\n'),
    );
    const cfg = loadRuntimeConfig(file, { SMTP_PASS: 'from-the-environment' });
    expect(cfg.imapFor('clerk')?.pass).toBe(SECRET);
    expect(cfg.smtpFor('clerk')?.pass).toBe('from-the-environment');
  });

  it('a missing secret file or variable is named, and the secret never appears in the error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secrets-'));
    const file = configIn(dir, ['smtp: { host: smtp.court.example, passEnv: NOT_SET_ANYWHERE }', 'mailboxes:', '  clerk: { imap: { host: h.example, user: u, passFile: missing.secret } }'].join('\n'));
    const text = problemsOf(() => loadRuntimeConfig(file, {}));
    expect(text).toContain('mailboxes.clerk.imap.passFile');
    expect(text).toContain(join(dir, 'missing.secret'));
    expect(text).toContain('smtp.passEnv: the environment variable NOT_SET_ANYWHERE is not set');
  });

  it('pass together with passFile is refused without printing either', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secrets-'));
    writeFileSync(join(dir, 's'), SECRET);
    const file = configIn(dir, `smtp: { host: smtp.court.example, pass: ${SECRET}x, passFile: s }\n`);
    const text = problemsOf(() => loadRuntimeConfig(file, {}));
    expect(text).toContain('smtp: give one of pass, passFile and passEnv');
    expect(text).not.toContain(SECRET);
  });
});

describe('log redaction', () => {
  it('passwords, session ids and cookies are redacted from log lines', () => {
    let out = '';
    const sink = new Writable({
      write(chunk, _enc, done) {
        out += String(chunk);
        done();
      },
    });
    const log = createLogger('info', sink);
    log.info({ smtp: { host: 'smtp.court.example', user: 'intake', pass: SECRET } }, 'connecting');
    log.warn({ pass: SECRET, sessionId: 'sess-1234567890', headers: { cookie: `ci_session=sess-1234567890` } }, 'login');
    log.error({ err: Object.assign(new Error('auth failed'), { auth: { pass: SECRET } }) }, 'smtp error');
    expect(out).toContain('connecting');
    expect(out).toContain('[redacted]');
    expect(out).not.toContain(SECRET);
    expect(out).not.toContain('sess-1234567890');
  });
});
