/** The clerk's commands: resolve exceptions, docket orders (P-8), print mail-service packets. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createApp, type App } from '../app.ts';
import { loadRuntimeConfig } from '../config/runtime.ts';
import { docketByCourt, resolveException } from '../docket/resolve.ts';
import { createLogger } from '../log.ts';
import { listMailService, mailServicePacket, markMailed } from '../docket/mail-service.ts';
import { listOrders, markOrder, type OrderMark } from '../orders/service.ts';
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

export async function mailServiceCommand(opts: { config?: string; out?: string; markMailed?: string; by?: string; json?: boolean }): Promise<number> {
  return withApp(opts, async (app) => {
    if (opts.markMailed) {
      const ids = opts.markMailed.split(',').map((s) => Number(s.trim()));
      if (ids.some((id) => !Number.isInteger(id) || id <= 0)) throw new UsageError(`--mark-mailed: "${opts.markMailed}" is not a list of packet numbers`);
      const done = await markMailed(app, { ids, by: opts.by ?? process.env.USER ?? 'clerk' });
      process.stdout.write(`marked mailed: ${done.join(', ') || '(none; already mailed)'}\n`);
      return EXIT_OK;
    }
    const rows = await listMailService(app);
    if (opts.out) mkdirSync(opts.out, { recursive: true });
    for (const r of rows) {
      let file: string | undefined;
      if (opts.out) {
        const p = (await mailServicePacket(app, r.id))!;
        file = join(opts.out, p.filename);
        writeFileSync(file, p.bytes);
      }
      const item = { id: r.id, caseNumber: r.caseNumber, party: r.partyName, address: r.address, pages: r.pages, file };
      process.stdout.write(opts.json ? JSON.stringify(item) + '\n' : `#${r.id}  ${r.caseNumber}  ${r.partyName}  ${r.address ?? '(no address)'}  ${r.pages} pages${file ? `  → ${file}` : ''}\n`);
    }
    if (!rows.length && !opts.json) process.stdout.write('nothing to mail\n');
    return EXIT_OK;
  });
}

export async function ordersListCommand(opts: { config?: string; judge?: string; json?: boolean; all?: boolean }): Promise<number> {
  return withApp(opts, async (app) => {
    const rows = await listOrders(app, { judge: opts.judge, all: opts.all });
    for (const o of rows) {
      const r = { id: o.id, judge: o.judge, caseNumber: o.caseNumber, debtor: o.debtor, category: o.category, hearingDate: o.hearingDate, motionDocketNumber: o.motionDocketNumber, filename: o.filename, sender: o.sender, status: o.status, receivedAt: o.receivedAt, decidedAt: o.decidedAt, decidedBy: o.decidedBy };
      process.stdout.write(
        opts.json
          ? JSON.stringify(r) + '\n'
          : `#${r.id}  ${r.judge}  ${r.caseNumber ?? ''} ${r.debtor ?? ''} — ${r.category ?? ''}${r.hearingDate ? ` ${r.hearingDate}` : ''}${r.motionDocketNumber ? `  (ECF No. ${r.motionDocketNumber})` : ''}  ${r.filename ?? ''}  from ${r.sender}${r.status !== 'pending' ? `  [${r.status}]` : ''}\n`,
      );
    }
    if (!rows.length && !opts.json) process.stdout.write('no proposed orders waiting\n');
    return EXIT_OK;
  });
}

export async function ordersMarkCommand(id: string, opts: { config?: string; signed?: boolean; returned?: boolean; by?: string; json?: boolean }): Promise<number> {
  const orderId = Number(id);
  if (!Number.isInteger(orderId) || orderId <= 0) throw new UsageError(`orders mark: "${id}" is not an order number (see \`court-intake orders list\`)`);
  if (!!opts.signed === !!opts.returned) throw new UsageError('orders mark: give exactly one of --signed or --returned');
  const mark: OrderMark = opts.signed ? 'signed' : 'returned';
  return withApp(opts, async (app) => {
    const r = await markOrder(app, { id: orderId, mark, by: opts.by ?? process.env.USER ?? 'clerk' });
    process.stdout.write(opts.json ? JSON.stringify(r) + '\n' : `order #${r.id} marked ${r.status}\n`);
    return EXIT_OK;
  });
}
