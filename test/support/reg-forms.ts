/**
 * CM/ECF registration forms (ECF Form No. 1, 1a, 2) and the CM/ECF exam as real PDFs, for
 * the registration reader (R-1..R-4): typed and exported (pdf-lib text), filled AcroForm
 * fields (pdf-lib), and paper forms printed, signed and scanned (drawn with
 * @napi-rs/canvas, pen strokes, scanner noise and skew, wrapped as an image-only PDF with
 * scan.ts's `scannedPdf`). One layout routine draws onto either a PDF page or a canvas;
 * the builders vary the label wording and where labels sit so the reader is not tuned to
 * one layout.
 */
import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { OcrPool } from '../../src/ocr/pool.ts';
import { readRegistrationPdf } from '../../src/registration/read-form.ts';
import type { FormKind, RegistrationPdfReading } from '../../src/registration/types.ts';
import type { RgbaImage } from '../../src/parsers/image.ts';
import { rng, scannedPdf } from './scan.ts';

export type SignatureStyle = 'wet' | 'typed' | 'none';

export interface Applicant {
  form: FormKind;
  name?: string;
  firm?: string;
  /** Lines of the mailing address. */
  address?: string[];
  telephone?: string;
  email?: string;
  barNumber?: string;
  /** The practise declaration: true = box checked, false = left unchecked. */
  declaration?: boolean;
  pacerUsername?: string;
  /** Privileges from another court: the court named on the form; null/absent = not stated. */
  otherCourt?: string | null;
  signature: SignatureStyle;
  /** How a wet signature is made in a text PDF: a vector path (default) or a pasted image. */
  wetAs?: 'path' | 'image';
  /** How a typed signature looks: `/s/ Name` (default) or the name in an italic "script" font. */
  typedAs?: 'slash-s' | 'script';
}

export const APPLICANT: Omit<Applicant, 'form' | 'signature'> = {
  name: 'Jane Roe',
  firm: 'Roe & Partners LLP',
  address: ['100 Pearl Street', 'Hartford, CT 06103'],
  telephone: '(860) 555-0100',
  email: 'jroe@roelaw.example.com',
  barNumber: 'ct99887',
  declaration: true,
  pacerUsername: 'janeroe60',
  otherCourt: null,
};

export function applicant(form: FormKind, signature: SignatureStyle, more: Partial<Applicant> = {}): Applicant {
  return { ...APPLICANT, form, signature, ...more };
}

// ---------------------------------------------------------------------------------------
// Drawing surface: points, top-left origin, on a letter page.

interface Surface {
  text(s: string, x: number, y: number, size: number, style?: 'regular' | 'bold' | 'typed' | 'script'): void;
  width(s: string, size: number, style?: 'regular' | 'bold' | 'typed' | 'script'): number;
  line(x1: number, y1: number, x2: number, y2: number, w?: number): void;
  rect(x: number, y: number, w: number, h: number): void;
  /** A pen signature whose box is (x, y, w, h). */
  pen(seed: number, x: number, y: number, w: number, h: number): void;
  /** A hand-drawn X or tick in a box. */
  mark(seed: number, x: number, y: number, size: number): void;
}

type FieldKey = 'name' | 'firm' | 'address' | 'telephone' | 'email' | 'barNumber' | 'pacerUsername';

interface Layout {
  labels: Record<FieldKey, string>;
  /** 'inline': `Label: value`; 'below': value on a rule, the label printed under it. */
  placement: 'inline' | 'below';
  signatureLabel: string;
  /** Signature label left of the line (inline) or under it. */
  signaturePlacement: 'inline' | 'below';
  seed: number;
  /** Draws the value of a field; false leaves the rule empty (AcroForm fills it). */
  drawValues: boolean;
  /** Marks are drawn by hand (scans) rather than typed as an X. */
  handMarks: boolean;
  /** A wet signature is an image rather than a path (only the PDF surface can). */
  onField?: (key: FieldKey | 'signature' | 'declaration' | 'otherCourt' | 'otherCourtName', x: number, y: number, w: number, h: number) => void;
}

