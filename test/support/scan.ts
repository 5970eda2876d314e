/**
 * Seeded generator of scanned prisoner filings for the stamp reader (P-3, P-4): page 1 of
 * a typed filing (caption, title, body paragraphs holding other dates, a `Dated:`
 * signature block) carrying a facility's receipt stamp — varied wording, 1–3 lines, ink
 * colour, rotation up to ±15°, any corner or margin, boxed or not — then scanner
 * artefacts: slight page skew, blur, grey paper, noise and speckle. The ground truth comes
 * with every page. `scannedPdf` wraps pages as JPEG images in an image-only PDF, the way a
 * facility's scanner sends them; `bilevelPdf` as 1-bit images (scan-to-email in fax mode);
 * `textPdfWithStampImage` makes a kiosk's text PDF with the stamp as an embedded image.
 * Options add narrow margins, a stamp beside the caption and bilevel scans; EXTRA_FORMS
 * more stamp layouts.
 */
import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import { concatTransformationMatrix, drawObject, PDFDocument, PDFName, popGraphicsState, pushGraphicsState, rgb, StandardFonts } from 'pdf-lib';
import type { RgbaImage } from '../../src/parsers/image.ts';

export type Ink = 'red' | 'blue' | 'purple' | 'black';
export type StampPosition = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right' | 'top' | 'bottom' | 'left' | 'right';
export type StampForm = 'received' | 'scanned' | 'filed' | 'short-at' | 'machine' | 'time-first' | 'military' | 'dots' | 'date-over-time' | 'military-colon' | 'tight';

export const INKS: Ink[] = ['red', 'blue', 'purple', 'black'];
export const POSITIONS: StampPosition[] = ['top-left', 'top-right', 'bottom-left', 'bottom-right', 'top', 'bottom', 'left', 'right'];
export const FORMS: StampForm[] = ['received', 'scanned', 'filed', 'short-at', 'machine', 'time-first', 'military', 'dots'];
/**
 * More layouts, kept out of FORMS so seeded pages built from FORMS stay the same: the date
 * on one line and the time under it, a 24-hour time with a colon, and a stamp printed
 * with its spaces and commas tight (`Oct.18,2016 1:05PM`).
 */
export const EXTRA_FORMS: StampForm[] = ['date-over-time', 'military-colon', 'tight'];
export const FACILITY_CODES = ['MWCI', 'CCI', 'OCI', 'GCI', 'CRCI', 'YCI', 'NCI', 'WCI', 'BCC', 'HCC'];

export interface ScanOptions {
  seed: number;
  /** Default 200. */
  dpi?: number;
  /** No stamp at all (default: a stamp). */
  noStamp?: boolean;
  /** Faint, smudged ink: a clerk must read it (P-4). */
  faint?: boolean;
  ink?: Ink;
  /** Degrees, positive clockwise. Default: random in ±15. */
  rotation?: number;
  position?: StampPosition;
  boxed?: boolean;
  lines?: 1 | 2 | 3;
  form?: StampForm;
  /** The stamp's date and time (default: random in 2012–2024, 07:00–17:59). */
  stampAt?: { year: number; month: number; day: number; hour: number; minute: number };
  facility?: string;
  /** Horizontal shear of the impression (a stamp pressed unevenly): default random in ±0.12. */
  shear?: number;
  /**
   * Stamp over typed text instead of in blank space (default false: staff stamp where there
   * is room, and the text of the page leaves a gap around the stamp).
   */
  overlap?: boolean;
  /** Scanner noise (default true). */
  noise?: boolean;
  /** Inches from the page edge to the stamp (default random in 0.25–0.6): small for a narrow margin. */
  edge?: number;
  /**
   * The stamp right beside the court's heading, on the same lines as its words (staff
   * stamp the top of the page next to the caption): OCR runs the two into one line.
   */
  besideCaption?: boolean;
  /** A bilevel (1-bit, black or white) scan, as fax-grade scan-to-email devices send. */
  bilevel?: boolean;
}

export interface StampTruth {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  lines: string[];
  form: StampForm;
  ink: Ink;
  rotation: number;
  shear: number;
  position: StampPosition;
  boxed: boolean;
  faint: boolean;
  overlap: boolean;
  facility: string;
  /** Where the stamp is on the page, in pixels (before the page skew). */
  bbox: { x: number; y: number; width: number; height: number };
}

export interface ScanTruth {
  dpi: number;
  stamp: StampTruth | null;
  /** The `Dated:` line of the signature block. */
  signatureDate: { year: number; month: number; day: number };
  /** Other dates written in the body. */
  bodyDates: string[];
  caseNumber: string;
  pageSkew: number;
}

export interface ScannedPage {
  image: RgbaImage;
  truth: ScanTruth;
}

