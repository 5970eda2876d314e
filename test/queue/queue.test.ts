/**
 * The job queue, both implementations: in-process, and BullMQ on the real Redis
 * (redisUrl()). Every queue gets a random key prefix of its own, so parallel test files
 * never share keys; every queue is closed (and its keys deleted) after each test.
 */
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.ts';
import { BullJobQueue } from '../../src/queue/bullmq.ts';
import { InProcessQueue } from '../../src/queue/in-process.ts';
import { jobIdFor, type FailFn, type JobQueue, type ProcessFn } from '../../src/queue/job-queue.ts';
import { redisUrl } from '../support/db.ts';

const BACKOFF_MS = 20;
/** The name BullJobQueue gives its queue (src/queue/bullmq.ts). */
const BULL_QUEUE_NAME = 'messages';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const newPrefix = () => `ci-test-queue-${process.pid}-${randomBytes(6).toString('hex')}`;

/** Rejects if `p` takes longer than `ms`, so a hang fails with a message, not a test timeout. */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(t)),
    new Promise<T>((_, rej) => {
      t = setTimeout(() => rej(new Error(`${what} did not finish within ${ms} ms`)), ms);
    }),
  ]);
}

/** A promise with its resolve function outside. */
function deferred<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

interface MadeQueue {
  queue: JobQueue;
  prefix?: string;
}
interface Kind {
  name: string;
  bull: boolean;
  make(opts: { attempts: number; concurrency?: number; prefix?: string }): MadeQueue;
}

const kinds: Kind[] = [
  {
    name: 'InProcessQueue',
    bull: false,
    make: ({ attempts, concurrency = 2 }) => ({ queue: new InProcessQueue({ attempts, concurrency, backoffBaseMs: BACKOFF_MS }) }),
  },
  {
    name: 'BullJobQueue (Redis)',
    bull: true,
    make: ({ attempts, concurrency = 2, prefix = newPrefix() }) => ({
      prefix,
      queue: new BullJobQueue({ redisUrl: redisUrl(), prefix, attempts, concurrency, logger: silentLogger, backoffBaseMs: BACKOFF_MS }),
    }),
  },
];

// Queues still open and prefixes to clean, per test.
const open = new Set<JobQueue>();
const prefixes = new Set<string>();
let redis: Redis;

beforeAll(() => {
  redis = new Redis(redisUrl(), { maxRetriesPerRequest: 3 });
});

afterEach(async () => {
  for (const q of open) await q.close(1000);
  open.clear();
  for (const prefix of prefixes) {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  }
  prefixes.clear();
});

afterAll(async () => {
  await redis?.quit();
});

/** A queue that afterEach closes (unless the test closed it) and whose keys it deletes. */
function track(made: MadeQueue): JobQueue {
  if (made.prefix) prefixes.add(made.prefix);
  open.add(made.queue);
  return made.queue;
}
/** Closes a queue in the test itself. */
async function closeNow(q: JobQueue, timeoutMs: number) {
  open.delete(q);
  await q.close(timeoutMs);
}

/** Records calls to process and fail in order. */
function recorder(processImpl: ProcessFn = async () => {}) {
  const events: string[] = [];
  const calls: number[] = [];
  const failures: { pk: number; err: unknown }[] = [];
  const callTimes: number[] = [];
  let failed = deferred();
  const process: ProcessFn = async (pk) => {
    calls.push(pk);
    callTimes.push(Date.now());
    events.push(`process ${pk}`);
    await processImpl(pk);
  };
  const fail: FailFn = async (pk, err) => {
    failures.push({ pk, err });
    events.push(`fail ${pk}`);
    failed.resolve();
  };
  return {
    process,
    fail,
    events,
    calls,
    failures,
    callTimes,
    /** Resolves at the next call to fail. */
    nextFail: () => failed.promise.then(() => void (failed = deferred())),
  };
}