const TITLES: Record<FormKind, string[]> = {
  filer: ['ECF Form No. 1', 'FILER REGISTRATION FORM'],
  'pro-hac-vice': ['ECF Form No. 1a', 'PRO HAC VICE FILER REGISTRATION FORM'],
  user: ['ECF Form No. 2', 'USER REGISTRATION FORM', '(Limited User: proofs of claim and requests for notice)'],
};

const DECLARATION: Record<Exclude<FormKind, 'user'>, string[]> = {
  filer: ['I declare that I am an attorney admitted to practice in the United States', 'Bankruptcy Court for the District of Connecticut and in good standing.'],
  'pro-hac-vice': ['I declare that I have been admitted to practice pro hac vice in the United', 'States Bankruptcy Court for the District of Connecticut in the case named below.'],
};

function wrap(s: Surface, text: string, size: number, width: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const w of text.split(' ')) {
    const next = cur ? `${cur} ${w}` : w;
    if (s.width(next, size) > width && cur) {
      out.push(cur);
      cur = w;
    } else cur = next;
  }
  if (cur) out.push(cur);
  return out;
}

/** Draws page 1 of the form. */
function drawForm(s: Surface, a: Applicant, L: Layout): void {
  const left = 72;
  const right = 540;
  let y = 60;
  const centre = (t: string, size: number, style: 'regular' | 'bold' = 'bold') => {
    s.text(t, (612 - s.width(t, size, style)) / 2, y, size, style);
    y += size * 1.45;
  };
  centre('UNITED STATES BANKRUPTCY COURT', 12);
  centre('DISTRICT OF CONNECTICUT', 12);
  y += 6;
  for (const t of TITLES[a.form]) centre(t, t.startsWith('(') ? 10 : 13, t.startsWith('(') ? 'regular' : 'bold');
  y += 6;
  const intro =
    "This form is used to register for an account on the Court's Electronic Case Filing (CM/ECF) system. " +
    'Complete every item, sign the form by hand and return it with the exam if you are new to CM/ECF.';
  for (const l of wrap(s, intro, 10, right - left)) {
    s.text(l, left, y, 10);
    y += 13;
  }
  y += 12;

  const keys: FieldKey[] = ['name', 'firm', 'address', 'telephone', 'email', ...(a.form === 'user' ? [] : (['barNumber'] as FieldKey[])), 'pacerUsername'];
  const valueOf = (k: FieldKey): string[] => {
    const v = a[k];
    if (v === undefined) return [];
    return Array.isArray(v) ? v : [v];
  };
  for (const k of keys) {
    const label = L.labels[k];
    const vals = valueOf(k);
    const rows = k === 'address' ? 2 : 1;
    if (L.placement === 'inline') {
      s.text(label, left, y, 11);
      const vx = left + 150;
      for (let r = 0; r < rows; r++) {
        const ry = y + r * 20;
        s.line(vx, ry + 2, right, ry + 2, 0.6);
        if (L.drawValues && vals[r]) s.text(vals[r]!, vx + 4, ry, 11, 'typed');
      }
      L.onField?.(k, vx, y - 13, right - vx, rows * 20 - 4);
      y += rows * 20 + 8;
    } else {
      for (let r = 0; r < rows; r++) {
        if (L.drawValues && vals[r]) s.text(vals[r]!, left + 4, y, 11, 'typed');
        y += r < rows - 1 ? 16 : 0;
      }
      s.line(left, y + 3, right, y + 3, 0.6);
      L.onField?.(k, left, y - 13 - (rows - 1) * 16, right - left, rows * 16);
      s.text(label, left, y + 13, 8);
      y += 34;
    }
  }
  y += 4;

  const box = (checked: boolean, bx: number, by: number, seed: number) => {
    s.rect(bx, by - 9, 10, 10);
    if (checked) {
      if (L.handMarks) s.mark(seed, bx, by - 9, 10);
      else s.text('X', bx + 1.6, by - 0.5, 10, 'bold');
    }
  };
  if (a.form !== 'user') {
    box(a.declaration === true, left, y, L.seed + 7);
    L.onField?.('declaration', left, y - 9, 10, 10);
    for (const l of DECLARATION[a.form]) {
      s.text(l, left + 18, y, 10);
      y += 13;
    }
    y += 8;
  }
  const other = a.otherCourt ?? null;
  box(other !== null, left, y, L.seed + 9);
  L.onField?.('otherCourt', left, y - 9, 10, 10);
  s.text('I have CM/ECF filing privileges in another court (no exam needed). Court:', left + 18, y, 10);
  y += 16;
  s.line(left + 18, y + 2, right, y + 2, 0.6);
  if (L.drawValues && other) s.text(other, left + 22, y, 11, 'typed');
  L.onField?.('otherCourtName', left + 18, y - 12, right - left - 18, 16);
  y += 22;

  const agree =
    'By signing below I agree to abide by the Administrative Procedures for Electronic Case Filing. ' +
    'My login and password, used together, constitute my signature on documents I file.';
  for (const l of wrap(s, agree, 10, right - left)) {
    s.text(l, left, y, 10);
    y += 13;
  }
  y += 34;

  // Signature line.
  let sx: number;
  const lineY = y;
  if (L.signaturePlacement === 'inline') {
    s.text(L.signatureLabel, left, y, 11);
    sx = left + s.width(L.signatureLabel, 11) + 8;
    s.line(sx, y + 2, 360, y + 2, 0.6);
    s.text('Date:', 380, y, 11);
    s.line(412, y + 2, right, y + 2, 0.6);
  } else {
    sx = left;
    s.line(left, y + 2, 330, y + 2, 0.6);
    s.line(380, y + 2, right, y + 2, 0.6);
    s.text(L.signatureLabel, left, y + 13, 9);
    s.text('Date', 380, y + 13, 9);
  }
  L.onField?.('signature', sx, lineY - 16, 330 - sx, 20);
  if (a.signature === 'wet') s.pen(L.seed, sx + 12, lineY - 26, 170, 30);
  else if (a.signature === 'typed') {
    const name = a.name ?? 'Jane Roe';
    if (a.typedAs === 'script') s.text(name, sx + 10, lineY - 1, 20, 'script');
    else s.text(`/s/ ${name}`, sx + 10, lineY - 1, 11, 'typed');
  }
  if (L.drawValues) s.text('03/14/2025', 420, lineY, 11, 'typed');
}

