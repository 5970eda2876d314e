/** The operator's commands: migrate, import, digest, exceptions, retry. */
import { and, eq } from 'drizzle-orm';
import { loadCourtData } from '../config/court-data.ts';
import { loadRuntimeConfig, type RuntimeConfig } from '../config/runtime.ts';
import { createApp } from '../app.ts';
import { createLogger } from '../log.ts';
import { openStore, type Store } from '../models/db.ts';
import { importCourtData } from '../models/import.ts';
import { exceptions, messages } from '../models/schema.ts';
import { listOpenExceptions } from '../exceptions/service.ts';
import { buildDigest, sendDigest } from '../notify/digest.ts';
import { EXIT_FAILURE, EXIT_OK, UsageError } from './exit.ts';

async function withStore<T>(config: RuntimeConfig, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.storeDir });
  try {
    await store.migrate();
    return await fn(store);
  } finally {
    await store.close();
  }
}

export async function migrateCommand(opts: { config?: string }): Promise<number> {
  const config = loadRuntimeConfig(opts.config);
  await withStore(config, async () => {});
  process.stdout.write('migrations applied\n');
  return EXIT_OK;
}

export async function importCommand(file: string, opts: { config?: string }): Promise<number> {
  const config = loadRuntimeConfig(opts.config);
  const data = loadCourtData(file);
  await withStore(config, (store) => importCourtData(store.db, data));
  process.stdout.write(`imported ${file}: ${data.data.cases.length} cases, ${data.data.filers.length} filers, ${data.data.facilities.length} facilities\n`);
  return EXIT_OK;
}

export async function exceptionsListCommand(opts: { config?: string; json?: boolean }): Promise<number> {
  const config = loadRuntimeConfig(opts.config);
  const rows = await withStore(config, (store) => listOpenExceptions(store.db));
  for (const { hasImage: _i, attachmentIndex: _a, codes: _c, ...r } of rows) {
    if (opts.json) process.stdout.write(JSON.stringify(r) + '\n');
    else process.stdout.write(`#${r.id}  ${r.code}  message ${r.messagePk}  ${r.mailbox}  ${r.sender ?? ''}  ${r.caseNumber ?? ''}  ${r.detail ?? ''}\n`);
  }
  if (!opts.json && !rows.length) process.stdout.write('no open exceptions\n');
  return EXIT_OK;
}

export async function digestCommand(opts: { config?: string; send?: boolean }): Promise<number> {
  const config = loadRuntimeConfig(opts.config);
  const court = loadCourtData(config.data).data;
  if (!opts.send) {
    await withStore(config, async (store) => {
      const d = await buildDigest(store.db, { courtName: court.court.name, timezone: court.court.timezone, now: new Date(), baseUrl: config.digest.baseUrl });
      process.stdout.write(d.total ? d.text + '\n' : 'no open exceptions\n');
    });
    return EXIT_OK;
  }
  if (!config.digest.recipients.length) throw new UsageError('digest --send: no recipients configured (digest.recipients in the config file)');
  const app = await createApp({ config, logger: createLogger(config.logLevel), inProcess: true });
  try {
    const r = await sendDigest(app, app.services.clock.now());
    if (r.status === 'nothing-new') process.stdout.write(`nothing new since the last digest (${r.total} open): no mail sent\n`);
    else if (r.status === 'no-recipients') throw new UsageError('digest --send: no recipients configured (digest.recipients in the config file)');
    else if (r.status === 'sent') process.stdout.write(`digest sent to ${r.recipients.join(', ')}: ${r.total} open, ${r.newCount} new\n`);
    else {
      process.stdout.write(`digest queued for ${r.recipients.join(', ')} but not sent yet (${r.error ?? 'unknown error'}); the daemon's outbox retries it\n`);
      return EXIT_FAILURE;
    }
  } finally {
    await app.close();
  }
  return EXIT_OK;
}

export async function retryCommand(id: string, opts: { config?: string }): Promise<number> {
  const pk = Number(id);
  if (!Number.isInteger(pk) || pk <= 0) throw new UsageError(`retry: "${id}" is not a message number`);
  const config = loadRuntimeConfig(opts.config);
  const app = await createApp({ config, logger: createLogger(config.logLevel), inProcess: true });
  try {
    const db = app.store.db;
    const [m] = await db.select().from(messages).where(eq(messages.id, pk));
    if (!m) throw new UsageError(`retry: no message ${pk}`);
    if (!m.codes.includes('PROCESSING_FAILED')) throw new UsageError(`retry: message ${pk} did not fail (it is ${m.disposition}); nothing to retry`);
    await db.transaction(async (tx) => {
      // The old exception stays, resolved, for the record; its ref moves aside so a second failure is recorded again.
      await tx
        .update(exceptions)
        .set({ status: 'resolved', resolvedAt: new Date(), resolvedBy: 'retry', ref: `retried-${Date.now()}` })
        .where(and(eq(exceptions.messagePk, pk), eq(exceptions.code, 'PROCESSING_FAILED'), eq(exceptions.ref, '')));
      await tx.update(messages).set({ status: 'captured', disposition: null, codes: [], result: null }).where(eq(messages.id, pk));
    });
    const outcome = await app.process(pk);
    process.stdout.write(`message ${pk}: ${outcome.disposition}\n`);
  } finally {
    await app.close();
  }
  return EXIT_OK;
}
