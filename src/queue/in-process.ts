/**
 * In-process queue for the embedded defaults: the same job function, run with bounded
 * concurrency, retried with backoff on transient failure. Jobs live in memory only; the
 * database still holds every captured message, and the daemon re-enqueues undecided ones
 * at start, so a crash loses nothing.
 */
import { backoffMs, type FailFn, type JobQueue, type ProcessFn } from './job-queue.ts';

export class InProcessQueue implements JobQueue {
  private readonly waiting: number[] = [];
  private readonly queued = new Set<number>();
  private running = 0;
  private process?: ProcessFn;
  private fail?: FailFn;
  private closed = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly opts: { concurrency: number; attempts: number; backoffBaseMs?: number }) {}

  async enqueue(messagePk: number): Promise<void> {
    if (this.closed || this.queued.has(messagePk)) return;
    this.queued.add(messagePk);
    this.waiting.push(messagePk);
    this.pump();
  }

  async start(process: ProcessFn, fail: FailFn): Promise<void> {
    this.process = process;
    this.fail = fail;
    this.pump();
  }

  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((res) => this.idleWaiters.push(res));
  }

  async counts(): Promise<Record<string, number>> {
    // Retries wait on timers: those are the delayed jobs. Failed jobs are not kept in memory.
    return { waiting: this.waiting.length, active: this.running, delayed: this.timers.size, prioritized: 0, failed: 0 };
  }

  async close(timeoutMs: number): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const deadline = Date.now() + timeoutMs;
    while (this.running > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  }

  private isIdle() {
    return this.running === 0 && this.waiting.length === 0 && this.timers.size === 0;
  }

  private pump() {
    if (!this.process || this.closed) return;
    while (this.running < this.opts.concurrency && this.waiting.length) {
      const pk = this.waiting.shift()!;
      this.running++;
      void this.runJob(pk, 1).finally(() => {
        this.running--;
        this.pump();
        if (this.isIdle()) for (const w of this.idleWaiters.splice(0)) w();
      });
    }
  }

  private async runJob(pk: number, attempt: number): Promise<void> {
    try {
      await this.process!(pk);
      this.queued.delete(pk);
    } catch (err) {
      if (attempt >= this.opts.attempts || (err as { unrecoverable?: boolean } | null | undefined)?.unrecoverable) {
        this.queued.delete(pk);
        await this.fail!(pk, err).catch(() => {});
        return;
      }
      if (this.closed) return;
      const t = setTimeout(() => {
        this.timers.delete(t);
        this.running++;
        void this.runJob(pk, attempt + 1).finally(() => {
          this.running--;
          this.pump();
          if (this.isIdle()) for (const w of this.idleWaiters.splice(0)) w();
        });
      }, backoffMs(attempt, this.opts.backoffBaseMs));
      this.timers.add(t);
    }
  }
}
