/**
 * Runs `court-intake process` on scanned prisoner filings many times, several at once, and
 * counts how the processes ended: a native crash in the PDF/OCR stack (SIGSEGV, SIGABRT)
 * only shows when many runs share the machine, so one run proves nothing.
 *
 *   npm run stress:segv -- [--runs 200] [--parallel 3] [--timeout 300] [--out DIR]
 *                          [--cores] [--node-arg ARG]... [FILE.eml ...]
 *
 * Each run is a separate process (`node bin/court-intake.js process FILE --json`) with its
 * own temporary store and working directory. Runs cycle through FILE.eml (default: a mix
 * of scanned filings of eval/filings, with a multi-page filing and a forwarded one).
 * `--cores` lifts the core-file limit of each run, so a crashed run leaves `core*` in its
 * directory (with the kernel's default core_pattern); `--node-arg` passes a flag to node
 * (e.g. `--report-on-fatalerror`, or `--import FILE` to change something for a test).
 * The directories of runs that did not exit 0 are kept (stdout, stderr, core), the others
 * removed. Every run ends by itself or is killed at `--timeout`; Ctrl-C ends the runs in
 * progress and reports the finished ones. Exit status: 1 when any run was killed by a
 * signal, 0 otherwise, 2 bad usage.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CORPUS = join(ROOT, 'eval/filings');

/**
 * Ordinary scanned filings: one-page stamps of several kinds, a 1-bit scan, 3- and 4-page
 * filings, two PDFs in one message, and filings forwarded as message/rfc822.
 */
const DEFAULT_IDS = ['f-001', 'f-004', 'f-025', 'f-036', 'f-038', 'f-089', 'f-097', 'f-098'];

interface Options {
  runs: number;
  parallel: number;
  timeoutS: number;
  out: string | undefined;
  cores: boolean;
  nodeArgs: string[];
  files: string[];
}

interface Outcome {
  run: number;
  file: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  ms: number;
  stdoutBytes: number;
  dir: string;
  cores: string[];
}

function usage(msg: string): never {
  process.stderr.write(`segv-loop: ${msg}\nusage: segv-loop [--runs N] [--parallel N] [--timeout S] [--out DIR] [--cores] [--node-arg ARG]... [FILE.eml ...]\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): Options {
  const o: Options = { runs: 200, parallel: 3, timeoutS: 300, out: undefined, cores: false, nodeArgs: [], files: [] };
  const count = (flag: string, v: string | undefined): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) usage(`${flag} needs a whole number ≥ 1, got ${v ?? 'nothing'}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--runs': case '-r': o.runs = count(flag, value()); break;
      case '--parallel': case '-p': o.parallel = count(flag, value()); break;
      case '--timeout': o.timeoutS = count(flag, value()); break;
      case '--out': o.out = value() ?? usage('--out needs a directory'); break;
      case '--cores': o.cores = true; break;
      case '--node-arg': o.nodeArgs.push(value() ?? usage('--node-arg needs a value')); break;
      case '--help': case '-h': usage('help');
      default:
        if (a.startsWith('-')) usage(`unknown option ${a}`);
        o.files.push(resolve(a));
    }
  }
  if (o.files.length === 0) o.files = defaultFiles();
  for (const f of o.files) if (!existsSync(f)) usage(`no such file ${f}`);
  return o;
}

function defaultFiles(): string[] {
  const manifest = JSON.parse(readFileSync(join(CORPUS, 'manifest.json'), 'utf8')) as { messages: { id: string; file: string }[] };
  const files = DEFAULT_IDS.flatMap((id) => manifest.messages.filter((m) => m.id === id).map((m) => join(CORPUS, m.file)));
  if (files.length === 0) usage(`none of ${DEFAULT_IDS.join(', ')} is in ${relative(ROOT, CORPUS)}/manifest.json: name the files`);
  return files;
}

/** Runs still going; ended with SIGTERM when the loop itself is interrupted. */
const running = new Set<import('node:child_process').ChildProcess>();
let interrupted = false;

