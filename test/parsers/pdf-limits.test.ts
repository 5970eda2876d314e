import { deflateRawSync, deflateSync, constants } from 'node:zlib';
import { createCanvas } from '@napi-rs/canvas';
import { PDFArray, PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, setDocumentLimits, type DocumentLimits } from '../../src/parsers/limits.ts';
import { openPdf, PdfUnreadableError } from '../../src/parsers/pdf.ts';
import { splitPdf } from '../../src/parsers/pdf-split.ts';
import { buildPdf, imagePdf, onePagePdf } from './hostile-pdf.ts';

afterEach(() => setDocumentLimits({}));

/** Opens, reads page 1's text and renders it at 72 dpi; returns the error (or fails). */
async function refused(bytes: Buffer): Promise<{ err: PdfUnreadableError; ms: number }> {
  const t0 = performance.now();
  const err = await (async () => {
    const doc = await openPdf(bytes);
    try {
      await doc.pageText(1);
      await doc.render(1, 72);
    } finally {
      await doc.close();
    }
  })().then(
    () => new Error('the PDF was read'),
    (e: unknown) => e,
  );
  const ms = performance.now() - t0;
  expect(err).toBeInstanceOf(PdfUnreadableError);
  const e = err as PdfUnreadableError;
  expect(e.code).toBe('ATTACHMENT_UNREADABLE');
  expect(e.reason).toMatch(/^(The PDF|Page \d+ of the PDF) .+\.$/);
  return { err: e, ms };
}

/** `withinMs`: generous, for hangs only (the machine running tests may be busy). */
async function limitHit(bytes: Buffer, limit: keyof DocumentLimits, withinMs = 2000): Promise<PdfUnreadableError> {
  const { err, ms } = await refused(bytes);
  expect({ kind: err.kind, limit: err.limit }).toEqual({ kind: 'limit', limit });
  // Decided before the work: a hang or a crash would be seconds or never.
  expect(ms).toBeLessThan(withinMs);
  return err;
}

async function opensAndRenders(bytes: Buffer): Promise<void> {
  const doc = await openPdf(bytes);
  try {
    for (let i = 1; i <= doc.pageCount; i++) await doc.pageText(i);
    const img = await doc.render(1, 36);
    expect(img.width).toBeGreaterThan(0);
  } finally {
    await doc.close();
  }
}

/** A deflate stream of `mb` megabytes of zeros made from one 16 MB block repeated (≈ 16 KB each). */
function zeroBomb(mb: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(16 << 20), { finishFlush: constants.Z_SYNC_FLUSH });
  const parts = [Buffer.from([0x78, 0x9c])];
  for (let i = 0; i < Math.ceil(mb / 16); i++) parts.push(block);
  parts.push(Buffer.from([0x03, 0x00, 0, 0, 0, 0]));
  return Buffer.concat(parts);
}

/** An object stream holding `bodies` as objects first, first + 1, … (flate compressed). */
function objectStream(first: number, bodies: string[]): { dict: string; data: Buffer } {
  let header = '';
  let text = '';
  bodies.forEach((b, i) => {
    header += `${first + i} ${text.length} `;
    text += `${b}\n`;
  });
  const raw = Buffer.from(header + text, 'latin1');
  return { dict: `/Type /ObjStm /N ${bodies.length} /First ${header.length} /Filter /FlateDecode`, data: deflateSync(raw) };
}

