/**
 * `court-intake demo`: the sample court and sample mails through the real daemon on the
 * embedded defaults (PGlite, in-process jobs, directory mailboxes, replies as files). No
 * servers needed. Prints what came in, what was decided and where the replies are.
 */
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { asc, eq } from 'drizzle-orm';
import { loadRuntimeConfig } from '../config/runtime.ts';
import { startDaemon } from '../daemon.ts';
import { createLogger } from '../log.ts';
import { messageSources, messages } from '../models/schema.ts';
import { EXIT_FAILURE, EXIT_OK } from './exit.ts';
import { messageResult } from './result.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export async function demoCommand(opts: { dir: string }): Promise<number> {
  const dir = resolve(opts.dir);
  rmSync(dir, { recursive: true, force: true });
  const samples = join(ROOT, 'examples/mail');
  const mailDir = join(dir, 'mail');
  cpSync(samples, mailDir, { recursive: true });
  const expected = readdirSync(samples, { recursive: true }).filter((f) => String(f).endsWith('.eml')).length;

  const config = loadRuntimeConfig(undefined, { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', COURT_INTAKE_DATA: join(ROOT, 'config/court.yaml') });
  const demoConfig = { ...config, mailDir, storeDir: join(dir, 'store'), databaseUrl: undefined, redisUrl: undefined, imapFor: () => undefined, smtpFor: () => undefined };
  const out = (s = '') => process.stdout.write(s + '\n');
  out(`court-intake demo — ${expected} sample messages into ${relative(process.cwd(), mailDir) || mailDir}/<mailbox>/`);
  out('Starting the daemon on the embedded defaults (PGlite store, in-process queue, directory mailboxes)…');
  const daemon = await startDaemon({ config: demoConfig, logger: createLogger(demoConfig.logLevel) });
  const db = daemon.app.store.db;
  const deadline = Date.now() + 120_000;
  let done = 0;
  while (Date.now() < deadline) {
    const rows = await db.select({ status: messages.status }).from(messages);
    done = rows.filter((r) => r.status === 'done').length;
    if (done >= expected) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  await daemon.app.outbox.flush();
  for (const s of daemon.sources.values()) await s.requestSync();

  const rows = await db
    .select({ id: messages.id, mailbox: messages.mailboxId, from: messages.fromAddress, subject: messages.subject, movedTo: messageSources.movedTo, ref: messageSources.sourceRef })
    .from(messages)
    .innerJoin(messageSources, eq(messageSources.messagePk, messages.id))
    .orderBy(asc(messages.mailboxId), asc(messageSources.sourceRef));
  out();
  for (const r of rows) {
    const res = await messageResult(db, r.id);
    const codes = res.codes as string[];
    out(`■ ${r.mailbox}/${r.ref.split(':')[1]}`);
    out(`    from ${r.from}: “${r.subject}”`);
    out(`    → ${String(res.disposition).toUpperCase()}${codes.length ? `  [${codes.join(', ')}]` : ''}${r.movedTo ? `   (moved to ${r.mailbox}/${r.movedTo}/)` : ''}`);
    for (const f of (res.filings ?? []) as { attachment: string; docketNumber: number | null; caseNumber: string | null; filedAt: string | null; stampText: string | null }[]) {
      if (f.docketNumber) out(`    ⚖ ${f.attachment}: ECF No. ${f.docketNumber} in ${f.caseNumber}, filed ${f.filedAt} — stamp read “${f.stampText}”`);
    }
    for (const rep of res.replies as { kind: string; to: string[]; file: string | null; status: string }[]) {
      out(`    ✉ ${rep.kind} to ${rep.to.join(', ')}: ${rep.file ? join(relative(process.cwd(), mailDir) || mailDir, rep.file) : rep.status}`);
    }
    if (!(res.replies as unknown[]).length) out('    ✉ no reply (by rule)');
  }
  out();
  out(`Store: ${join(dir, 'store')} (PGlite)   Replies: ${join(mailDir, 'outbox')}`);
  out('Drop more .eml files into the mailbox folders and run `court-intake run` to watch them live.');
  await daemon.stop();
  if (done < expected) {
    process.stderr.write(`court-intake demo: only ${done} of ${expected} messages were decided in time\n`);
    return EXIT_FAILURE;
  }
  return existsSync(join(mailDir, 'outbox')) ? EXIT_OK : EXIT_FAILURE;
}