/** One `process` run in `dir`; resolves when the process has ended, however it ended. */
function runOnce(o: Options, run: number, file: string, dir: string): Promise<Outcome> {
  const args = [
    ...o.nodeArgs,
    join(ROOT, 'bin/court-intake.js'),
    'process', file,
    '--mailbox', 'clerk',
    '--data', join(CORPUS, 'court.yaml'),
    '--store', join(dir, 'store'),
    '--json',
  ];
  // `exec` keeps the pid, so the signal that ends node is the one reported here.
  const [cmd, argv] = o.cores
    ? ['/bin/sh', ['-c', 'ulimit -c unlimited && exec "$@"', 'sh', process.execPath, ...args]]
    : [process.execPath, args];
  const started = performance.now();
  return new Promise((done) => {
    const child = spawn(cmd, argv as string[], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' } });
    running.add(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, o.timeoutS * 1000);
    child.on('close', (code, signal) => {
      running.delete(child);
      clearTimeout(timer);
      const stdout = Buffer.concat(out);
      writeFileSync(join(dir, 'stdout'), stdout);
      writeFileSync(join(dir, 'stderr'), Buffer.concat(err));
      const cores = readdirSync(dir).filter((n) => n.startsWith('core'));
      done({ run, file, code, signal, timedOut, ms: performance.now() - started, stdoutBytes: stdout.length, dir, cores });
    });
  });
}

function kindOf(r: Outcome): string {
  if (r.timedOut) return 'timed out (killed)';
  if (r.signal) return `killed by ${r.signal}`;
  return r.code === 0 ? 'exit 0' : `exit ${r.code}`;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const out = o.out ? resolve(o.out) : mkdtempSync(join(tmpdir(), 'segv-loop-'));
  mkdirSync(out, { recursive: true });
  process.stderr.write(
    `segv-loop: ${o.runs} runs, ${o.parallel} at a time, over ${o.files.length} files` +
      `${o.nodeArgs.length ? `, node ${o.nodeArgs.join(' ')}` : ''}; run directories in ${out}\n`,
  );
  const started = performance.now();
  const results: Outcome[] = [];
  let next = 0;
  // Ctrl-C or SIGTERM: end the runs going on (they are not counted) and report the others.
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      interrupted = true;
      for (const child of running) child.kill('SIGTERM');
    });
  }
  const lane = async (): Promise<void> => {
    while (next < o.runs && !interrupted) {
      const run = next++;
      const file = o.files[run % o.files.length]!;
      const dir = join(out, `run-${String(run + 1).padStart(4, '0')}`);
      mkdirSync(dir, { recursive: true });
      const r = await runOnce(o, run + 1, file, dir);
      if (interrupted) break;
      results.push(r);
      if (r.code === 0 && !r.signal && !r.timedOut) rmSync(dir, { recursive: true, force: true });
      else process.stderr.write(`  run ${r.run} ${relative(ROOT, file)}: ${kindOf(r)}${r.stdoutBytes === 0 ? ', nothing on stdout' : ''} (${relative(ROOT, dir) || dir})\n`);
      if (results.length % 10 === 0) process.stderr.write(`  … ${results.length}/${o.runs} done\n`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.parallel, o.runs) }, lane));
  const wallS = (performance.now() - started) / 1000;

  const byKind = new Map<string, number>();
  for (const r of results) byKind.set(kindOf(r), (byKind.get(kindOf(r)) ?? 0) + 1);
  const signalled = results.filter((r) => r.signal && !r.timedOut);
  const count = (pred: (r: Outcome) => boolean) => results.filter(pred).length;
  const lines = [
    `runs: ${results.length}${interrupted ? ` (interrupted; ${o.runs} asked)` : ''} (${o.parallel} at a time, ${o.files.length} files)`,
    `exit 0: ${count((r) => r.code === 0)}`,
    `exit other: ${count((r) => r.code !== null && r.code !== 0)}`,
    `SIGSEGV: ${count((r) => r.signal === 'SIGSEGV' && !r.timedOut)}`,
    `SIGABRT: ${count((r) => r.signal === 'SIGABRT' && !r.timedOut)}`,
    `other signal: ${count((r) => r.signal !== null && r.signal !== 'SIGSEGV' && r.signal !== 'SIGABRT' && !r.timedOut)}`,
    `timed out: ${count((r) => r.timedOut)}`,
    `by kind: ${[...byKind].map(([k, n]) => `${k} ×${n}`).join(', ') || 'none'}`,
    `wall time: ${wallS.toFixed(1)} s (${(wallS / Math.max(1, results.length)).toFixed(2)} s per run)`,
  ];
  const died = results.filter((r) => r.code !== 0 || r.signal || r.timedOut).sort((a, b) => a.run - b.run);
  if (died.length) {
    lines.push('died:');
    for (const r of died) {
      lines.push(`  run ${r.run}: ${relative(ROOT, r.file)} — ${kindOf(r)}, ${(r.ms / 1000).toFixed(1)} s, ${r.dir}${r.cores.length ? ` (core: ${r.cores.join(', ')})` : ''}`);
    }
  }
  const diedFiles = new Map<string, number>();
  for (const r of signalled) diedFiles.set(relative(ROOT, r.file), (diedFiles.get(relative(ROOT, r.file)) ?? 0) + 1);
  if (diedFiles.size) lines.push(`files killed by a signal: ${[...diedFiles].map(([f, n]) => `${f} ×${n}`).join(', ')}`);
  process.stdout.write(lines.join('\n') + '\n');
  writeFileSync(join(out, 'summary.txt'), lines.join('\n') + '\n');
  process.exitCode = signalled.length > 0 ? 1 : 0;
}

main().catch((err) => {
  process.stderr.write(`segv-loop: ${String((err as Error)?.stack ?? err)}\n`);
  process.exit(2);
});
