/**
 * The daemon schedules the clerks' digest (N-4): with Redis, BullMQ's job scheduler in
 * Redis with the court's pattern and time zone; without it, an in-process timer that
 * computes the same next run. Real Redis, a key prefix per test; no waiting for 07:30.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.ts';
import { loadRuntimeConfig, type RuntimeConfig } from '../../src/config/runtime.ts';
import { startDaemon, type Daemon } from '../../src/daemon.ts';
import { silentLogger } from '../../src/log.ts';
import { DIGEST_QUEUE, DIGEST_SCHEDULER_ID, DigestTimer, nextDigestRun } from '../../src/notify/digest-schedule.ts';
import { eq } from 'drizzle-orm';
import { exceptions, outbox } from '../../src/models/schema.ts';
import { COURT } from '../support/app.ts';
import { eventually } from '../support/daemon-env.ts';
import { redisUrl } from '../support/db.ts';

const CRON = '30 7 * * 1-5';
const TZ = 'America/New_York';

function daemonConfig(over: Partial<RuntimeConfig> = {}): RuntimeConfig {
  const dir = mkdtempSync(join(tmpdir(), 'ci-digest-daemon-'));
  const base = loadRuntimeConfig(undefined, { COURT_INTAKE_DATA: COURT });
  return {
    ...base,
    mailDir: join(dir, 'mail'),
    storeDir: join(dir, 'store'),
    databaseUrl: undefined,
    redisUrl: undefined,
    shutdownTimeoutMs: 2000,
    digest: { cron: CRON, recipients: ['intake-clerks@ctd.example.org'] },
    ...over,
  };
}

async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}

describe('the digest schedule in the daemon', () => {
  let redis: Redis;
  let daemon: Daemon | undefined;
  const prefixes: string[] = [];
  beforeAll(() => {
    redis = new Redis(redisUrl(), { maxRetriesPerRequest: 3 });
  });
  afterEach(async () => {
    await daemon?.stop();
    daemon = undefined;
    for (const p of prefixes.splice(0)) await deleteKeys(redis, p);
  });
  afterAll(() => redis?.quit());

  it('N-4: with Redis, registers the BullMQ job scheduler with the court’s pattern and time zone, and its next run is nextDigestRun', async () => {
    const prefix = `ci-digest-${process.pid}-${randomBytes(4).toString('hex')}`;
    prefixes.push(prefix);
    daemon = await startDaemon({ config: daemonConfig({ redisUrl: redisUrl(), queuePrefix: prefix }), logger: silentLogger });
    const now = new Date();

    const queue = new Queue(DIGEST_QUEUE, { connection: redis.duplicate(), prefix });
    try {
      const scheduler = await queue.getJobScheduler(DIGEST_SCHEDULER_ID);
      expect(scheduler).toMatchObject({ name: 'digest', pattern: CRON, tz: TZ });
      expect(new Date(scheduler!.next!).toISOString()).toBe(nextDigestRun(CRON, TZ, now).toISOString());
      // Its first run waits in the digest's own queue, due at that time.
      const [job] = await queue.getDelayed();
      expect(job?.name).toBe('digest');
      expect(job!.timestamp + job!.delay).toBe(scheduler!.next);
    } finally {
      await queue.close();
      await queue.disconnect();
    }
    expect(daemon.digest).not.toBeInstanceOf(DigestTimer);
  });

  it('N-4: a daemon started again registers the same one scheduler (idempotent), and stop() ends within the shutdown allowance', async () => {
    const prefix = `ci-digest-${process.pid}-${randomBytes(4).toString('hex')}`;
    prefixes.push(prefix);
    const config = daemonConfig({ redisUrl: redisUrl(), queuePrefix: prefix });
    daemon = await startDaemon({ config, logger: silentLogger });
    await daemon.stop();
    daemon = await startDaemon({ config: { ...config, storeDir: daemonConfig().storeDir }, logger: silentLogger });
    const queue = new Queue(DIGEST_QUEUE, { connection: redis.duplicate(), prefix });
    try {
      expect(await queue.getJobSchedulersCount()).toBe(1);
    } finally {
      await queue.close();
      await queue.disconnect();
    }
    const t0 = Date.now();
    await daemon.stop();
    daemon = undefined;
    expect(Date.now() - t0).toBeLessThan(config.shutdownTimeoutMs + 3000);
  });

  it('N-4: with Redis, the scheduler’s worker sends the digest when a run comes due (a pattern firing every second)', async () => {
    const prefix = `ci-digest-${process.pid}-${randomBytes(4).toString('hex')}`;
    prefixes.push(prefix);
    daemon = await startDaemon({ config: daemonConfig({ redisUrl: redisUrl(), queuePrefix: prefix, digest: { cron: '* * * * * *', recipients: ['intake-clerks@ctd.example.org'] } }), logger: silentLogger });
    const db = daemon.app.store.db;
    await db.insert(exceptions).values({ mailboxId: 'registration', code: 'PASSWORD_COMPROMISE', sender: 'alee@lawfirm.example.com', createdAt: new Date() });
    const [sent] = await eventually(async () => {
      const rows = await db.select().from(outbox).where(eq(outbox.kind, 'digest'));
      return rows[0]?.status === 'sent' ? rows : undefined;
    }, 'a digest sent from the outbox', 15_000);
    expect(sent).toMatchObject({ toAddresses: ['intake-clerks@ctd.example.org'], status: 'sent' });
    const [ex] = await db.select().from(exceptions);
    expect(ex!.digestedAt).toBeInstanceOf(Date);
  });

  it('N-4: without Redis, an in-process timer armed for the same next run', async () => {
    daemon = await startDaemon({ config: daemonConfig(), logger: silentLogger });
    const now = new Date();
    expect(daemon.digest).toBeInstanceOf(DigestTimer);
    expect((daemon.digest as DigestTimer).nextRun?.toISOString()).toBe(nextDigestRun(CRON, TZ, now).toISOString());
  });

  it('with Redis, a daemon started without recipients removes the scheduler an earlier configuration left', async () => {
    const prefix = `ci-digest-${process.pid}-${randomBytes(4).toString('hex')}`;
    prefixes.push(prefix);
    const config = daemonConfig({ redisUrl: redisUrl(), queuePrefix: prefix });
    daemon = await startDaemon({ config, logger: silentLogger });
    await daemon.stop();
    daemon = await startDaemon({ config: { ...config, storeDir: daemonConfig().storeDir, digest: { cron: CRON, recipients: [] } }, logger: silentLogger });
    expect(daemon.digest).toBeUndefined();
    const queue = new Queue(DIGEST_QUEUE, { connection: redis.duplicate(), prefix });
    try {
      expect(await queue.getJobSchedulersCount()).toBe(0);
    } finally {
      await queue.close();
      await queue.disconnect();
    }
  });

  it('without recipients no digest is scheduled', async () => {
    daemon = await startDaemon({ config: daemonConfig({ digest: { cron: CRON, recipients: [] } }), logger: silentLogger });
    expect(daemon.digest).toBeUndefined();
  });

  it('a digest pattern that cannot run stops the start with a configuration error', async () => {
    await expect(startDaemon({ config: daemonConfig({ digest: { cron: 'weekdays at 7:30', recipients: ['a@b.example'] } }), logger: silentLogger })).rejects.toBeInstanceOf(ConfigError);
  });
});
