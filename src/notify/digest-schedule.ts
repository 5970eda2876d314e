/**
 * When the digest goes out (N-4: each weekday 07:30 court time by default). The pattern
 * is read in the court's time zone by cron-parser — the parser BullMQ's job scheduler
 * uses, at the version it depends on — so the in-process timer and the Redis scheduler
 * agree on every run, across DST changes too.
 */
import { CronExpressionParser } from 'cron-parser';
import { ConfigError } from '../config/errors.ts';
import type { Logger } from '../log.ts';
import type { Clock } from '../pipeline/types.ts';

/** The BullMQ job scheduler's id and its job's name. */
export const DIGEST_SCHEDULER_ID = 'exception-digest';
export const DIGEST_JOB_NAME = 'digest';
/** The digest's own queue: its jobs never wait behind a backlog of messages. */
export const DIGEST_QUEUE = 'digest';

/** The first run of `cron` strictly after `from`, the pattern read in time zone `tz`. */
export function nextDigestRun(cron: string, tz: string, from: Date): Date {
  return CronExpressionParser.parse(cron, { currentDate: from, tz }).next().toDate();
}

/** Throws a ConfigError naming the problem when the pattern cannot be scheduled. */
export function checkDigestCron(cron: string, tz: string): void {
  try {
    nextDigestRun(cron, tz, new Date(0));
  } catch (err) {
    throw new ConfigError('(configuration)', [`digest.cron: "${cron}" in ${tz} is not a cron pattern this scheduler can run (${(err as Error).message})`]);
  }
}

/** What runs the digest on its schedule: BullMQ's job scheduler, or DigestTimer. */
export interface DigestScheduler {
  start(): Promise<void>;
  /** Stops scheduling; waits for a digest being sent up to `timeoutMs`. */
  close(timeoutMs: number): Promise<void>;
}

/** setTimeout's limit (about 24.8 days); a longer wait is taken in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The schedule without Redis: one timer, armed for the next run computed from the clock.
 * Each run re-arms from the clock, so a machine asleep at 07:30 sends once when it wakes
 * (the digest itself is silent when nothing is new) and does not fire a burst.
 */
export class DigestTimer implements DigestScheduler {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private closed = false;
  /** The run the timer is armed for (for logs and tests). */
  nextRun?: Date;

  constructor(
    private readonly opts: {
      cron: string;
      tz: string;
      clock: Clock;
      logger: Logger;
      /** Sends the digest; `now` is the clock at the run. */
      run(now: Date): Promise<unknown>;
    },
  ) {}

  async start(): Promise<void> {
    checkDigestCron(this.opts.cron, this.opts.tz);
    this.arm();
  }

  async close(timeoutMs: number): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.running) {
      let t: NodeJS.Timeout | undefined;
      await Promise.race([this.running, new Promise<void>((r) => (t = setTimeout(r, timeoutMs)))]);
      clearTimeout(t);
    }
  }

  private arm(): void {
    if (this.closed) return;
    const now = this.opts.clock.now();
    const next = (this.nextRun ??= nextDigestRun(this.opts.cron, this.opts.tz, now));
    const wait = Math.min(MAX_TIMER_MS, Math.max(0, next.getTime() - now.getTime()));
    this.timer = setTimeout(() => this.fire(), wait);
    // A pending digest alone never keeps the process alive.
    this.timer.unref();
  }

  private fire(): void {
    this.timer = undefined;
    const now = this.opts.clock.now();
    if (this.nextRun && now < this.nextRun) return this.arm(); // a long wait taken in steps
    this.nextRun = undefined;
    this.running = this.opts
      .run(now)
      .then(
        () => undefined,
        (err) => this.opts.logger.error({ err }, 'scheduled digest failed; the next run will list the same exceptions'),
      )
      .finally(() => {
        this.running = undefined;
        this.arm();
      });
  }
}
