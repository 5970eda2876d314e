/**
 * A pool of child processes that do all work on untrusted documents: MIME parsing, PDF
 * parsing and rendering (pdfjs + @napi-rs/canvas), image decoding, OCR (tesseract.js)
 * and Word reading. Native code can crash (a segmentation fault in the canvas), and a
 * hostile file can ask for gigabytes or minutes; in a child, that ends the child, not
 * the daemon, its queue worker or the other messages.
 *
 * - Processes, not threads: a thread that faults takes its process with it. Each child
 *   runs one task at a time (src/documents/child.ts); the pool is sized to the cores.
 * - A child that dies (signal, exit, out of memory), exceeds the task's time limit, or
 *   grows past the RSS limit (watched from here, from /proc, because a child stuck in
 *   native code cannot watch itself) is killed and replaced. Its task runs once more in a
 *   fresh child; a second failure rejects with DocumentUnsafeError ("could not be
 *   processed safely"), which callers turn into ATTACHMENT_UNREADABLE or an exception.
 * - Errors that come from the input (an unreadable PDF, a limit exceeded) come back as
 *   the reader's own error classes, decided on the first attempt.
 * - Idle children are unref'd so an idle pool never keeps a process alive.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_LIMITS, LimitExceededError, type DocumentLimits } from '../parsers/limits.ts';
import { PdfUnreadableError, type PdfUnreadableKind } from '../parsers/pdf-errors.ts';
import { WordUnreadableError, type WordUnreadableKind } from '../parsers/word-model.ts';
import type { Tasks } from './tasks.ts';

export type TaskName = keyof Tasks;
type Args<K extends TaskName> = Parameters<Tasks[K]>;
type Result<K extends TaskName> = Awaited<ReturnType<Tasks[K]>>;

export interface DocumentPoolOptions {
  /** Child processes (default: the number of cores). */
  size?: number;
  /** OCR threads in each child (default 1: the children already use every core). */
  ocrThreads?: number;
  /** Time limit of one task (default 150 s: a 60-page scan read whole by OCR). */
  taskTimeoutMs?: number;
  /** A child using more memory than this is killed (default 1200 MB). */
  maxRssMb?: number;
  /** V8 heap of a child (--max-old-space-size, default 1024 MB). */
  heapMb?: number;
  /** Bounds on document work, handed to every child. */
  limits?: Partial<DocumentLimits>;
  /** Called when a child dies or is killed (for logs). */
  onChildFailure?: (info: ChildFailure) => void;
}

export interface ChildFailure {
  task: TaskName;
  pid: number | undefined;
  /** 'crashed' (a signal or an exit), 'timeout', 'memory', 'error' (the reader threw something unexpected). */
  why: 'crashed' | 'timeout' | 'memory' | 'error';
  detail: string;
  attempt: number;
}

/** The document could not be processed safely: its reader crashed, hung or ran out of memory twice. */
export class DocumentUnsafeError extends Error {
  readonly code = 'ATTACHMENT_UNREADABLE';
  readonly reason = 'The file could not be processed safely. Scan or save the document again and send the new file.';
  constructor(
    readonly task: TaskName,
    readonly why: ChildFailure['why'],
    detail: string,
  ) {
    super(`document task ${task} failed twice (${why}: ${detail})`);
    this.name = 'DocumentUnsafeError';
  }
}

/** An error as it crosses the process boundary. */
export interface WireError {
  name: string;
  message: string;
  code?: string;
  kind?: string;
  reason?: string;
  limit?: string;
  page?: number;
  /** The error comes from the input and is final (the reader's own error classes). */
  input: boolean;
}

type Reply = { id: number; ok: true; value: unknown; ocr?: { seconds: number; count: number } } | { id: number; ok: false; error: WireError; ocr?: { seconds: number; count: number } };

