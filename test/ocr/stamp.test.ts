import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OcrPool } from '../../src/ocr/pool.ts';
import { readStamp, type StampReading } from '../../src/ocr/stamp.ts';
import { formatReading } from '../../src/ocr/stamp-date.ts';
import { openPdf } from '../../src/parsers/pdf.ts';
import { FACILITY_CODES, scannedPage, scannedPdf, type ScanOptions } from '../support/scan.ts';

const JUN22 = { year: 2016, month: 6, day: 22, hour: 10, minute: 32 };
const JUN22_PM = { year: 2016, month: 6, day: 22, hour: 13, minute: 5 };
const REFERENCE = new Date('2016-07-01T12:00:00-04:00');

let pool: OcrPool;
beforeAll(async () => {
  pool = new OcrPool({ size: 1 });
  await pool.warm();
});
afterAll(async () => {
  await pool?.terminate();
});

async function read(opts: ScanOptions): Promise<{ reading: StampReading; page: ReturnType<typeof scannedPage> }> {
  const page = scannedPage({ facility: 'MWCI', ...opts });
  const reading = await readStamp(page.image, { dpi: page.truth.dpi, pool, facilityCodes: FACILITY_CODES, referenceDate: REFERENCE });
  return { reading, page };
}

function expectReads(r: StampReading, want: string): void {
  if (process.env.DEBUG_STAMP) console.log(JSON.stringify({ ...r, crop: undefined }));
  expect(r.found).toBe(true);
  expect(r.candidate && formatReading(r.candidate)).toBe(want);
  expect(r.confident, r.reason).toBe(true);
  expect(r.confidence).toBeGreaterThanOrEqual(0.72);
}

