/**
 * The evaluation harness: every message of every corpus area under eval/ through the
 * same code as `court-intake process` (createApp on an embedded store, captureMessage
 * with the manifest's arrival time, app.process, messageResult), compared with what a
 * careful clerk decides. Print-only, not a test: it exits 0 whatever the outcome.
 *
 *   npm run eval [-- --area orders] [--only o-001,o-002] [--json] [--families-first]
 *
 * Per area: exact outcomes, wrong filed dates (a docketed filing whose filed date is not
 * the expected one, or one docketed where a clerk was expected to decide — the worst
 * error), duplicate docket entries (one document docketed twice), exceptions, and each
 * miss with the findings' details so the reason shows.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { createApp, type App } from '../src/app.ts';
import { messageResult } from '../src/cli/result.ts';
import { loadRuntimeConfig } from '../src/config/runtime.ts';
import { captureMessage } from '../src/intake/capture.ts';
import { sha256 } from '../src/intake/raw-headers.ts';
import { silentLogger } from '../src/log.ts';
import { docketEntries, documents } from '../src/models/schema.ts';
import type { Manifest, ManifestMessage } from '../scripts/eval/lib-corpus.ts';

export type { Manifest, ManifestMessage };

export const EVAL_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../eval');

export interface GotFiling {
  attachment?: string;
  disposition: string;
  codes: string[];
  caseNumber: string | null;
  filedAt: string | null;
}

export interface MessageOutcome {
  area: string;
  id: string;
  family: string;
  expect: ManifestMessage['expect'];
  got: { disposition: string | null; codes: string[]; filings: GotFiling[] };
  /** The findings' details (and each filing's), so a miss shows its reason. */
  details: string[];
  ok: boolean;
  /** What differs, one phrase each; empty when ok. */
  differences: string[];
  wrongFiledDates: number;
  crashed?: string;
  ms: number;
}

export interface AreaReport {
  area: string;
  total: number;
  exact: number;
  wrongFiledDates: number;
  duplicateEntries: number;
  exceptions: number;
  crashes: number;
  outcomes: MessageOutcome[];
  ms: number;
}

export interface EvalOptions {
  root?: string;
  areas?: string[];
  only?: string[];
  /** The slice: the first message of every family. */
  familiesFirst?: boolean;
  onOutcome?: (o: MessageOutcome) => void;
}

/** Target exact-outcome rate per area, printed beside the figure. */
export const TARGET_RATE = 0.98;

export function listAreas(root = EVAL_ROOT): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((d) => statSync(join(root, d)).isDirectory() && existsSync(join(root, d, 'manifest.json')))
    .sort();
}

export function readManifest(areaDir: string): Manifest {
  return JSON.parse(readFileSync(join(areaDir, 'manifest.json'), 'utf8')) as Manifest;
}

export function selectMessages(manifest: Manifest, opts: Pick<EvalOptions, 'only' | 'familiesFirst'>): ManifestMessage[] {
  let msgs = manifest.messages;
  if (opts.only?.length) msgs = msgs.filter((m) => opts.only!.includes(m.id));
  if (opts.familiesFirst) {
    const seen = new Set<string>();
    msgs = msgs.filter((m) => !seen.has(m.family) && (seen.add(m.family), true));
  }
  // A message that needs others processed first (a resend needs its original) brings
  // them along, in manifest order, so a slice or `--only` still sees what a mailbox saw.
  const wanted = new Set(msgs.map((m) => m.id));
  const byId = new Map(manifest.messages.map((m) => [m.id, m]));
  const pending = [...wanted];
  while (pending.length) {
    for (const id of byId.get(pending.pop()!)?.after ?? []) if (!wanted.has(id)) wanted.add(id), pending.push(id);
  }
  return manifest.messages.filter((m) => wanted.has(m.id));
}

const sameSet = (a: string[], b: string[]) => {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
};

