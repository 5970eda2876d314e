/**
 * The daemon: watches every configured mailbox (IMAP, or a directory on the embedded
 * defaults), captures what arrives, runs the pipeline through the queue, sends replies
 * from the outbox and moves processed mail to its disposition folder.
 */
import { join } from 'node:path';
import { and, eq, lt } from 'drizzle-orm';
import { createApp, type App, type AppOptions } from './app.ts';
import { createIntakeSink } from './intake/capture.ts';
import { DirectorySource } from './intake/dir-source.ts';
import { ImapSource } from './intake/imap-source.ts';
import { messages } from './models/schema.ts';
import { sendDigest } from './notify/digest.ts';
import { checkDigestCron, DIGEST_JOB_NAME, DIGEST_QUEUE, DIGEST_SCHEDULER_ID, DigestTimer, type DigestScheduler } from './notify/digest-schedule.ts';
import type { MailboxStatus, MailboxStatusSource } from './ops/health.ts';
import { BullCronJob } from './queue/bull-cron-job.ts';
import { BullJobQueue } from './queue/bullmq.ts';

interface Source {
  start(): Promise<void>;
  requestSync(): Promise<void> | void;
  stop(): Promise<void>;
  status(): MailboxStatus;
}

export interface Daemon extends MailboxStatusSource {
  app: App;
  sources: Map<string, Source>;
  /** The clerks' digest schedule (N-4); absent when no recipients are configured. */
  digest?: DigestScheduler;
  stop(): Promise<void>;
}

/** Re-enqueue captured messages that no job holds (lost with an in-memory queue or a flushed Redis). */
const UNDECIDED_SWEEP_MS = 60_000;
/** Only messages undecided this long are swept: a slow OCR job must not get a twin. */
const UNDECIDED_AGE_MS = 5 * 60_000;

export async function startDaemon(opts: AppOptions & { outboxSweepMs?: number }): Promise<Daemon> {
  const app = await createApp(opts);
  const { logger } = app.services;
  try {
    checkDigestCron(app.config.digest.cron, app.services.court.court.timezone);
  } catch (err) {
    await app.close();
    throw err;
  }
  const sink = createIntakeSink(app.store.db, async (pk) => {
    await app.queue.enqueue(pk);
  });

  const sources = new Map<string, Source>();
  for (const mb of app.services.mailboxes.values()) {
    const log = logger.child({ mailbox: mb.id });
    const imap = app.config.imapFor(mb.id);
    const source = imap
      ? new ImapSource({ mailboxId: mb.id, settings: imap, sink, logger: log })
      : new DirectorySource({ mailboxId: mb.id, dir: join(app.config.mailDir, mb.id), sink, logger: log });
    sources.set(mb.id, source);
  }
  app.onDecided((mailboxId) => void sources.get(mailboxId)?.requestSync());

  await app.queue.start(
    async (pk) => {
      await app.process(pk);
    },
    (pk, err) => app.fail(pk, err),
  );

  // Whatever was captured but not decided before a stop or crash is picked up now (I-1).
  const enqueueUndecided = async (olderThan?: Date) => {
    const cond = olderThan ? and(eq(messages.status, 'captured'), lt(messages.capturedAt, olderThan)) : eq(messages.status, 'captured');
    const rows = await app.store.db.select({ id: messages.id }).from(messages).where(cond).orderBy(messages.id);
    for (const r of rows) await app.queue.enqueue(r.id, { recover: true });
    if (rows.length) logger.info({ count: rows.length }, 'undecided messages enqueued');
  };
  await enqueueUndecided();
  // Replies committed before a crash but not sent go out now.
  const sweepOutbox = () => app.outbox.flush().catch((err) => logger.warn({ err }, 'outbox sweep failed'));
  void sweepOutbox();
  const outboxTimer = setInterval(sweepOutbox, opts.outboxSweepMs ?? app.config.outboxSweepMs);
  const undecidedTimer = setInterval(() => void enqueueUndecided(new Date(Date.now() - UNDECIDED_AGE_MS)).catch((err) => logger.warn({ err }, 'undecided sweep failed')), UNDECIDED_SWEEP_MS);

  await Promise.all([...sources.values()].map((s) => s.start()));
  const digest = await startDigestSchedule(app);
  logger.info({ mailboxes: [...sources.keys()], store: app.store.kind, queue: app.config.redisUrl ? 'redis' : 'in-process' }, 'court-intake running');

  let stopping: Promise<void> | undefined;
  return {
    app,
    sources,
    digest,
    status() {
      return Object.fromEntries([...sources].map(([id, s]) => [id, s.status()]));
    },
    stop() {
      stopping ??= (async () => {
        clearInterval(outboxTimer);
        clearInterval(undecidedTimer);
        // Before the store closes: a digest being sent gets the shutdown allowance.
        await digest?.close(app.config.shutdownTimeoutMs).catch((err) => logger.warn({ err }, 'digest schedule close failed'));
        await Promise.all([...sources.values()].map((s) => s.stop().catch((err) => logger.warn({ err }, 'source stop failed'))));
        await app.close();
      })();
      return stopping;
    },
  };
}

/**
 * N-4: the digest on its schedule — BullMQ's job scheduler when Redis is configured (one
 * run per schedule across every daemon sharing that Redis), else a timer in this process.
 * Both read the cron pattern in the court's time zone.
 */
async function startDigestSchedule(app: App): Promise<DigestScheduler | undefined> {
  const { config, services } = app;
  const tz = services.court.court.timezone;
  const log = services.logger.child({ component: 'digest' });
  const run = () => sendDigest(app, services.clock.now());
  // Redis when the messages' jobs are on Redis too (not when the app was told to run in-process).
  const onRedis = config.redisUrl && app.queue instanceof BullJobQueue ? config.redisUrl : undefined;
  const bull = (redisUrl: string) =>
    new BullCronJob({ redisUrl, prefix: config.queuePrefix, queueName: DIGEST_QUEUE, schedulerId: DIGEST_SCHEDULER_ID, jobName: DIGEST_JOB_NAME, pattern: config.digest.cron, tz, logger: log, run });
  if (!config.digest.recipients.length) {
    log.info('no digest recipients configured (digest.recipients): no digest is scheduled');
    if (onRedis) {
      // A scheduler left in Redis by an earlier configuration would go on firing.
      const stale = bull(onRedis);
      await stale.remove().catch((err) => log.warn({ err }, 'could not remove the digest scheduler'));
      await stale.close(0);
    }
    return undefined;
  }
  const scheduler: DigestScheduler = onRedis ? bull(onRedis) : new DigestTimer({ cron: config.digest.cron, tz, clock: services.clock, logger: log, run });
  await scheduler.start();
  return scheduler;
}