// ---------------------------------------------------------------------------------------
// Pen strokes: cursive-like loops along a baseline, as a list of polylines.

export function penStrokes(seed: number, w: number, h: number): Array<Array<[number, number]>> {
  const r = rng(seed);
  const strokes: Array<Array<[number, number]>> = [];
  // A first name and a surname: two connected runs of loops, then an underline flourish.
  const parts = [0.38, 0.55];
  let x0 = 0;
  for (const share of parts) {
    const pts: Array<[number, number]> = [];
    const loops = 3 + Math.floor(r() * 3);
    const span = w * share;
    const steps = loops * 24;
    for (let i = 0; i <= steps; i++) {
      const t = (i / steps) * loops * 2 * Math.PI;
      const k = Math.floor(t / (2 * Math.PI));
      const tall = k === 0 ? 1 : 0.45 + 0.35 * Math.sin(k * 2.1 + seed);
      const x = x0 + (t / (loops * 2 * Math.PI)) * span - 0.06 * span * Math.sin(t);
      const y = h * 0.75 - h * 0.7 * tall * (0.5 - 0.5 * Math.cos(t)) + h * 0.05 * Math.sin(3 * t + r());
      pts.push([x, y]);
    }
    strokes.push(pts);
    x0 += span + w * 0.07;
  }
  const fl: Array<[number, number]> = [];
  for (let i = 0; i <= 30; i++) {
    const t = i / 30;
    fl.push([w * (0.1 + 0.85 * t), h * (0.95 - 0.12 * Math.sin(Math.PI * t))]);
  }
  strokes.push(fl);
  return strokes;
}

function strokesToSvg(strokes: Array<Array<[number, number]>>): string {
  return strokes.map((s) => s.map(([x, y], i) => `${i ? 'L' : 'M'}${x.toFixed(2)} ${y.toFixed(2)}`).join(' ')).join(' ');
}

