import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCanvas, GlobalFonts, loadImage } from '@napi-rs/canvas';
import { PDFDocument, StandardFonts, degrees } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cropImage, encodePng, type RgbaImage } from '../../src/parsers/image.ts';
import { openPdf, PDF_REASONS, PdfUnreadableError, type PdfDocument } from '../../src/parsers/pdf.ts';
import { minimalPdf } from '../support/pdf.ts';

// ---------------------------------------------------------------------------------------
// Real PDFs, made by the tools that make them in the field.

const CAPTION = {
  court: 'UNITED STATES DISTRICT COURT',
  district: 'DISTRICT OF CONNECTICUT',
  party: 'JOHN DOE,',
  role: 'Plaintiff,',
  caseNo: 'Case No. 3:16-cv-01234 (JCH)',
};

/** A typed filing: page 1 has a court caption, every page `Page marker n`. Letter size. */
async function textPdf(pages = 3, opts: { rotateLast?: boolean } = {}): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let n = 1; n <= pages; n++) {
    const page = doc.addPage([612, 792]);
    if (n === 1) {
      page.drawText(CAPTION.court, { x: 200, y: 720, size: 12, font });
      page.drawText(CAPTION.district, { x: 215, y: 705, size: 12, font });
      page.drawText(CAPTION.party, { x: 72, y: 660, size: 12, font });
      // Two columns on one baseline, drawn right column first (out of reading order).
      page.drawText(CAPTION.caseNo, { x: 340, y: 645, size: 12, font });
      page.drawText(CAPTION.role, { x: 100, y: 645, size: 12, font });
      page.drawText('v.', { x: 72, y: 625, size: 12, font });
      // One word in two pieces, as word processors emit kerned text.
      page.drawText('WAR', { x: 72, y: 605, size: 12, font });
      page.drawText('DEN SMITH,', { x: 72 + font.widthOfTextAtSize('WAR', 12), y: 605, size: 12, font });
      page.drawText('Defendant.', { x: 100, y: 590, size: 12, font });
    }
    page.drawText(`Page marker ${n}`, { x: 72, y: 400, size: 12, font });
    if (opts.rotateLast && n === pages) page.setRotation(degrees(90));
  }
  return Buffer.from(await doc.save());
}

/** Where the stamp text is drawn on the 150 dpi page scan, in pixels. */
const STAMP_BOX = { x: 150, y: 250, width: 700, height: 70 };

/**
 * A page as a facility scanner produces it: a 150 dpi letter page image with the words
 * drawn as pixels (a date stamp and a line of text), grey speckle noise, no text layer.
 */
async function scanImage(format: 'jpeg' | 'png'): Promise<Buffer> {
  GlobalFonts.registerFromPath(
    join(process.cwd(), 'node_modules/pdfjs-dist/standard_fonts/LiberationSans-Regular.ttf'),
    'ScanSans',
  );
  const [w, h] = [1275, 1650];
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, w, h);
  const img = ctx.getImageData(0, 0, w, h);
  const noise = randomBytes(8000 * 4);
  for (let k = 0; k < 8000; k++) {
    const p = (noise.readUInt32LE(k * 4) % (w * h)) * 4;
    img.data[p] = img.data[p + 1] = img.data[p + 2] = 90 + (noise[k]! % 100);
  }
  ctx.putImageData(img, 0, 0);
  ctx.fillStyle = '#111111';
  ctx.font = '56px ScanSans';
  ctx.fillText('RECEIVED JUN 22 2016', STAMP_BOX.x, STAMP_BOX.y + 56);
  ctx.font = '28px ScanSans';
  ctx.fillText('MOTION FOR APPOINTMENT OF COUNSEL', 150, 700);
  return format === 'jpeg' ? canvas.encode('jpeg', 85) : canvas.encode('png');
}

async function addScanPage(doc: PDFDocument, format: 'jpeg' | 'png'): Promise<void> {
  const bytes = await scanImage(format);
  const image = format === 'jpeg' ? await doc.embedJpg(bytes) : await doc.embedPng(bytes);
  doc.addPage([612, 792]).drawImage(image, { x: 0, y: 0, width: 612, height: 792 });
}

/** Page 1 typed (with a text layer), page 2 a JPEG scan, page 3 a PNG scan, page 4 blank. */
async function mixedPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const typed = doc.addPage([612, 792]);
  typed.drawText('NOTICE OF APPEAL. The plaintiff appeals the judgment entered on June 1.', { x: 72, y: 700, size: 11, font });
  await addScanPage(doc, 'jpeg');
  await addScanPage(doc, 'png');
  doc.addPage([612, 792]);
  return Buffer.from(await doc.save());
}