describe.each(kinds)('$name', (kind) => {
  it('runs a job once per enqueue of a message; enqueueing it again while its job is waiting or running runs it once (job id from the message key)', async () => {
    const q = track(kind.make({ attempts: 3 }));
    const gate = deferred();
    const started = deferred();
    const r = recorder(async (pk) => {
      if (pk === 1) {
        started.resolve();
        await gate.promise;
      }
    });

    // Waiting (not started yet): the second enqueue of 1 is swallowed.
    await q.enqueue(1);
    await q.enqueue(2);
    await q.enqueue(1);
    await q.enqueue(3);
    await q.start(r.process, r.fail);

    // Running: enqueueing 1 again while its job is held at the gate adds nothing.
    await within(started.promise, 5000, 'job 1 start');
    await q.enqueue(1);
    await q.enqueue(1);
    gate.resolve();

    await within(q.idle(), 5000, 'idle()');
    await sleep(150); // a swallowed duplicate that did slip in would have started by now
    await within(q.idle(), 5000, 'idle()');
    expect([...r.calls].sort()).toEqual([1, 2, 3]);
    expect(r.failures).toEqual([]);
  });

  it('retries a transient failure with backoff and then succeeds: process is called 3 times, fail never', async () => {
    const q = track(kind.make({ attempts: 3 }));
    let throws = 0;
    const r = recorder(async () => {
      if (throws < 2) {
        throws++;
        throw new Error(`transient failure ${throws}`);
      }
    });
    await q.start(r.process, r.fail);
    await q.enqueue(7);
    await within(q.idle(), 5000, 'idle()');
    await sleep(150);

    expect(r.calls).toEqual([7, 7, 7]);
    expect(r.failures).toEqual([]);
    // Exponential backoff: ~BACKOFF_MS before the 2nd attempt, ~2×BACKOFF_MS before the 3rd
    // (a little slack: Node timers may fire a millisecond early).
    const [t1, t2, t3] = r.callTimes as [number, number, number];
    expect(t2 - t1).toBeGreaterThanOrEqual(BACKOFF_MS - 3);
    expect(t3 - t2).toBeGreaterThanOrEqual(2 * BACKOFF_MS - 3);
  });

  it('I-1: a job that fails on every attempt is handed to fail() once, after the last attempt', async () => {
    const q = track(kind.make({ attempts: 3 }));
    const r = recorder(async (pk) => {
      throw new Error(`permanent failure of ${pk}`);
    });
    await q.start(r.process, r.fail);
    await q.enqueue(11);

    await within(r.nextFail(), 5000, 'fail()');
    await within(q.idle(), 5000, 'idle()');
    await sleep(300); // nothing more happens afterwards: no 4th attempt, no second fail()

    expect(r.events).toEqual(['process 11', 'process 11', 'process 11', 'fail 11']);
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]!.pk).toBe(11);
    expect((r.failures[0]!.err as Error).message).toBe('permanent failure of 11');
  });

  it('idle() resolves once everything queued has run (including a retry waiting out its backoff)', async () => {
    const q = track(kind.make({ attempts: 3, concurrency: 2 }));
    const done = new Set<number>();
    let flaky = true;
    const r = recorder(async (pk) => {
      await sleep(30);
      if (pk === 3 && flaky) {
        flaky = false;
        throw new Error('transient');
      }
      done.add(pk);
    });
    await q.start(r.process, r.fail);
    await within(q.idle(), 5000, 'idle() with nothing queued');

    for (const pk of [1, 2, 3, 4, 5, 6]) await q.enqueue(pk);
    await within(q.idle(), 10_000, 'idle()');

    expect([...done].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.calls.filter((pk) => pk === 3)).toHaveLength(2);
    expect(r.failures).toEqual([]);
  });

  it('close(timeoutMs) with a job that never finishes returns after about timeoutMs instead of hanging', async () => {
    const q = track(kind.make({ attempts: 3 }));
    const started = deferred();
    const r = recorder(() => {
      started.resolve();
      return new Promise<void>(() => {}); // never settles
    });
    await q.start(r.process, r.fail);
    await q.enqueue(21);
    await within(started.promise, 5000, 'job start');

    const timeoutMs = 300;
    const t0 = Date.now();
    await within(closeNow(q, timeoutMs), timeoutMs + 5000, `close(${timeoutMs})`);
    const elapsed = Date.now() - t0;

    expect(elapsed).toBeGreaterThanOrEqual(timeoutMs - 5); // it did wait for the running job
    expect(elapsed).toBeLessThan(timeoutMs + 1500);
    expect(r.failures).toEqual([]);
  });

  it('close(timeoutMs) returns at once when nothing is running', async () => {
    const q = track(kind.make({ attempts: 3 }));
    const r = recorder();
    await q.start(r.process, r.fail);
    await q.enqueue(31);
    await within(q.idle(), 5000, 'idle()');
    const t0 = Date.now();
    await within(closeNow(q, 5000), 5000, 'close(5000)');
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(r.calls).toEqual([31]);
  });
});

