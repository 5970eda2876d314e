/**
 * BullMQ on Redis. Job ids repeat the message key, so a message enqueued twice while its
 * job exists runs once; after that the database's status check is the guard. Workers use
 * a connection with `maxRetriesPerRequest: null`, as BullMQ requires.
 */
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '../log.ts';
import { closeBullBounded, COUNTED_STATES, jobIdFor, type FailFn, type JobQueue, type ProcessFn } from './job-queue.ts';

const QUEUE = 'messages';

export class BullJobQueue implements JobQueue {
  private readonly connection: Redis;
  private readonly queue: Queue;
  private worker?: Worker;
  /** The worker's own connection: BullMQ leaves connections it was given open. */
  private workerConnection?: Redis;
  /** Jobs inside `process` now, for the bounded wait in close(). */
  private active = 0;

  constructor(private readonly opts: { redisUrl: string; prefix: string; concurrency: number; attempts: number; logger: Logger; backoffBaseMs?: number }) {
    this.connection = new Redis(opts.redisUrl, { maxRetriesPerRequest: null });
    this.connection.on('error', (err) => opts.logger.warn({ err }, 'redis connection error'));
    this.queue = new Queue(QUEUE, {
      connection: this.connection,
      prefix: opts.prefix,
      defaultJobOptions: {
        attempts: opts.attempts,
        backoff: { type: 'exponential', delay: opts.backoffBaseMs ?? 1000 },
        removeOnComplete: { age: 24 * 3600, count: 10_000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    });
    this.queue.on('error', (err) => opts.logger.warn({ err }, 'queue error'));
  }

  async enqueue(messagePk: number, opts: { recover?: boolean } = {}): Promise<void> {
    const jobId = jobIdFor(messagePk);
    if (opts.recover) {
      const existing = await this.queue.getJob(jobId);
      const state = existing ? await existing.getState() : 'missing';
      if (state === 'waiting' || state === 'delayed' || state === 'prioritized' || state === 'waiting-children') return;
      if (state === 'active') {
        // Held by a worker that may be dead (its lock outlives it): queue a second job.
        // Running twice is harmless; the commit's row lock lets only one outcome through.
        await this.queue.add('process', { messagePk }, { jobId: `${jobId}-r${Date.now()}` });
        return;
      }
      // Completed or failed jobs keep their id in Redis and would swallow a new add.
      if (existing) await existing.remove().catch(() => {});
    }
    await this.queue.add('process', { messagePk }, { jobId });
  }

  async start(process: ProcessFn, fail: FailFn): Promise<void> {
    const log = this.opts.logger;
    this.workerConnection = this.connection.duplicate({ maxRetriesPerRequest: null });
    this.workerConnection.on('error', (err) => log.warn({ err }, 'redis connection error'));
    this.worker = new Worker(
      QUEUE,
      async (job: Job<{ messagePk: number }>) => {
        this.active++;
        try {
          await process(job.data.messagePk);
        } catch (err) {
          // Decided on this attempt: BullMQ knows it by its own error class.
          if ((err as { unrecoverable?: boolean } | null)?.unrecoverable) throw Object.assign(new UnrecoverableError((err as Error).message), { code: (err as { code?: unknown }).code });
          throw err;
        } finally {
          this.active--;
        }
      },
      { connection: this.workerConnection, prefix: this.opts.prefix, concurrency: this.opts.concurrency, lockDuration: 30_000 },
    );
    this.worker.on('error', (err) => log.warn({ err }, 'worker error'));
    this.worker.on('failed', (job, err) => {
      if (!job) return;
      const final = job.attemptsMade >= (job.opts.attempts ?? 1) || err.name === 'UnrecoverableError';
      log.warn({ err, jobId: job.id, attempt: job.attemptsMade, final }, 'job failed');
      if (final) void fail(job.data.messagePk, err).catch((e) => log.error({ err: e }, 'could not record the failure'));
    });
    await this.worker.waitUntilReady();
  }

  async idle(): Promise<void> {
    for (;;) {
      const counts = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      if (Object.values(counts).every((n) => n === 0)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts(...COUNTED_STATES);
  }

  async close(timeoutMs: number): Promise<void> {
    await closeBullBounded({ worker: this.worker, queue: this.queue, connections: [this.workerConnection, this.connection] }, () => this.active, timeoutMs);
  }
}
