/**
 * Assembles the product from its configuration: store, court data, transports, outbox,
 * queue and the message processor. The daemon, the CLI and the tests all build on this,
 * so every entry point runs the same code.
 */
import { join } from 'node:path';
import { crashPoint } from './crash-points.ts';
import { configureDocuments, shutdownDocuments } from './documents/index.ts';
import { setDocumentLimits } from './parsers/limits.ts';
import { loadCourtData, type LoadedCourtData } from './config/court-data.ts';
import type { MailboxConfig } from './config/mailbox.ts';
import type { RuntimeConfig } from './config/runtime.ts';
import type { Logger } from './log.ts';
import { importCourtData } from './models/import.ts';
import { openStore, type Store } from './models/db.ts';
import { OutboxSender } from './notify/outbox.ts';
import { DirectoryTransport, SmtpTransport, type Transport } from './notify/transport.ts';
import { failMessage, runMessage, type RunOutcome } from './pipeline/run.ts';
import { isTransient, markUnrecoverable } from './pipeline/transient.ts';
import { systemClock, type Clock, type Services } from './pipeline/types.ts';
import { BullJobQueue } from './queue/bullmq.ts';
import { InProcessQueue } from './queue/in-process.ts';
import type { JobQueue } from './queue/job-queue.ts';

export interface App {
  config: RuntimeConfig;
  court: LoadedCourtData;
  store: Store;
  services: Services;
  outbox: OutboxSender;
  queue: JobQueue;
  /** Runs one message through the pipeline, then sends its replies. */
  process(messagePk: number): Promise<RunOutcome>;
  /** After the last failed attempt: the message becomes a PROCESSING_FAILED exception for a clerk. */
  fail(messagePk: number, err: unknown): Promise<void>;
  /** Called after a message's outcome is committed (the sources move it on the server). */
  onDecided(listener: (mailboxId: string, messagePk: number) => void): void;
  close(timeoutMs?: number): Promise<void>;
}

export interface AppOptions {
  config: RuntimeConfig;
  logger: Logger;
  clock?: Clock;
  /** Replace the store location (the `process` command keeps its store in --store DIR). */
  store?: { dataDir: string } | { databaseUrl: string };
  /** Where directory-delivered replies go (default: <mailDir>/outbox). */
  outboxDir?: string;
  /** Force jobs in-process even when Redis is configured. */
  inProcess?: boolean;
}

export async function createApp(opts: AppOptions): Promise<App> {
  const { config, logger } = opts;
  const clock = opts.clock ?? systemClock;
  const court = loadCourtData(config.data);
  setDocumentLimits(config.limits);
  configureDocuments({
    size: config.documents.workers,
    ocrThreads: config.documents.ocrThreads,
    taskTimeoutMs: config.documents.taskTimeoutMs,
    maxRssMb: config.documents.maxRssMb,
    heapMb: config.documents.heapMb,
    limits: config.limits,
    onChildFailure: (f) => logger.warn({ task: f.task, pid: f.pid, why: f.why, detail: f.detail, attempt: f.attempt }, f.attempt < 2 ? 'document child failed; its task runs again in a fresh child' : 'document child failed again; the document could not be processed safely'),
  });
  const store = await openStore(opts.store ?? (config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.storeDir }));
  try {
    await store.migrate();
    await importCourtData(store.db, court);
  } catch (err) {
    await store.close().catch(() => {});
    throw err;
  }

  const mailboxes = new Map<string, MailboxConfig>(court.data.mailboxes.map((m) => [m.id, { ...m }]));
  const services: Services = {
    db: store.db,
    court: court.data,
    mailboxes,
    ownAddresses: court.data.mailboxes.map((m) => m.address),
    logger,
    clock,
    replyRateLimit: config.replyRateLimit,
    stampMaxAgeDays: config.stampMaxAgeDays,
    maxMessageBytes: config.maxMessageBytes,
  };

  const outboxDir = opts.outboxDir ?? join(config.mailDir, 'outbox');
  const directory = new DirectoryTransport(outboxDir);
  const transports = new Map<string, Transport>();
  const transportFor = (mailboxId: string): Transport => {
    let t = transports.get(mailboxId);
    if (!t) {
      const smtp = config.smtpFor(mailboxId);
      t = smtp ? new SmtpTransport(smtp) : directory;
      transports.set(mailboxId, t);
    }
    return t;
  };
  const outbox = new OutboxSender({ db: store.db, transportFor, logger: logger.child({ component: 'outbox' }), clock, leaseMs: config.outboxLeaseMs });

  const queue: JobQueue =
    config.redisUrl && !opts.inProcess
      ? new BullJobQueue({ redisUrl: config.redisUrl, prefix: config.queuePrefix, concurrency: config.concurrency, attempts: config.attempts, logger: logger.child({ component: 'queue' }) })
      : new InProcessQueue({ concurrency: config.concurrency, attempts: config.attempts });

  const listeners: ((mailboxId: string, pk: number) => void)[] = [];
  const notifyDecided = (mailboxId: string, pk: number) => {
    for (const l of listeners) {
      try {
        l(mailboxId, pk);
      } catch (err) {
        logger.warn({ err }, 'decided listener failed');
      }
    }
  };

  return {
    config,
    court,
    store,
    services,
    outbox,
    queue,
    async process(pk) {
      let outcome: RunOutcome;
      try {
        outcome = await runMessage(pk, services);
      } catch (err) {
        // Only a failure outside the message is worth another attempt (pipeline/transient.ts).
        throw isTransient(err) ? err : markUnrecoverable(err);
      }
      crashPoint('after-commit');
      // Send failures are the outbox's to retry; they never undo a committed outcome.
      await outbox.flush(pk).catch((err) => logger.warn({ err, messagePk: pk }, 'outbox flush failed; the sweeper retries'));
      notifyDecided(outcome.mailboxId, pk);
      return outcome;
    },
    async fail(pk, err) {
      const mailboxId = await failMessage(pk, err, services);
      logger.error({ err, messagePk: pk }, 'message failed on every attempt; handed to a clerk');
      if (mailboxId) notifyDecided(mailboxId, pk);
    },
    onDecided(listener) {
      listeners.push(listener);
    },
    async close(timeoutMs = config.shutdownTimeoutMs) {
      await queue.close(timeoutMs).catch((err) => logger.warn({ err }, 'queue close failed'));
      for (const t of new Set(transports.values())) t.close();
      await store.close().catch((err) => logger.warn({ err }, 'store close failed'));
      // Document children are processes: end them with the app.
      await shutdownDocuments().catch(() => {});
    },
  };
}