const MONTH_ABBR = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const MONTH_NAME = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const INK_RGB: Record<Ink, [number, number, number]> = {
  red: [196, 28, 40],
  blue: [28, 58, 168],
  purple: [112, 40, 140],
  black: [28, 28, 34],
};
const PLAINTIFFS = ['JOHN SMITH', 'ROBERT JONES', 'MICHAEL BROWN', 'DAVID WILSON', 'JAMES TAYLOR', 'CARLOS RIVERA', 'ANTHONY MOORE', 'KEVIN JACKSON'];
const DEFENDANTS = ['SCOTT SEMPLE', 'WARDEN ERFE', 'DR. NAQVI', 'CAPTAIN WATSON', 'LT. ROBERTS', 'NURSE KELLY'];
const TITLES = ['MOTION FOR APPOINTMENT OF COUNSEL', 'MOTION FOR EXTENSION OF TIME', 'AMENDED COMPLAINT', 'PETITION FOR WRIT OF HABEAS CORPUS', 'MOTION TO COMPEL DISCOVERY', 'OBJECTION TO MOTION TO DISMISS'];
const FACILITY_NAMES: Record<string, string> = {
  MWCI: 'MacDougall-Walker Correctional Institution',
  CCI: 'Cheshire Correctional Institution',
  OCI: 'Osborn Correctional Institution',
  GCI: 'Garner Correctional Institution',
  CRCI: 'Corrigan-Radgowski Correctional Center',
  YCI: 'York Correctional Institution',
  NCI: 'Northern Correctional Institution',
  WCI: 'Willard-Cybulski Correctional Institution',
  BCC: 'Bridgeport Correctional Center',
  HCC: 'Hartford Correctional Center',
};