function markStrokes(seed: number, size: number): Array<Array<[number, number]>> {
  const r = rng(seed);
  const j = () => (r() - 0.5) * size * 0.12;
  return [
    [
      [size * 0.12 + j(), size * 0.15 + j()],
      [size * 0.88 + j(), size * 0.85 + j()],
    ],
    [
      [size * 0.85 + j(), size * 0.12 + j()],
      [size * 0.15 + j(), size * 0.9 + j()],
    ],
  ];
}

/** A pen signature as a PNG (transparent background), for pasting into documents. */
export async function signaturePng(seed = 5, width = 340, height = 70): Promise<Buffer> {
  const c = createCanvas(width, height);
  const ctx = c.getContext('2d');
  ctx.strokeStyle = 'rgb(20,30,90)';
  ctx.lineWidth = 2.4;
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  for (const s of penStrokes(seed, width - 20, height - 12)) {
    ctx.beginPath();
    s.forEach(([x, y], i) => (i ? ctx.lineTo(x + 10, y + 6) : ctx.moveTo(x + 10, y + 6)));
    ctx.stroke();
  }
  return c.encode('png');
}

// ---------------------------------------------------------------------------------------
// PDF surface (pdf-lib).

interface PdfFonts {
  regular: PDFFont;
  bold: PDFFont;
  typed: PDFFont;
  script: PDFFont;
}

async function pdfFonts(doc: PDFDocument): Promise<PdfFonts> {
  return {
    regular: await doc.embedFont(StandardFonts.TimesRoman),
    bold: await doc.embedFont(StandardFonts.TimesRomanBold),
    typed: await doc.embedFont(StandardFonts.Helvetica),
    script: await doc.embedFont(StandardFonts.TimesRomanBoldItalic),
  };
}

function pdfSurface(page: PDFPage, fonts: PdfFonts, signatureImage?: { png: Buffer; doc: PDFDocument }): Surface & { pending: Promise<void>[] } {
  const H = page.getHeight();
  const pending: Promise<void>[] = [];
  return {
    pending,
    text(str, x, y, size, style = 'regular') {
      page.drawText(str, { x, y: H - y, size, font: fonts[style], color: rgb(0, 0, 0) });
    },
    width(str, size, style = 'regular') {
      return fonts[style].widthOfTextAtSize(str, size);
    },
    line(x1, y1, x2, y2, w = 0.8) {
      page.drawLine({ start: { x: x1, y: H - y1 }, end: { x: x2, y: H - y2 }, thickness: w, color: rgb(0, 0, 0) });
    },
    rect(x, y, w, h) {
      page.drawRectangle({ x, y: H - y - h, width: w, height: h, borderColor: rgb(0, 0, 0), borderWidth: 0.8 });
    },
    pen(seed, x, y, w, h) {
      if (signatureImage) {
        pending.push(
          signaturePng(seed, Math.round(w * 2), Math.round(h * 2)).then(async (png) => {
            const img = await signatureImage.doc.embedPng(png);
            page.drawImage(img, { x, y: H - y - h, width: w, height: h });
          }),
        );
        return;
      }
      page.drawSvgPath(strokesToSvg(penStrokes(seed, w, h)), { x, y: H - y, borderColor: rgb(0.08, 0.12, 0.4), borderWidth: 1.1 });
    },
    mark(seed, x, y, size) {
      page.drawSvgPath(strokesToSvg(markStrokes(seed, size)), { x, y: H - y, borderColor: rgb(0.08, 0.12, 0.4), borderWidth: 1.2 });
    },
  };
}

const TEXT_LABELS: Record<FieldKey, string> = {
  name: 'Name:',
  firm: 'Firm:',
  address: 'Address:',
  telephone: 'Telephone:',
  email: 'E-mail Address:',
  barNumber: 'Bar Number:',
  pacerUsername: 'PACER Username:',
};