let dir: string;
function qpdf(...args: string[]): void {
  execFileSync('qpdf', args, { stdio: 'pipe' });
}
function qpdfEncrypt(input: Buffer, user: string, owner: string): Buffer {
  const src = join(dir, 'in.pdf');
  const out = join(dir, `enc-${user || 'none'}.pdf`);
  writeFileSync(src, input);
  qpdf('--encrypt', user, owner, '256', '--', src, out);
  return readFileSync(out);
}

async function unreadable(bytes: Buffer): Promise<PdfUnreadableError> {
  const err = await openPdf(bytes).then(
    async (doc) => {
      await doc.close();
      return new Error('opened');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PdfUnreadableError);
  const e = err as PdfUnreadableError;
  expect(e.code).toBe('ATTACHMENT_UNREADABLE');
  expect(e.reason).toMatch(/^The (PDF|file) .+\.$/);
  return e;
}

/** Share of pixels darker than mid-grey inside `rect` (the whole image by default). */
function darkShare(img: RgbaImage, rect = { x: 0, y: 0, width: img.width, height: img.height }): number {
  const part = cropImage(img, rect);
  let dark = 0;
  for (let p = 0; p < part.data.length; p += 4) {
    const lum = 0.299 * part.data[p]! + 0.587 * part.data[p + 1]! + 0.114 * part.data[p + 2]!;
    if (lum < 128) dark++;
  }
  return dark / (part.width * part.height);
}

const scale = (r: { x: number; y: number; width: number; height: number }, f: number) => ({
  x: r.x * f,
  y: r.y * f,
  width: r.width * f,
  height: r.height * f,
});

let text: PdfDocument;
let mixed: PdfDocument;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pdf-test-'));
  text = await openPdf(await textPdf(3));
  mixed = await openPdf(await mixedPdf());
});
afterAll(async () => {
  await text?.close();
  await mixed?.close();
  rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------

describe('openPdf: text layer (P-5)', () => {
  it('P-5: the text of each page is read in page order, the caption reading line by line', async () => {
    expect(text.pageCount).toBe(3);
    expect(text.encrypted).toBe(false);
    const page1 = await text.pageText(1);
    expect(page1.split('\n')).toEqual([
      CAPTION.court,
      CAPTION.district,
      CAPTION.party,
      `${CAPTION.role} ${CAPTION.caseNo}`,
      'v.',
      'WARDEN SMITH,',
      'Defendant.',
      'Page marker 1',
    ]);
    expect(await text.pageText(2)).toBe('Page marker 2');
    expect(await text.pageText(3)).toBe('Page marker 3');
  });

  it('P-5: pages may be read in any order and concurrently; answers do not mix', async () => {
    const got = await Promise.all([3, 1, 2, 3].map((i) => text.pageText(i)));
    expect(got.map((t) => /Page marker (\d)/.exec(t)?.[1])).toEqual(['3', '1', '2', '3']);
  });

  it('P-5: a rotated page (/Rotate 90) reads the same and reports its displayed size', async () => {
    const doc = await openPdf(await textPdf(2, { rotateLast: true }));
    try {
      expect(await doc.pageText(2)).toBe('Page marker 2');
      expect(await doc.pageSize(1)).toEqual({ width: 612, height: 792, rotation: 0 });
      expect(await doc.pageSize(2)).toEqual({ width: 792, height: 612, rotation: 90 });
      const img = await doc.render(2, 72);
      expect([img.width, img.height]).toEqual([792, 612]);
    } finally {
      await doc.close();
    }
  });

  it('a page number out of range is a RangeError, not an unreadable PDF', async () => {
    await expect(text.pageText(0)).rejects.toBeInstanceOf(RangeError);
    await expect(text.pageText(4)).rejects.toBeInstanceOf(RangeError);
    await expect(text.render(1, 0)).rejects.toBeInstanceOf(RangeError);
  });

  it('the caller’s buffer is left intact (pdfjs is given a copy)', async () => {
    const bytes = await textPdf(1);
    const copy = Buffer.from(bytes);
    const doc = await openPdf(bytes);
    await doc.pageText(1);
    await doc.close();
    expect(bytes.equals(copy)).toBe(true);
  });
});

describe('openPdf: scanned pages (P-3)', () => {
  it('P-3: an image-only page is scanned; a typed page and a blank page are not', async () => {
    expect(mixed.pageCount).toBe(4);
    expect(await mixed.isScanned(1)).toBe(false);
    expect(await mixed.isScanned(2)).toBe(true); // JPEG
    expect(await mixed.isScanned(3)).toBe(true); // PNG
    expect(await mixed.isScanned(4)).toBe(false); // blank: no text, no image
    expect(await mixed.pageText(2)).toBe('');
    expect(await text.isScanned(1)).toBe(false);
  });

  it('P-3: render at 150 and 300 dpi gives letter size in pixels, white paper, dark ink where the stamp is', async () => {
    for (const dpi of [150, 300]) {
      const f = dpi / 150;
      const img = await mixed.render(2, dpi);
      expect([img.width, img.height]).toEqual([1275 * f, 1650 * f]);
      expect(img.data.length).toBe(img.width * img.height * 4);
      expect(darkShare(img)).toBeLessThan(0.05); // mostly white
      expect(darkShare(img, scale(STAMP_BOX, f))).toBeGreaterThan(0.1); // the stamp's letters
      expect(darkShare(img, scale({ x: 150, y: 1000, width: 900, height: 300 }, f))).toBeLessThan(0.01); // empty paper
    }
  });

  it('P-3: a typed page renders white with its text dark, alpha opaque', async () => {
    const img = await text.render(1, 150);
    expect([img.width, img.height]).toEqual([1275, 1650]);
    expect(darkShare(img)).toBeLessThan(0.02);
    // "UNITED STATES DISTRICT COURT" at x 200 pt, baseline 720 pt: 150 px above the top edge.
    const court = { x: (200 * 150) / 72, y: ((792 - 720 - 10) * 150) / 72, width: 400, height: 22 };
    expect(darkShare(img, court)).toBeGreaterThan(0.1);
    expect(img.data[3]).toBe(255);
    expect(Array.from(img.data.subarray(0, 4))).toEqual([255, 255, 255, 255]);
  });

  it('P-4: the stamp region crops and encodes to a PNG a clerk can view', async () => {
    const img = await mixed.render(2, 150);
    const crop = cropImage(img, STAMP_BOX);
    expect([crop.width, crop.height]).toEqual([STAMP_BOX.width, STAMP_BOX.height]);
    const png = await encodePng(crop);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    const back = await loadImage(png);
    expect([back.width, back.height]).toEqual([700, 70]);
    // A rectangle partly outside is clipped; wholly outside throws.
    expect(cropImage(img, { x: 1200, y: 1600, width: 200, height: 200 })).toMatchObject({ width: 75, height: 50 });
    expect(() => cropImage(img, { x: 2000, y: 0, width: 10, height: 10 })).toThrow(RangeError);
  });

  it('rendering many pages keeps memory flat (page resources are released)', async () => {
    const heap = () => process.memoryUsage().heapUsed + process.memoryUsage().external + process.memoryUsage().arrayBuffers;
    await mixed.render(3, 150);
    const before = heap();
    for (let k = 0; k < 12; k++) await mixed.render(2 + (k % 2), 150);
    // 12 renders of 8 MB each would be ~100 MB if kept; allow for garbage not yet collected.
    expect(heap() - before).toBeLessThan(250 * 1024 * 1024);
  });
});

describe('openPdf: unreadable attachments (I-5)', () => {
  it('I-5: a PDF with an open (user) password is unreadable: encrypted', async () => {
    const e = await unreadable(qpdfEncrypt(await textPdf(2), 'user', 'owner'));
    expect(e.kind).toBe('encrypted');
    expect(e.reason).toBe(PDF_REASONS.encrypted);
    expect(e.reason).toMatch(/password/);
  });

  it('I-5: a PDF with only an owner password opens and reads, flagged encrypted', async () => {
    const doc = await openPdf(qpdfEncrypt(await textPdf(2), '', 'owner'));
    try {
      expect(doc.encrypted).toBe(true);
      expect(doc.pageCount).toBe(2);
      expect(await doc.pageText(2)).toBe('Page marker 2');
      expect((await doc.pageText(1)).split('\n')[0]).toBe(CAPTION.court);
    } finally {
      await doc.close();
    }
  });

  it('I-5: a PDF cut off in the middle is unreadable: truncated', async () => {
    const whole = await mixedPdf();
    const e = await unreadable(whole.subarray(0, Math.floor(whole.length / 2)));
    expect(e.kind).toBe('truncated');
    expect(e.reason).toBe(PDF_REASONS.truncated);
    const small = minimalPdf('MOTION');
    expect((await unreadable(small.subarray(0, small.length - 20))).kind).toBe('truncated');
  });

  it('I-5: a linearized PDF cut near its end, which pdfjs still opens, is reported truncated', async () => {
    const src = join(dir, 'plain.pdf');
    const lin = join(dir, 'linear.pdf');
    writeFileSync(src, await textPdf(3));
    qpdf('--linearize', '--object-streams=disable', src, lin);
    const bytes = readFileSync(lin);
    // Cut inside the final cross-reference section: every page object is still there.
    const cut = bytes.subarray(0, bytes.lastIndexOf('xref') + 10);
    const e = await unreadable(cut);
    expect(e.kind).toBe('truncated');
    expect(e.cause).toBeUndefined(); // pdfjs raised nothing: the check after opening caught it
  });

  it('I-5: random bytes behind a %PDF-1.4 header are unreadable: damaged', async () => {
    const junk = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(20_000)]);
    const e = await unreadable(junk);
    expect(e.kind).toBe('corrupt');
    expect(e.reason).toMatch(/damaged/);
  });

  it('I-5: an empty file and a PDF without pages are unreadable', async () => {
    expect((await unreadable(Buffer.alloc(0))).kind).toBe('empty');
    const doc = await PDFDocument.create();
    const none = Buffer.from(await doc.save({ addDefaultPage: false }));
    const e = await unreadable(none);
    expect(e.kind).toBe('no-pages');
    expect(e.reason).toMatch(/no pages/);
  });

  it('I-5: junk after the final %%EOF (scanner padding) is not truncation', async () => {
    const doc = await openPdf(Buffer.concat([await textPdf(1), Buffer.alloc(4096, 0)]));
    expect(await doc.pageText(1)).toMatch(/Page marker 1$/);
    await doc.close();
    await doc.close(); // twice is harmless
    await expect(doc.pageText(1)).rejects.toThrow(/closed/);
  });
});

