/**
 * Opening PDF attachments with pdfjs-dist: page count, text layer, scanned-page detection
 * and rendering to raw RGBA for OCR (P-3, P-5). Anything that cannot be opened becomes a
 * PdfUnreadableError carrying a sentence for the sender (I-5).
 *
 * pdfjs runs in-process in Node (its "fake worker"): parsing and rendering run on the
 * calling thread and block the event loop while they work (≈ 0.5 s per 300 dpi page).
 * Operations on one document are run one at a time, in call order.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { RgbaImage } from './image.ts';
import { documentLimits } from './limits.ts';
import { PDF_REASONS, PdfUnreadableError } from './pdf-errors.ts';
import { PRECHECK_REASONS, pdfLimitError, precheckPdfBytes } from './pdf-precheck.ts';

export { PDF_REASONS, PdfUnreadableError, type PdfUnreadableKind } from './pdf-errors.ts';

export interface PageSize {
  /** In PDF points (1/72 inch), as the page is displayed (its /Rotate applied). */
  width: number;
  height: number;
  /** The page's /Rotate: 0, 90, 180 or 270. */
  rotation: number;
}

export interface PdfDocument {
  readonly pageCount: number;
  /**
   * True when the file has an encryption dictionary. Such a file only opens here when it
   * has no user (open) password, e.g. an owner password restricting printing or copying;
   * its content is fully readable, so it is not treated as unreadable.
   */
  readonly encrypted: boolean;
  /** Text layer of page `i` (1-based): lines top to bottom, words left to right. '' when none. */
  pageText(i: number): Promise<string>;
  /** No usable text (fewer than 20 non-space characters) and the page paints an image. */
  isScanned(i: number): Promise<boolean>;
  pageSize(i: number): Promise<PageSize>;
  /**
   * Text layer of page `i` as drawn pieces with their places, in points on the displayed
   * page (top-left origin, /Rotate applied), in content order. Blank pieces are left out.
   */
  textItems(i: number): Promise<TextItem[]>;
  /** Interactive form fields (widget annotations) on page `i`, with their values and places. */
  formWidgets(i: number): Promise<FormWidget[]>;
  /**
   * Page `i` drawn at `dpi` on white: width = round(points × dpi / 72). Raw RGBA, alpha 255.
   * Throws PdfUnreadableError ('limit', maxRenderPixels) if the result would be larger
   * than the limit, before anything is allocated.
   */
  render(i: number, dpi: number): Promise<RgbaImage>;
  /** Frees everything; the document cannot be used afterwards. Safe to call twice. */
  close(): Promise<void>;
}

/** A piece of the text layer as pdfjs reports it, placed on the displayed page. */
export interface TextItem {
  str: string;
  /** Left end of the baseline, points from the left edge. */
  x: number;
  /** Baseline, points from the top edge. */
  baseline: number;
  /** Advance width, points. */
  width: number;
  /** Font size (glyph height), points. */
  size: number;
  /** True when the text runs horizontally (not rotated on the page). */
  horizontal: boolean;
}

/** One widget of an AcroForm field. */
export interface FormWidget {
  /** Fully qualified field name (`parent.child`), '' when it has none. */
  name: string;
  /** The field's tooltip (/TU), often the question or label in words. */
  tooltip: string;
  type: 'text' | 'checkbox' | 'radio' | 'choice' | 'signature' | 'button';
  /** Text and choice fields: the value ('' when empty). Checkboxes and radios: the state. */
  value: string;
  /** Checkboxes and radio buttons: this widget is on. */
  checked: boolean;
  /** Points on the displayed page, top-left origin. */
  rect: { x: number; y: number; width: number; height: number };
}

/** Fewer non-space characters than this on a page means it has no usable text layer. */
export const MIN_TEXT_CHARS = 20;

const IMAGE_OPS = new Set<number>([
  pdfjs.OPS.paintImageXObject,
  pdfjs.OPS.paintInlineImageXObject,
  pdfjs.OPS.paintInlineImageXObjectGroup,
  pdfjs.OPS.paintImageXObjectRepeat,
  pdfjs.OPS.paintImageMaskXObject,
  pdfjs.OPS.paintImageMaskXObjectGroup,
  pdfjs.OPS.paintImageMaskXObjectRepeat,
]);

const PDFJS_DIR = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
/** In Node pdfjs reads these with fs.readFile(base + name): plain paths with a trailing slash. */
const dataDir = (name: string) => join(PDFJS_DIR, name) + '/';