/** The form typed in a word processor and exported to PDF: a text layer, values typed on the rules. */
export async function textFormPdf(a: Applicant, opts: { withExam?: { answered: number; questions?: number } } = {}): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const fonts = await pdfFonts(doc);
  const page = doc.addPage([612, 792]);
  const s = pdfSurface(page, fonts, a.signature === 'wet' && a.wetAs === 'image' ? { png: Buffer.alloc(0), doc } : undefined);
  drawForm(s, a, { labels: TEXT_LABELS, placement: 'inline', signatureLabel: 'Signature:', signaturePlacement: 'inline', seed: 11, drawValues: true, handMarks: false });
  await Promise.all(s.pending);
  if (opts.withExam) await addExamPages(doc, fonts, { ...opts.withExam, scanned: false });
  return Buffer.from(await doc.save());
}

const ACRO_LABELS: Record<FieldKey, string> = {
  name: 'Full Name',
  firm: 'Law Firm',
  address: 'Mailing Address',
  telephone: 'Telephone No.',
  email: 'Email',
  barNumber: 'Federal Bar Number',
  pacerUsername: 'PACER Login',
};

/**
 * The court's fillable form filled in a PDF reader: AcroForm text fields and checkboxes
 * (some named sensibly, some `Text1`-style so only the printed label tells what they
 * are). A wet signature is drawn over the signature field as a pen path (as a reader's
 * "draw signature" tool flattens it); a typed one is `/s/ Name` in the signature field.
 */
export async function acroFormPdf(a: Applicant): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const fonts = await pdfFonts(doc);
  const page = doc.addPage([612, 792]);
  const form = doc.getForm();
  const s = pdfSurface(page, fonts);
  const names: Record<string, string> = {
    name: 'Text1',
    firm: 'Text2',
    address: 'mailing_address',
    telephone: 'Text4',
    email: 'attorneyEmail',
    barNumber: 'Text6',
    pacerUsername: 'Text7',
    signature: 'Signature1',
    declaration: 'Check Box1',
    otherCourt: 'Check Box2',
    otherCourtName: 'Text9',
  };
  const H = 792;
  drawForm(s, { ...a, signature: a.signature === 'wet' ? 'wet' : 'none' }, {
    labels: ACRO_LABELS,
    placement: 'inline',
    signatureLabel: 'Signature of Applicant:',
    signaturePlacement: 'inline',
    seed: 23,
    drawValues: false,
    handMarks: false,
    onField: (key, x, y, w, h) => {
      const rect = { x, y: H - y - h, width: w, height: h, borderWidth: 0 };
      if (key === 'declaration' || key === 'otherCourt') {
        const cb = form.createCheckBox(names[key]!);
        cb.addToPage(page, { ...rect, borderWidth: 0 });
        const on = key === 'declaration' ? a.declaration === true : (a.otherCourt ?? null) !== null;
        if (on) cb.check();
        return;
      }
      const tf = form.createTextField(names[key]!);
      if (key === 'address') tf.enableMultiline();
      tf.addToPage(page, { ...rect, font: fonts.typed });
      let v: string | undefined;
      if (key === 'signature') v = a.signature === 'typed' ? `/s/ ${a.name ?? 'Jane Roe'}` : undefined;
      else if (key === 'otherCourtName') v = a.otherCourt ?? undefined;
      else if (key === 'address') v = a.address?.join('\n');
      else v = a[key];
      if (v) tf.setText(v);
      tf.setFontSize(key === 'address' ? 9 : 10);
    },
  });
  form.updateFieldAppearances(fonts.typed);
  return Buffer.from(await doc.save());
}

// ---------------------------------------------------------------------------------------
// Canvas surface (paper forms and exams, printed, filled and scanned).

const CANVAS_FONTS = { regular: '"DejaVu Serif"', bold: 'bold "DejaVu Serif"', typed: '"DejaVu Sans Mono"', script: 'italic "DejaVu Serif"' } as const;

