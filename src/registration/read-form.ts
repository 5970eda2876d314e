/**
 * Reads an emailed registration PDF (SPEC §5, R-1..R-4): which form it is, its fields,
 * the kind of signature, and the CM/ECF exam when it is attached as further pages or as a
 * PDF of its own. Pages with a text layer are read from it (and from AcroForm fields);
 * scanned pages are straightened and OCR'd. The signature and checkboxes are judged from
 * the rendered page image, because a typed "/s/" and a pen signature differ in ink, not
 * in the text layer.
 *
 * What this returns is data for the rules (src/mailboxes/registration.ts); it judges
 * nothing itself. An unreadable PDF throws PdfUnreadableError, as openPdf does.
 */
import { getOcrPool, type OcrPool, type OcrWord } from '../ocr/pool.ts';
import { openPdf, type FormWidget, type PdfDocument } from '../parsers/pdf.ts';
import { cropImage, type RgbaImage } from '../parsers/image.ts';
import { readExam, examPages, type ExamPage } from './exam.ts';
import { readFields, type FormPage, type SeenBox } from './fields.ts';
import { recogniseForm } from './form-kind.ts';
import { binarize, estimateSkew, findCheckboxes, horizontalRules, rotateImage, toPoints, turnImage, withoutRules } from './ink.ts';
import { ocrPage, textLayerPage, type Box, type PageText } from './page-text.ts';
import { readSignature, type PageInk, type SignaturePage } from './signature.ts';
import type { RegistrationPdfReading } from './types.ts';

export interface ReadRegistrationOptions {
  /** OCR workers for scanned pages (default: the process-wide pool). */
  pool?: OcrPool;
}

/** Scans are rendered (and OCR'd) at this resolution: enough for 10 pt type. */
export const SCAN_DPI = 200;
/** Pages with a text layer are rendered at this resolution for the signature and checkboxes. */
export const TEXT_DPI = 150;
/**
 * Pages read at most: a form and its exam are a few pages; a long PDF is something else
 * and must not tie up OCR for minutes.
 */
export const MAX_PAGES = 12;
/** A skew smaller than this (degrees) is left alone. */
const MIN_SKEW = 0.15;

interface LoadedPage {
  text: PageText;
  widgets: FormWidget[];
  /** Typed text boxes (text layer words), points. */
  typedBoxes: Box[];
  /** The page image, straightened when it was a scan. */
  image?: RgbaImage;
  dpi: number;
}

interface InkedPage extends LoadedPage {
  ink: PageInk;
  boxes: SeenBox[];
}

export async function readRegistrationPdf(bytes: Buffer, filename: string, opts: ReadRegistrationOptions = {}): Promise<RegistrationPdfReading> {
  const doc = await openPdf(bytes);
  try {
    const ocrPages: number[] = [];
    const pages: LoadedPage[] = [];
    const n = Math.min(doc.pageCount, MAX_PAGES);
    for (let i = 1; i <= n; i++) {
      if (await doc.isScanned(i)) {
        pages.push(await loadScanned(doc, i, opts.pool ?? getOcrPool()));
        ocrPages.push(i);
      } else {
        pages.push(await loadText(doc, i));
      }
    }

    const texts = pages.map((p) => p.text);
    const exam = examPages(texts);
    const examIdx = new Set(exam.map((e) => e.index));
    const titleAt = texts.findIndex((t, i) => !examIdx.has(i) && recogniseForm(t) !== undefined);

    // The form: its title page and the pages after it up to the exam.
    const formIdx: number[] = [];
    if (titleAt >= 0) {
      for (let i = titleAt; i < pages.length && !examIdx.has(i); i++) {
        if (i > titleAt && recogniseForm(texts[i]!)) break; // a second form begins
        formIdx.push(i);
      }
    }
    const inked = new Map<number, InkedPage>();
    const withInk = async (i: number) => {
      let p = inked.get(i);
      if (!p) {
        p = await inkOf(doc, pages[i]!, i + 1);
        inked.set(i, p);
      }
      return p;
    };

    let form: RegistrationPdfReading['form'] = null;
    if (titleAt >= 0) {
      const title = recogniseForm(texts[titleAt]!)!;
      const formPages: InkedPage[] = [];
      for (const i of formIdx) formPages.push(await withInk(i));
      const { fields, fromWidgets } = readFields(formPages.map((p): FormPage => ({ text: p.text, widgets: p.widgets, boxes: p.boxes })));
      const signature = readSignature(formPages.map((p): SignaturePage => ({ text: p.text, widgets: p.widgets, ink: p.ink, typedBoxes: p.typedBoxes })));
      const first = pages[titleAt]!;
      form = {
        kind: title.kind,
        title: title.title,
        source: first.text.source === 'ocr' ? 'ocr' : fromWidgets ? 'acroform' : 'text',
        fields,
        signature,
      };
    }

    const examInput: ExamPage[] = [];
    for (let i = 0; i < pages.length; i++) {
      if (!examIdx.has(i)) {
        examInput.push({ text: texts[i]!, widgets: [], boxes: [], ink: EMPTY_INK, typedBoxes: [] });
        continue;
      }
      const p = await withInk(i);
      examInput.push({ text: p.text, widgets: p.widgets, boxes: p.boxes, ink: p.ink, typedBoxes: p.typedBoxes });
    }
    return { filename, form, exam: readExam(examInput, exam), ocrPages };
  } finally {
    await doc.close();
  }
}