/** mulberry32: small, fast, good enough for test data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0 || 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const between = (r: Rand, a: number, b: number) => a + (b - a) * r();
const pad2 = (n: number) => String(n).padStart(2, '0');

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Page 1 of a scanned filing, with its ground truth. */
export function scannedPage(opts: ScanOptions): ScannedPage {
  const r = rng(opts.seed);
  const dpi = opts.dpi ?? 200;
  const W = Math.round(8.5 * dpi);
  const H = Math.round(11 * dpi);
  const inch = (v: number) => v * dpi;
  const pt = (v: number) => (v * dpi) / 72;

  const at = opts.stampAt ?? randomStampTime(r);
  const facility = opts.facility ?? pick(r, FACILITY_CODES);
  const sigDate = shiftDays(at, -Math.floor(between(r, 1, 6)));
  const plaintiff = pick(r, PLAINTIFFS);
  const defendant = pick(r, DEFENDANTS);
  const yy = String(at.year % 100).padStart(2, '0');
  const caseNumber = `3:${yy}-cv-${String(Math.floor(between(r, 100, 1999))).padStart(5, '0')}`;
  const judge = pick(r, ['JCH', 'VAB', 'SRU', 'KAD', 'MPS', 'AWT']);

  // The stamp comes first: staff stamp a blank area, and the text flows around it.
  const stampCanvasInfo = opts.noStamp ? null : makeStamp(r, opts, at, facility, dpi);
  let stampRect: Rect | null = null;
  let stampCenter = { x: 0, y: 0 };
  let position: StampPosition = opts.position ?? pick(r, POSITIONS);
  if (stampCanvasInfo) {
    const { canvas, rotation } = stampCanvasInfo;
    const corners = stampCorners(canvas.width, canvas.height, rotation);
    const bw = Math.max(...corners.map((c) => c[0])) - Math.min(...corners.map((c) => c[0]));
    const bh = Math.max(...corners.map((c) => c[1])) - Math.min(...corners.map((c) => c[1]));
    const edge = () => inch(opts.edge ?? between(r, 0.25, 0.6));
    let cx: number;
    let cy: number;
    if (position.includes('left')) cx = edge() + bw / 2;
    else if (position.includes('right')) cx = W - edge() - bw / 2;
    else cx = W / 2 + inch(between(r, -1, 1));
    if (position.startsWith('top')) cy = edge() + bh / 2;
    else if (position.startsWith('bottom')) cy = H - edge() - bh / 2;
    else cy = H * between(r, 0.35, 0.6);
    if (opts.besideCaption) {
      // Right of the heading's first line, its top level with the heading's top.
      const probe = createCanvas(10, 10).getContext('2d');
      probe.font = `bold ${pt(12)}px "DejaVu Serif"`;
      const headingRight = (W + probe.measureText('UNITED STATES DISTRICT COURT').width) / 2;
      cx = Math.min(headingRight + inch(between(r, 0.1, 0.22)) + bw / 2, W - inch(0.08) - bw / 2);
      cy = inch(1) + bh / 2 - pt(3);
      position = 'top-right';
    }
    stampCenter = { x: cx, y: cy };
    stampRect = { x: cx - bw / 2, y: cy - bh / 2, width: bw, height: bh };
  }

  const page = createCanvas(W, H);
  const ctx = page.getContext('2d');
  ctx.fillStyle = 'rgb(255,255,255)';
  ctx.fillRect(0, 0, W, H);
  ctx.fillStyle = 'rgb(20,20,20)';
  ctx.textBaseline = 'alphabetic';

  // Beside the caption the stamp leaves only a sliver of paper to the type next to it.
  const keepOut = stampRect && !opts.overlap ? grow(stampRect, inch(opts.besideCaption ? 0.02 : 0.2)) : null;
  const left = inch(1);
  const right = W - inch(1);
  const bottomLimit = H - inch(0.9);
  const bodyFont = `${pt(12)}px "DejaVu Serif"`;
  const boldFont = `bold ${pt(12)}px "DejaVu Serif"`;
  const lh = pt(12) * 1.9;
  let y = inch(1) + pt(12);

  // Lines that would run into the stamp move down (fixed lines) or get narrower (prose).
  const freeSpan = (top: number, bottom: number, x0: number, x1: number): [number, number] => {
    if (!keepOut || bottom < keepOut.y || top > keepOut.y + keepOut.height) return [x0, x1];
    if (keepOut.x + keepOut.width < x0 || keepOut.x > x1) return [x0, x1];
    const leftRoom = keepOut.x - x0;
    const rightRoom = x1 - (keepOut.x + keepOut.width);
    return leftRoom >= rightRoom ? [x0, keepOut.x] : [keepOut.x + keepOut.width, x1];
  };
  const placeFixed = (parts: Array<{ text: string; x: number | 'center'; font: string }>) => {
    for (let guard = 0; guard < 60; guard++) {
      const spans = parts.map((p) => {
        ctx.font = p.font;
        const w = ctx.measureText(p.text).width;
        const x = p.x === 'center' ? (W - w) / 2 : p.x;
        return { ...p, x, w };
      });
      const clash = spans.some((s) => {
        const [a, b] = freeSpan(y - pt(12), y + pt(4), s.x, s.x + s.w);
        return a !== s.x || b !== s.x + s.w;
      });
      if (!clash) {
        for (const s of spans) {
          ctx.font = s.font;
          ctx.fillText(s.text, s.x, y);
        }
        y += lh;
        return;
      }
      y += lh / 2;
    }
  };

  placeFixed([{ text: 'UNITED STATES DISTRICT COURT', x: 'center', font: boldFont }]);
  placeFixed([{ text: 'DISTRICT OF CONNECTICUT', x: 'center', font: boldFont }]);
  y += lh * 0.5;
  const colR = inch(4.6);
  placeFixed([{ text: `${plaintiff},`, x: left, font: bodyFont }, { text: ':', x: inch(4.3), font: bodyFont }]);
  placeFixed([{ text: 'Plaintiff,', x: left + inch(0.5), font: bodyFont }, { text: ':', x: inch(4.3), font: bodyFont }, { text: `Case No. ${caseNumber} (${judge})`, x: colR, font: bodyFont }]);
  placeFixed([{ text: 'v.', x: left + inch(0.25), font: bodyFont }, { text: ':', x: inch(4.3), font: bodyFont }]);
  placeFixed([{ text: `${defendant}, et al.,`, x: left, font: bodyFont }, { text: ':', x: inch(4.3), font: bodyFont }]);
  placeFixed([{ text: 'Defendants.', x: left + inch(0.5), font: bodyFont }, { text: ':', x: inch(4.3), font: bodyFont }, { text: `${MONTH_NAME[sigDate.month - 1]} ${sigDate.day}, ${sigDate.year}`, x: colR, font: bodyFont }]);
  y += lh * 0.5;
  placeFixed([{ text: pick(r, TITLES), x: 'center', font: boldFont }]);
  y += lh * 0.3;

  const bodyDates: string[] = [];
  const paragraphs = bodyText(r, at, plaintiff, defendant, facility, bodyDates);
  const sigLines = [
    `Dated: ${MONTH_NAME[sigDate.month - 1]} ${sigDate.day}, ${sigDate.year}`,
    'Respectfully submitted,',
    '',
    `${titleCase(plaintiff)}, Inmate No. ${Math.floor(between(r, 100000, 399999))}`,
    FACILITY_NAMES[facility] ?? 'Correctional Institution',
  ];
  const sigHeight = sigLines.length * pt(12) * 1.4 + lh;
  ctx.font = bodyFont;
  outer: for (const para of paragraphs) {
    const words = para.split(' ');
    let first = true;
    while (words.length > 0) {
      if (y + sigHeight > bottomLimit) break outer;
      const indent = first ? inch(0.5) : 0;
      const [x0, x1] = freeSpan(y - pt(12), y + pt(4), left + indent, right);
      if (x1 - x0 < inch(2.5)) {
        y += lh / 2;
        continue;
      }
      let line = '';
      while (words.length > 0) {
        const next = line ? `${line} ${words[0]}` : words[0]!;
        if (ctx.measureText(next).width > x1 - x0 && line) break;
        line = next;
        words.shift();
      }
      ctx.fillText(line, x0, y);
      y += lh;
      first = false;
    }
  }

  // Signature block: right half, unless the stamp sits at the bottom right.
  y += lh * 0.3;
  const sigX = position === 'bottom-right' || position === 'right' ? left : inch(4.4);
  for (const text of sigLines) {
    for (let guard = 0; guard < 40; guard++) {
      ctx.font = bodyFont;
      const w = Math.max(ctx.measureText(text).width, inch(2.5));
      const [a, b] = freeSpan(y - pt(12), y + pt(4), sigX, sigX + w);
      if (a === sigX && b === sigX + w) break;
      y += lh / 3;
    }
    if (y > H - inch(0.3)) break;
    if (text === '') {
      drawSignature(ctx, r, sigX + inch(0.2), y - pt(6), inch(2), pt(14));
    } else {
      ctx.fillText(text, sigX, y);
    }
    y += pt(12) * 1.4;
  }

  // The stamp: ink multiplies with the paper and the type under it.
  let stamp: StampTruth | null = null;
  if (stampCanvasInfo && stampRect) {
    const { canvas, rotation, truth } = stampCanvasInfo;
    ctx.save();
    ctx.globalCompositeOperation = 'multiply';
    ctx.translate(stampCenter.x, stampCenter.y);
    ctx.rotate((rotation * Math.PI) / 180);
    ctx.drawImage(canvas, -canvas.width / 2, -canvas.height / 2);
    ctx.restore();
    stamp = { ...truth, position, bbox: { x: Math.round(stampRect.x), y: Math.round(stampRect.y), width: Math.round(stampRect.width), height: Math.round(stampRect.height) } };
  }

  const pageSkew = opts.noise === false ? 0 : between(r, -0.8, 0.8);
  const scanned = opts.noise === false ? toRgba(page) : scanArtefacts(page, r, pageSkew, dpi);
  const image = opts.bilevel ? bilevel(scanned) : scanned;
  return {
    image,
    truth: { dpi, stamp, signatureDate: { year: sigDate.year, month: sigDate.month, day: sigDate.day }, bodyDates, caseNumber, pageSkew },
  };
}

