import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { encodeInput, getOcrPool, OcrError, OcrPool, shutdownOcr } from '../../src/ocr/pool.ts';

/** A blank white image: tesseract answers it quickly. */
function blank(width = 200, height = 60): { width: number; height: number; data: Uint8Array } {
  return { width, height, data: new Uint8Array(width * height).fill(255) };
}

describe('the OCR pool runs offline and ends cleanly (P-3)', () => {
  it('P-3: a missing language-data folder fails at once instead of hanging or fetching', async () => {
    const dir = mkdtempSync(join(os.tmpdir(), 'no-lang-'));
    try {
      const pool = new OcrPool({ size: 1, langPath: dir, startTimeoutMs: 5_000 });
      const t = performance.now();
      const err = await pool.recognize(blank()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OcrError);
      expect((err as OcrError).code).toBe('OCR_LANG_DATA_MISSING');
      expect(performance.now() - t).toBeLessThan(1_000);
      await pool.terminate();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('P-3: recognize returns text, word boxes and confidences; terminate fails queued jobs', async () => {
    const { createCanvas } = await import('@napi-rs/canvas');
    const c = createCanvas(700, 120);
    const ctx = c.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, 700, 120);
    ctx.fillStyle = '#000';
    ctx.font = 'bold 48px "DejaVu Sans"';
    ctx.fillText('RECEIVED JUN 22 2016', 20, 80);
    const rgba = ctx.getImageData(0, 0, 700, 120);
    const pool = new OcrPool({ size: 1 });
    try {
      const r = await pool.recognize({ width: 700, height: 120, data: rgba.data }, { psm: 7 });
      expect(r.text.trim()).toBe('RECEIVED JUN 22 2016');
      expect(r.words.map((w) => w.text)).toEqual(['RECEIVED', 'JUN', '22', '2016']);
      for (const w of r.words) {
        expect(w.confidence).toBeGreaterThan(50);
        expect(w.bbox.x1).toBeGreaterThan(w.bbox.x0);
      }
      // A whitelist restricts the output.
      const digits = await pool.recognize({ width: 700, height: 120, data: rgba.data }, { psm: 7, whitelist: '0123456789 ' });
      expect(digits.text).not.toMatch(/[A-Z]/);
      const queued = [pool.recognize(blank()), pool.recognize(blank())].map((q) => q.then(() => null, (e: unknown) => e));
      await pool.terminate();
      for (const q of queued) expect(await q).toMatchObject({ code: 'OCR_TERMINATED' });
    } finally {
      await pool.terminate();
    }
  });

  it('P-3: the shared pool starts lazily and shutdownOcr ends it; a later call starts a new one', async () => {
    const a = getOcrPool({ size: 1 });
    expect(a.workers).toBe(0);
    await a.recognize(blank());
    expect(a.workers).toBe(1);
    await shutdownOcr();
    await expect(a.recognize(blank())).rejects.toMatchObject({ code: 'OCR_TERMINATED' });
    const b = getOcrPool({ size: 1 });
    expect(b).not.toBe(a);
    await shutdownOcr();
  });

  it('P-3: an idle pool does not keep the process alive, and nothing is written to the working directory', () => {
    const cwd = mkdtempSync(join(os.tmpdir(), 'ocr-cwd-'));
    const dir = mkdtempSync(join(os.tmpdir(), 'ocr-script-'));
    try {
      const script = join(dir, 'idle.mts');
      writeFileSync(
        script,
        `import { getOcrPool } from ${JSON.stringify(fileURLToPath(new URL('../../src/ocr/pool.ts', import.meta.url)))};
        const r = await getOcrPool({ size: 1 }).recognize({ width: 50, height: 20, data: new Uint8Array(1000).fill(255) });
        console.log('done', typeof r.text);\n`,
      );
      const tsx = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'loader.mjs')).href;
      const t = performance.now();
      const res = spawnSync(process.execPath, ['--import', tsx, script], { cwd, encoding: 'utf8', timeout: 30_000 });
      expect(res.stderr).toBe('');
      expect(res.stdout).toContain('done string');
      expect(res.status).toBe(0);
      expect(performance.now() - t).toBeLessThan(20_000);
      expect(readdirSync(cwd)).toEqual([]);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('P-3: a worker thread that dies while starting fails the job instead of crashing the process', async () => {
    const dir = mkdtempSync(join(os.tmpdir(), 'ocr-bad-worker-'));
    const workerPath = join(dir, 'worker.cjs');
    writeFileSync(workerPath, "throw new Error('worker died at load');\n");
    const pool = new OcrPool({ size: 1, workerPath, startTimeoutMs: 10_000 });
    try {
      const t = performance.now();
      await expect(pool.recognize(blank())).rejects.toMatchObject({ code: 'OCR_START_FAILED' });
      expect(performance.now() - t).toBeLessThan(5_000);
    } finally {
      await pool.terminate();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('P-3: raw pixels are passed as PNM, grey or RGB', () => {
    const grey = encodeInput({ width: 2, height: 1, data: new Uint8Array([0, 255]) });
    expect(Buffer.from(grey).toString('latin1')).toBe('P5\n2 1\n255\n\x00\xff');
    const rgb = encodeInput({ width: 1, height: 1, data: new Uint8ClampedArray([1, 2, 3, 255]) });
    expect(Buffer.from(rgb).toString('latin1')).toBe('P6\n1 1\n255\n\x01\x02\x03');
    expect(() => encodeInput({ width: 2, height: 2, data: new Uint8Array(3) })).toThrow(RangeError);
  });
});
