import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  PDFDocument,
  PDFName,
  StandardFonts,
  concatTransformationMatrix,
  drawObject,
  popGraphicsState,
  pushGraphicsState,
} from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPdf, PdfUnreadableError } from '../../src/parsers/pdf.ts';
import { DOCKET_MAX_BYTES, splitPdf } from '../../src/parsers/pdf-split.ts';

const MB = 1024 * 1024;

/**
 * A letter-size PDF whose page n (1-based) carries the text `Page marker n` (one
 * Helvetica font object shared by all pages) and, when imageBytes[n-1] > 0, a full-page
 * RGB image of about that many bytes of random noise, stored uncompressed (noise does not
 * compress anyway; this is what a colour scan at high resolution amounts to).
 */
async function noisePdf(imageBytes: number[], opts: { linkFirstToLast?: boolean } = {}): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  imageBytes.forEach((bytes, i) => {
    const page = doc.addPage([612, 792]);
    if (bytes > 0) {
      const side = Math.ceil(Math.sqrt(bytes / 3));
      const image = doc.context.stream(randomBytes(side * side * 3), {
        Type: 'XObject',
        Subtype: 'Image',
        Width: side,
        Height: side,
        ColorSpace: 'DeviceRGB',
        BitsPerComponent: 8,
      });
      const name = page.node.newXObject('Noise', doc.context.register(image));
      page.pushOperators(pushGraphicsState(), concatTransformationMatrix(612, 0, 0, 792, 0, 0), drawObject(name), popGraphicsState());
    }
    page.drawText(`Page marker ${i + 1}`, { x: 72, y: 740, size: 14, font });
  });
  if (opts.linkFirstToLast) {
    // A table-of-contents link on page 1 to the last page (and the annotation's /P back).
    const pages = doc.getPages();
    const [first, last] = [pages[0]!, pages[pages.length - 1]!];
    const link = doc.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [72, 700, 300, 720], Border: [0, 0, 0] });
    link.set(PDFName.of('Dest'), doc.context.obj([last.ref, PDFName.of('Fit')]));
    link.set(PDFName.of('P'), first.ref);
    first.node.set(PDFName.of('Annots'), doc.context.obj([doc.context.register(link)]));
  }
  const saved = await doc.save();
  return Buffer.from(saved.buffer, saved.byteOffset, saved.byteLength);
}

/** The page markers of a part, read back with pdfjs (the reader the pipeline uses). */
async function markers(part: Buffer): Promise<number[]> {
  const pdf = await openPdf(part);
  try {
    const found: number[] = [];
    for (let i = 1; i <= pdf.pageCount; i++) {
      const m = /Page marker (\d+)/.exec(await pdf.pageText(i));
      found.push(m ? Number(m[1]) : NaN);
    }
    return found;
  } finally {
    await pdf.close();
  }
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pdf-split-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('splitPdf (I-6)', () => {
  it('I-6: a link from one page to another does not drag the other page into the part', async () => {
    const pdf = await noisePdf([300_000, 300_000, 300_000, 300_000], { linkFirstToLast: true });
    const result = await splitPdf(pdf, 700_000);
    if (!('parts' in result)) throw new Error(`unexpected ${JSON.stringify(result)}`);
    // Had pdf-lib followed the link, part 1 would carry page 4's image and need to shrink.
    expect(result.parts.map((p) => p.length < 700_000)).toEqual([true, true]);
    const seen: number[] = [];
    for (const part of result.parts) seen.push(...(await markers(part)));
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it('I-5/I-6: an encrypted PDF over the limit cannot be split (pdf-lib cannot decrypt) → PdfUnreadableError', async () => {
    const src = join(dir, 'owner-in.pdf');
    const out = join(dir, 'owner-out.pdf');
    writeFileSync(src, await noisePdf([300_000, 300_000]));
    execFileSync('qpdf', ['--encrypt', '', 'owner', '256', '--', src, out], { stdio: 'pipe' });
    const err = await splitPdf(readFileSync(out), 400_000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PdfUnreadableError);
    expect(err).toMatchObject({ code: 'ATTACHMENT_UNREADABLE', kind: 'encrypted' });
    // Within the limit it passes through untouched, like any other PDF.
    const bytes = readFileSync(out);
    const whole = await splitPdf(bytes);
    expect('parts' in whole && whole.parts.length === 1 && whole.parts[0] === bytes).toBe(true);
  });

  it('I-6: a 25 MB scan is split into parts of at most 10 MB, every page once, in order', async () => {
    // 12 pages of ~2.1 MB: about 25 MB, so at least three parts.
    const file = join(dir, 'scan-25mb.pdf');
    writeFileSync(file, await noisePdf(Array.from({ length: 12 }, () => 2.1 * MB)));
    const original = readFileSync(file);
    expect(original.length).toBeGreaterThan(24 * MB);

    const started = Date.now();
    const result = await splitPdf(original);
    const elapsed = Date.now() - started;
    if (!('parts' in result)) throw new Error(`unexpected ${JSON.stringify(result)}`);
    const { parts } = result;

    expect(parts.length).toBeGreaterThanOrEqual(3);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(DOCKET_MAX_BYTES);
    // Parts are filled greedily: no part but the last could have taken one more page (~2.1 MB).
    for (const part of parts.slice(0, -1)) expect(part.length).toBeGreaterThan(DOCKET_MAX_BYTES - 2.3 * MB);

    const counts: number[] = [];
    const seen: number[] = [];
    for (const [k, part] of parts.entries()) {
      writeFileSync(join(dir, `part-${k + 1}.pdf`), part);
      counts.push((await PDFDocument.load(part)).getPageCount());
      seen.push(...(await markers(part)));
    }
    expect(counts.reduce((a, b) => a + b, 0)).toBe(12);
    expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(elapsed).toBeLessThan(15_000);
  });

  it('I-6: a PDF within the limit is returned as is (the same bytes, one part)', async () => {
    const small = await noisePdf([0, 200_000, 0]);
    for (const limit of [DOCKET_MAX_BYTES, small.length /* exactly at the limit is within it */]) {
      const result = await splitPdf(small, limit);
      if (!('parts' in result)) throw new Error(`unexpected ${JSON.stringify(result)}`);
      expect(result.parts).toHaveLength(1);
      expect(result.parts[0]).toBe(small);
    }
  });

  it('I-6: a single page over 10 MB cannot be split → oversizePage names it', async () => {
    const file = join(dir, 'oversize.pdf');
    writeFileSync(file, await noisePdf([1 * MB, 1 * MB, 10.5 * MB, 1 * MB]));
    const result = await splitPdf(readFileSync(file));
    expect(result).toEqual({ oversizePage: 3 });
  });

  it('I-6: the limit is a parameter; fonts shared by all pages are copied into each part', async () => {
    const pdf = await noisePdf([300_000, 300_000, 300_000, 300_000, 300_000, 300_000, 300_000]);
    const result = await splitPdf(pdf, 700_000);
    if (!('parts' in result)) throw new Error(`unexpected ${JSON.stringify(result)}`);
    expect(result.parts.length).toBe(4); // two pages per part, the last one alone
    const seen: number[] = [];
    for (const part of result.parts) {
      expect(part.length).toBeLessThanOrEqual(700_000);
      const doc = await PDFDocument.load(part);
      // Every page still finds its font (and so its text) in its own part.
      for (const page of doc.getPages()) {
        const fonts = page.node.Resources()?.lookup(PDFName.of('Font'));
        expect(fonts).toBeDefined();
      }
      seen.push(...(await markers(part)));
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
