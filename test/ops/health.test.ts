/**
 * `/healthz`'s check against real servers: PostgreSQL / PGlite, Redis (answering, and a
 * port where nothing listens), and the daemon's mailboxes.
 */
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Daemon } from '../../src/daemon.ts';
import { checkHealth } from '../../src/ops/health.ts';
import { testApp } from '../support/app.ts';
import { redisUrl } from '../support/db.ts';
import { daemonOnDirectories } from './support.ts';

/** A loopback port nothing listens on (taken from the OS, then released). */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('checkHealth', () => {
  it('is ok with PostgreSQL and Redis answering', async () => {
    const app = await testApp('postgres', { REDIS_URL: redisUrl() });
    try {
      expect(await checkHealth(app)).toEqual({ ok: true, database: { ok: true }, redis: { ok: true, configured: true }, mailboxes: {} });
    } finally {
      await app.dispose();
    }
  });

  it('is ok without Redis when none is configured (jobs in-process)', async () => {
    const app = await testApp('pglite');
    try {
      expect(await checkHealth(app)).toMatchObject({ ok: true, database: { ok: true }, redis: { ok: true, configured: false } });
    } finally {
      await app.dispose();
    }
  });

  it('is not ok, quickly, when the configured Redis does not answer', async () => {
    const port = await closedPort();
    const app = await testApp('pglite', { REDIS_URL: `redis://127.0.0.1:${port}` });
    try {
      const t0 = Date.now();
      const h = await checkHealth(app);
      expect(Date.now() - t0).toBeLessThan(3000);
      expect(h.ok).toBe(false);
      expect(h.database.ok).toBe(true);
      expect(h.redis).toMatchObject({ ok: false, configured: true });
      expect(h.redis.error).toMatch(/ECONNREFUSED/);
    } finally {
      await app.dispose();
    }
  });

  it('is not ok when the database does not answer', async () => {
    const app = await testApp('pglite');
    try {
      await app.store.close();
      const h = await checkHealth(app);
      expect(h.ok).toBe(false);
      expect(h.database.ok).toBe(false);
      expect(h.database.error).toBeTruthy();
    } finally {
      await app.dispose();
    }
  });
});

describe('checkHealth with the daemon’s mailboxes', () => {
  let daemon: Daemon;
  let mailDir: string;
  beforeAll(async () => {
    ({ daemon, mailDir } = await daemonOnDirectories());
  });
  afterAll(() => daemon?.stop());

  it('reports each mailbox: directory mailboxes are connected while readable, with their last sync', async () => {
    const h = await checkHealth(daemon.app, daemon);
    expect(h.ok).toBe(true);
    expect(Object.keys(h.mailboxes).sort()).toEqual(['clerk', 'orders-jam', 'registration']);
    for (const m of Object.values(h.mailboxes)) {
      expect(m).toMatchObject({ kind: 'directory', connected: true });
      expect(Date.parse(m.lastSyncAt!)).not.toBeNaN();
    }
  });

  it('is not ok when a mailbox folder cannot be read, and says why', async () => {
    rmSync(join(mailDir, 'registration'), { recursive: true, force: true });
    const h = await checkHealth(daemon.app, daemon);
    expect(h.ok).toBe(false);
    expect(h.mailboxes.registration).toMatchObject({ kind: 'directory', connected: false });
    expect(h.mailboxes.registration!.lastError).toMatch(/ENOENT/);
    expect(h.mailboxes.clerk!.connected).toBe(true);
  });
});
