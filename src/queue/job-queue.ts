/**
 * The job queue behind the pipeline: BullMQ on Redis, or the same job function run
 * in-process when no Redis is configured. Either way a job is only a message's key; the
 * database decides whether the work was already done (I-2).
 */
export type ProcessFn = (messagePk: number) => Promise<void>;
/** Called once a job has failed on its last attempt. */
export type FailFn = (messagePk: number, err: unknown) => Promise<void>;

export interface JobQueue {
  /**
   * Queues a message. With `recover`, the message is known to be undecided in the store
   * (found at start or by the sweeper): a job left behind by a dead worker must not keep
   * it waiting, so a fresh job is queued unless one is already waiting.
   */
  enqueue(messagePk: number, opts?: { recover?: boolean }): Promise<void>;
  /** Starts working; `process` throws for a transient failure (retried with backoff). */
  start(process: ProcessFn, fail: FailFn): Promise<void>;
  /** Resolves when nothing is queued or running (in-process) — for the CLI and tests. */
  idle(): Promise<void>;
  /** Stops taking jobs and waits for running ones up to `timeoutMs`. */
  close(timeoutMs: number): Promise<void>;
  /** Jobs per state now (`waiting`, `active`, `delayed`, ...), for `/metrics`. */
  counts(): Promise<Record<string, number>>;
}

/** The states `counts()` reports, in both implementations. */
export const COUNTED_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed'] as const;

/** BullMQ job ids may not contain ':' nor be all digits (PITFALLS.md). */
export const jobIdFor = (messagePk: number) => `msg-${messagePk}`;

export function backoffMs(attempt: number, baseMs = 1000): number {
  return Math.min(5 * 60_000, baseMs * 2 ** Math.max(0, attempt - 1));
}

/**
 * Closes a BullMQ worker, queue and connections within `timeoutMs`. worker.close() waits
 * for running jobs without limit (PITFALLS.md), and a later close(true) only returns that
 * same pending promise: stop taking jobs, wait for the running ones ourselves up to the
 * limit, then close — forced if any is still running.
 */
export async function closeBullBounded(
  parts: { worker?: { pause(doNotWaitActive?: boolean): Promise<void>; close(force?: boolean): Promise<void> }; queue: { close(): Promise<void> }; connections: ({ disconnect(): void } | undefined)[] },
  active: () => number,
  timeoutMs: number,
): Promise<void> {
  if (parts.worker) {
    await parts.worker.pause(true);
    const deadline = Date.now() + timeoutMs;
    while (active() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await parts.worker.close(active() > 0);
  }
  await parts.queue.close();
  for (const c of parts.connections) c?.disconnect();
}