describe('PDF nesting and references (pdfjs and pdf-lib parse them by recursion)', () => {
  it('I-5: arrays nested 10 000 deep in a page dictionary are ATTACHMENT_UNREADABLE naming maxNestingDepth', async () => {
    const err = await limitHit(onePagePdf({ page: `/Foo ${'['.repeat(10_000)}${']'.repeat(10_000)}` }), 'maxNestingDepth');
    expect(err.reason).toMatch(/nested more than 100 levels/);
  });

  it('I-5: dictionaries nested 500 000 deep are ATTACHMENT_UNREADABLE naming maxNestingDepth', async () => {
    await limitHit(onePagePdf({ page: `/Foo ${'<< /A '.repeat(500_000)}1${' >>'.repeat(500_000)}` }), 'maxNestingDepth');
  });

  it('I-5: nesting inside a flate content stream is ATTACHMENT_UNREADABLE naming maxNestingDepth', async () => {
    await limitHit(onePagePdf({ content: `${'['.repeat(20_000)}${']'.repeat(20_000)} pop`, flate: true }), 'maxNestingDepth');
  });

  it('I-5: nesting hidden in an object stream (pdf-lib saves with object streams) is ATTACHMENT_UNREADABLE naming maxNestingDepth', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage([612, 792]);
    let deep: PDFArray = doc.context.obj([1]);
    for (let i = 0; i < 500; i++) deep = doc.context.obj([deep]);
    page.node.set(PDFName.of('Foo'), deep);
    const bytes = Buffer.from(await doc.save({ useObjectStreams: true }));
    expect(bytes.includes('/ObjStm')).toBe(true);
    expect(bytes.includes('[[[[')).toBe(false); // the nesting is only in the compressed stream
    await limitHit(bytes, 'maxNestingDepth');
  });

  it('I-5: a hand-made object stream whose object is nested 5 000 deep is refused the same way', async () => {
    const bytes = onePagePdf({ page: '/Foo 6 0 R', extra: [objectStream(6, [`${'['.repeat(5000)}${']'.repeat(5000)}`])] });
    await limitHit(bytes, 'maxNestingDepth');
  });

  it('I-5: a chain of 100 000 objects each only a reference to the next is ATTACHMENT_UNREADABLE naming maxNestingDepth', async () => {
    const chain: string[] = [];
    for (let i = 0; i < 100_000; i++) chain.push(`${6 + i} 0 R`);
    chain.push('<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>');
    await limitHit(onePagePdf({ resources: '5 0 R', extra: chain }), 'maxNestingDepth');
  });

  it('I-5: objects referring to each other in a circle are ATTACHMENT_UNREADABLE naming maxNestingDepth', async () => {
    const err = await limitHit(onePagePdf({ resources: '5 0 R', extra: ['6 0 R', '5 0 R'] }), 'maxNestingDepth');
    expect(err.reason).toMatch(/in a circle/);
  });
});

describe('PDF object counts and compressed sizes', () => {
  it('I-5: more objects than maxPdfObjects is ATTACHMENT_UNREADABLE naming maxPdfObjects', async () => {
    setDocumentLimits({ maxPdfObjects: 1000 });
    const filler = Array.from({ length: 1000 }, () => 'null');
    await limitHit(onePagePdf({ extra: filler }), 'maxPdfObjects');
  });

  it('I-5: an object stream declaring 10 million objects is refused before any is read (maxPdfObjects)', async () => {
    const s = objectStream(6, ['1']);
    await limitHit(onePagePdf({ extra: [{ dict: s.dict.replace('/N 1', '/N 10000000'), data: s.data }] }), 'maxPdfObjects');
  });

  it('I-5: a cross-reference subsection declaring a billion entries is ATTACHMENT_UNREADABLE naming maxPdfObjects', async () => {
    const good = onePagePdf().toString('latin1');
    await limitHit(Buffer.from(good.replace(/xref\n0 (\d+)\n/, 'xref\n0 1000000000\n'), 'latin1'), 'maxPdfObjects');
  });

  it('I-5: a content stream inflating to 1 GB is ATTACHMENT_UNREADABLE naming maxInflatedBytes, without inflating it all', async () => {
    // Inflating up to the 256 MB cap is the one real cost here (0.1–1 s).
    const err = await limitHit(bombPage(zeroBomb(1024)), 'maxInflatedBytes', 5000);
    expect(err.reason).toMatch(/more than 256 MB once uncompressed/);
  });

  it('I-5: an embedded font stream inflating to 1 GB is ATTACHMENT_UNREADABLE naming maxInflatedBytes', async () => {
    const bytes = onePagePdf({
      resources: '<< /Font << /F1 << /Type /Font /Subtype /TrueType /BaseFont /Bomb /FontDescriptor 5 0 R >> >> >>',
      extra: ['<< /Type /FontDescriptor /FontName /Bomb /Flags 32 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile2 6 0 R >>', { dict: '/Filter /FlateDecode /Length1 1073741824', data: zeroBomb(1024) }],
    });
    await limitHit(bytes, 'maxInflatedBytes', 5000);
  });
});

