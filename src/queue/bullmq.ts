/**
 * BullMQ on Redis. Job ids repeat the message key, so a message enqueued twice while its
 * job exists runs once; after that the database's status check is the guard. Workers use
 * a connection with `maxRetriesPerRequest: null`, as BullMQ requires.
 */
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '../log.ts';
import { jobIdFor, type FailFn, type JobQueue, type ProcessFn } from './job-queue.ts';

const QUEUE = 'messages';

export class BullJobQueue implements JobQueue {
  private readonly connection: Redis;
  private readonly queue: Queue;
  private worker?: Worker;

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

  async enqueue(messagePk: number): Promise<void> {
    await this.queue.add('process', { messagePk }, { jobId: jobIdFor(messagePk) });
  }

  async start(process: ProcessFn, fail: FailFn): Promise<void> {
    const log = this.opts.logger;
    this.worker = new Worker(
      QUEUE,
      async (job: Job<{ messagePk: number }>) => {
        await process(job.data.messagePk);
      },
      { connection: this.connection.duplicate({ maxRetriesPerRequest: null }), prefix: this.opts.prefix, concurrency: this.opts.concurrency, lockDuration: 120_000 },
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

  async close(timeoutMs: number): Promise<void> {
    // worker.close() waits for running jobs without limit (PITFALLS.md): bound it.
    const closing = this.worker?.close() ?? Promise.resolve();
    const timedOut = await Promise.race([closing.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), timeoutMs).unref())]);
    if (timedOut) await this.worker?.close(true);
    await this.queue.close();
    this.connection.disconnect();
  }
}