/** The same instant written the same way (a trailing `.000` of milliseconds aside). */
const sameTime = (a: string | null | undefined, b: string | null | undefined) => (a ?? null) === (b ?? null) || (a != null && b != null && a.replace(/\.000(?=[+-Z])/, '') === b.replace(/\.000(?=[+-Z])/, ''));
const sameInstant = (a: string, b: string) => new Date(a).getTime() === new Date(b).getTime();

/** Compares one result with its expectation; only the keys the manifest gives are compared. */
export function compare(expect: ManifestMessage['expect'], got: MessageOutcome['got']): { differences: string[]; wrongFiledDates: number } {
  const differences: string[] = [];
  let wrongFiledDates = 0;
  if (expect.disposition !== undefined && expect.disposition !== got.disposition) differences.push(`disposition ${got.disposition} (expected ${expect.disposition})`);
  if (expect.codes !== undefined && !sameSet(expect.codes, got.codes)) differences.push(`codes [${got.codes.join(', ')}] (expected [${expect.codes.join(', ')}])`);
  if (expect.filings !== undefined) {
    if (expect.filings.length !== got.filings.length) differences.push(`${got.filings.length} filings (expected ${expect.filings.length})`);
    expect.filings.forEach((ef, i) => {
      const gf = got.filings[i];
      if (!gf) return;
      const at = `filing ${i + 1}`;
      if (ef.disposition !== undefined && ef.disposition !== gf.disposition) differences.push(`${at} ${gf.disposition} (expected ${ef.disposition})`);
      if (ef.codes !== undefined && !sameSet(ef.codes, gf.codes)) differences.push(`${at} codes [${gf.codes.join(', ')}] (expected [${ef.codes.join(', ')}])`);
      if (ef.caseNumber !== undefined && (ef.caseNumber ?? null) !== gf.caseNumber) differences.push(`${at} case ${gf.caseNumber} (expected ${ef.caseNumber})`);
      if (ef.filedAt !== undefined && !sameTime(ef.filedAt, gf.filedAt)) differences.push(`${at} filed ${gf.filedAt} (expected ${ef.filedAt})`);
      // P-4: a docketed filing never carries a date other than the stamp's.
      if (gf.disposition === 'docketed' && gf.filedAt) {
        const wrongDate = ef.filedAt != null && !sameInstant(ef.filedAt, gf.filedAt);
        const shouldWait = ef.disposition !== undefined && ef.disposition !== 'docketed';
        if (wrongDate || shouldWait) wrongFiledDates++;
      }
    });
  }
  return { differences, wrongFiledDates };
}

function detailsOf(result: Record<string, unknown>): string[] {
  const out: string[] = [];
  const push = (f: unknown, where = '') => {
    const x = f as { code?: string; detail?: string; attachment?: string };
    if (x?.code) out.push(`${where}${x.code}${x.attachment ? ` [${x.attachment}]` : ''}${x.detail ? `: ${x.detail}` : ''}`);
  };
  for (const f of (result.findings as unknown[]) ?? []) push(f);
  return out;
}

function gotOf(result: Record<string, unknown>): MessageOutcome['got'] {
  const filings = ((result.filings as Record<string, unknown>[]) ?? []).map((f) => ({
    attachment: f.attachment as string | undefined,
    disposition: String(f.disposition),
    codes: (f.codes as string[]) ?? [],
    caseNumber: (f.caseNumber as string | null) ?? null,
    filedAt: (f.filedAt as string | null) ?? null,
  }));
  return { disposition: (result.disposition as string | null) ?? null, codes: (result.codes as string[]) ?? [], filings };
}