/** A page whose only content stream is the flate data `bomb`. */
function bombPage(bomb: Buffer): Buffer {
  return buildPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>',
    { dict: '/Filter /FlateDecode', data: bomb },
  ]);
}

describe('PDF images: declared sizes and filters', () => {
  it('I-5: a PDF declaring a 46341×46341 image is ATTACHMENT_UNREADABLE naming maxImagePixels', async () => {
    const err = await limitHit(imagePdf('/Width 46341 /Height 46341 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode', deflateSync(Buffer.alloc(100))), 'maxImagePixels');
    expect(err.reason).toMatch(/46,341 × 46,341 pixels/);
  });

  for (const [w, h] of [
    ['0', '100'],
    ['-5', '100'],
    ['100', '4294967296'],
    ['/Foo', '100'],
  ]) {
    it(`I-5: an image declaring /Width ${w} /Height ${h} (impossible) is ATTACHMENT_UNREADABLE naming maxImagePixels`, async () => {
      const err = await limitHit(imagePdf(`/Width ${w} /Height ${h} /ColorSpace /DeviceGray /BitsPerComponent 8`, Buffer.alloc(100)), 'maxImagePixels');
      expect(err.reason).toMatch(/impossible/);
    });
  }

  it('I-5: an image whose size is an indirect object is read through the reference', async () => {
    await limitHit(withObject(imagePdf('/Width 6 0 R /Height 6 0 R /ColorSpace /DeviceGray /BitsPerComponent 8'), '50000'), 'maxImagePixels');
  });

  it('I-5: an inline image declaring 46341×46341 pixels is ATTACHMENT_UNREADABLE naming maxImagePixels', async () => {
    await limitHit(onePagePdf({ content: 'q 100 0 0 100 0 0 cm BI /W 46341 /H 46341 /CS /G /BPC 8 ID \x00\x00\x00 EI Q', flate: true }), 'maxImagePixels');
  });

  it('I-5: a JPEG whose own frame header says 60000×60000 under a small /Width /Height is ATTACHMENT_UNREADABLE naming maxImagePixels', async () => {
    const jpeg = await createCanvas(8, 8).encode('jpeg');
    const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
    expect(sof).toBeGreaterThan(0);
    jpeg.writeUInt16BE(60000, sof + 5);
    jpeg.writeUInt16BE(60000, sof + 7);
    await limitHit(imagePdf('/Width 8 /Height 8 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode', jpeg), 'maxImagePixels');
  });

  it('I-5: an image with an unknown /Filter (pdfjs would hand its raw bytes to the canvas) is ATTACHMENT_UNREADABLE, kind unsupported', async () => {
    const { err, ms } = await refused(imagePdf('/Width 1000 /Height 1000 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FooDecode', Buffer.alloc(10)));
    expect(err.kind).toBe('unsupported');
    expect(err.reason).toMatch(/"FooDecode"/);
    expect(ms).toBeLessThan(2000);
  });

  it('I-5: an unknown filter in a filter array or on an inline image is refused too', async () => {
    const arr = await refused(imagePdf('/Width 10 /Height 10 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter [/FlateDecode /Rot13]', deflateSync(Buffer.alloc(100))));
    expect(arr.err.kind).toBe('unsupported');
    const inline = await refused(onePagePdf({ content: 'q BI /W 4 /H 4 /CS /G /BPC 8 /F /Zip ID xxxxxxxxxxxxxxxx EI Q' }));
    expect(inline.err.kind).toBe('unsupported');
  });
});