function canvasSurface(ctx: SKRSContext2D, dpi: number): Surface {
  const k = dpi / 72;
  const font = (size: number, style: keyof typeof CANVAS_FONTS) => {
    const f = CANVAS_FONTS[style];
    return f.startsWith('bold ') ? `bold ${size * k}px ${f.slice(5)}` : f.startsWith('italic ') ? `italic ${size * k}px ${f.slice(7)}` : `${size * k}px ${f}`;
  };
  const strokes = (list: Array<Array<[number, number]>>, x: number, y: number, width: number) => {
    ctx.save();
    ctx.strokeStyle = 'rgb(25,30,80)';
    ctx.lineWidth = width * k;
    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';
    for (const st of list) {
      ctx.beginPath();
      st.forEach(([px, py], i) => (i ? ctx.lineTo((x + px) * k, (y + py) * k) : ctx.moveTo((x + px) * k, (y + py) * k)));
      ctx.stroke();
    }
    ctx.restore();
  };
  return {
    text(str, x, y, size, style = 'regular') {
      ctx.font = font(size, style);
      ctx.fillStyle = 'rgb(10,10,10)';
      ctx.fillText(str, x * k, y * k);
    },
    width(str, size, style = 'regular') {
      ctx.font = font(size, style);
      return ctx.measureText(str).width / k;
    },
    line(x1, y1, x2, y2, w = 0.8) {
      ctx.strokeStyle = 'rgb(10,10,10)';
      ctx.lineWidth = Math.max(1, w * k);
      ctx.beginPath();
      ctx.moveTo(x1 * k, y1 * k);
      ctx.lineTo(x2 * k, y2 * k);
      ctx.stroke();
    },
    rect(x, y, w, h) {
      ctx.strokeStyle = 'rgb(10,10,10)';
      ctx.lineWidth = Math.max(1, 0.8 * k);
      ctx.strokeRect(x * k, y * k, w * k, h * k);
    },
    pen(seed, x, y, w, h) {
      strokes(penStrokes(seed, w, h), x, y, 1.0);
    },
    mark(seed, x, y, size) {
      strokes(markStrokes(seed, size), x, y, 1.1);
    },
  };
}

const SCAN_LABELS: Record<FieldKey, string> = {
  name: 'Attorney Name',
  firm: 'Firm Name',
  address: 'Office Address',
  telephone: 'Phone',
  email: 'Email Address',
  barNumber: 'Juris No.',
  pacerUsername: 'PACER Username',
};

export interface ScanOpts {
  seed: number;
  /** Default 200. */
  dpi?: number;
  /** Page skew in degrees (default: random within ±2°). */
  rotation?: number;
}

function blankPage(dpi: number) {
  const W = Math.round(8.5 * dpi);
  const H = Math.round(11 * dpi);
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, W, H);
  return { canvas, ctx, W, H };
}

/** The form printed, filled in by typewriter-like typing, signed by hand (or not) and scanned. */
export async function scannedFormPdf(a: Applicant, opts: ScanOpts & { withExam?: { answered: number; questions?: number } }): Promise<Buffer> {
  const pages = [scannedFormPage(a, opts)];
  if (opts.withExam) pages.push(...examPages({ ...opts.withExam, seed: opts.seed + 1, dpi: opts.dpi }));
  return scannedPdf(pages);
}

export function scannedFormPage(a: Applicant, opts: ScanOpts): RgbaImage {
  const dpi = opts.dpi ?? 200;
  const { canvas, ctx } = blankPage(dpi);
  drawForm(canvasSurface(ctx, dpi), a, {
    labels: SCAN_LABELS,
    placement: 'below',
    signatureLabel: 'Signature of Applicant',
    signaturePlacement: 'below',
    seed: opts.seed,
    drawValues: true,
    handMarks: true,
  });
  const r = rng(opts.seed);
  return scanLook(canvas, r, opts.rotation ?? (r() - 0.5) * 4, dpi);
}

/** Scanner look: skew, slight blur, grey paper, sensor noise, dust. */
/** How a scanner spoils a page: blur, grey paper, sensor noise and dust, in these amounts. */
export interface ScanLookOptions {
  /** Quarter turns the page went through the feeder (0, 90, 180, 270). */
  turn?: number;
  blur?: [base: number, spread: number];
  paper?: [base: number, spread: number];
  /** Darkest ink level, and the noise amplitude. */
  floor?: number;
  noise?: number;
  specks?: number;
  speck?: [base: number, spread: number];
}