/** Image-only PDF (no text layer): each page a JPEG filling a letter page, as scanners send. */
export async function scannedPdf(pages: RgbaImage[], quality = 80): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  for (const img of pages) {
    const canvas = createCanvas(img.width, img.height);
    const ctx = canvas.getContext('2d');
    const id = ctx.createImageData(img.width, img.height);
    id.data.set(img.data);
    ctx.putImageData(id, 0, 0);
    const jpeg = await canvas.encode('jpeg', quality);
    const embedded = await pdf.embedJpg(jpeg);
    const page = pdf.addPage([612, 792]);
    page.drawImage(embedded, { x: 0, y: 0, width: 612, height: 792 });
  }
  return Buffer.from(await pdf.save());
}

/**
 * Bilevel pages (1 bit per pixel, Flate-compressed DeviceGray images), as scan-to-email
 * devices in fax or "text" mode send them: every pixel black or white (below 128 is black).
 */
export async function bilevelPdf(pages: RgbaImage[]): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  for (const img of pages) {
    const rowBytes = Math.ceil(img.width / 8);
    const bits = new Uint8Array(rowBytes * img.height);
    for (let y = 0; y < img.height; y++) {
      for (let x = 0; x < img.width; x++) {
        const i = (y * img.width + x) * 4;
        // DeviceGray at 1 bit: 1 is white.
        if (img.data[i]! >= 128) bits[y * rowBytes + (x >> 3)]! |= 0x80 >> (x & 7);
      }
    }
    const stream = pdf.context.flateStream(bits, { Type: 'XObject', Subtype: 'Image', Width: img.width, Height: img.height, ColorSpace: 'DeviceGray', BitsPerComponent: 1 });
    const ref = pdf.context.register(stream);
    const page = pdf.addPage([612, 792]);
    page.node.setXObject(PDFName.of('Scan'), ref);
    page.pushOperators(pushGraphicsState(), concatTransformationMatrix(612, 0, 0, 792, 0, 0), drawObject('Scan'), popGraphicsState());
  }
  return Buffer.from(await pdf.save());
}

export interface TextPdfStampOptions {
  seed: number;
  stampAt: { year: number; month: number; day: number; hour: number; minute: number };
  form?: StampForm;
  lines?: 1 | 2 | 3;
  ink?: Ink;
  /** Degrees clockwise (default 0: kiosks stamp level). */
  rotation?: number;
  position?: StampPosition;
  /** How the stamp image is embedded (default png, with a transparent background). */
  format?: 'png' | 'jpeg';
  facility?: string;
  boxed?: boolean;
  /** Resolution of the stamp image (default 200). */
  dpi?: number;
}

/**
 * A born-digital filing as e-filing kiosks make it: the caption, title, body and signature
 * block as a text layer (pdf-lib drawText), and the facility's receipt stamp as an
 * embedded image (PNG with transparency, or JPEG on white) drawn over the page.
 */