/** `bytes` with one more object (the next free number) added by an incremental update. */
function withObject(bytes: Buffer, body: string): Buffer {
  const s = bytes.toString('latin1');
  const count = Number(/\/Size (\d+)/.exec(s)![1]);
  const off = bytes.length;
  const obj = `${count} 0 obj\n${body}\nendobj\n`;
  const xref = off + obj.length;
  const prev = Number(/startxref\n(\d+)/.exec(s)![1]);
  const update = `${obj}xref\n${count} 1\n${String(off).padStart(10, '0')} 00000 n \ntrailer\n<< /Size ${count + 1} /Root 1 0 R /Prev ${prev} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.concat([bytes, Buffer.from(update, 'latin1')]);
}

describe('PDF page tree and page size', () => {
  it('I-5: a page tree whose /Kids names itself is ATTACHMENT_UNREADABLE naming maxPageTreeKids', async () => {
    const bytes = buildPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>']);
    const err = await limitHit(bytes, 'maxPageTreeKids');
    expect(err.reason).toMatch(/refers back to itself/);
  });

  it('I-5: a page tree node with 300 000 kids is ATTACHMENT_UNREADABLE naming maxPageTreeKids', async () => {
    const bytes = buildPdf(['<< /Type /Catalog /Pages 2 0 R >>', `<< /Type /Pages /Kids [${'3 0 R '.repeat(300_000)}] /Count 300000 >>`, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>']);
    await limitHit(bytes, 'maxPageTreeKids');
  });

  it('I-5: a page tree 500 levels deep is ATTACHMENT_UNREADABLE naming maxNestingDepth', async () => {
    const objs: string[] = ['<< /Type /Catalog /Pages 2 0 R >>'];
    for (let i = 0; i < 500; i++) objs.push(`<< /Type /Pages /Kids [${i + 3} 0 R] /Count 1 >>`);
    objs.push(`<< /Type /Page /Parent ${objs.length} 0 R /MediaBox [0 0 612 792] >>`);
    await limitHit(buildPdf(objs), 'maxNestingDepth');
  });

  it('I-5: more pages than maxPdfPages is ATTACHMENT_UNREADABLE naming maxPdfPages', async () => {
    setDocumentLimits({ maxPdfPages: 5 });
    const doc = await PDFDocument.create();
    for (let i = 0; i < 6; i++) doc.addPage([612, 792]);
    const err = await limitHit(Buffer.from(await doc.save()), 'maxPdfPages');
    expect(err.reason).toMatch(/more than 5 pages/);
  });

  for (const box of ['[0 0 1000000000 792]', '[0 0 20000 20000]', '[0 0 612 -1000000000]']) {
    it(`I-5: a page whose MediaBox is ${box} points is ATTACHMENT_UNREADABLE naming maxPageSidePoints`, async () => {
      const err = await limitHit(onePagePdf({ mediaBox: box }), 'maxPageSidePoints');
      expect(err.reason).toMatch(/^Page 1 of the PDF declares a size of more than 14,400 points/);
    });
  }

  it('I-5: a letter page with /UserUnit 1000 (612 000 points wide) is ATTACHMENT_UNREADABLE naming maxPageSidePoints', async () => {
    await limitHit(onePagePdf({ page: '/UserUnit 1000' }), 'maxPageSidePoints');
  });

  it('I-5: a page rendered past maxRenderPixels is refused before the canvas is made (naming maxRenderPixels)', async () => {
    const doc = await openPdf(onePagePdf({ mediaBox: '[0 0 14000 14000]' }));
    try {
      const t0 = performance.now();
      const err = await doc.render(1, 300).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(PdfUnreadableError);
      expect({ kind: (err as PdfUnreadableError).kind, limit: (err as PdfUnreadableError).limit, page: (err as PdfUnreadableError).page }).toEqual({ kind: 'limit', limit: 'maxRenderPixels', page: 1 });
      expect(performance.now() - t0).toBeLessThan(2000);
      // The same page at a resolution within the limit is drawn.
      expect((await doc.render(1, 18)).width).toBe(3500);
    } finally {
      await doc.close();
    }
  });
});

describe('PDF operators per page', () => {
  it('I-5: a page of more drawing operators than maxOperatorsPerPage is ATTACHMENT_UNREADABLE naming maxOperatorsPerPage', async () => {
    const err = await limitHit(onePagePdf({ content: '0 0 612 792 re f\n'.repeat(DEFAULT_LIMITS.maxOperatorsPerPage / 2 + 1), flate: true }), 'maxOperatorsPerPage');
    expect(err.reason).toMatch(/^Page 1 of the PDF consists of more than 200,000 drawing instructions/);
  });

  it('I-5: a page that takes longer than maxRenderMs to draw (50 000 fills of the whole page) is stopped: ATTACHMENT_UNREADABLE naming maxRenderMs', async () => {
    setDocumentLimits({ maxRenderMs: 300 });
    const doc = await openPdf(onePagePdf({ content: '0.5 g 0 0 612 792 re f\n'.repeat(50_000), flate: true }));
    try {
      const started = performance.now();
      const err = (await doc.render(1, 200).catch((e: unknown) => e)) as PdfUnreadableError;
      expect(err).toBeInstanceOf(PdfUnreadableError);
      expect({ kind: err.kind, limit: err.limit }).toEqual({ kind: 'limit', limit: 'maxRenderMs' });
      expect(err.reason).toMatch(/^Page 1 of the PDF takes too long to draw/);
      // Stopped between operators, not after drawing them all (seconds).
      expect(performance.now() - started).toBeLessThan(5000);
    } finally {
      await doc.close();
    }
  });

  it('I-5: operators split over several content streams of one page count together', async () => {
    setDocumentLimits({ maxOperatorsPerPage: 1000 });
    const part = { dict: '', data: '0 0 10 10 re f\n'.repeat(300) };
    await limitHit(onePagePdf({ page: '/Contents [4 0 R 5 0 R 6 0 R 7 0 R]', extra: [part, part, part] }), 'maxOperatorsPerPage');
  });

  it('I-5: a form XObject of 1 000 operators drawn 1 000 times is ATTACHMENT_UNREADABLE naming maxOperatorsPerPage', async () => {
    const bytes = onePagePdf({
      content: '/Fm0 Do\n'.repeat(1000),
      resources: '<< /XObject << /Fm0 5 0 R >> >>',
      extra: [{ dict: '/Type /XObject /Subtype /Form /BBox [0 0 10 10]', data: '0 0 1 1 re f\n'.repeat(500) }],
    });
    await limitHit(bytes, 'maxOperatorsPerPage');
  });

  it('I-5: forms that draw each other in a circle are ATTACHMENT_UNREADABLE naming maxNestingDepth', async () => {
    const bytes = onePagePdf({
      content: '/Fm0 Do',
      resources: '<< /XObject << /Fm0 5 0 R >> >>',
      extra: [
        { dict: '/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /Fm1 6 0 R >> >>', data: '/Fm1 Do' },
        { dict: '/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /Fm0 5 0 R >> >>', data: '/Fm0 Do' },
      ],
    });
    await limitHit(bytes, 'maxNestingDepth');
  });
});

describe('real PDFs still open after the pre-scan', () => {
  it('I-5: a pdf-lib form, its object-stream save, a JPEG scan, a flate image and a CCITT G4 scan open and render', async () => {
    const form = await PDFDocument.create();
    const page = form.addPage([612, 792]);
    const font = await form.embedFont(StandardFonts.Helvetica);
    page.drawText('APPLICATION FOR ADMISSION', { x: 72, y: 720, size: 14, font });
    const field = form.getForm().createTextField('applicant.name');
    field.setText('Jane Q. Lawyer');
    field.addToPage(page, { x: 72, y: 600, width: 300, height: 20 });
    form.getForm().createCheckBox('applicant.bar').addToPage(page, { x: 72, y: 560, width: 12, height: 12 });
    await opensAndRenders(Buffer.from(await form.save({ useObjectStreams: false })));
    await opensAndRenders(Buffer.from(await form.save({ useObjectStreams: true })));

    const scan = await PDFDocument.create();
    const canvas = createCanvas(1275, 1650);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, 1275, 1650);
    ctx.fillStyle = '#000';
    ctx.fillText('RECEIVED JUN 22 2016', 150, 300);
    scan.addPage([612, 792]).drawImage(await scan.embedJpg(await canvas.encode('jpeg', 80)), { x: 0, y: 0, width: 612, height: 792 });
    scan.addPage([612, 792]).drawImage(await scan.embedPng(await canvas.encode('png')), { x: 0, y: 0, width: 612, height: 792 });
    await opensAndRenders(Buffer.from(await scan.save()));

    // CCITT G4, 2550×3300 (300 dpi letter), all white: each row is one V0 code, then EOFB.
    const rows = 3300;
    const g4 = Buffer.alloc(Math.ceil(rows / 8) + 3, 0);
    g4.fill(0xff, 0, rows >> 3);
    const eofb = [0x00, 0x10, 0x01];
    eofb.forEach((b, k) => (g4[(rows >> 3) + k] = b));
    await opensAndRenders(imagePdf(`/Width 2550 /Height ${rows} /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /CCITTFaxDecode /DecodeParms << /K -1 /Columns 2550 /Rows ${rows} /BlackIs1 false >>`, g4));
  });
});

describe('pdf-split (pdf-lib) is bounded by the same pre-scan', () => {
  it('I-6/I-5: a PDF over the docket limit with a reference chain of 100 000 is ATTACHMENT_UNREADABLE naming maxNestingDepth, not a stack overflow', async () => {
    const chain: string[] = [];
    for (let i = 0; i < 100_000; i++) chain.push(`${6 + i} 0 R`);
    chain.push('<< >>');
    const bytes = onePagePdf({ resources: '5 0 R', extra: chain });
    const err = await splitPdf(bytes, 1000).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(PdfUnreadableError);
    expect((err as PdfUnreadableError).limit).toBe('maxNestingDepth');
  });

  it('I-6/I-5: a page tree that loops is refused before pdf-lib walks it (maxPageTreeKids)', async () => {
    const bytes = buildPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>']);
    const err = await splitPdf(bytes, 100).then(() => null, (e: unknown) => e);
    expect((err as PdfUnreadableError).limit).toBe('maxPageTreeKids');
  });

  /** One page drawing text, and objects 5… each a dictionary pointing to the next, `n` long, hung on the page. */
  function chained(n: number): Buffer {
    const chain: string[] = [];
    for (let i = 0; i < n; i++) chain.push(`<< /Next ${i < n - 1 ? `${6 + i} 0 R` : 'null'} /Pad (${'x'.repeat(40)}) >>`);
    return onePagePdf({ page: '/Foo 5 0 R', extra: chain });
  }

  it('I-6/I-5: objects reached from a page through 5 000 references in a row (pdf-lib overflows at ~3 000) are refused naming maxReferenceDepth', async () => {
    const t0 = performance.now();
    const err = await splitPdf(chained(5000), 1000).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(PdfUnreadableError);
    expect({ kind: (err as PdfUnreadableError).kind, limit: (err as PdfUnreadableError).limit }).toEqual({ kind: 'limit', limit: 'maxReferenceDepth' });
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('I-6: a chain of 300 references from a page is within the bound and the page is copied', async () => {
    const res = await splitPdf(chained(300), 1000);
    expect(res).toEqual({ oversizePage: 1 });
    const two = await PDFDocument.load(chained(300));
    two.addPage([612, 792]);
    const parts = await splitPdf(Buffer.from(await two.save({ useObjectStreams: false })), 20_000);
    expect('parts' in parts && parts.parts.length).toBe(2);
  });
});
