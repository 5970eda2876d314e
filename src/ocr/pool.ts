/**
 * A pool of tesseract.js workers, fully offline (P-3).
 *
 * tesseract.js runs each worker in a Node `worker_threads` thread (its node build spawns
 * `new Worker(worker-script/node/index.js)`), so recognition does not run on the event
 * loop: the main thread only encodes the image header, posts the bytes and reads the
 * result back. Workers are started lazily, kept alive (start-up ≈ 0.5 s each), and
 * unref'd while idle so an idle pool never keeps a process from exiting; `terminate()` /
 * `shutdownOcr()` end them for good.
 *
 * Offline: `langPath` is the `4.0.0_best_int` folder of `@tesseract.js-data/eng` in
 * node_modules (a local path, read with fs), `cacheMethod: 'none'` (nothing written to
 * the working directory). tesseract.js would fetch from a CDN if `langPath` were unset,
 * and with an `errorHandler` a bad `langPath` makes `createWorker` wait forever, so the
 * file is checked before any worker starts and the start is bounded by a timeout.
 */
import { existsSync, openSync, readSync, closeSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import type { Worker as ThreadWorker } from 'node:worker_threads';
import type { RgbaImage } from '../parsers/image.ts';

const require = createRequire(import.meta.url);

/*
 * tesseract.js creates its worker thread inside createWorker() but hands it out only once
 * the worker has loaded its model. A thread that dies before that (out of memory, an
 * execArgv the thread cannot take such as --input-type) emits 'error' with no listener —
 * tesseract.js sets `onerror`, which Node's Worker ignores — and that kills the process;
 * a start that hangs leaves a thread nobody can end. So the spawn function of its Node
 * adapter is wrapped, before createWorker.js captures it, to see the thread at birth.
 * (tesseract.js is pinned at 7.0.0; if the wrap does not take, starts still work, only
 * without that protection.)
 */
type SpawnFn = (opts: unknown) => ThreadWorker;
let onSpawn: ((thread: ThreadWorker) => void) | undefined;
try {
  const adapter = require('tesseract.js/src/worker/node/index.js') as { spawnWorker: SpawnFn };
  const spawn = adapter.spawnWorker;
  adapter.spawnWorker = (opts: unknown) => {
    const thread = spawn(opts);
    onSpawn?.(thread);
    return thread;
  };
} catch {
  // Layout changed: run without the wrap.
}
// tesseract.js is CommonJS with `export =` typings.
const Tesseract = require('tesseract.js') as typeof import('tesseract.js');
type TessWorker = Awaited<ReturnType<typeof Tesseract.createWorker>>;

/** Page segmentation modes we use (tesseract's numbering). */
export type Psm = 3 | 4 | 6 | 7 | 8 | 10 | 11 | 12 | 13;

/** One channel, 8 bits per pixel, 0 = black ink, 255 = paper. */
export interface GrayImage {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
}

/** What can be recognised: grey pixels, RGBA pixels, or an encoded image (PNG, JPEG, PNM…). */
export type OcrInput = GrayImage | RgbaImage | Buffer;

export interface RecognizeOptions {
  /** Page segmentation mode (default 6: one uniform block of text). */
  psm?: Psm;
  /** Only these characters may be output ('' or absent: any). */
  whitelist?: string;
  /** Resolution to report to tesseract (it has no other way to know; default 300). */
  dpi?: number;
}

export interface OcrBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface OcrSymbol {
  text: string;
  /** 0..100 */
  confidence: number;
  bbox: OcrBox;
}

export interface OcrWord {
  text: string;
  /** 0..100 as tesseract reports it. */
  confidence: number;
  bbox: OcrBox;
  /** The word's characters with their boxes (in the recognised image's pixels). */
  symbols: OcrSymbol[];
  /** 0-based index of the text line the word is on (in reading order). */
  line: number;
}

export interface OcrResult {
  text: string;
  /** Mean word confidence, 0..100. */
  confidence: number;
  words: OcrWord[];
  /** Wall time from dispatch to result, including waiting for a worker. */
  ms: number;
}

export interface OcrPoolOptions {
  /** Number of workers (default `os.availableParallelism()`). */
  size?: number;
  /** Folder holding `eng.traineddata.gz` (default: `@tesseract.js-data/eng/4.0.0_best_int`). */
  langPath?: string;
  /** Bound on one worker's start (default 30 s). */
  startTimeoutMs?: number;
  /** Bound on one recognition; the worker is replaced when it is exceeded (default 60 s). */
  jobTimeoutMs?: number;
  /** Called with errors tesseract reports outside a job (default: ignored). */
  onError?: (err: unknown) => void;
  /** tesseract.js's worker script (default: its own); for tests and unusual installs. */
  workerPath?: string;
}

export class OcrError extends Error {
  constructor(
    readonly code: 'OCR_LANG_DATA_MISSING' | 'OCR_START_TIMEOUT' | 'OCR_START_FAILED' | 'OCR_JOB_TIMEOUT' | 'OCR_WORKER_DIED' | 'OCR_TERMINATED' | 'OCR_FAILED',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OcrError';
  }
}

/** The LSTM-only integer model shipped with @tesseract.js-data/eng (5.2 MB unpacked). */
export function defaultLangPath(): string {
  return join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

interface Job {
  image: Uint8Array;
  opts: Required<Pick<RecognizeOptions, 'psm' | 'whitelist' | 'dpi'>>;
  queuedAt: number;
  resolve: (r: OcrResult) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: TessWorker;
  thread: ThreadWorker | undefined;
  busy: boolean;
  params: string;
  dead: boolean;
  failCurrent?: (err: unknown) => void;
}

export class OcrPool {
  readonly size: number;
  readonly langPath: string;
  readonly #startTimeoutMs: number;
  readonly #jobTimeoutMs: number;
  readonly #onError: (err: unknown) => void;
  readonly #workerPath: string | undefined;
  readonly #slots: Slot[] = [];
  readonly #queue: Job[] = [];
  #starting = 0;
  #terminated = false;
  #gzip: boolean | undefined;

  constructor(opts: OcrPoolOptions = {}) {
    this.size = Math.max(1, Math.floor(opts.size ?? os.availableParallelism()));
    this.langPath = opts.langPath ?? defaultLangPath();
    this.#startTimeoutMs = opts.startTimeoutMs ?? 30_000;
    this.#jobTimeoutMs = opts.jobTimeoutMs ?? 60_000;
    this.#onError = opts.onError ?? (() => {});
    this.#workerPath = opts.workerPath;
  }

  /** Workers started so far. */
  get workers(): number {
    return this.#slots.filter((s) => !s.dead).length;
  }

  /** Starts `n` workers now (default: all) instead of on first use. */
  async warm(n = this.size): Promise<void> {
    const want = Math.min(n, this.size) - this.workers - this.#starting;
    await Promise.all(Array.from({ length: Math.max(0, want) }, () => this.#startWorker()));
    this.#pump();
  }

  /** Recognises one image. Jobs run first come, first served on the pool's workers. */
  recognize(image: OcrInput, opts: RecognizeOptions = {}): Promise<OcrResult> {
    if (this.#terminated) return Promise.reject(new OcrError('OCR_TERMINATED', 'the OCR pool was shut down'));
    let bytes: Uint8Array;
    try {
      bytes = encodeInput(image);
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise<OcrResult>((resolve, reject) => {
      this.#queue.push({
        image: bytes,
        opts: { psm: opts.psm ?? 6, whitelist: opts.whitelist ?? '', dpi: opts.dpi ?? 300 },
        queuedAt: performance.now(),
        resolve,
        reject,
      });
      this.#pump();
    });
  }

  /** Ends every worker; queued and running jobs fail with OCR_TERMINATED. Safe to call twice. */
  async terminate(): Promise<void> {
    this.#terminated = true;
    const err = new OcrError('OCR_TERMINATED', 'the OCR pool was shut down');
    for (const job of this.#queue.splice(0)) job.reject(err);
    const slots = this.#slots.splice(0);
    for (const s of slots) s.failCurrent?.(err);
    await Promise.all(slots.map((s) => this.#kill(s)));
  }

  #pump(): void {
    if (this.#terminated) return;
    while (this.#queue.length > 0) {
      const slot = this.#slots.find((s) => !s.busy && !s.dead);
      if (!slot) break;
      void this.#run(slot, this.#queue.shift()!);
    }
    const waiting = this.#queue.length;
    if (waiting > this.#starting && this.workers + this.#starting < this.size) {
      this.#startWorker().then(
        () => this.#pump(),
        (err) => {
          // Nothing will ever start: fail what waits rather than leave it hanging.
          if (this.workers === 0 && this.#starting === 0) for (const job of this.#queue.splice(0)) job.reject(err);
        },
      );
    }
  }

  async #run(slot: Slot, job: Job): Promise<void> {
    const started = performance.now();
    slot.busy = true;
    slot.thread?.ref();
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = await new Promise<OcrResult>((resolve, reject) => {
        slot.failCurrent = reject;
        timer = setTimeout(() => {
          reject(new OcrError('OCR_JOB_TIMEOUT', `OCR took longer than ${this.#jobTimeoutMs} ms`));
          slot.dead = true;
          void this.#kill(slot);
        }, this.#jobTimeoutMs);
        this.#recognizeOn(slot, job).then(resolve, reject);
      });
      job.resolve(result);
    } catch (err) {
      job.reject(err instanceof OcrError ? err : new OcrError('OCR_FAILED', `OCR failed: ${String((err as Error)?.message ?? err)}`, { cause: err }));
    } finally {
      recordOcrTime(performance.now() - started);
      clearTimeout(timer);
      slot.failCurrent = undefined;
      slot.busy = false;
      if (slot.dead) {
        const i = this.#slots.indexOf(slot);
        if (i >= 0) this.#slots.splice(i, 1);
      } else {
        slot.thread?.unref();
      }
      this.#pump();
    }
  }

  async #recognizeOn(slot: Slot, job: Job): Promise<OcrResult> {
    const params = `${job.opts.psm}|${job.opts.whitelist}|${job.opts.dpi}`;
    if (slot.params !== params) {
      await slot.worker.setParameters({
        tessedit_pageseg_mode: String(job.opts.psm) as never,
        tessedit_char_whitelist: job.opts.whitelist,
        user_defined_dpi: String(job.opts.dpi),
      });
      slot.params = params;
    }
    if (slot.dead) throw new OcrError('OCR_TERMINATED', 'the OCR pool was shut down');
    const { data } = await slot.worker.recognize(Buffer.from(job.image.buffer, job.image.byteOffset, job.image.byteLength), {}, { text: true, blocks: true });
    const words: OcrWord[] = [];
    let line = 0;
    for (const block of data.blocks ?? []) {
      for (const para of block.paragraphs) {
        for (const l of para.lines) {
          for (const w of l.words) {
            const symbols = (w.symbols ?? []).map((y) => ({ text: y.text, confidence: y.confidence, bbox: { ...y.bbox } }));
            words.push({ text: w.text, confidence: w.confidence, bbox: { ...w.bbox }, symbols, line });
          }
          line++;
        }
      }
    }
    const confidence = words.length ? words.reduce((a, w) => a + w.confidence, 0) / words.length : 0;
    return { text: data.text ?? '', confidence, words, ms: performance.now() - job.queuedAt };
  }

  async #startWorker(): Promise<void> {
    this.#starting++;
    let thread: ThreadWorker | undefined;
    try {
      const gzip = this.#checkLangData();
      let timer: NodeJS.Timeout | undefined;
      let failStart: (e: unknown) => void = () => {};
      // createWorker spawns the thread synchronously: `onSpawn` sees it during this call.
      onSpawn = (t) => {
        thread = t;
        t.on('error', (err) => failStart(new OcrError('OCR_START_FAILED', `the OCR worker thread failed: ${String((err as Error)?.message ?? err)}`, { cause: err })));
        t.on('exit', (code) => failStart(new OcrError('OCR_START_FAILED', `the OCR worker thread exited with code ${code} while starting`)));
      };
      let starting: Promise<TessWorker>;
      try {
        starting = Tesseract.createWorker('eng', Tesseract.OEM.LSTM_ONLY, {
          langPath: this.langPath,
          gzip,
          cacheMethod: 'none',
          ...(this.#workerPath ? { workerPath: this.#workerPath } : {}),
          // Without a handler tesseract.js throws the error from a message callback, which
          // crashes the process; here it fails the start (or is reported).
          errorHandler: (err: unknown) => {
            failStart(new OcrError('OCR_START_FAILED', `tesseract reported: ${String(err)}`, { cause: err }));
            this.#onError(err);
          },
        });
      } finally {
        onSpawn = undefined;
      }
      const worker = await new Promise<TessWorker>((resolve, reject) => {
        failStart = reject;
        timer = setTimeout(
          () => reject(new OcrError('OCR_START_TIMEOUT', `an OCR worker did not start within ${this.#startTimeoutMs} ms (language data at ${this.langPath})`)),
          this.#startTimeoutMs,
        );
        starting.then(resolve, (err) => reject(new OcrError('OCR_START_FAILED', `an OCR worker failed to start: ${String(err)}`, { cause: err })));
      }).finally(() => clearTimeout(timer));
      failStart = () => {};
      thread ??= (worker as unknown as { worker?: ThreadWorker }).worker;
      if (this.#terminated) {
        await worker.terminate();
        return;
      }
      const slot: Slot = { worker, thread, busy: false, params: '', dead: false };
      thread?.on('error', (err) => this.#died(slot, err));
      thread?.on('exit', (code) => this.#died(slot, new Error(`OCR worker thread exited with code ${code}`)));
      thread?.unref();
      this.#slots.push(slot);
    } catch (err) {
      // A start that failed or hung: end its thread so it cannot keep the process alive.
      void thread?.terminate().catch(() => {});
      throw err;
    } finally {
      this.#starting--;
    }
  }

  #died(slot: Slot, err: unknown): void {
    if (slot.dead) return;
    slot.dead = true;
    slot.failCurrent?.(new OcrError('OCR_WORKER_DIED', 'an OCR worker died', { cause: err }));
    if (!slot.busy) {
      const i = this.#slots.indexOf(slot);
      if (i >= 0) this.#slots.splice(i, 1);
    }
    if (!this.#terminated) this.#onError(err);
  }

  async #kill(slot: Slot): Promise<void> {
    slot.dead = true;
    try {
      // End the thread itself rather than through tesseract.js: its terminate() nulls the
      // thread handle, and a job step still in flight would then throw inside tesseract.js
      // (an unhandled rejection). A message to an ended thread is simply dropped.
      if (slot.thread) await slot.thread.terminate();
      else await slot.worker.terminate();
    } catch {
      // already gone
    }
  }

  /** `eng.traineddata[.gz]` must be there, or tesseract.js would wait forever. */
  #checkLangData(): boolean {
    if (this.#gzip !== undefined) return this.#gzip;
    const gz = join(this.langPath, 'eng.traineddata.gz');
    const plain = join(this.langPath, 'eng.traineddata');
    let gzip: boolean;
    if (existsSync(gz) && isGzipFile(gz)) gzip = true;
    else if (existsSync(plain)) gzip = false;
    else throw new OcrError('OCR_LANG_DATA_MISSING', `no eng.traineddata(.gz) in ${this.langPath}`);
    this.#gzip = gzip;
    return gzip;
  }
}

function isGzipFile(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(2);
    return readSync(fd, b, 0, 2, 0) === 2 && b[0] === 0x1f && b[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/**
 * Raw pixels go to tesseract as PNM (Leptonica reads it directly; a header and the bytes,
 * no compression work on the event loop). Encoded images are passed as they are.
 */
export function encodeInput(image: OcrInput): Uint8Array {
  if (Buffer.isBuffer(image)) return image;
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`bad image size ${width}×${height}`);
  }
  if (data.length === width * height) {
    const header = Buffer.from(`P5\n${width} ${height}\n255\n`, 'latin1');
    const out = new Uint8Array(header.length + data.length);
    out.set(header, 0);
    out.set(data, header.length);
    return out;
  }
  if (data.length === width * height * 4) {
    const header = Buffer.from(`P6\n${width} ${height}\n255\n`, 'latin1');
    const out = new Uint8Array(header.length + width * height * 3);
    out.set(header, 0);
    let o = header.length;
    for (let i = 0; i < data.length; i += 4) {
      out[o++] = data[i]!;
      out[o++] = data[i + 1]!;
      out[o++] = data[i + 2]!;
    }
    return out;
  }
  throw new RangeError(`image data has ${data.length} bytes; expected ${width * height} (grey) or ${width * height * 4} (RGBA)`);
}

/**
 * Time spent recognising on workers (not waiting for one), every pool in this process,
 * successes and failures alike: `/metrics` reports it as `court_intake_ocr_seconds`.
 */
const ocrTime = { seconds: 0, count: 0 };

function recordOcrTime(ms: number): void {
  ocrTime.seconds += ms / 1000;
  ocrTime.count++;
}

/** Total OCR seconds and recognitions since the process started. */
export function ocrStats(): { seconds: number; count: number } {
  return { ...ocrTime };
}

let shared: OcrPool | undefined;

/** The process-wide pool, created on first use (its workers start on first recognition). */
export function getOcrPool(opts?: OcrPoolOptions): OcrPool {
  shared ??= new OcrPool(opts);
  return shared;
}

/** Ends the process-wide pool (call on shutdown; a later `getOcrPool()` makes a new one). */
export async function shutdownOcr(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.terminate();
}
