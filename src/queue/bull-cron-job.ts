/**
 * A job run on a cron schedule by BullMQ's job scheduler, on a queue of its own. The
 * scheduler lives in Redis and `upsertJobScheduler` is idempotent, so every daemon
 * started against the same Redis registers the same one and each run is taken by one
 * worker only. Used for the clerks' digest (N-4).
 */
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '../log.ts';
import { closeBullBounded } from './job-queue.ts';

export interface BullCronJobOptions {
  redisUrl: string;
  prefix: string;
  /** The queue holding only this job's runs. */
  queueName: string;
  /** The job scheduler's id in Redis. */
  schedulerId: string;
  jobName: string;
  /** Cron pattern, read in `tz`. */
  pattern: string;
  tz: string;
  logger: Logger;
  /** The work of one run. A throw is retried (3 attempts, backoff). */
  run(): Promise<unknown>;
}

export class BullCronJob {
  private readonly connection: Redis;
  private readonly queue: Queue;
  private worker?: Worker;
  private workerConnection?: Redis;
  private active = 0;

  constructor(private readonly opts: BullCronJobOptions) {
    this.connection = new Redis(opts.redisUrl, { maxRetriesPerRequest: null });
    this.connection.on('error', (err) => opts.logger.warn({ err }, 'redis connection error'));
    this.queue = new Queue(opts.queueName, { connection: this.connection, prefix: opts.prefix });
    this.queue.on('error', (err) => opts.logger.warn({ err }, 'queue error'));
  }

  /** Registers (or updates) the scheduler and starts the worker that runs it. */
  async start(): Promise<void> {
    const { opts } = this;
    await this.queue.upsertJobScheduler(
      opts.schedulerId,
      { pattern: opts.pattern, tz: opts.tz },
      {
        name: opts.jobName,
        data: {},
        opts: { attempts: 3, backoff: { type: 'exponential', delay: 30_000 }, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
      },
    );
    this.workerConnection = this.connection.duplicate({ maxRetriesPerRequest: null });
    this.workerConnection.on('error', (err) => opts.logger.warn({ err }, 'redis connection error'));
    this.worker = new Worker(
      opts.queueName,
      async (job) => {
        this.active++;
        try {
          opts.logger.info({ jobId: job.id, scheduler: opts.schedulerId }, 'scheduled job running');
          await opts.run();
        } finally {
          this.active--;
        }
      },
      { connection: this.workerConnection, prefix: opts.prefix, concurrency: 1 },
    );
    this.worker.on('error', (err) => opts.logger.warn({ err }, 'worker error'));
    this.worker.on('failed', (job, err) => opts.logger.error({ err, jobId: job?.id, attempt: job?.attemptsMade }, 'scheduled job failed'));
    await this.worker.waitUntilReady();
    const scheduler = await this.queue.getJobScheduler(opts.schedulerId);
    opts.logger.info({ scheduler: opts.schedulerId, pattern: opts.pattern, tz: opts.tz, next: scheduler?.next ? new Date(scheduler.next).toISOString() : undefined }, 'job scheduler registered');
  }

  /** Removes the scheduler from Redis (e.g. when the digest has no recipients any more). */
  async remove(): Promise<void> {
    await this.queue.removeJobScheduler(this.opts.schedulerId);
  }

  /** Stops taking runs; a run in progress gets `timeoutMs`, then the worker is closed by force. */
  async close(timeoutMs: number): Promise<void> {
    await closeBullBounded({ worker: this.worker, queue: this.queue, connections: [this.workerConnection, this.connection] }, () => this.active, timeoutMs);
  }
}