/**
 * Opens a PDF. Throws PdfUnreadableError when it is encrypted with a password, damaged,
 * cut off, or has no pages. `bytes` is not modified (pdfjs gets a copy).
 */
export async function openPdf(bytes: Buffer): Promise<PdfDocument> {
  if (bytes.length === 0) throw new PdfUnreadableError('empty', PDF_REASONS.empty);
  // Nesting, object counts, image sizes and filters, inflated sizes, the page tree and
  // operators per page, from the bytes: pdfjs would crash or hang on some of them.
  precheckPdfBytes(bytes);
  const task = pdfjs.getDocument({
    // pdfjs transfers (detaches) the buffer it is given: hand it a copy.
    data: new Uint8Array(bytes),
    standardFontDataUrl: dataDir('standard_fonts'),
    cMapUrl: dataDir('cmaps'),
    cMapPacked: true,
    wasmUrl: dataDir('wasm'),
    iccUrl: dataDir('iccs'),
    isEvalSupported: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  let doc: PDFDocumentProxy;
  try {
    doc = await task.promise;
  } catch (err) {
    await task.destroy().catch(() => {});
    throw classifyOpenError(err, bytes);
  }
  try {
    // pdfjs rebuilds the cross-reference of a damaged file and may then open what is left
    // of a file that was cut off: missing pages must not pass as a complete filing.
    if (isTruncated(bytes)) throw new PdfUnreadableError('truncated', PDF_REASONS.truncated);
    if (doc.numPages < 1) throw new PdfUnreadableError('no-pages', PDF_REASONS.noPages);
    // A page tree the pre-scan could not follow (a damaged file pdfjs rebuilt) counts too.
    const { maxPdfPages } = documentLimits();
    if (doc.numPages > maxPdfPages) throw pdfLimitError('maxPdfPages', PRECHECK_REASONS.pages(maxPdfPages));
    const { info } = await doc.getMetadata();
    const encrypted = typeof info === 'object' && info !== null && (info as { EncryptFilterName?: unknown }).EncryptFilterName != null;
    return new PdfjsDocument(doc, encrypted);
  } catch (err) {
    await doc.destroy().catch(() => {});
    throw err instanceof PdfUnreadableError ? err : new PdfUnreadableError('corrupt', PDF_REASONS.corrupt, { cause: err });
  }
}

function classifyOpenError(err: unknown, bytes: Buffer): PdfUnreadableError {
  const name = (err as { name?: unknown } | null)?.name;
  const message = String((err as { message?: unknown } | null)?.message ?? err);
  if (name === 'PasswordException' || /encrypt|password/i.test(message)) {
    return new PdfUnreadableError('encrypted', PDF_REASONS.encrypted, { cause: err });
  }
  // Cut off only if it started as a PDF: no object at all means damaged beyond that.
  if (hasPdfObject(bytes) && isTruncated(bytes)) return new PdfUnreadableError('truncated', PDF_REASONS.truncated, { cause: err });
  return new PdfUnreadableError('corrupt', PDF_REASONS.corrupt, { cause: err });
}

function hasPdfObject(bytes: Buffer): boolean {
  return /\b\d+\s+\d+\s+obj\b/.test(bytes.subarray(0, 4 * 1024 * 1024).toString('latin1'));
}

/**
 * A complete PDF (and every incremental update of it) ends with `%%EOF`. The file was cut
 * off when there is an object, stream or cross-reference section after the last `%%EOF`
 * (or no `%%EOF` at all). Junk after the final `%%EOF` (padding some scanners add) is fine.
 */
export function isTruncated(bytes: Buffer): boolean {
  const eof = bytes.lastIndexOf('%%EOF');
  if (eof < 0) return true;
  for (const marker of ['endobj', 'endstream', 'startxref', 'xref', ' obj']) {
    if (bytes.indexOf(marker, eof + 5, 'latin1') >= 0) return true;
  }
  return false;
}

interface Positioned {
  str: string;
  x: number;
  y: number;
  end: number;
  size: number;
  horizontal: boolean;
}

class PdfjsDocument implements PdfDocument {
  readonly pageCount: number;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;
  /** Time spent drawing this document's pages so far (maxRenderMs). */
  #drawMs = 0;

  constructor(
    private readonly doc: PDFDocumentProxy,
    readonly encrypted: boolean,
  ) {
    this.pageCount = doc.numPages;
  }

  pageText(i: number): Promise<string> {
    return this.#withPage(i, async (page) => textOf(page));
  }

  isScanned(i: number): Promise<boolean> {
    return this.#withPage(i, async (page) => {
      const text = await textOf(page);
      if (text.replace(/\s/g, '').length >= MIN_TEXT_CHARS) return false;
      const ops = await page.getOperatorList();
      return ops.fnArray.some((fn) => IMAGE_OPS.has(fn));
    });
  }

  pageSize(i: number): Promise<PageSize> {
    return this.#withPage(i, async (page) => {
      const vp = page.getViewport({ scale: 1 });
      return { width: vp.width, height: vp.height, rotation: page.rotate };
    });
  }

  textItems(i: number): Promise<TextItem[]> {
    return this.#withPage(i, async (page) => (await positionedItems(page)).map((p) => ({ str: p.str, x: p.x, baseline: p.y, width: p.end - p.x, size: p.size, horizontal: p.horizontal })));
  }

  formWidgets(i: number): Promise<FormWidget[]> {
    return this.#withPage(i, async (page) => widgetsOf(page));
  }

  render(i: number, dpi: number): Promise<RgbaImage> {
    if (!(dpi > 0 && Number.isFinite(dpi))) return Promise.reject(new RangeError(`bad dpi ${dpi}`));
    return this.#withPage(i, async (page) => {
      const viewport = page.getViewport({ scale: dpi / 72 });
      const width = Math.max(1, Math.round(viewport.width));
      const height = Math.max(1, Math.round(viewport.height));
      const { maxRenderPixels, maxRenderMs } = documentLimits();
      if (!(width * height <= maxRenderPixels)) throw pdfLimitError('maxRenderPixels', PRECHECK_REASONS.renderPixels(i, maxRenderPixels), i);
      const canvas = createCanvas(width, height);
      try {
        const task = page.render({
          canvas: canvas as unknown as HTMLCanvasElement,
          viewport,
          background: 'rgb(255,255,255)',
        });
        // pdfjs draws in slices of about 15 ms and asks `onContinue` before the next one
        // (through a microtask, so no timer could fire meanwhile): the time is checked there.
        // Only drawing counts (from the first slice on; decoding images comes before), per
        // page and, at three pages' worth, per document: a page that is slow to draw is
        // drawn again for the stamp, the text and the caption.
        let late = false;
        let firstSlice: number | undefined;
        const drawn = () => (firstSlice === undefined ? 0 : performance.now() - firstSlice);
        task.onContinue = (next: () => void) => {
          firstSlice ??= performance.now();
          if (drawn() <= maxRenderMs && this.#drawMs + drawn() <= 3 * maxRenderMs) return next();
          late = true;
          task.cancel();
        };
        try {
          await task.promise;
        } catch (err) {
          if (late) throw pdfLimitError('maxRenderMs', PRECHECK_REASONS.renderTime(i, maxRenderMs), i);
          throw err;
        } finally {
          this.#drawMs += drawn();
        }
        const { data } = canvas.getContext('2d').getImageData(0, 0, width, height);
        return { width, height, data };
      } finally {
        // Free the native pixel buffer now rather than at the next GC.
        canvas.width = 0;
        canvas.height = 0;
      }
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#queue.catch(() => {});
    await this.doc.destroy();
  }

  /** Runs `fn` on page `i` after every earlier operation, then frees what the page holds. */
  #withPage<T>(i: number, fn: (page: PDFPageProxy) => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('the PDF document is closed'));
    if (!Number.isInteger(i) || i < 1 || i > this.pageCount) {
      return Promise.reject(new RangeError(`page ${i} does not exist (the PDF has ${this.pageCount} pages)`));
    }
    const run = async (): Promise<T> => {
      let page: PDFPageProxy;
      try {
        page = await this.doc.getPage(i);
      } catch (err) {
        throw new PdfUnreadableError('bad-page', PDF_REASONS.badPage(i), { cause: err, page: i });
      }
      try {
        // The page size pdfjs settled on (boxes, /UserUnit), whatever the pre-scan made of it.
        const vp = page.getViewport({ scale: 1 });
        const { maxPageSidePoints } = documentLimits();
        if (!(vp.width <= maxPageSidePoints && vp.height <= maxPageSidePoints)) throw pdfLimitError('maxPageSidePoints', PRECHECK_REASONS.pageSide(i, maxPageSidePoints), i);
        return await fn(page);
      } finally {
        // Drop the page's operator lists, decoded images and fonts on both sides
        // (pdfjs caches them per page and per document); nothing else is running.
        page.cleanup();
        await this.doc.cleanup().catch(() => {});
      }
    };
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => {});
    return result;
  }
}

