/**
 * The daemon: watches every configured mailbox (IMAP, or a directory on the embedded
 * defaults), captures what arrives, runs the pipeline through the queue, sends replies
 * from the outbox and moves processed mail to its disposition folder.
 */
import { join } from 'node:path';
import { and, eq, lt } from 'drizzle-orm';
import { createApp, type App, type AppOptions } from './app.ts';
import { createIntakeSink } from './intake/capture.ts';
import { DirectorySource } from './intake/dir-source.ts';
import { ImapSource } from './intake/imap-source.ts';
import { messages } from './models/schema.ts';

interface Source {
  start(): Promise<void>;
  requestSync(): Promise<void> | void;
  stop(): Promise<void>;
}

export interface Daemon {
  app: App;
  sources: Map<string, Source>;
  stop(): Promise<void>;
}

/** Re-enqueue captured messages that no job holds (lost with an in-memory queue or a flushed Redis). */
const UNDECIDED_SWEEP_MS = 60_000;
/** Only messages undecided this long are swept: a slow OCR job must not get a twin. */
const UNDECIDED_AGE_MS = 5 * 60_000;

export async function startDaemon(opts: AppOptions & { outboxSweepMs?: number }): Promise<Daemon> {
  const app = await createApp(opts);
  const { logger } = app.services;
  const sink = createIntakeSink(app.store.db, async (pk) => {
    await app.queue.enqueue(pk);
  });

  const sources = new Map<string, Source>();
  for (const mb of app.services.mailboxes.values()) {
    const log = logger.child({ mailbox: mb.id });
    const imap = app.config.imapFor(mb.id);
    const source = imap
      ? new ImapSource({ mailboxId: mb.id, settings: imap, sink, logger: log })
      : new DirectorySource({ mailboxId: mb.id, dir: join(app.config.mailDir, mb.id), sink, logger: log });
    sources.set(mb.id, source);
  }
  app.onDecided((mailboxId) => void sources.get(mailboxId)?.requestSync());

  await app.queue.start(
    async (pk) => {
      await app.process(pk);
    },
    (pk, err) => app.fail(pk, err),
  );

  // Whatever was captured but not decided before a stop or crash is picked up now (I-1).
  const enqueueUndecided = async (olderThan?: Date) => {
    const cond = olderThan ? and(eq(messages.status, 'captured'), lt(messages.capturedAt, olderThan)) : eq(messages.status, 'captured');
    const rows = await app.store.db.select({ id: messages.id }).from(messages).where(cond).orderBy(messages.id);
    for (const r of rows) await app.queue.enqueue(r.id, { recover: true });
    if (rows.length) logger.info({ count: rows.length }, 'undecided messages enqueued');
  };
  await enqueueUndecided();
  // Replies committed before a crash but not sent go out now.
  const sweepOutbox = () => app.outbox.flush().catch((err) => logger.warn({ err }, 'outbox sweep failed'));
  void sweepOutbox();
  const outboxTimer = setInterval(sweepOutbox, opts.outboxSweepMs ?? app.config.outboxSweepMs);
  const undecidedTimer = setInterval(() => void enqueueUndecided(new Date(Date.now() - UNDECIDED_AGE_MS)).catch((err) => logger.warn({ err }, 'undecided sweep failed')), UNDECIDED_SWEEP_MS);

  await Promise.all([...sources.values()].map((s) => s.start()));
  logger.info({ mailboxes: [...sources.keys()], store: app.store.kind, queue: app.config.redisUrl ? 'redis' : 'in-process' }, 'court-intake running');

  let stopping: Promise<void> | undefined;
  return {
    app,
    sources,
    stop() {
      stopping ??= (async () => {
        clearInterval(outboxTimer);
        clearInterval(undecidedTimer);
        await Promise.all([...sources.values()].map((s) => s.stop().catch((err) => logger.warn({ err }, 'source stop failed'))));
        await app.close();
      })();
      return stopping;
    },
  };
}