async function runMessage(app: App, areaDir: string, area: string, m: ManifestMessage): Promise<MessageOutcome> {
  const started = Date.now();
  const base = { area, id: m.id, family: m.family, expect: m.expect };
  try {
    const path = join(areaDir, m.file);
    const raw = readFileSync(path);
    const arrival = new Date(m.receivedAt);
    if (Number.isNaN(arrival.getTime())) throw new Error(`receivedAt "${m.receivedAt}" is not a date`);
    const captured = await captureMessage(app.store.db, { mailboxId: m.mailbox, sourceRef: `file:${resolve(path)}:${sha256(raw).slice(0, 16)}`, folder: 'process', raw, arrival, fallbackArrival: arrival });
    let crashed: string | undefined;
    try {
      await app.process(captured.messagePk);
    } catch (err) {
      // As `process` does: the message becomes a clerk's exception; here it also counts as a miss.
      crashed = err instanceof Error ? err.message : String(err);
      await app.fail(captured.messagePk, err).catch(() => {});
    }
    const result = await messageResult(app.store.db, captured.messagePk);
    const got = gotOf(result);
    const { differences, wrongFiledDates } = compare(m.expect, got);
    if (crashed) differences.unshift(`crashed: ${crashed}`);
    return { ...base, got, details: detailsOf(result), ok: differences.length === 0, differences, wrongFiledDates, crashed, ms: Date.now() - started };
  } catch (err) {
    const crashed = err instanceof Error ? err.message : String(err);
    return { ...base, got: { disposition: null, codes: [], filings: [] }, details: [], ok: false, differences: [`crashed: ${crashed}`], wrongFiledDates: 0, crashed, ms: Date.now() - started };
  }
}

/** Docket entries made from mail whose main document is one already docketed (P-9, I-2). */
async function duplicateEntries(app: App): Promise<number> {
  const rows = await app.store.db
    .select({ sha: documents.sha256, n: sql<number>`count(distinct ${docketEntries.id})::int` })
    .from(documents)
    .innerJoin(docketEntries, eq(documents.docketEntryId, docketEntries.id))
    .where(and(isNotNull(docketEntries.messagePk), eq(documents.part, 0)))
    .groupBy(documents.sha256);
  return rows.reduce((sum, r) => sum + Math.max(0, Number(r.n) - 1), 0);
}

/** One area in one store, its messages in manifest order (a later one may repeat an earlier one). */
export async function runArea(area: string, opts: EvalOptions = {}): Promise<AreaReport> {
  const started = Date.now();
  const areaDir = join(opts.root ?? EVAL_ROOT, area);
  const manifest = readManifest(areaDir);
  const msgs = selectMessages(manifest, opts);
  const report: AreaReport = { area, total: msgs.length, exact: 0, wrongFiledDates: 0, duplicateEntries: 0, exceptions: 0, crashes: 0, outcomes: [], ms: 0 };
  if (!msgs.length) return report;
  const storeDir = mkdtempSync(join(tmpdir(), `court-intake-eval-${area}-`));
  const config = loadRuntimeConfig(undefined, { ...process.env, DATABASE_URL: '', REDIS_URL: '', COURT_INTAKE_DATA: join(areaDir, 'court.yaml') });
  const app = await createApp({ config, logger: silentLogger, store: { dataDir: join(storeDir, 'db') }, outboxDir: join(storeDir, 'outbox'), inProcess: true });
  try {
    for (const m of msgs) {
      const o = await runMessage(app, areaDir, area, m);
      report.outcomes.push(o);
      if (o.ok) report.exact++;
      if (o.crashed) report.crashes++;
      if (o.got.disposition === 'exception') report.exceptions++;
      report.wrongFiledDates += o.wrongFiledDates;
      opts.onOutcome?.(o);
    }
    report.duplicateEntries = await duplicateEntries(app);
  } finally {
    await app.close();
    rmSync(storeDir, { recursive: true, force: true });
  }
  report.ms = Date.now() - started;
  return report;
}

export async function runEval(opts: EvalOptions = {}): Promise<AreaReport[]> {
  const areas = opts.areas?.length ? opts.areas : listAreas(opts.root);
  const reports: AreaReport[] = [];
  for (const area of areas) reports.push(await runArea(area, opts));
  return reports;
}

const pct = (n: number, d: number) => (d ? ((100 * n) / d).toFixed(1) : '0.0');