/**
 * The text layer as lines. Items are placed by where they are drawn on the displayed page
 * (so /Rotate and text written out of order do not matter): items whose baselines are
 * within half a character height form one line; a gap wider than ~15 % of the character
 * height between two items becomes a space.
 */
async function textOf(page: PDFPageProxy): Promise<string> {
  const items = await positionedItems(page);
  items.sort((p, q) => p.y - q.y || p.x - q.x);

  const lines: Positioned[][] = [];
  let current: Positioned[] = [];
  let baseline = 0;
  let lineSize = 0;
  for (const it of items) {
    if (current.length > 0 && Math.abs(it.y - baseline) <= 0.5 * Math.max(it.size, lineSize)) {
      current.push(it);
      lineSize = Math.max(lineSize, it.size);
    } else {
      if (current.length) lines.push(current);
      current = [it];
      baseline = it.y;
      lineSize = it.size;
    }
  }
  if (current.length) lines.push(current);

  return lines
    .map((line) => {
      line.sort((p, q) => p.x - q.x);
      let out = '';
      let prev: Positioned | undefined;
      for (const it of line) {
        if (prev) {
          const gap = it.x - prev.end;
          const spaced = /\s$/.test(out) || /^\s/.test(it.str);
          if (!spaced && (gap > 0.15 * Math.min(prev.size, it.size) || gap < -prev.size)) out += ' ';
        }
        out += it.str;
        prev = it;
      }
      return out.replace(/\s+/g, ' ').trim();
    })
    .filter((l) => l !== '')
    .join('\n');
}

