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
}

/** BullMQ job ids may not contain ':' nor be all digits (PITFALLS.md). */
export const jobIdFor = (messagePk: number) => `msg-${messagePk}`;

export function backoffMs(attempt: number, baseMs = 1000): number {
  return Math.min(5 * 60_000, baseMs * 2 ** Math.max(0, attempt - 1));
}
