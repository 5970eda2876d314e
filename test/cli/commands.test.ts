import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'ci-commands-'));

describe('the court-intake command', () => {
  it.each([['process'], ['run'], ['demo'], ['digest'], ['migrate'], ['import'], ['exceptions', 'list'], ['exceptions', 'resolve'], ['docket'], ['mail-service'], ['orders', 'list'], ['orders', 'mark'], ['clerks', 'add'], ['clerks', 'list'], ['web'], ['retry']])('has --help for %s', async (...cmd) => {
    const r = await cli([...cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: court-intake /);
  });

  it('exits 2 for an unknown subcommand', async () => {
    const r = await cli(['frobnicate']);
    expect(r.code).toBe(2);
  });

  it('exits 2 for a bad runtime configuration, listing every problem with its file and path', async () => {
    const file = join(tmp, 'bad-config.yaml');
    writeFileSync(file, ['smtp: { host: smtp.example.org, port: 99999 }', 'concurrency: zero', 'mailboxes:', '  clerk: { imap: { port: 143 } }', 'colour: blue', ''].join('\n'));
    const r = await cli(['run', '--config', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toContain('smtp.port');
    expect(r.stderr).toContain('concurrency');
    expect(r.stderr).toContain('"colour"');
  });

  it('exits 2 when a configured IMAP mailbox lacks its account', async () => {
    const file = join(tmp, 'no-user.yaml');
    writeFileSync(file, 'mailboxes:\n  clerk: { imap: { host: imap.example.org } }\n');
    const r = await cli(['run', '--config', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('mailboxes.clerk.imap');
  });

  it('demo: runs the sample mails of every mailbox kind through the embedded defaults, with no servers, and says where the replies are', async () => {
    const dir = join(tmp, 'demo');
    // No servers: whatever the environment says, the demo uses PGlite, in-process jobs and files.
    const r = await cli(['demo', '--dir', dir], { env: { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', REDIS_URL: 'redis://127.0.0.1:1' } });
    expect(r.code, r.stderr).toBe(0);
    for (const mb of ['clerk/', 'orders-jam/', 'registration/']) expect(r.stdout).toContain(mb);
    expect(r.stdout).toContain('REJECTED');
    expect(r.stdout).toContain('ACCEPTED');
    expect(r.stdout).toContain('DOCKETED');
    expect(r.stdout).toContain('IGNORED');
    const replies = readdirSync(join(dir, 'mail', 'outbox'));
    expect(replies.length).toBe(8);
    expect(readdirSync(join(dir, 'mail', 'clerk', 'rejected'))).toEqual(['02-unknown-sender.eml']);
  });
});