/** The page's text items placed on the displayed page (points, top-left origin). */
async function positionedItems(page: PDFPageProxy): Promise<Positioned[]> {
  const content = await page.getTextContent();
  const vt = page.getViewport({ scale: 1 }).transform;
  const items: Positioned[] = [];
  for (const item of content.items) {
    if (!('str' in item) || item.str.trim() === '') continue;
    const m = pdfjs.Util.transform(vt, item.transform) as number[];
    const [a = 1, b = 0, c = 0, d = 1, x = 0, y = 0] = m;
    const size = Math.hypot(c, d) || item.height || 1;
    // At scale 1 the viewport does not scale, so the item's width is in the same units.
    items.push({ str: item.str, x, y, end: x + item.width, size, horizontal: Math.abs(b) <= 0.1 * Math.abs(a) && a > 0 });
  }
  return items;
}

interface RawWidget {
  subtype?: string;
  fieldName?: string;
  fieldType?: string;
  fieldValue?: unknown;
  alternativeText?: string;
  checkBox?: boolean;
  radioButton?: boolean;
  pushButton?: boolean;
  buttonValue?: unknown;
  exportValue?: unknown;
  rect?: number[];
}

async function widgetsOf(page: PDFPageProxy): Promise<FormWidget[]> {
  const viewport = page.getViewport({ scale: 1 });
  const out: FormWidget[] = [];
  for (const a of (await page.getAnnotations({ intent: 'display' })) as RawWidget[]) {
    if (a.subtype !== 'Widget' || !a.rect || a.rect.length < 4) continue;
    const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = viewport.convertToViewportRectangle(a.rect) as number[];
    const rect = { x: Math.min(x1, x2), y: Math.min(y1, y2), width: Math.abs(x2 - x1), height: Math.abs(y2 - y1) };
    const raw = a.fieldValue;
    const value = Array.isArray(raw) ? raw.map(String).join(', ') : raw == null ? '' : String(raw);
    let type: FormWidget['type'];
    let checked = false;
    if (a.fieldType === 'Btn') {
      if (a.pushButton) type = 'button';
      else if (a.radioButton) {
        type = 'radio';
        checked = value !== '' && value !== 'Off' && value === String(a.buttonValue ?? '');
      } else {
        type = 'checkbox';
        checked = value !== '' && value !== 'Off' && (a.exportValue == null || value === String(a.exportValue));
      }
    } else if (a.fieldType === 'Sig') type = 'signature';
    else if (a.fieldType === 'Ch') type = 'choice';
    else type = 'text';
    out.push({ name: a.fieldName ?? '', tooltip: a.alternativeText ?? '', type, value, checked, rect });
  }
  return out;
}