/** Skew (and turn), blur, grey paper, noise and dust: the page as a scanner returns it. */
export function scanLook(page: Canvas, r: () => number, skewDeg: number, dpi: number, o: ScanLookOptions = {}): RgbaImage {
  const { turn = 0, blur = [0.3, 0.3], paper: paperRange = [230, 15], floor = 15, noise = 8, specks = 250, speck = [60, 80] } = o;
  const sideways = turn === 90 || turn === 270;
  const W = sideways ? page.height : page.width;
  const H = sideways ? page.width : page.height;
  const out = createCanvas(W, H);
  const ctx = out.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, W, H);
  ctx.filter = `blur(${(blur[0] + blur[1] * r()) * (dpi / 200)}px)`;
  ctx.translate(W / 2, H / 2);
  ctx.rotate(((turn + skewDeg) * Math.PI) / 180);
  ctx.drawImage(page, -page.width / 2, -page.height / 2);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.filter = 'none';
  const img = ctx.getImageData(0, 0, W, H);
  const d = img.data;
  const paper = paperRange[0] + paperRange[1] * r();
  for (let i = 0; i < d.length; i += 4) {
    const n = (r() + r() - 1) * noise;
    for (let c = 0; c < 3; c++) d[i + c] = floor + (paper - floor) * (d[i + c]! / 255) + n;
  }
  for (let s = 0; s < specks; s++) {
    const x = Math.floor(r() * W);
    const y = Math.floor(r() * H);
    const j = (y * W + x) * 4;
    d[j] = d[j + 1] = d[j + 2] = speck[0] + r() * speck[1];
  }
  return { width: W, height: H, data: d };
}

// ---------------------------------------------------------------------------------------
// The CM/ECF exam.

const QUESTIONS: Array<[string, string[]]> = [
  ['What is the official record of a document filed electronically?', ['The electronic document', 'The paper copy', 'The email']],
  ['When is a document deemed filed?', ['When the NEF is generated', 'When the clerk dockets it', 'At midnight']],
  ['Who may use your CM/ECF login and password?', ['Only you and authorised staff', 'Anyone in the firm', 'Opposing counsel']],
  ['What must you do if your password is compromised?', ['Notify the Court at once', 'Wait a week', 'Nothing']],
  ['In what format must documents be filed?', ['PDF', 'Word', 'Text']],
  ['How is a Filer served with court orders?', ['By Notice of Electronic Filing', 'By fax', 'By hand']],
  ['What signature appears on an electronically filed document?', ['/s/ and the typed name', 'None', 'A drawing']],
  ['Which identifiers must be redacted?', ['Social Security numbers', 'Case numbers', 'Judge names']],
  ['Where are proposed orders sent?', ['To the judge\'s proposed order mailbox', 'To the clerk by fax', 'To PACER']],
  ['How long must original signed documents be kept?', ['Until the case is closed and appeals end', 'One week', 'Never']],
  ['Who may file a proof of claim as a User?', ['A creditor', 'Only trustees', 'Nobody']],
  ['How do you report a change of email address?', ['Email the ECF help desk', 'Call the judge', 'Do nothing']],
];

export interface ExamOpts {
  answered: number;
  /** Default 10 (at most 12). */
  questions?: number;
  scanned?: boolean;
  seed?: number;
  dpi?: number;
}

function drawExam(s: Surface, o: { answered: number; questions: number; handMarks: boolean; seed: number }, page: 1 | 2, split: number): void {
  const left = 72;
  let y = 64;
  if (page === 1) {
    const t1 = 'CM/ECF ON-LINE TEST FOR FILERS';
    s.text(t1, (612 - s.width(t1, 13, 'bold')) / 2, y, 13, 'bold');
    y += 20;
    const t2 = 'Electronic Case Filing Exam';
    s.text(t2, (612 - s.width(t2, 11)) / 2, y, 11);
    y += 22;
    s.text('Check the box next to the correct answer to each question.', left, y, 10);
    y += 24;
  }
  const from = page === 1 ? 0 : split;
  const to = page === 1 ? Math.min(split, o.questions) : o.questions;
  for (let q = from; q < to; q++) {
    const [question, choices] = QUESTIONS[q]!;
    s.text(`${q + 1}. ${question}`, left, y, 10.5);
    y += 16;
    choices.forEach((c, i) => {
      s.rect(left + 18, y - 9, 10, 10);
      if (q < o.answered && i === 0) {
        if (o.handMarks) s.mark(o.seed + q, left + 18, y - 9, 10);
        else s.text('X', left + 19.6, y - 0.5, 10, 'bold');
      }
      s.text(`(${String.fromCharCode(97 + i)}) ${c}`, left + 34, y, 10);
      y += 14;
    });
    y += 8;
  }
}