export async function textPdfWithStampImage(o: TextPdfStampOptions): Promise<{ pdf: Buffer; truth: StampTruth }> {
  const r = rng(o.seed);
  const dpi = o.dpi ?? 200;
  const facility = o.facility ?? 'MWCI';
  const { canvas, rotation, truth } = makeStamp(r, { seed: o.seed, form: o.form ?? 'received', lines: o.lines ?? 2, ink: o.ink ?? 'red', rotation: o.rotation ?? 0, boxed: o.boxed ?? true, shear: 0 }, o.stampAt, facility, dpi);
  const corners = stampCorners(canvas.width, canvas.height, rotation);
  const bw = Math.ceil(Math.max(...corners.map((c) => c[0])) - Math.min(...corners.map((c) => c[0])));
  const bh = Math.ceil(Math.max(...corners.map((c) => c[1])) - Math.min(...corners.map((c) => c[1])));
  const img = createCanvas(bw, bh);
  const ictx = img.getContext('2d');
  if (o.format === 'jpeg') {
    ictx.fillStyle = 'rgb(255,255,255)';
    ictx.fillRect(0, 0, bw, bh);
  }
  ictx.translate(bw / 2, bh / 2);
  ictx.rotate((rotation * Math.PI) / 180);
  ictx.drawImage(canvas, -canvas.width / 2, -canvas.height / 2);

  const pdf = await PDFDocument.create();
  const page = pdf.addPage([612, 792]);
  const font = await pdf.embedFont(StandardFonts.TimesRoman);
  const bold = await pdf.embedFont(StandardFonts.TimesRomanBold);
  const yy = pad2(o.stampAt.year % 100);
  const sig = shiftDays(o.stampAt, -2);
  const centre = (t: string, y: number) => page.drawText(t, { x: (612 - bold.widthOfTextAtSize(t, 12)) / 2, y, size: 12, font: bold });
  centre('UNITED STATES DISTRICT COURT', 720);
  centre('DISTRICT OF CONNECTICUT', 704);
  const caption: Array<[string, string]> = [
    [`${pick(r, PLAINTIFFS)},`, ''],
    ['          Plaintiff,', `Case No. 3:${yy}-cv-0${Math.floor(between(r, 1000, 1999))} (JCH)`],
    ['     v.', ''],
    [`${pick(r, DEFENDANTS)}, et al.,`, ''],
    ['          Defendants.', `${MONTH_NAME[sig.month - 1]} ${sig.day}, ${sig.year}`],
  ];
  caption.forEach(([l, rt], i) => {
    const y = 672 - i * 16;
    page.drawText(l, { x: 72, y, size: 12, font });
    page.drawText(':', { x: 310, y, size: 12, font });
    if (rt) page.drawText(rt, { x: 330, y, size: 12, font });
  });
  centre(pick(r, TITLES), 570);
  const body = [
    'The plaintiff respectfully moves this Court for the relief set out below. The plaintiff',
    'has limited access to the law library, which is open two hours a week, and he cannot',
    'investigate the facts or reach witnesses from his cell. The issues in this case are',
    'complex and involve medical evidence, and counsel for the defendants was served by mail.',
  ];
  body.forEach((l, i) => page.drawText(l, { x: 72, y: 540 - i * 22, size: 12, font }));
  page.drawText(`Dated: ${MONTH_NAME[sig.month - 1]} ${sig.day}, ${sig.year}`, { x: 330, y: 400, size: 12, font });
  page.drawText('Respectfully submitted,', { x: 330, y: 384, size: 12, font });
  page.drawText(FACILITY_NAMES[facility] ?? 'Correctional Institution', { x: 330, y: 352, size: 12, font, color: rgb(0, 0, 0) });

  const image = o.format === 'jpeg' ? await pdf.embedJpg(await img.encode('jpeg', 85)) : await pdf.embedPng(await img.encode('png'));
  const wPt = (bw * 72) / dpi;
  const hPt = (bh * 72) / dpi;
  const position = o.position ?? 'top-right';
  const edge = 22;
  const x = position.includes('left') ? edge : position.includes('right') ? 612 - edge - wPt : (612 - wPt) / 2;
  const yTop = position.startsWith('top') ? 792 - edge : position.startsWith('bottom') ? edge + hPt : 396 + hPt / 2;
  page.drawImage(image, { x, y: yTop - hPt, width: wPt, height: hPt });
  const bbox = { x: Math.round((x * dpi) / 72), y: Math.round(((792 - yTop) * dpi) / 72), width: bw, height: bh };
  return { pdf: Buffer.from(await pdf.save()), truth: { ...truth, position, bbox } };
}

/** The stamp's date and time as `YYYY-MM-DD HH:MM`. */
export function truthReading(s: Pick<StampTruth, 'year' | 'month' | 'day' | 'hour' | 'minute'>): string {
  return `${s.year}-${pad2(s.month)}-${pad2(s.day)} ${pad2(s.hour)}:${pad2(s.minute)}`;
}

// ---------------------------------------------------------------------------------------

function randomStampTime(r: Rand) {
  const year = Math.floor(between(r, 2012, 2025));
  const month = 1 + Math.floor(r() * 12);
  const day = 1 + Math.floor(r() * daysIn(year, month));
  return { year, month, day, hour: 7 + Math.floor(r() * 11), minute: Math.floor(r() * 60) };
}

