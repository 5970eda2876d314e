/**
 * `court-intake process FILE.eml... --mailbox ID --data COURT.yaml` (CONTRACT.md):
 * exactly the daemon's processing, on files, with replies written to <store>/outbox.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createApp, type App } from '../app.ts';
import { loadCourtData } from '../config/court-data.ts';
import { loadRuntimeConfig } from '../config/runtime.ts';
import { captureMessage } from '../intake/capture.ts';
import { headerMessageId, readHeaders, sha256 } from '../intake/raw-headers.ts';
import { boundedMessageId, storableText } from '../models/storable.ts';
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
      const answer = await processFile(app, file, raw, opts, receivedAt, logger);
      if (answer.failed) exit = Math.max(exit, EXIT_FAILURE);
      const result = answer.result;
      if (opts.json) process.stdout.write(JSON.stringify({ file, ...result }) + '\n');
      else process.stdout.write(`${file}: ${result.disposition}${(result.codes as string[]).length ? ` (${(result.codes as string[]).join(', ')})` : ''}\n`);
    }
    if (!opts.json) process.stdout.write(`replies: ${join(storeDir, 'outbox')}\n`);
  } finally {
    await app.close();
  }
  return exit;
}

/**
 * One file, answered whatever happens to it: a message the store would not capture, or
 * whose processing failed, is still an answer line (an exception for a clerk), and the
 * files after it are processed. `failed` says the product failed on it (exit 1).
 */
async function processFile(app: App, file: string, raw: Buffer, opts: ProcessOptions, receivedAt: Date | undefined, logger: Logger): Promise<{ result: Record<string, unknown>; failed: boolean }> {
  let messagePk: number;
  try {
    const captured = await captureMessage(app.store.db, {
      mailboxId: opts.mailbox,
      sourceRef: `file:${resolve(file)}:${sha256(raw).slice(0, 16)}`,
      folder: 'process',
      raw,
      arrival: receivedAt,
      fallbackArrival: app.services.clock.now(),
    });
    messagePk = captured.messagePk;
  } catch (err) {
    // Not in the store, so no exception row either: the answer line is the record.
    logger.error({ err: briefError(err), file }, 'capture failed');
    const messageId = headerMessageId(readHeaders(raw));
    return { failed: true, result: { messageId: messageId && boundedMessageId(messageId), mailbox: opts.mailbox, disposition: 'exception', codes: ['PROCESSING_FAILED'], detail: `not captured: ${briefError(err).message}`, replies: [] } };
  }
  let failed = false;
  try {
    await app.process(messagePk);
  } catch (err) {
    logger.error({ err: briefError(err), file }, 'processing failed');
    failed = true;
    try {
      await app.fail(messagePk, err);
    } catch (failErr) {
      logger.error({ err: briefError(failErr), file }, 'recording the failure failed');
    }
  }
  try {
    return { failed, result: await messageResult(app.store.db, messagePk) };
  } catch (err) {
    logger.error({ err: briefError(err), file }, 'reading the result failed');
    return { failed: true, result: { messageId: null, mailbox: opts.mailbox, disposition: 'exception', codes: ['PROCESSING_FAILED'], detail: briefError(err).message, replies: [] } };
  }
}

/** A driver error quotes the query and its parameters, the whole raw message among them: the log gets the start. */
function briefError(err: unknown): { code?: string; message: string } {
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const message = storableText(`${e?.message ?? String(err)}${e?.cause?.message ? `: ${e.cause.message}` : ''}`);
  return { code: e?.code ?? e?.cause?.code, message: message.length > 500 ? `${message.slice(0, 500)}…` : message };
}