function examSplit(questions: number): number {
  return Math.min(questions, 8);
}

async function addExamPages(doc: PDFDocument, fonts: PdfFonts, o: ExamOpts): Promise<void> {
  const questions = Math.min(12, o.questions ?? 10);
  const split = examSplit(questions);
  for (const p of questions > split ? ([1, 2] as const) : ([1] as const)) {
    const page = doc.addPage([612, 792]);
    drawExam(pdfSurface(page, fonts), { answered: o.answered, questions, handMarks: false, seed: o.seed ?? 3 }, p, split);
  }
}

function examPages(o: ExamOpts): RgbaImage[] {
  const dpi = o.dpi ?? 200;
  const questions = Math.min(12, o.questions ?? 10);
  const split = examSplit(questions);
  const r = rng(o.seed ?? 3);
  return (questions > split ? ([1, 2] as const) : ([1] as const)).map((p) => {
    const { canvas, ctx } = blankPage(dpi);
    drawExam(canvasSurface(ctx, dpi), { answered: o.answered, questions, handMarks: true, seed: o.seed ?? 3 }, p, split);
    return scanLook(canvas, r, (r() - 0.5) * 3, dpi);
  });
}

/** The CM/ECF exam on its own: typed and exported, or printed, marked by hand and scanned. */
export async function examPdf(o: ExamOpts): Promise<Buffer> {
  if (o.scanned) return scannedPdf(examPages(o));
  const doc = await PDFDocument.create();
  await addExamPages(doc, await pdfFonts(doc), o);
  return Buffer.from(await doc.save());
}

/** A cover letter that talks about registration but is no form. */
export async function letterPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const page = doc.addPage([612, 792]);
  const lines = [
    'Roe & Partners LLP',
    '100 Pearl Street, Hartford, CT 06103',
    'Telephone (860) 555-0100',
    '',
    'March 14, 2025',
    '',
    'Clerk of the Court',
    'United States Bankruptcy Court',
    '450 Main Street, Hartford, CT 06103',
    '',
    'Re: ECF Filer Registration',
    '',
    'Dear Clerk:',
    '',
    'I would like to register as a Filer on the CM/ECF system of the Court. My registration',
    'form and the completed exam will follow under separate cover. Please let me know if',
    'anything else is needed for my registration.',
    '',
    'Sincerely,',
    '',
    'Jane Roe',
  ];
  lines.forEach((l, i) => page.drawText(l, { x: 72, y: 720 - i * 15, size: 11, font }));
  return Buffer.from(await doc.save());
}

/** A committed fixture made by LibreOffice (scripts/make-registration-fixtures.sh). */
export function registrationFixture(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/registration/${name}`, import.meta.url));
}

/**
 * For reader tests: one OCR worker for the file (the machine has two cores and other OCR
 * work may be running), `read` a PDF, and `once` to OCR a scan once for several tests.
 */
export function useFormReader() {
  let pool: OcrPool;
  beforeAll(() => {
    pool = new OcrPool({ size: 1 });
  });
  afterAll(async () => {
    await pool.terminate();
  });
  const read = async (pdf: Buffer | Promise<Buffer>, name = 'form.pdf') => readRegistrationPdf(await pdf, name, { pool });
  const memo = new Map<string, Promise<RegistrationPdfReading>>();
  const once = (key: string, make: () => Promise<Buffer>) => {
    let r = memo.get(key);
    if (!r) {
      r = read(make(), `${key}.pdf`);
      memo.set(key, r);
    }
    return r;
  };
  return { read, once };
}
