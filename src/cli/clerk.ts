/** The clerk's commands: resolve exceptions, docket orders (P-8), print mail-service packets. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { createApp, type App } from '../app.ts';
import { loadRuntimeConfig } from '../config/runtime.ts';
import { docketByCourt, resolveException } from '../docket/resolve.ts';
import { createLogger } from '../log.ts';
import { mailService, orderQueue } from '../models/schema.ts';
import { normaliseDistrictCase } from '../rules/case-number.ts';
import { parseLocalDateTime } from '../rules/time.ts';
import { EXIT_OK, UsageError } from './exit.ts';

/** Runs `fn` on an App opened from the configuration, and closes it. */
export async function withApp<T>(opts: { config?: string }, fn: (app: App) => Promise<T>): Promise<T> {
  const config = loadRuntimeConfig(opts.config);
  const app = await createApp({ config, logger: createLogger(config.logLevel), inProcess: true });
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

function caseArg(s: string, option: string): string {
  const n = normaliseDistrictCase(s);
  if (!n) throw new UsageError(`${option}: "${s}" is not a district case number like 3:16-cv-01234`);
  return n;
}

export interface ResolveOptions {
  config?: string;
  filedAt?: string;
  case?: string;
  openCase?: string;
  title?: string;
  nature?: 'civil-rights' | 'habeas';
  judge?: string;
  prisoner?: string;
  inmate?: string;
  dismiss?: string;
  by?: string;
  json?: boolean;
}

export async function exceptionsResolveCommand(id: string, opts: ResolveOptions): Promise<number> {
  const exceptionId = Number(id);
  if (!Number.isInteger(exceptionId) || exceptionId <= 0) throw new UsageError(`exceptions resolve: "${id}" is not an exception number`);
  return withApp(opts, async (app) => {
    const tz = app.services.court.court.timezone;
    let filedAt: Date | undefined;
    if (opts.filedAt !== undefined) {
      filedAt = parseLocalDateTime(opts.filedAt, tz) ?? undefined;
      if (!filedAt) throw new UsageError(`--filed-at: "${opts.filedAt}" is not a date and time (e.g. "6/22/2016 10:32 AM" or 2016-06-22T10:32:00-04:00)`);
    }
    let openCase;
    if (opts.openCase !== undefined) {
      if (!opts.title || !opts.prisoner) throw new UsageError('--open-case needs --title "Smith v. Semple" and --prisoner "John Smith"');
      openCase = { number: caseArg(opts.openCase, '--open-case'), title: opts.title, nature: opts.nature, judge: opts.judge, prisonerName: opts.prisoner, inmateNumber: opts.inmate };
    }
    const r = await resolveException(app, {
      exceptionId,
      filedAt,
      caseNumber: opts.case !== undefined ? caseArg(opts.case, '--case') : undefined,
      openCase,
      dismiss: opts.dismiss,
      by: opts.by ?? process.env.USER ?? 'clerk',
    });
    if (opts.json) process.stdout.write(JSON.stringify(r) + '\n');
    else process.stdout.write(r.docketNumber ? `exception #${r.exceptionId} resolved: docketed as ECF No. ${r.docketNumber} in ${r.caseNumber}, filed ${r.filedAt}; NEF sent\n` : `exception #${r.exceptionId} closed\n`);
    return EXIT_OK;
  });
}

export async function docketCommand(caseNumber: string, opts: { config?: string; file: string; text: string; by: string; filer?: string; json?: boolean }): Promise<number> {
  if (opts.by !== 'court' && opts.by !== 'defendant') throw new UsageError(`--by: "${opts.by}" must be court or defendant`);
  let pdf: Buffer;
  try {
    pdf = readFileSync(opts.file);
  } catch (err) {
    throw new UsageError(`--file: cannot read ${opts.file} (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  if (!pdf.subarray(0, 1024).includes('%PDF-')) throw new UsageError(`--file: ${opts.file} is not a PDF`);
  return withApp(opts, async (app) => {
    const r = await docketByCourt(app, { caseNumber: caseArg(caseNumber, 'CASE'), pdf, filename: basename(opts.file), text: opts.text, by: opts.by as 'court' | 'defendant', filer: opts.filer });
    if (opts.json) process.stdout.write(JSON.stringify(r) + '\n');
    else process.stdout.write(`docketed as ECF No. ${r.docketNumber}; ${r.replies} NEF(s) sent; ${r.mailService} mail-service packet(s) to print\n`);
    return EXIT_OK;
  });
}

export async function mailServiceCommand(opts: { config?: string; out?: string; markMailed?: string; json?: boolean }): Promise<number> {
  return withApp(opts, async (app) => {
    const db = app.services.db;
    if (opts.markMailed) {
      const ids = opts.markMailed.split(',').map(Number).filter(Number.isInteger);
      await db.update(mailService).set({ status: 'mailed', mailedAt: app.services.clock.now(), mailedBy: process.env.USER ?? 'clerk' }).where(inArray(mailService.id, ids));
      process.stdout.write(`marked mailed: ${ids.join(', ')}\n`);
      return EXIT_OK;
    }
    const rows = await db.select().from(mailService).where(eq(mailService.status, 'pending')).orderBy(asc(mailService.id));
    if (opts.out) mkdirSync(opts.out, { recursive: true });
    for (const r of rows) {
      const file = opts.out ? join(opts.out, `mail-service-${r.id}-${r.caseNumber.replace(/[^\w-]+/g, '_')}.pdf`) : undefined;
      if (file) writeFileSync(file, r.packet);
      const item = { id: r.id, caseNumber: r.caseNumber, party: r.partyName, address: r.address, pages: r.pages, file };
      process.stdout.write(opts.json ? JSON.stringify(item) + '\n' : `#${r.id}  ${r.caseNumber}  ${r.partyName}  ${r.address ?? '(no address)'}  ${r.pages} pages${file ? `  → ${file}` : ''}\n`);
    }
    if (!rows.length && !opts.json) process.stdout.write('nothing to mail\n');
    return EXIT_OK;
  });
}

export async function ordersListCommand(opts: { config?: string; judge?: string; json?: boolean; all?: boolean }): Promise<number> {
  return withApp(opts, async (app) => {
    const conds = [];
    if (opts.judge) conds.push(eq(orderQueue.judge, opts.judge.toUpperCase()));
    if (!opts.all) conds.push(eq(orderQueue.status, 'pending'));
    const rows = await app.services.db
      .select({ id: orderQueue.id, judge: orderQueue.judge, caseNumber: orderQueue.caseNumber, debtor: orderQueue.debtor, category: orderQueue.category, hearingDate: orderQueue.hearingDate, motionDocketNumber: orderQueue.motionDocketNumber, filename: orderQueue.filename, sender: orderQueue.sender, status: orderQueue.status, receivedAt: orderQueue.createdAt })
      .from(orderQueue)
      .where(and(...conds))
      .orderBy(asc(orderQueue.createdAt));
    for (const r of rows) {
      process.stdout.write(
        opts.json
          ? JSON.stringify(r) + '\n'
          : `#${r.id}  ${r.judge}  ${r.caseNumber ?? ''} ${r.debtor ?? ''} — ${r.category ?? ''}${r.hearingDate ? ` ${r.hearingDate}` : ''}${r.motionDocketNumber ? `  (ECF No. ${r.motionDocketNumber})` : ''}  ${r.filename ?? ''}  from ${r.sender}\n`,
      );
    }
    if (!rows.length && !opts.json) process.stdout.write('no proposed orders waiting\n');
    return EXIT_OK;
  });
}
