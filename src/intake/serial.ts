/**
 * Runs a task one at a time: a request while it runs schedules exactly one more run after
 * it, so no notification (IDLE EXISTS, a file event, "outcome committed") is lost and
 * no two syncs of one mailbox overlap.
 */
export class SerialTask {
  private running?: Promise<void>;
  private again = false;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly isStopped: () => boolean,
  ) {}

  request(): Promise<void> {
    if (this.isStopped()) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.task();
      } while (this.again && !this.isStopped());
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Asks for another run after the current one (e.g. a file still being written). */
  repeat(): void {
    this.again = true;
  }

  /** The run under way, if any. */
  get current(): Promise<void> | undefined {
    return this.running;
  }
}
