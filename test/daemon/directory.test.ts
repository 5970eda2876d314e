/** The embedded defaults: directory mailboxes, PGlite, in-process jobs, replies as files. */
import { mkdirSync, mkdtempSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRuntimeConfig } from '../../src/config/runtime.ts';
import { startDaemon, type Daemon } from '../../src/daemon.ts';
import { silentLogger } from '../../src/log.ts';
import { COURT } from '../support/app.ts';
import { eventually } from '../support/daemon-env.ts';
import { goodMail } from '../support/mail.ts';

describe('the daemon on directory mailboxes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ci-dirmail-'));
  const mailDir = join(dir, 'mail');
  let daemon: Daemon | undefined;
  const config = () => {
    const base = loadRuntimeConfig(undefined, { COURT_INTAKE_DATA: COURT });
    return { ...base, mailDir, storeDir: join(dir, 'store'), databaseUrl: undefined, redisUrl: undefined };
  };
  // Writers put a file under another name and rename it, so a half-written file is never read.
  const drop = (mailbox: string, name: string, raw: Buffer) => {
    mkdirSync(join(mailDir, mailbox), { recursive: true });
    writeFileSync(join(mailDir, mailbox, `.${name}.tmp`), raw);
    renameSync(join(mailDir, mailbox, `.${name}.tmp`), join(mailDir, mailbox, name));
  };
  const outbox = () => readdirSync(join(mailDir, 'outbox')).filter((f) => f.endsWith('.eml'));
  afterAll(() => daemon?.stop());

  it('I-1: mail dropped while the daemon was stopped is processed when it starts, then moved to its disposition folder', async () => {
    drop('orders-jam', 'early.eml', await goodMail('orders'));
    daemon = await startDaemon({ config: config(), logger: silentLogger });
    await eventually(async () => readdirSync(join(mailDir, 'orders-jam', 'accepted')).includes('early.eml'), 'early.eml moved to accepted');
    await eventually(async () => outbox().length === 1, 'one reply file');
  });

  it('I-2: the same mail dropped again under another name is one outcome and gets no second reply', async () => {
    const raw = await goodMail('registration');
    drop('registration', 'first.eml', raw);
    await eventually(async () => readdirSync(join(mailDir, 'registration', 'accepted')).includes('first.eml'), 'first.eml moved');
    drop('registration', 'again.eml', raw);
    await eventually(async () => readdirSync(join(mailDir, 'registration', 'accepted')).includes('again.eml'), 'again.eml moved');
    expect(outbox()).toHaveLength(2);
  });
});