describe('InProcessQueue only', () => {
  it('I-1: a job that throws a non-Error (undefined) is still retried and then handed to fail()', async () => {
    const q = track(kinds[0]!.make({ attempts: 2 }));
    const r = recorder(async () => {
      throw undefined;
    });
    await q.start(r.process, r.fail);
    await q.enqueue(61);
    await within(r.nextFail(), 5000, 'fail()');
    expect(r.events).toEqual(['process 61', 'process 61', 'fail 61']);
    expect(r.failures[0]!.err).toBeUndefined();
    // Not left marked as queued: a later enqueue runs it again.
    await q.enqueue(61);
    await within(r.nextFail(), 5000, 'fail()');
    expect(r.calls).toEqual([61, 61, 61, 61]);
  });
});

describe('BullJobQueue only (Redis)', () => {
  const bull = kinds[1]!;

  it('recover: re-runs a message whose job already completed (a plain enqueue is swallowed by the kept job id)', async () => {
    const q = track(bull.make({ attempts: 3 }));
    const r = recorder();
    await q.start(r.process, r.fail);

    await q.enqueue(41);
    await within(q.idle(), 5000, 'idle()');
    expect(r.calls).toEqual([41]);

    // The completed job is still in Redis (removeOnComplete keeps it): same id, no new job.
    await q.enqueue(41);
    await sleep(300);
    await within(q.idle(), 5000, 'idle()');
    expect(r.calls).toEqual([41]);

    // A recovery enqueue removes the finished job and queues a fresh one.
    await q.enqueue(41, { recover: true });
    await within(q.idle(), 5000, 'idle()');
    await sleep(150);
    expect(r.calls).toEqual([41, 41]);
  });

  it('recover: re-runs a message whose job failed on its last attempt', async () => {
    const q = track(bull.make({ attempts: 1 }));
    let fails = true;
    const r = recorder(async () => {
      if (fails) throw new Error('down');
    });
    await q.start(r.process, r.fail);

    await q.enqueue(42);
    await within(r.nextFail(), 5000, 'fail()');
    fails = false;
    await q.enqueue(42, { recover: true });
    await within(q.idle(), 5000, 'idle()');
    await sleep(150);
    expect(r.calls).toEqual([42, 42]);
    expect(r.failures).toHaveLength(1);
  });

  it('recover: adds nothing for a job still waiting (queue not started): one run after start', async () => {
    const made = bull.make({ attempts: 3 });
    const q = track(made);
    const inspect = new Queue(BULL_QUEUE_NAME, { connection: { url: redisUrl() }, prefix: made.prefix! });
    try {
      await q.enqueue(51);
      await q.enqueue(51, { recover: true });
      await q.enqueue(51, { recover: true });
      const counts = await inspect.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed');
      expect(counts).toMatchObject({ waiting: 1, active: 0, delayed: 0, prioritized: 0, completed: 0, failed: 0 });

      const r = recorder();
      await q.start(r.process, r.fail);
      await within(q.idle(), 5000, 'idle()');
      await sleep(300);
      expect(r.calls).toEqual([51]);
    } finally {
      await inspect.close();
    }
  });

  it('job ids never contain ":" and are not all digits (jobIdFor, and the ids actually stored in Redis)', async () => {
    for (const pk of [0, 1, 7, 42, 1000, 2 ** 31 - 1, Number.MAX_SAFE_INTEGER]) {
      const id = jobIdFor(pk);
      expect(id).not.toContain(':');
      expect(id).not.toMatch(/^\d+$/);
      expect(jobIdFor(pk)).toBe(id); // derived from the key alone
    }
    expect(new Set([1, 2, 3].map(jobIdFor)).size).toBe(3);

    const made = bull.make({ attempts: 3 });
    const q = track(made);
    const inspect = new Queue(BULL_QUEUE_NAME, { connection: { url: redisUrl() }, prefix: made.prefix! });
    try {
      for (const pk of [1, 22, 333]) await q.enqueue(pk);
      const ids = (await inspect.getJobs(['waiting'])).map((j) => j.id!);
      expect(ids.sort()).toEqual([jobIdFor(1), jobIdFor(22), jobIdFor(333)].sort());
      for (const id of ids) {
        expect(id).not.toContain(':');
        expect(id).not.toMatch(/^\d+$/);
      }
    } finally {
      await inspect.close();
    }
  });
});
