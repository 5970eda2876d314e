/**
 * Puts hostile inputs through the real `court-intake process --json`, in batches per
 * mailbox and court with a fresh --store each, and judges every input:
 *
 * - answered: a JSON line with a disposition that is not PROCESSING_FAILED;
 * - failed: the process died (signal or exit ≠ 0) while on it, gave no line for it, or
 *   answered PROCESSING_FAILED; or its memory went over the ceiling (it is then killed);
 * - hung: no line within the time limit: the batch's process group is killed and the
 *   rest of the batch goes on in a new process.
 *
 * Start-up is paid per batch, not per input: each batch begins with a primer (an
 * auto-reply, ignored at once), so an input's time is the time between its line and the
 * line before it. Memory is sampled every ~100 ms over the batch process and all its
 * descendants; the worst single process is reported.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { REPO } from './corpus.ts';
import type { FuzzInput } from './generate.ts';
import { treeMemory } from './rss.ts';
import type { Family } from './types.ts';

export type Status = 'answered' | 'failed' | 'hung';

export interface InputResult {
  index: number;
  seed: number;
  family: Family | string;
  mutation: string;
  base: string;
  mailbox: string;
  file: string;
  status: Status;
  disposition?: string;
  codes?: string[];
  /** The JSON result as printed (answered or PROCESSING_FAILED). */
  result?: Record<string, unknown>;
  seconds: number;
  /** Worst single process while this input was being processed. */
  peakRssMb: number;
  /** What happened, for a failed or hung input. */
  what?: string;
  stderrTail?: string[];
}

export interface RunOptions {
  /** Seconds without a line before an input counts as hung. */
  timeoutSeconds?: number;
  /** Seconds the batch process may take to start and answer its primer. */
  startupSeconds?: number;
  /** Inputs per process. */
  batchSize?: number;
  /** Batches at a time. */
  jobs?: number;
  /** A process over this resident size is killed and its input failed (protects the machine). */
  rssCeilingMb?: number;
  /** Where the inputs are written (kept); a temporary folder, removed at the end, when absent. */
  keepDir?: string;
  onResult?: (r: InputResult) => void;
  /** Extra environment for the batch process. */
  env?: NodeJS.ProcessEnv;
}

interface Pending {
  meta: Omit<InputResult, 'status' | 'seconds' | 'peakRssMb' | 'file'>;
  file: string;
  data: string;
}

const BIN = join(REPO, 'bin/court-intake.js');
const live = new Set<ChildProcess>();