interface Job {
  id: number;
  task: TaskName;
  args: unknown[];
  timeoutMs: number;
  attempt: number;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

interface Child {
  proc: ChildProcess;
  job?: Job;
  timer?: NodeJS.Timeout;
  dead: boolean;
  /** Has run a task: a retry goes to a child that has not (its state is the one thing known). */
  used: boolean;
}

const here = fileURLToPath(import.meta.url);
const require = createRequire(import.meta.url);
/** Run from the TypeScript sources (tsx) or from compiled JavaScript: the child is alike. */
const CHILD_ENTRY = here.replace(/pool\.(ts|js)$/, 'child.$1');
const CHILD_LOADER = here.endsWith('.ts') ? ['--import', pathToFileURL(require.resolve('tsx')).href] : [];

/** Resident memory of a process in MB, from /proc (Linux); undefined elsewhere or when gone. */
export function rssMb(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export class DocumentPool {
  readonly size: number;
  readonly #opts: Required<Omit<DocumentPoolOptions, 'onChildFailure' | 'limits'>> & Pick<DocumentPoolOptions, 'onChildFailure'> & { limits: DocumentLimits };
  readonly #children = new Set<Child>();
  readonly #waiting: Job[] = [];
  #nextId = 1;
  #watch?: NodeJS.Timeout;
  #closed = false;
  readonly #ocr = { seconds: 0, count: 0 };
  readonly #failures = { crashed: 0, timeout: 0, memory: 0, error: 0 };
  #peakRssMb = 0;

  constructor(opts: DocumentPoolOptions = {}) {
    this.size = Math.max(1, opts.size ?? os.availableParallelism());
    this.#opts = {
      size: this.size,
      ocrThreads: Math.max(1, opts.ocrThreads ?? 1),
      taskTimeoutMs: opts.taskTimeoutMs ?? 150_000,
      maxRssMb: opts.maxRssMb ?? 1200,
      heapMb: opts.heapMb ?? 1024,
      limits: { ...DEFAULT_LIMITS, ...opts.limits },
      onChildFailure: opts.onChildFailure,
    };
  }

  /** Runs `task` in a child. Input errors reject with the reader's error; unsafe documents with DocumentUnsafeError. */
  run<K extends TaskName>(task: K, ...args: Args<K>): Promise<Result<K>> {
    return this.runWith({}, task, ...args);
  }

  runWith<K extends TaskName>(o: { timeoutMs?: number }, task: K, ...args: Args<K>): Promise<Result<K>> {
    if (this.#closed) return Promise.reject(poolClosed());
    return new Promise<Result<K>>((resolve, reject) => {
      this.#waiting.push({ id: this.#nextId++, task, args, timeoutMs: o.timeoutMs ?? this.#opts.taskTimeoutMs, attempt: 1, resolve: resolve as (v: unknown) => void, reject });
      this.#dispatch();
    });
  }

  /** OCR time spent in the children, failures by kind, and the largest child seen. */
  stats(): { ocr: { seconds: number; count: number }; failures: Record<ChildFailure['why'], number>; peakRssMb: number; children: number } {
    return { ocr: { ...this.#ocr }, failures: { ...this.#failures }, peakRssMb: Math.round(this.#peakRssMb), children: this.#children.size };
  }

  /** Process ids of the live children (for tests that kill one, and for the fuzz harness). */
  pids(which: 'all' | 'busy' = 'all'): number[] {
    return [...this.#children].filter((c) => !c.dead && c.proc.pid !== undefined && (which === 'all' || c.job)).map((c) => c.proc.pid!);
  }

  /** Kills every child; waiting and running tasks reject. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#watch);
    for (const job of this.#waiting.splice(0)) job.reject(poolClosed());
    const exits: Promise<void>[] = [];
    for (const c of this.#children) {
      const job = c.job;
      c.job = undefined;
      job?.reject(poolClosed());
      exits.push(this.#kill(c));
    }
    await Promise.all(exits);
  }

  #dispatch(): void {
    while (this.#waiting.length) {
      const job = this.#waiting[0]!;
      const idle = [...this.#children].filter((c) => !c.dead && !c.job);
      // A task that failed once runs again in a fresh child, never in one that may share
      // whatever broke the first (a corrupted heap, a leaked native buffer).
      let child = job.attempt > 1 ? idle.find((c) => !c.used) : idle[0];
      if (!child) {
        if (this.#children.size >= this.size) {
          const stale = job.attempt > 1 ? idle[0] : undefined;
          if (!stale) return;
          void this.#kill(stale);
        }
        child = this.#spawn();
      }
      this.#start(child, this.#waiting.shift()!);
    }
  }

  #spawn(): Child {
    const proc = fork(CHILD_ENTRY, [], {
      execArgv: [...CHILD_LOADER, `--max-old-space-size=${this.#opts.heapMb}`],
      serialization: 'advanced',
      // The child's output goes to our stderr: stdout is the CLI's (`process --json`).
      stdio: ['ignore', 2, 2, 'ipc'],
      env: {
        ...process.env,
        COURT_INTAKE_DOCUMENT_CHILD: '1',
        COURT_INTAKE_OCR_THREADS: String(this.#opts.ocrThreads),
        COURT_INTAKE_LIMITS: JSON.stringify(this.#opts.limits),
      },
    });
    const child: Child = { proc, dead: false, used: false };
    this.#children.add(child);
    proc.on('message', (m: Reply) => this.#onReply(child, m));
    proc.on('exit', (code, signal) => this.#onExit(child, code, signal));
    proc.on('error', () => {
      // 'exit' follows (or the spawn failed): handled there.
    });
    this.#idle(child);
    this.#watch ??= setInterval(() => this.#watchMemory(), 100).unref();
    return child;
  }

  #start(child: Child, job: Job): void {
    child.job = job;
    child.used = true;
    child.proc.ref();
    (child.proc.channel as { ref?: () => void } | undefined)?.ref?.();
    child.timer = setTimeout(() => this.#fail(child, 'timeout', `took longer than ${Math.round(job.timeoutMs / 1000)} s`), job.timeoutMs);
    try {
      child.proc.send({ id: job.id, task: job.task, args: job.args });
    } catch (err) {
      this.#fail(child, 'crashed', `could not be reached: ${(err as Error).message}`);
    }
  }

  #idle(child: Child): void {
    child.proc.unref();
    (child.proc.channel as { unref?: () => void } | undefined)?.unref?.();
  }

  #onReply(child: Child, m: Reply): void {
    const job = child.job;
    if (!job || m.id !== job.id) return;
    if (m.ocr) {
      this.#ocr.seconds += m.ocr.seconds;
      this.#ocr.count += m.ocr.count;
    }
    if (!m.ok && !m.error.input) {
      this.#fail(child, 'error', `${m.error.name}: ${m.error.message}`.slice(0, 300));
      return;
    }
    clearTimeout(child.timer);
    child.job = undefined;
    this.#idle(child);
    if (m.ok) job.resolve(m.value);
    else job.reject(fromWire(m.error));
    this.#dispatch();
  }

  #onExit(child: Child, code: number | null, signal: NodeJS.Signals | null): void {
    if (child.dead) return;
    this.#fail(child, 'crashed', signal ? `killed by ${signal}` : `exited with code ${code}`);
  }

  /** The child is done for: kill it, then retry its task once in a fresh child or give up. */
  #fail(child: Child, why: ChildFailure['why'], detail: string): void {
    const job = child.job;
    child.job = undefined;
    clearTimeout(child.timer);
    void this.#kill(child);
    if (job) {
      this.#failures[why]++;
      this.#opts.onChildFailure?.({ task: job.task, pid: child.proc.pid, why, detail, attempt: job.attempt });
      if (this.#closed) job.reject(poolClosed());
      else if (job.attempt < 2) this.#waiting.unshift({ ...job, attempt: job.attempt + 1 });
      else job.reject(new DocumentUnsafeError(job.task, why, detail));
    }
    this.#dispatch();
  }

  #kill(child: Child): Promise<void> {
    this.#children.delete(child);
    if (child.dead) return Promise.resolve();
    child.dead = true;
    const { proc } = child;
    if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      proc.once('exit', () => resolve());
      // An idle child is unref'd: hold the loop until its exit is seen.
      proc.ref();
      proc.kill('SIGKILL');
    });
  }

  #watchMemory(): void {
    for (const c of this.#children) {
      if (c.dead || c.proc.pid === undefined) continue;
      const mb = rssMb(c.proc.pid);
      if (mb === undefined) continue;
      if (mb > this.#peakRssMb) this.#peakRssMb = mb;
      if (mb > this.#opts.maxRssMb) {
        if (c.job) this.#fail(c, 'memory', `used ${Math.round(mb)} MB, more than ${this.#opts.maxRssMb} MB`);
        else void this.#kill(c);
      }
    }
  }
}

/** The pool ended under a task (shutdown): the message is processed again after the restart. */
function poolClosed(): Error {
  return Object.assign(new Error('the document pool was closed'), { code: 'POOL_CLOSED' });
}

/** Rebuilds the readers' error classes callers test with `instanceof`; the rest keep name, code and message. */
function fromWire(e: WireError): Error {
  let err: Error;
  switch (e.name) {
    case 'PdfUnreadableError':
      err = new PdfUnreadableError(e.kind as PdfUnreadableKind, e.reason ?? e.message, { page: e.page });
      break;
    case 'WordUnreadableError':
      err = new WordUnreadableError(e.kind as WordUnreadableKind, e.reason ?? e.message);
      break;
    case 'LimitExceededError':
      err = new LimitExceededError(e.limit as keyof DocumentLimits, e.reason ?? e.message);
      break;
    default:
      err = Object.assign(new Error(e.message), { name: e.name, code: e.code });
  }
  if (e.limit !== undefined && !(err instanceof LimitExceededError)) Object.assign(err, { limit: e.limit });
  return err;
}