const EMPTY_INK: PageInk = { dpi: 72, clean: { width: 0, height: 0, dpi: 72, ink: new Uint8Array(0) } };

async function loadText(doc: PdfDocument, i: number): Promise<LoadedPage> {
  const size = await doc.pageSize(i);
  const text = textLayerPage(i, size.width, size.height, await doc.textItems(i));
  const widgets = await doc.formWidgets(i);
  const typedBoxes = text.lines.flatMap((l) => l.words.map((w): Box => ({ x0: w.x0, y0: w.y0, x1: w.x1, y1: w.y1 })));
  return { text, widgets, typedBoxes, dpi: TEXT_DPI };
}

/** Renders, turns upright, straightens and OCRs a scanned page. */
async function loadScanned(doc: PdfDocument, i: number, pool: OcrPool): Promise<LoadedPage> {
  const rendered = await doc.render(i, SCAN_DPI);
  // A sheet fed sideways comes out landscape: find its way up before reading it whole.
  const landscape = rendered.width > 1.15 * rendered.height;
  let read = landscape ? undefined : await straightenAndRead(rendered, pool);
  if (!read || readableWords(read.ocr.words) < UPRIGHT_WORDS) {
    // Few words read as words: the page may be upside down or sideways. Read a strip of it
    // each way up and keep the way with the most word-like words.
    const turn = await bestTurn(rendered, pool, read);
    if (turn !== 0 || !read) read = await straightenAndRead(turnImage(rendered, turn), pool);
  }
  const { image, ocr } = read;
  const width = (image.width * 72) / SCAN_DPI;
  const height = (image.height * 72) / SCAN_DPI;
  return { text: ocrPage(i, width, height, ocr.words, SCAN_DPI), widgets: [], typedBoxes: [], image, dpi: SCAN_DPI };
}

interface ReadScan {
  image: RgbaImage;
  ocr: { words: OcrWord[] };
}

async function straightenAndRead(img: RgbaImage, pool: OcrPool): Promise<ReadScan> {
  let image = img;
  const skew = estimateSkew(binarize(image, SCAN_DPI));
  if (Math.abs(skew) >= MIN_SKEW) image = rotateImage(image, skew);
  // psm 4: one column of lines of varying size, which keeps "Label    value" on one line.
  const ocr = await pool.recognize(image, { psm: 4, dpi: SCAN_DPI });
  return { image, ocr };
}

/** A page read the right way up has at least this many word-like words. */
const UPRIGHT_WORDS = 30;

/**
 * Words that look like words of a language: letters (a capital first, or all capitals),
 * a vowel, read with confidence. Text read upside down or sideways gives few of these.
 */
export function readableWords(words: Array<Pick<OcrWord, 'text' | 'confidence'>>, band?: { y0: number; y1: number }, bbox?: (w: OcrWord) => number): number {
  let n = 0;
  for (const w of words) {
    if (w.confidence < 70) continue;
    if (band && bbox && !(bbox(w as OcrWord) >= band.y0 && bbox(w as OcrWord) < band.y1)) continue;
    const t = w.text.replace(/[,.:;?!)]+$/, '').replace(/^\(/, '');
    if (/^(?:[A-Za-z][a-z]{2,}|[A-Z]{3,})$/.test(t) && /[aeiouyAEIOUY]/.test(t)) n++;
  }
  return n;
}

/** The quarter turn (clockwise) that makes the page upright, judged on a strip of each. */
async function bestTurn(img: RgbaImage, pool: OcrPool, upright: ReadScan | undefined): Promise<0 | 90 | 180 | 270> {
  const turns: Array<0 | 90 | 180 | 270> = [0, 90, 180, 270];
  let best: 0 | 90 | 180 | 270 = 0;
  let bestScore = -1;
  for (const t of turns) {
    const turned = turnImage(img, t);
    // The upper middle of the page: titles, labels and their values.
    const y0 = Math.round(turned.height * 0.08);
    const y1 = Math.round(turned.height * 0.5);
    let score: number;
    if (t === 0 && upright) {
      score = readableWords(upright.ocr.words, { y0, y1 }, (w) => (w.bbox.y0 + w.bbox.y1) / 2);
    } else {
      const strip = cropImage(turned, { x: 0, y: y0, width: turned.width, height: y1 - y0 });
      score = readableWords((await pool.recognize(strip, { psm: 4, dpi: SCAN_DPI })).words);
    }
    if (score > bestScore) {
      best = t;
      bestScore = score;
    }
  }
  return best;
}

async function inkOf(doc: PdfDocument, p: LoadedPage, i: number): Promise<InkedPage> {
  const image = p.image ?? (await doc.render(i, p.dpi));
  const bm = binarize(image, p.dpi);
  const boxes = findCheckboxes(bm, { x0: 0, y0: 0, x1: bm.width, y1: bm.height }).map((b): SeenBox => ({ ...toPoints(b, p.dpi), checked: b.checked }));
  // The image is not kept: the bitmaps are all that is needed from here on.
  p.image = undefined;
  return { ...p, ink: { dpi: p.dpi, clean: withoutRules(bm), rules: horizontalRules(bm).map((r) => toPoints(r, p.dpi)) }, boxes };
}