function describeGot(o: MessageOutcome): string {
  const f = o.got.filings.map((x) => `${x.disposition}${x.codes.length ? `(${x.codes.join(',')})` : ''} ${x.caseNumber ?? '-'} ${x.filedAt ?? '-'}`);
  return `${o.got.disposition} [${o.got.codes.join(', ')}]${f.length ? ` filings: ${f.join('; ')}` : ''}`;
}

function describeExpect(o: MessageOutcome): string {
  const e = o.expect;
  const f = (e.filings ?? []).map((x) => `${x.disposition ?? '?'}${x.codes?.length ? `(${x.codes.join(',')})` : ''} ${x.caseNumber ?? '-'} ${x.filedAt ?? '-'}`);
  return `${e.disposition ?? '(any)'} [${e.codes?.join(', ') ?? '(any)'}]${f.length ? ` filings: ${f.join('; ')}` : ''}`;
}

export function formatMiss(o: MessageOutcome): string {
  const lines = [`  ✗ ${o.id}  (${o.family})`, `      expected: ${describeExpect(o)}`, `      got:      ${describeGot(o)}`, `      differs:  ${o.differences.join('; ')}`];
  for (const d of o.details) lines.push(`      detail:   ${d}`);
  return lines.join('\n');
}

export function formatReport(reports: AreaReport[]): string {
  const out: string[] = [];
  for (const r of reports) {
    out.push(
      `${r.area.padEnd(14)} ${`${r.exact}/${r.total}`.padStart(7)}  ${pct(r.exact, r.total).padStart(5)} %   target ≥ ${TARGET_RATE * 100} %   wrong filed dates ${r.wrongFiledDates}   duplicate entries ${r.duplicateEntries}   exceptions ${r.exceptions}   crashes ${r.crashes}   ${(r.ms / 1000).toFixed(1)} s`,
    );
    for (const o of r.outcomes.filter((x) => !x.ok)) out.push(formatMiss(o));
  }
  const total = reports.reduce((s, r) => s + r.total, 0);
  const exact = reports.reduce((s, r) => s + r.exact, 0);
  if (reports.length > 1) out.push(`${'all'.padEnd(14)} ${`${exact}/${total}`.padStart(7)}  ${pct(exact, total).padStart(5)} %   wrong filed dates ${reports.reduce((s, r) => s + r.wrongFiledDates, 0)}   duplicate entries ${reports.reduce((s, r) => s + r.duplicateEntries, 0)}`);
  return out.join('\n') + '\n';
}

function parseArgs(argv: string[]): EvalOptions & { json: boolean } {
  const opts: EvalOptions & { json: boolean } = { json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (!v) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--json') opts.json = true;
    else if (a === '--families-first') opts.familiesFirst = true;
    else if (a.startsWith('--area')) opts.areas = [...(opts.areas ?? []), ...value().split(',')];
    else if (a.startsWith('--only')) opts.only = value().split(',');
    else throw new Error(`unknown option ${a} (options: --area NAME, --only ID,ID, --json, --families-first)`);
  }
  return opts;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const known = listAreas(opts.root);
  for (const a of opts.areas ?? []) if (!known.includes(a)) throw new Error(`no area "${a}" under eval/ (there: ${known.join(', ') || 'none'})`);
  const reports = await runEval({
    ...opts,
    onOutcome: (o) => {
      if (opts.json) process.stdout.write(JSON.stringify(o) + '\n');
      else process.stderr.write(`${o.ok ? '.' : 'x'}`);
    },
  });
  if (!opts.json) process.stderr.write('\n');
  if (opts.json) process.stdout.write(JSON.stringify({ summary: reports.map(({ outcomes, ...r }) => r) }) + '\n');
  else process.stdout.write(formatReport(reports));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    () => process.exit(0),
    (err) => {
      process.stderr.write(`eval: ${err instanceof Error ? err.message : err}\n`);
      process.exit(1);
    },
  );
}