function daysIn(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function shiftDays(d: { year: number; month: number; day: number }, n: number) {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

function titleCase(s: string): string {
  return s.toLowerCase().replace(/\b[a-z]/g, (c) => c.toUpperCase());
}

function grow(r: Rect, by: number): Rect {
  return { x: r.x - by, y: r.y - by, width: r.width + 2 * by, height: r.height + 2 * by };
}

/** Stamp wording for each form, for 1, 2 or 3 lines. */
export function stampLines(form: StampForm, n: 1 | 2 | 3, at: { year: number; month: number; day: number; hour: number; minute: number }, facility: string): string[] {
  const mon = MONTH_ABBR[at.month - 1]!;
  const h12 = at.hour % 12 === 0 ? 12 : at.hour % 12;
  const ap = at.hour < 12 ? 'AM' : 'PM';
  const yy = pad2(at.year % 100);
  const t12 = `${h12}:${pad2(at.minute)} ${ap}`;
  const t24 = `${pad2(at.hour)}:${pad2(at.minute)}`;
  const monName = `${mon.charAt(0)}${mon.slice(1).toLowerCase()}.`;
  const dMon = `${mon} ${pad2(at.day)} ${at.year}`;
  switch (form) {
    case 'received':
      return [[`RECEIVED ${dMon} ${t12}`], [`RECEIVED ${facility}`, `${dMon} ${t12}`], ['RECEIVED', dMon, `${t12} ${facility}`]][n - 1]!;
    case 'scanned': {
      const d = `${pad2(at.month)}/${pad2(at.day)}/${at.year}`;
      return [[`SCANNED ${d} ${t24}`], ['SCANNED', `${d} ${t24}`], [`SCANNED - ${facility}`, d, t24]][n - 1]!;
    }
    case 'filed': {
      const d = `${monName} ${at.day}, ${at.year}`;
      return [[`FILED ${d} ${t12}`], ['FILED', `${d} ${t12}`], ['FILED', d, t12]][n - 1]!;
    }
    case 'short-at': {
      const d = `${at.month}-${at.day}-${yy} @ ${pad2(at.hour)}${pad2(at.minute)}`;
      return [[d], [facility, d], ['LEGAL MAIL', d, facility]][n - 1]!;
    }
    case 'machine': {
      const d = `${at.year} ${mon} ${pad2(at.day)} ${ap} ${h12}:${pad2(at.minute)}`;
      return [[`RECEIVED ${d}`], ['RECEIVED', d], [`${facility} MAILROOM`, d, 'RECEIVED']][n - 1]!;
    }
    case 'time-first':
      return [[`${t12} ${dMon}`], ['RECEIVED', `${t12} ${dMon}`], ['RECEIVED', t12, dMon]][n - 1]!;
    case 'military': {
      const d = `${pad2(at.day)} ${mon} ${at.year}`;
      const t = `${pad2(at.hour)}${pad2(at.minute)} HRS`;
      return [[`RECD ${d} ${t}`], ['RECEIVED FOR FILING', `${d} ${t}`], ['RECEIVED FOR FILING', `${d} ${t}`, facility]][n - 1]!;
    }
    case 'dots': {
      const d = `${pad2(at.month)}.${pad2(at.day)}.${yy}`;
      const t = `${pad2(at.hour)}.${pad2(at.minute)}`;
      return [[`SCANNED ${d} ${t}`], [`SCANNED ${facility}`, `${d} ${t}`], ['SCANNED', `${d} ${t}`, facility]][n - 1]!;
    }
    case 'date-over-time':
      return [[`${dMon} ${t12}`], [dMon, t12], [`${facility} LEGAL MAIL`, dMon, t12]][n - 1]!;
    case 'military-colon': {
      const d = `${pad2(at.day)} ${mon} ${at.year}`;
      return [[`RCVD ${d} ${t24}`], [`RCVD ${facility}`, `${d} ${t24}`], ['RCVD', d, `${t24} ${facility}`]][n - 1]!;
    }
    case 'tight': {
      const d = `${monName}${at.day},${at.year}`;
      const t = `${h12}:${pad2(at.minute)}${ap}`;
      return [[`RECEIVED ${d} ${t}`], ['RECEIVED', `${d} ${t}`], ['RECEIVED', d, t]][n - 1]!;
    }
  }
}

/** The stamp's corners after rotation about its centre. */
function stampCorners(w: number, h: number, rotation: number): Array<[number, number]> {
  const t = (rotation * Math.PI) / 180;
  const cs = Math.cos(t);
  const sn = Math.sin(t);
  return [
    [-w / 2, -h / 2],
    [w / 2, -h / 2],
    [w / 2, h / 2],
    [-w / 2, h / 2],
  ].map(([x, y]) => [x! * cs - y! * sn, x! * sn + y! * cs] as [number, number]);
}

interface StampCanvas {
  canvas: Canvas;
  rotation: number;
  shear: number;
  truth: Omit<StampTruth, 'position' | 'bbox'>;
}

function makeStamp(r: Rand, opts: ScanOptions, at: { year: number; month: number; day: number; hour: number; minute: number }, facility: string, dpi: number): StampCanvas {
  const pt = (v: number) => (v * dpi) / 72;
  const form = opts.form ?? pick(r, FORMS);
  const n = opts.lines ?? pick(r, [1, 2, 3] as const);
  const ink = opts.ink ?? pick(r, INKS);
  const boxed = opts.boxed ?? r() < 0.5;
  const rotation = opts.rotation ?? between(r, -15, 15);
  const shear = opts.shear ?? between(r, -0.12, 0.12);
  const faint = opts.faint ?? false;
  const lines = stampLines(form, n, at, facility);
  const family = pick(r, ['bold "DejaVu Sans"', 'bold "DejaVu Sans Mono"', '"DejaVu Sans Mono"', 'bold "DejaVu Serif"']);
  const size = pt(between(r, n === 1 ? 10 : 11, n === 1 ? 13 : 15));
  const font = `${family.startsWith('bold') ? 'bold ' : ''}${size}px ${family.replace(/^bold /, '')}`;

  const probe = createCanvas(10, 10).getContext('2d');
  probe.font = font;
  const widths = lines.map((l) => probe.measureText(l).width);
  const lineGap = size * 1.25;
  const padX = size * 0.6;
  const padY = size * 0.45;
  const cw = Math.ceil(Math.max(...widths) + 2 * padX);
  const ch = Math.ceil(lines.length * lineGap + 2 * padY);
  const canvas = createCanvas(cw, ch);
  const ctx = canvas.getContext('2d');
  const [cr, cg, cb] = INK_RGB[ink].map((v) => Math.max(0, Math.min(255, v + Math.round(between(r, -18, 18))))) as [number, number, number];
  ctx.fillStyle = `rgb(${cr},${cg},${cb})`;
  ctx.strokeStyle = ctx.fillStyle;
  ctx.font = font;
  ctx.textBaseline = 'alphabetic';
  lines.forEach((l, i) => {
    ctx.fillText(l, (cw - widths[i]!) / 2, padY + lineGap * i + size * 0.98);
  });
  if (boxed) {
    const lw = Math.max(1.5, pt(between(r, 1.2, 2.4)));
    ctx.lineWidth = lw;
    ctx.strokeRect(lw / 2 + 1, lw / 2 + 1, cw - lw - 2, ch - lw - 2);
  }
  return { canvas: shearCanvas(inkTexture(canvas, r, faint), shear), rotation, shear, truth: { ...at, lines, form, ink, rotation, shear, boxed, faint, overlap: opts.overlap ?? false, facility } };
}

/** Rubber-stamp ink: uneven coverage, small voids; faint ink is thin, patchy and smeared. */
function inkTexture(canvas: Canvas, r: Rand, faint: boolean): Canvas {
  const ctx = canvas.getContext('2d');
  const { width, height } = canvas;
  const img = ctx.getImageData(0, 0, width, height);
  const d = img.data;
  // Coarse value noise for uneven inking.
  const cell = 12;
  const gw = Math.ceil(width / cell) + 2;
  const gh = Math.ceil(height / cell) + 2;
  const grid = Float32Array.from({ length: gw * gh }, () => r());
  const strength = faint ? between(r, 0.22, 0.32) : between(r, 0.8, 1);
  // Uneven pressure: one side of the impression lighter than the other.
  const ga = r() * 2 * Math.PI;
  const dirX = Math.cos(ga) / width;
  const dirY = Math.sin(ga) / height;
  const light = faint ? 0 : between(r, 0, 0.4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4 + 3;
      if (d[i] === 0) continue;
      const gx = x / cell;
      const gy = y / cell;
      const x0 = Math.floor(gx);
      const y0 = Math.floor(gy);
      const fx = gx - x0;
      const fy = gy - y0;
      const v =
        grid[y0 * gw + x0]! * (1 - fx) * (1 - fy) +
        grid[y0 * gw + x0 + 1]! * fx * (1 - fy) +
        grid[(y0 + 1) * gw + x0]! * (1 - fx) * fy +
        grid[(y0 + 1) * gw + x0 + 1]! * fx * fy;
      const side = 0.5 + (x - width / 2) * dirX + (y - height / 2) * dirY;
      let a = strength * (faint ? 0.4 + 0.9 * v : 0.8 + 0.25 * v) * (1 - light * side);
      if (r() < (faint ? 0.35 : 0.04)) a *= 0.2;
      d[i] = Math.max(0, Math.min(255, Math.round(d[i]! * a)));
    }
  }
  ctx.putImageData(img, 0, 0);
  if (!faint) return canvas;
  // Smudge: a blurred, shifted copy. (A new canvas: @napi-rs/canvas draws canvases by
  // reference, so drawing a copy back over its own source comes out empty.)
  const copy = createCanvas(width, height);
  const cctx = copy.getContext('2d');
  cctx.filter = `blur(${Math.max(1.5, width / 250)}px)`;
  cctx.globalAlpha = 0.8;
  cctx.drawImage(canvas, Math.round(between(r, 2, 6)), Math.round(between(r, 1, 4)));
  cctx.filter = 'none';
  cctx.globalAlpha = 0.35;
  cctx.drawImage(canvas, 0, 0);
  return copy;
}

/**
 * The impression sheared horizontally (rows shifted in proportion to their height), on a
 * canvas wide enough to hold it. (Pixel rows are moved by hand: @napi-rs/canvas clips an
 * image drawn under a skew transform.)
 */
function shearCanvas(src: Canvas, shear: number): Canvas {
  if (Math.abs(shear) < 1e-3) return src;
  const { width: w, height: h } = src;
  const extra = Math.ceil(Math.abs(shear) * h);
  const out = createCanvas(w + extra, h);
  const from = src.getContext('2d').getImageData(0, 0, w, h);
  const ctx = out.getContext('2d');
  const to = ctx.createImageData(w + extra, h);
  for (let y = 0; y < h; y++) {
    const shift = Math.round(shear * (y - h / 2) + extra / 2);
    to.data.set(from.data.subarray(y * w * 4, (y + 1) * w * 4), (y * (w + extra) + shift) * 4);
  }
  ctx.putImageData(to, 0, 0);
  return out;
}

function drawSignature(ctx: SKRSContext2D, r: Rand, x: number, y: number, w: number, h: number): void {
  ctx.save();
  ctx.strokeStyle = 'rgb(30,30,60)';
  ctx.lineWidth = Math.max(1, h / 10);
  ctx.beginPath();
  ctx.moveTo(x, y);
  const steps = 14;
  for (let i = 1; i <= steps; i++) {
    ctx.quadraticCurveTo(x + (w * (i - 0.5)) / steps, y + between(r, -h, h), x + (w * i) / steps, y + between(r, -h / 3, h / 3));
  }
  ctx.stroke();
  ctx.restore();
}

function bodyText(r: Rand, at: { year: number; month: number; day: number }, plaintiff: string, defendant: string, facility: string, dates: string[]): string[] {
  const d = (off: number) => shiftDays(at, off);
  const long = (x: { year: number; month: number; day: number }) => `${MONTH_NAME[x.month - 1]} ${x.day}, ${x.year}`;
  const num = (x: { year: number; month: number; day: number }) => `${x.month}/${x.day}/${x.year}`;
  const short = (x: { year: number; month: number; day: number }) => `${x.month}-${x.day}-${pad2(x.year % 100)}`;
  const a = d(-Math.floor(between(r, 20, 200)));
  const b = d(-Math.floor(between(r, 5, 60)));
  const c = d(-Math.floor(between(r, 2, 15)));
  dates.push(long(a), num(b), short(c));
  const name = titleCase(plaintiff);
  const def = titleCase(defendant);
  const pool = [
    `The plaintiff, ${name}, respectfully moves this Court for the relief set out below. On ${long(a)}, the plaintiff was transferred to ${FACILITY_NAMES[facility] ?? 'another facility'} and has not received his legal materials since that date.`,
    `Since ${num(b)} the plaintiff has written to the defendant ${def} on several occasions without any response. A grievance was filed on ${short(c)} at 3:15 PM and is still pending before the unit administrator.`,
    `The plaintiff has limited access to the law library, which is open two hours a week, and he cannot investigate the facts or reach witnesses from his cell. The issues in this case are complex and involve medical evidence.`,
    `Counsel for the defendants was served by mail on ${long(c)}. The plaintiff asks that the Court grant this motion and enter such further orders as are just, and that the deadline of ${long(d(30))} be extended by sixty days.`,
    `Wherefore, the plaintiff prays that the Court grant the motion. The plaintiff has made good faith efforts to obtain counsel, and letters dated ${num(a)} and ${num(b)} are attached as exhibits.`,
  ];
  const n = 3 + Math.floor(r() * 3);
  return pool.slice(0, n);
}

/** Scanner: page skew, blur, grey paper, sensor noise, speckle. */
function scanArtefacts(page: Canvas, r: Rand, skewDeg: number, dpi: number): RgbaImage {
  const { width: W, height: H } = page;
  const out = createCanvas(W, H);
  const ctx = out.getContext('2d');
  ctx.fillStyle = 'rgb(255,255,255)';
  ctx.fillRect(0, 0, W, H);
  ctx.filter = `blur(${between(r, 0.3, 0.7) * (dpi / 200)}px)`;
  ctx.translate(W / 2, H / 2);
  ctx.rotate((skewDeg * Math.PI) / 180);
  ctx.drawImage(page, -W / 2, -H / 2);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.filter = 'none';
  const img = ctx.getImageData(0, 0, W, H);
  const d = img.data;
  const paper = between(r, 222, 248);
  const tint = [between(r, -4, 2), between(r, -3, 1), between(r, -8, 0)];
  const sigma = between(r, 2, 6);
  const ink = between(r, 0, 25);
  // Cheap approximately-normal noise from a table.
  const noise = new Float32Array(4096);
  for (let i = 0; i < noise.length; i++) noise[i] = (r() + r() + r() - 1.5) * 2 * sigma;
  let k = Math.floor(r() * 4096);
  for (let i = 0; i < d.length; i += 4) {
    const n = noise[k++ & 4095]!;
    if ((k & 1023) === 0) k = Math.floor(r() * 4096);
    for (let c = 0; c < 3; c++) {
      const v = d[i + c]! / 255;
      d[i + c] = ink + (paper + tint[c]! - ink) * v + n;
    }
  }
  // Speckle: dust and toner dots.
  const dots = Math.floor(between(r, 100, 400));
  for (let s = 0; s < dots; s++) {
    const x = Math.floor(r() * W);
    const y = Math.floor(r() * H);
    const rad = Math.max(1, Math.round(between(r, 0.5, 2) * (dpi / 200)));
    const v = between(r, 20, 120);
    for (let dy = -rad; dy <= rad; dy++) {
      for (let dx = -rad; dx <= rad; dx++) {
        if (dx * dx + dy * dy > rad * rad) continue;
        const xx = x + dx;
        const yy = y + dy;
        if (xx < 0 || yy < 0 || xx >= W || yy >= H) continue;
        const j = (yy * W + xx) * 4;
        d[j] = d[j + 1] = d[j + 2] = v;
      }
    }
  }
  return { width: W, height: H, data: d };
}

/** Black or white at the scanner's fixed threshold: colour and grey are gone. */
function bilevel(img: RgbaImage): RgbaImage {
  const d = img.data;
  for (let i = 0; i < d.length; i += 4) {
    const v = (d[i]! * 77 + d[i + 1]! * 150 + d[i + 2]! * 29) >> 8 < 150 ? 0 : 255;
    d[i] = d[i + 1] = d[i + 2] = v;
  }
  return img;
}

function toRgba(page: Canvas): RgbaImage {
  const img = page.getContext('2d').getImageData(0, 0, page.width, page.height);
  return { width: page.width, height: page.height, data: img.data };
}