/** Kills every batch process group still running (on exit of the runner, or of a test). */
export function killAll(): void {
  for (const child of live) killGroup(child);
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

process.once('exit', killAll);

/** An auto-reply every mailbox ignores at once (I-3): its line marks the end of start-up. */
function primer(address: string): string {
  return [
    'From: MAILER-DAEMON@primer.example.org',
    `To: ${address}`,
    'Subject: primer',
    'Message-ID: <primer@fuzz.example.org>',
    'Date: Mon, 03 Mar 2014 10:00:00 -0500',
    'Auto-Submitted: auto-generated',
    'Content-Type: text/plain',
    '',
    'primer',
    '',
  ].join('\r\n');
}

function tail(lines: string[], n = 8): string[] {
  return lines.slice(-n).map((l) => (l.length > 400 ? `${l.slice(0, 400)}…` : l));
}

/** One process over `batch`; resolves with the inputs it did not reach (to run in a new process). */
function runBatch(batch: Pending[], workDir: string, opts: Required<Omit<RunOptions, 'keepDir' | 'onResult' | 'env'>> & RunOptions, emit: (r: InputResult) => void): Promise<Pending[]> {
  const { mailbox, data } = { mailbox: batch[0]!.meta.mailbox, data: batch[0]!.data };
  const store = mkdtempSync(join(workDir, 'store-'));
  const primerFile = join(store, 'primer.eml');
  writeFileSync(primerFile, primer(`${mailbox}@fuzz.example.org`));
  const args = [BIN, 'process', '--mailbox', mailbox, '--data', data, '--store', store, '--json', primerFile, ...batch.map((p) => p.file)];
  const child = spawn(process.execPath, args, { cwd: REPO, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'warn', ...opts.env } });
  live.add(child);
  /** What the process wrote to stderr since the current input began. */
  const stderr: string[] = [];
  let next = 0; // the input being processed (its index in batch)
  let primed = false;
  let last = Date.now();
  let inputPeakKb = 0;
  let killedFor: { status: Status; what: string } | undefined;
  const lastHwm = new Map<number, number>();
  let buffered = '';
  let errBuffered = '';

  return new Promise((resolveBatch) => {
    let lastResult: InputResult | undefined;
    let answeredFailed = false;
    const finishInput = (status: Status, extra: Partial<InputResult>) => {
      const p = batch[next]!;
      lastResult = { ...p.meta, file: p.file, status, seconds: (Date.now() - last) / 1000, peakRssMb: Math.round(inputPeakKb / 1024), ...extra };
      emit(lastResult);
      next++;
      last = Date.now();
      inputPeakKb = 0;
      stderr.length = 0;
    };
    const onLine = (line: string) => {
      let json: Record<string, unknown>;
      try {
        json = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      if (!primed) {
        primed = true;
        last = Date.now();
        inputPeakKb = 0;
        stderr.length = 0;
        return;
      }
      if (next >= batch.length) return;
      const disposition = typeof json.disposition === 'string' ? json.disposition : undefined;
      const codes = Array.isArray(json.codes) ? (json.codes as string[]) : [];
      const failed = !disposition || codes.includes('PROCESSING_FAILED');
      const findings = (json.findings as Array<{ code?: string; detail?: string }> | undefined) ?? [];
      const what = failed ? `answered ${disposition ?? 'without a disposition'} (${codes.join(', ') || 'no codes'})${findings[0]?.detail ? `: ${findings[0].detail}` : ''}` : undefined;
      if (failed) answeredFailed = true;
      finishInput(failed ? 'failed' : 'answered', { disposition, codes, result: json, what, stderrTail: failed ? tail(stderr) : undefined });
    };
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      buffered += d;
      let i: number;
      while ((i = buffered.indexOf('\n')) >= 0) {
        onLine(buffered.slice(0, i));
        buffered = buffered.slice(i + 1);
      }
    });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      errBuffered += d;
      const parts = errBuffered.split('\n');
      errBuffered = parts.pop()!;
      stderr.push(...parts.filter((l) => l.trim()));
      if (stderr.length > 200) stderr.splice(0, stderr.length - 200);
    });

    const timer = setInterval(() => {
      if (child.pid === undefined || killedFor) return;
      for (const m of treeMemory(child.pid)) {
        const rose = m.hwmKb > (lastHwm.get(m.pid) ?? 0) ? m.hwmKb : 0;
        lastHwm.set(m.pid, m.hwmKb);
        inputPeakKb = Math.max(inputPeakKb, m.rssKb, primed ? rose : 0);
        if (m.rssKb > opts.rssCeilingMb * 1024) {
          killedFor = { status: 'failed', what: `resident memory over ${opts.rssCeilingMb} MB (pid ${m.pid}): killed` };
          inputPeakKb = Math.max(inputPeakKb, m.rssKb);
        }
      }
      const waited = (Date.now() - last) / 1000;
      if (!killedFor && !primed && waited > opts.startupSeconds) killedFor = { status: 'failed', what: `no answer to the primer within ${opts.startupSeconds} s: the process did not start` };
      if (!killedFor && primed && waited > opts.timeoutSeconds) killedFor = { status: 'hung', what: `no line within ${opts.timeoutSeconds} s: killed` };
      if (killedFor) killGroup(child);
    }, 100);

    child.on('close', (code, signal) => {
      clearInterval(timer);
      live.delete(child);
      if (buffered.trim()) onLine(buffered);
      if (errBuffered.trim()) stderr.push(errBuffered);
      rmSync(store, { recursive: true, force: true });
      if (next < batch.length) {
        const what = killedFor?.what ?? (signal ? `the process died by ${signal} while on it` : `the process exited ${code} while on it, without a line for it`);
        if (!primed && !killedFor) {
          // The product did not start at all: every input of the batch is failed with that reason.
          while (next < batch.length) finishInput('failed', { what: `the process ended before its first answer (${signal ?? `exit ${code}`})`, stderrTail: tail(stderr) });
          return resolveBatch([]);
        }
        if (!primed) {
          while (next < batch.length) finishInput('failed', { what, stderrTail: tail(stderr) });
          return resolveBatch([]);
        }
        finishInput(killedFor?.status ?? 'failed', { what, stderrTail: tail(stderr) });
        return resolveBatch(batch.slice(next));
      }
      // Exit ≠ 0 after every line although none was PROCESSING_FAILED: the product failed on the way out.
      if (code !== 0 && lastResult?.status === 'answered' && !answeredFailed) {
        Object.assign(lastResult, { status: 'failed', what: `the process exited ${signal ?? code} after the last line`, stderrTail: tail(stderr) });
      }
      resolveBatch([]);
    });
  });
}

/** Writes the inputs, runs them in batches (per mailbox and court), and returns every result in input order. */
export async function runInputs(inputs: AsyncIterable<FuzzInput> | Iterable<FuzzInput>, options: RunOptions = {}): Promise<InputResult[]> {
  const opts = { timeoutSeconds: 90, startupSeconds: 120, batchSize: 40, jobs: 1, rssCeilingMb: 4096, ...options };
  const workDir = mkdtempSync(join(tmpdir(), 'court-intake-fuzz-'));
  const inputDir = opts.keepDir ? resolve(opts.keepDir) : join(workDir, 'inputs');
  mkdirSync(inputDir, { recursive: true });
  const groups = new Map<string, Pending[]>();
  for await (const input of inputs) {
    const file = join(inputDir, input.name);
    writeFileSync(file, input.eml);
    const { eml: _eml, name: _name, data, ...meta } = input;
    const key = `${data}\u0000${input.mailbox}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push({ meta, file, data });
  }
  const queue: Pending[][] = [];
  for (const list of groups.values()) for (let i = 0; i < list.length; i += opts.batchSize) queue.push(list.slice(i, i + opts.batchSize));
  const results: InputResult[] = [];
  const emit = (r: InputResult) => {
    results.push(r);
    opts.onResult?.(r);
  };
  try {
    const worker = async () => {
      for (let batch = queue.shift(); batch; batch = queue.shift()) {
        const rest = await runBatch(batch, workDir, opts, emit);
        if (rest.length) queue.unshift(rest);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, opts.jobs) }, worker));
  } finally {
    killAll();
    rmSync(workDir, { recursive: true, force: true });
  }
  return results.sort((a, b) => a.index - b.index);
}