describe('openPdf: positioned text and form fields (R-2)', () => {
  it('R-2: textItems places each piece of text on the displayed page, top-left origin', async () => {
    const doc = await openPdf(await textPdf(1));
    try {
      const items = await doc.textItems(1);
      const caseNo = items.find((t) => t.str === CAPTION.caseNo)!;
      // Drawn at x 340, baseline 645 pt from the bottom of a 792 pt page, 12 pt Helvetica.
      expect(caseNo.x).toBeCloseTo(340, 0);
      expect(caseNo.baseline).toBeCloseTo(792 - 645, 0);
      expect(caseNo.size).toBeCloseTo(12, 0);
      expect(caseNo.width).toBeGreaterThan(100);
      expect(caseNo.horizontal).toBe(true);
      expect(items.some((t) => t.str.trim() === '')).toBe(false);
    } finally {
      await doc.close();
    }
  });

  it('R-2: formWidgets reports AcroForm values, checkbox states and places', async () => {
    const pdf = await PDFDocument.create();
    const page = pdf.addPage([612, 792]);
    const form = pdf.getForm();
    const name = form.createTextField('attorney.name');
    name.addToPage(page, { x: 200, y: 700, width: 200, height: 18 });
    name.setText('Jane Roe');
    const on = form.createCheckBox('declaration');
    on.addToPage(page, { x: 72, y: 650, width: 12, height: 12 });
    on.check();
    form.createCheckBox('other').addToPage(page, { x: 72, y: 620, width: 12, height: 12 });
    const doc = await openPdf(Buffer.from(await pdf.save()));
    try {
      const widgets = await doc.formWidgets(1);
      const byName = new Map(widgets.map((w) => [w.name, w]));
      const field = byName.get('attorney.name')!;
      expect(field).toMatchObject({ type: 'text', value: 'Jane Roe' });
      // pdf-lib widens the widget by half its 1 pt border on each side.
      expect(Math.abs(field.rect.x - 200)).toBeLessThanOrEqual(1);
      expect(Math.abs(field.rect.y - (792 - 718))).toBeLessThanOrEqual(1);
      expect(Math.abs(field.rect.width - 200)).toBeLessThanOrEqual(1);
      expect(Math.abs(field.rect.height - 18)).toBeLessThanOrEqual(1);
      expect(byName.get('declaration')).toMatchObject({ type: 'checkbox', checked: true });
      expect(byName.get('other')).toMatchObject({ type: 'checkbox', checked: false });
      expect(await (await openPdf(await textPdf(1))).formWidgets(1)).toEqual([]);
    } finally {
      await doc.close();
    }
  });
});
