/** A daemon on the embedded defaults (directory mailboxes, PGlite), optionally on Redis. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRuntimeConfig } from '../../src/config/runtime.ts';
import { startDaemon, type Daemon } from '../../src/daemon.ts';
import { silentLogger } from '../../src/log.ts';
import { COURT } from '../support/app.ts';

export async function daemonOnDirectories(opts: { redisUrl?: string; queuePrefix?: string } = {}): Promise<{ daemon: Daemon; mailDir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'ci-ops-'));
  const mailDir = join(dir, 'mail');
  const base = loadRuntimeConfig(undefined, { COURT_INTAKE_DATA: COURT });
  const config = { ...base, mailDir, storeDir: join(dir, 'store'), databaseUrl: undefined, redisUrl: opts.redisUrl, queuePrefix: opts.queuePrefix ?? base.queuePrefix, shutdownTimeoutMs: 2000 };
  const daemon = await startDaemon({ config, logger: silentLogger });
  return { daemon, mailDir };
}
