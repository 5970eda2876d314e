/**
 * `court-intake process FILE.eml... --mailbox ID --data COURT.yaml` (CONTRACT.md):
 * exactly the daemon's processing, on files, with replies written to <store>/outbox.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createApp } from '../app.ts';
import { loadCourtData } from '../config/court-data.ts';
import { loadRuntimeConfig } from '../config/runtime.ts';
import { captureMessage } from '../intake/capture.ts';
import { sha256 } from '../intake/raw-headers.ts';
import type { Logger } from '../log.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError } from './exit.ts';
import { messageResult } from './result.ts';

export interface ProcessOptions {
  mailbox: string;
  data: string;
  store?: string;
  receivedAt?: string;
  json?: boolean;
}

export async function processCommand(files: string[], opts: ProcessOptions, logger: Logger): Promise<number> {
  let receivedAt: Date | undefined;
  if (opts.receivedAt !== undefined) {
    receivedAt = new Date(opts.receivedAt);
    if (Number.isNaN(receivedAt.getTime())) throw new UsageError(`--received-at: "${opts.receivedAt}" is not an ISO 8601 date and time`);
  }
  const config = loadRuntimeConfig(undefined, { ...process.env, DATABASE_URL: '', REDIS_URL: '', COURT_INTAKE_DATA: resolve(opts.data) });
  // Usage and data errors first, before a store is opened.
  const mailboxes = loadCourtData(config.data).data.mailboxes.map((m) => m.id);
  if (!mailboxes.includes(opts.mailbox)) throw new UsageError(`--mailbox: "${opts.mailbox}" is not a mailbox of ${opts.data} (there: ${mailboxes.join(', ')})`);
  const storeDir = resolve(opts.store ?? mkdtempSync(join(tmpdir(), 'court-intake-')));
  const app = await createApp({ config, logger, store: { dataDir: join(storeDir, 'db') }, outboxDir: join(storeDir, 'outbox'), inProcess: true });
  let exit = EXIT_OK;
  try {
    for (const file of files) {
      let raw: Buffer;
      try {
        raw = readFileSync(file);
      } catch (err) {
        process.stderr.write(`court-intake: ${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? err})\n`);
        exit = Math.max(exit, EXIT_USAGE);
        continue;
      }
      const captured = await captureMessage(app.store.db, {
        mailboxId: opts.mailbox,
        sourceRef: `file:${resolve(file)}:${sha256(raw).slice(0, 16)}`,
        folder: 'process',
        raw,
        arrival: receivedAt,
        fallbackArrival: app.services.clock.now(),
      });
      try {
        await app.process(captured.messagePk);
      } catch (err) {
        logger.error({ err, file }, 'processing failed');
        await app.fail(captured.messagePk, err);
        exit = Math.max(exit, EXIT_FAILURE);
      }
      const result = await messageResult(app.store.db, captured.messagePk);
      if (opts.json) process.stdout.write(JSON.stringify({ file, ...result }) + '\n');
      else process.stdout.write(`${file}: ${result.disposition}${(result.codes as string[]).length ? ` (${(result.codes as string[]).join(', ')})` : ''}\n`);
    }
    if (!opts.json) process.stdout.write(`replies: ${join(storeDir, 'outbox')}\n`);
  } finally {
    await app.close();
  }
  return exit;
}