describe('readStamp on scanned filings (P-3)', () => {
  it('P-3: a red stamp rotated 12° in the top-right corner reads JUN 22 2016 10:32', async () => {
    const { reading } = await read({ seed: 101, ink: 'red', rotation: 12, position: 'top-right', boxed: true, lines: 3, form: 'received', stampAt: JUN22 });
    expectReads(reading, '2016-06-22 10:32');
    expect(reading.detail?.ink).toBe('colour');
    expect(Math.abs(reading.detail!.angle - 12)).toBeLessThan(2);
  });

  it('P-3: a blue unboxed one-line stamp rotated −12° in the bottom-left corner reads 06/22/2016 10:32', async () => {
    const { reading } = await read({ seed: 102, ink: 'blue', rotation: -12, position: 'bottom-left', boxed: false, lines: 1, form: 'scanned', stampAt: JUN22 });
    expectReads(reading, '2016-06-22 10:32');
  });

  it('P-3: a black boxed two-line stamp rotated +9° in the top-left corner reads FILED Jun. 22, 2016 1:05 PM', async () => {
    const { reading } = await read({ seed: 103, ink: 'black', rotation: 9, position: 'top-left', boxed: true, lines: 2, form: 'filed', stampAt: JUN22_PM });
    expectReads(reading, '2016-06-22 13:05');
    expect(reading.detail?.boxed).toBe(true);
  });

  it('P-3: a purple `6-22-16 @ 1032` stamp in the bottom-right corner reads 10:32', async () => {
    const { reading } = await read({ seed: 104, ink: 'purple', rotation: -5, position: 'bottom-right', boxed: false, lines: 1, form: 'short-at', stampAt: JUN22 });
    expectReads(reading, '2016-06-22 10:32');
  });

  it('P-3: a black unboxed three-line stamp with the time before the date, in the left margin', async () => {
    const { reading } = await read({ seed: 105, ink: 'black', rotation: -7, position: 'left', boxed: false, lines: 3, form: 'time-first', stampAt: JUN22 });
    expectReads(reading, '2016-06-22 10:32');
  });

  it('P-3: a time-stamp machine imprint (2016 JUN 22 PM 1:05) at 300 dpi', async () => {
    const { reading } = await read({ seed: 106, dpi: 300, ink: 'red', rotation: 4, position: 'top', boxed: true, lines: 2, form: 'machine', stampAt: JUN22_PM });
    expectReads(reading, '2016-06-22 13:05');
  });

  it('P-4: the reading comes with the region and a PNG crop of it for the clerk', async () => {
    const { reading, page } = await read({ seed: 107, ink: 'blue', rotation: 3, position: 'top-right', boxed: true, lines: 2, form: 'military', stampAt: JUN22 });
    expectReads(reading, '2016-06-22 10:32');
    const st = page.truth.stamp!.bbox;
    const rg = reading.region!;
    // The region holds the stamp.
    expect(rg.x).toBeLessThanOrEqual(st.x + 10);
    expect(rg.y).toBeLessThanOrEqual(st.y + 10);
    expect(rg.x + rg.width).toBeGreaterThanOrEqual(st.x + st.width - 10);
    expect(rg.y + rg.height).toBeGreaterThanOrEqual(st.y + st.height - 10);
    expect(reading.crop!.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });
});

describe('readStamp never guesses (P-4)', () => {
  it('P-4: a page with only a Dated: line and body dates is not read as stamped', async () => {
    for (const seed of [201, 202]) {
      const { reading, page } = await read({ seed, noStamp: true, stampAt: JUN22 });
      expect(reading.confident).toBe(false);
      expect(reading.found).toBe(false);
      const sig = page.truth.signatureDate;
      const never = [`${sig.year}-${String(sig.month).padStart(2, '0')}-${String(sig.day).padStart(2, '0')}`];
      if (reading.candidate) expect(never).not.toContain(formatReading(reading.candidate).slice(0, 10));
    }
  });

  it('P-4: a faint, smudged stamp is not confident and still gets a crop when located', async () => {
    for (const seed of [301, 302]) {
      const { reading } = await read({ seed, faint: true, ink: seed === 301 ? 'blue' : 'black', position: 'top-right', stampAt: JUN22 });
      expect(reading.confident).toBe(false);
      expect(reading.reason).toBeTruthy();
      if (reading.found) expect(reading.crop?.length).toBeGreaterThan(100);
    }
  });

  it('P-4: a digit every OCR pass misreads the same way (a dotted zero read as 6) is left to a clerk', async () => {
    // A 150 dpi scan, JPEG in an image-only PDF, rendered at 200 dpi as the pipeline does:
    // `10:00` in a dotted-zero face comes out of tesseract as `16:00` in most preparations.
    const scan = scannedPage({ seed: 1131, dpi: 150, ink: 'black', position: 'top-left', form: 'scanned', lines: 3, boxed: false, overlap: false });
    expect(scan.truth.stamp!.lines).toEqual(['SCANNED - NCI', '02/23/2024', '10:00']);
    const doc = await openPdf(await scannedPdf([scan.image], 67));
    const page = await doc.render(1, 200);
    await doc.close();
    const reading = await readStamp(page, { dpi: 200, pool, facilityCodes: FACILITY_CODES, referenceDate: new Date('2024-03-01') });
    expect(reading.confident).toBe(false);
    expect(reading.found).toBe(true);
    expect(reading.crop).toBeDefined();
  });

  it('P-4: two stamps with different dates on one page are left to a clerk', async () => {
    // Composite page: a second, different stamp pasted from another page.
    const a = scannedPage({ seed: 401, facility: 'MWCI', ink: 'red', rotation: 6, position: 'top-right', boxed: true, lines: 2, form: 'received', stampAt: JUN22 });
    const b = scannedPage({ seed: 402, facility: 'MWCI', ink: 'red', rotation: -6, position: 'bottom-left', boxed: true, lines: 2, form: 'received', stampAt: { ...JUN22, day: 23 } });
    const img = a.image;
    const bb = b.truth.stamp!.bbox;
    for (let y = bb.y - 10; y < bb.y + bb.height + 10; y++) {
      const from = (y * img.width + bb.x - 10) * 4;
      img.data.set(b.image.data.subarray(from, from + (bb.width + 20) * 4), from);
    }
    const reading = await readStamp(img, { dpi: 200, pool, facilityCodes: FACILITY_CODES, referenceDate: REFERENCE, maxRegions: 6 });
    expect(reading.confident).toBe(false);
    expect(reading.reason).toMatch(/different dates/);
  });
});

describe('OCR stays off the event loop', () => {
  it('P-3: the event loop stays responsive while a stamp is read (300 dpi page)', async () => {
    const page = scannedPage({ seed: 501, dpi: 300, facility: 'MWCI', ink: 'blue', rotation: -9, position: 'bottom-right', boxed: true, lines: 3, form: 'received', stampAt: JUN22 });
    const h = monitorEventLoopDelay({ resolution: 5 });
    h.enable();
    const reading = await readStamp(page.image, { dpi: 300, pool, facilityCodes: FACILITY_CODES, referenceDate: REFERENCE });
    h.disable();
    expectReads(reading, '2016-06-22 10:32');
    // The pixel passes run on the main thread in slices of tens of milliseconds; OCR runs
    // in tesseract.js's worker thread.
    expect(h.max / 1e6).toBeLessThan(250);
  });

  it('P-3: a whole-page recognition (seconds of OCR) barely delays timers', async () => {
    const page = scannedPage({ seed: 502, dpi: 150, noStamp: true });
    let ticks = 0;
    let worst = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      worst = Math.max(worst, now - last);
      last = now;
      ticks++;
    }, 10);
    const t = performance.now();
    const result = await pool.recognize(page.image, { psm: 3, dpi: 150 });
    const ms = performance.now() - t;
    clearInterval(timer);
    expect(result.text).toMatch(/DISTRICT OF CONNECTICUT/);
    expect(ms).toBeGreaterThan(300);
    // Timers kept firing throughout: the OCR itself does not run on this thread.
    expect(ticks).toBeGreaterThan(ms / 10 / 3);
    expect(worst).toBeLessThan(150);
  });
});
