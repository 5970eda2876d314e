/**
 * Prisoner filings as facilities send them, for the evaluation corpus: typed or
 * handwritten-looking pages with a caption in any of the forms courts and prisoners write,
 * a receipt stamp of any wording, ink, frame, angle and position, then put through a
 * scanner (skew, blur, grey paper, noise, speckle, faint or heavy toner, 1-bit pages) and
 * wrapped as an image-only PDF — or typed into a kiosk that writes a real text layer and
 * pastes the stamp as an image.
 *
 * Everything is drawn from a seed, so the corpus regenerates byte for byte.
 */
import { deflateSync } from 'node:zlib';
import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import { PDFDocument, StandardFonts, concatTransformationMatrix, drawObject, popGraphicsState, pushGraphicsState, rgb } from 'pdf-lib';
import { rng } from '../../test/support/scan.ts';

export type Rand = () => number;
export const seeded = rng;
export const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
export const between = (r: Rand, a: number, b: number) => a + (b - a) * r();

export type Ink = 'red' | 'blue' | 'purple' | 'black' | 'green';
export type Frame = 'none' | 'box' | 'double' | 'rounded';
export type Position = 'top-left' | 'top-right' | 'top' | 'bottom-left' | 'bottom-right' | 'bottom' | 'over-text';
export type StampFont = 'sans-bold' | 'mono' | 'mono-bold' | 'serif-bold' | 'condensed';

export interface StampSpec {
  lines: string[];
  ink: Ink;
  frame: Frame;
  font: StampFont;
  /** Cap size of the stamp's type, points. */
  sizePt: number;
  /** Degrees, positive clockwise. */
  rotation: number;
  position: Position;
  /** Thin, patchy, smeared impression that a clerk could not read with confidence. */
  faint?: boolean;
  /** A handwritten set of initials on a `BY ____` line. */
  initials?: boolean;
}

export interface CaptionSpec {
  plaintiff: string;
  defendant: string;
  /** The case line exactly as written (`CIVIL NO. 3:16CV112 (VLB)`), or null for a new case. */
  caseLine: string | null;
  /** `:` column (Connecticut practice) or `)` column. */
  style: 'colon' | 'paren';
  /** Line under the case number, usually the document's own date. */
  dateLine?: string;
  habeas?: boolean;
}

export interface PageSpec {
  caption?: CaptionSpec;
  title?: string;
  paragraphs: string[];
  signature?: { name: string; inmateNumber: string; facility: string; dated: string };
  stamp?: StampSpec;
  /** Page n of m, printed in the footer. */
  footer?: string;
}

export interface ScanLook {
  dpi: number;
  /** Page skew, degrees. */
  skew: number;
  /** Sensor noise amplitude (0–8). */
  noise: number;
  specks: number;
  /** Paper grey level (200–250). */
  paper: number;
  /** Toner: faint raises the darkest level, heavy thickens strokes. */
  toner: 'normal' | 'faint' | 'heavy';
  blur: number;
  /** 1-bit page (black and white mode), else colour JPEG at this quality. */
  bilevel?: boolean;
  jpegQuality: number;
}

const INK: Record<Ink, [number, number, number]> = {
  red: [198, 30, 42],
  blue: [30, 60, 170],
  purple: [110, 40, 140],
  black: [30, 30, 36],
  green: [20, 110, 60],
};
const FONTS: Record<StampFont, string> = {
  'sans-bold': 'bold {s}px "DejaVu Sans"',
  mono: '{s}px "DejaVu Sans Mono"',
  'mono-bold': 'bold {s}px "DejaVu Sans Mono"',
  'serif-bold': 'bold {s}px "DejaVu Serif"',
  condensed: 'bold {s}px "DejaVu Sans Condensed"',
};

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The stamp impression on a transparent canvas, before rotation, at `dpi`. */
export function stampCanvas(s: StampSpec, r: Rand, dpi: number): Canvas {
  const size = (s.sizePt * dpi) / 72;
  const font = FONTS[s.font].replace('{s}', size.toFixed(1));
  const probe = createCanvas(8, 8).getContext('2d');
  probe.font = font;
  const widths = s.lines.map((l) => probe.measureText(l).width);
  const gap = size * 1.3;
  const padX = size * 0.7;
  const padY = size * 0.55;
  const w = Math.ceil(Math.max(...widths) + 2 * padX);
  const h = Math.ceil(s.lines.length * gap + 2 * padY);
  const c = createCanvas(w, h);
  const ctx = c.getContext('2d');
  const [cr, cg, cb] = INK[s.ink].map((v) => Math.max(0, Math.min(255, v + Math.round(between(r, -14, 14))))) as [number, number, number];
  ctx.fillStyle = ctx.strokeStyle = `rgb(${cr},${cg},${cb})`;
  ctx.font = font;
  s.lines.forEach((l, i) => ctx.fillText(l, (w - widths[i]!) / 2, padY + gap * i + size * 0.95));
  const lw = Math.max(1.5, (between(r, 1.2, 2.2) * dpi) / 72);
  ctx.lineWidth = lw;
  if (s.frame === 'box' || s.frame === 'double') ctx.strokeRect(lw, lw, w - 2 * lw, h - 2 * lw);
  if (s.frame === 'double') ctx.strokeRect(lw * 3.2, lw * 3.2, w - 6.4 * lw, h - 6.4 * lw);
  if (s.frame === 'rounded') {
    const rad = size * 0.8;
    ctx.beginPath();
    ctx.roundRect(lw, lw, w - 2 * lw, h - 2 * lw, rad);
    ctx.stroke();
  }
  if (s.initials) {
    // Staff initial the `BY ____` line by hand, in pen rather than stamp ink.
    const i = s.lines.findIndex((l) => /^BY\b/.test(l));
    if (i >= 0) {
      const x0 = (w - widths[i]!) / 2 + probe.measureText('BY ').width + size * 0.3;
      const y0 = padY + gap * i + size * 0.7;
      ctx.save();
      ctx.strokeStyle = 'rgb(25,30,90)';
      ctx.lineWidth = Math.max(1, size / 9);
      ctx.beginPath();
      ctx.moveTo(x0, y0);
      for (let k = 1; k <= 8; k++) ctx.quadraticCurveTo(x0 + k * size * 0.28 - size * 0.14, y0 - between(r, 0, size * 0.9), x0 + k * size * 0.28, y0 + between(r, -size * 0.15, size * 0.15));
      ctx.stroke();
      ctx.restore();
    }
  }
  return texture(c, r, !!s.faint);
}

/** Rubber-stamp ink: uneven coverage and small voids; faint ink thin, patchy and smeared. */
function texture(c: Canvas, r: Rand, faint: boolean): Canvas {
  const ctx = c.getContext('2d');
  const img = ctx.getImageData(0, 0, c.width, c.height);
  const d = img.data;
  const cell = 10;
  const gw = Math.ceil(c.width / cell) + 2;
  const grid = Float32Array.from({ length: gw * (Math.ceil(c.height / cell) + 2) }, () => r());
  const strength = faint ? between(r, 0.16, 0.24) : between(r, 0.85, 1);
  for (let y = 0; y < c.height; y++) {
    for (let x = 0; x < c.width; x++) {
      const i = (y * c.width + x) * 4 + 3;
      if (d[i] === 0) continue;
      const v = grid[Math.floor(y / cell) * gw + Math.floor(x / cell)]!;
      let a = strength * (faint ? 0.3 + 0.9 * v : 0.82 + 0.2 * v);
      if (r() < (faint ? 0.45 : 0.03)) a *= 0.25;
      d[i] = Math.max(0, Math.min(255, Math.round(d[i]! * a)));
    }
  }
  ctx.putImageData(img, 0, 0);
  if (!faint) return c;
  // Smeared: a blurred, shifted copy over a weak sharp one (drawn into a new canvas,
  // since @napi-rs/canvas draws canvases by reference).
  const out = createCanvas(c.width, c.height);
  const o = out.getContext('2d');
  o.filter = `blur(${Math.max(2, c.width / 160)}px)`;
  o.drawImage(c, Math.round(between(r, 3, 8)), Math.round(between(r, 2, 5)));
  o.filter = 'none';
  o.globalAlpha = 0.3;
  o.drawImage(c, 0, 0);
  return out;
}

/** Where a stamp of this (rotated) size sits on a page of W×H pixels. */
function placeStamp(pos: Position, bw: number, bh: number, W: number, H: number, dpi: number, r: Rand): Rect {
  const edge = () => dpi * between(r, 0.3, 0.55);
  let x: number;
  let y: number;
  if (pos.endsWith('left')) x = edge();
  else if (pos.endsWith('right')) x = W - edge() - bw;
  else x = (W - bw) / 2 + dpi * between(r, -0.8, 0.8);
  if (pos.startsWith('top')) y = edge();
  else if (pos.startsWith('bottom')) y = H - edge() - bh;
  else y = H * between(r, 0.38, 0.55);
  return { x, y, w: bw, h: bh };
}

function rotatedBox(w: number, h: number, deg: number): [number, number] {
  const t = (Math.abs(deg) * Math.PI) / 180;
  return [w * Math.cos(t) + h * Math.sin(t), w * Math.sin(t) + h * Math.cos(t)];
}

/** Draws a page (typed text, optional stamp) onto a white canvas at `dpi`. */
export function drawPage(p: PageSpec, r: Rand, dpi: number): Canvas {
  const W = Math.round(8.5 * dpi);
  const H = Math.round(11 * dpi);
  const pt = (v: number) => (v * dpi) / 72;
  const c = createCanvas(W, H);
  const ctx = c.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, W, H);

  let stampRect: Rect | null = null;
  let stamp: Canvas | null = null;
  if (p.stamp) {
    stamp = stampCanvas(p.stamp, r, dpi);
    const [bw, bh] = rotatedBox(stamp.width, stamp.height, p.stamp.rotation);
    stampRect = placeStamp(p.stamp.position, bw, bh, W, H, dpi, r);
  }
  // Staff stamp where there is room: text keeps clear of the stamp, except "over-text".
  const keep = stampRect && p.stamp!.position !== 'over-text' ? { x: stampRect.x - dpi * 0.15, y: stampRect.y - dpi * 0.15, w: stampRect.w + dpi * 0.3, h: stampRect.h + dpi * 0.3 } : null;
  const left = dpi;
  const right = W - dpi;
  let y = dpi + pt(12);
  const lh = pt(12) * 1.85;
  const body = `${pt(12)}px "DejaVu Serif"`;
  const bold = `bold ${pt(12)}px "DejaVu Serif"`;
  const clashes = (x0: number, x1: number) => keep && y + pt(4) > keep.y && y - pt(12) < keep.y + keep.h && x1 > keep.x && x0 < keep.x + keep.w;
  const line = (parts: Array<{ t: string; x: number | 'c'; f: string }>) => {
    for (let guard = 0; guard < 80 && y < H - dpi * 0.7; guard++) {
      const spans = parts.map((s) => {
        ctx.font = s.f;
        const w = ctx.measureText(s.t).width;
        return { ...s, x: s.x === 'c' ? (W - w) / 2 : s.x, w };
      });
      if (!spans.some((s) => clashes(s.x, s.x + s.w))) {
        ctx.fillStyle = 'rgb(18,18,18)';
        for (const s of spans) {
          ctx.font = s.f;
          ctx.fillText(s.t, s.x, y);
        }
        y += lh;
        return;
      }
      y += lh / 2;
    }
  };

  if (p.caption) {
    const k = p.caption;
    line([{ t: 'UNITED STATES DISTRICT COURT', x: 'c', f: bold }]);
    line([{ t: 'DISTRICT OF CONNECTICUT', x: 'c', f: bold }]);
    y += lh * 0.4;
    const sep = k.style === 'colon' ? ':' : ')';
    const col = dpi * 4.3;
    const right2 = dpi * 4.6;
    const role = k.habeas ? ['Petitioner,', 'Respondent.'] : ['Plaintiff,', 'Defendants.'];
    line([{ t: `${k.plaintiff},`, x: left, f: body }, { t: sep, x: col, f: body }]);
    line([{ t: role[0]!, x: left + dpi * 0.5, f: body }, { t: sep, x: col, f: body }, ...(k.caseLine ? [{ t: k.caseLine, x: right2, f: body }] : [{ t: k.habeas ? 'Case No. ____________' : 'Civil No. ____________', x: right2, f: body }])]);
    line([{ t: 'v.', x: left + dpi * 0.25, f: body }, { t: sep, x: col, f: body }]);
    line([{ t: `${k.defendant},`, x: left, f: body }, { t: sep, x: col, f: body }]);
    line([{ t: role[1]!, x: left + dpi * 0.5, f: body }, { t: sep, x: col, f: body }, ...(k.dateLine ? [{ t: k.dateLine, x: right2, f: body }] : [])]);
    y += lh * 0.4;
  }
  if (p.title) {
    line([{ t: p.title, x: 'c', f: bold }]);
    y += lh * 0.2;
  }
  ctx.font = body;
  const bottom = H - dpi * (p.signature ? 0.9 : 0.8);
  const sigH = p.signature ? pt(12) * 1.4 * 5 + lh : 0;
  outer: for (const para of p.paragraphs) {
    const words = para.split(' ');
    let first = true;
    while (words.length) {
      if (y + sigH > bottom) break outer;
      const x0 = left + (first ? dpi * 0.5 : 0);
      let a = x0;
      let b = right;
      if (keep && y + pt(4) > keep.y && y - pt(12) < keep.y + keep.h) {
        if (keep.x - x0 > right - (keep.x + keep.w)) b = keep.x;
        else a = Math.max(x0, keep.x + keep.w);
      }
      if (b - a < dpi * 2.5) {
        y += lh / 2;
        continue;
      }
      let text = '';
      while (words.length) {
        const next = text ? `${text} ${words[0]}` : words[0]!;
        if (ctx.measureText(next).width > b - a && text) break;
        text = next;
        words.shift();
      }
      ctx.fillStyle = 'rgb(18,18,18)';
      ctx.fillText(text, a, y);
      y += lh;
      first = false;
    }
    if (y + sigH > bottom) break;
  }
  if (p.signature) {
    y += lh * 0.3;
    const s = p.signature;
    const sx = stampRect && p.stamp!.position.startsWith('bottom') && p.stamp!.position !== 'bottom-left' ? left : dpi * 4.4;
    const sl = [`Dated: ${s.dated}`, 'Respectfully submitted,', '', `${s.name}, Inmate No. ${s.inmateNumber}`, s.facility];
    for (const t of sl) {
      for (let guard = 0; guard < 30 && clashes(sx, sx + dpi * 3); guard++) y += lh / 3;
      ctx.font = body;
      ctx.fillStyle = 'rgb(18,18,18)';
      if (t) ctx.fillText(t, sx, y);
      else pen(ctx, r, sx + dpi * 0.2, y - pt(5), dpi * 2, pt(13));
      y += pt(12) * 1.4;
    }
  }
  if (p.footer) {
    ctx.font = `${pt(10)}px "DejaVu Serif"`;
    const w = ctx.measureText(p.footer).width;
    if (!clashesAt(keep, (W - w) / 2, H - dpi * 0.55, w, pt(10))) ctx.fillText(p.footer, (W - w) / 2, H - dpi * 0.5);
  }
  if (stamp && stampRect) {
    ctx.save();
    ctx.globalCompositeOperation = 'multiply';
    ctx.translate(stampRect.x + stampRect.w / 2, stampRect.y + stampRect.h / 2);
    ctx.rotate((p.stamp!.rotation * Math.PI) / 180);
    ctx.drawImage(stamp, -stamp.width / 2, -stamp.height / 2);
    ctx.restore();
  }
  return c;
}

function clashesAt(keep: Rect | null, x: number, y: number, w: number, h: number): boolean {
  return !!keep && x < keep.x + keep.w && x + w > keep.x && y < keep.y + keep.h && y + h > keep.y;
}

function pen(ctx: SKRSContext2D, r: Rand, x: number, y: number, w: number, h: number): void {
  ctx.save();
  ctx.strokeStyle = 'rgb(30,30,70)';
  ctx.lineWidth = Math.max(1, h / 10);
  ctx.beginPath();
  ctx.moveTo(x, y);
  for (let i = 1; i <= 14; i++) ctx.quadraticCurveTo(x + (w * (i - 0.5)) / 14, y + between(r, -h, h), x + (w * i) / 14, y + between(r, -h / 3, h / 3));
  ctx.stroke();
  ctx.restore();
}

export interface ScannedImage {
  width: number;
  height: number;
  /** RGB JPEG, or 1-bit rows packed MSB first (0 = black) for bilevel pages. */
  jpeg?: Buffer;
  bits?: Buffer;
}

/** The page as the facility's scanner returns it. */
export async function scan(page: Canvas, look: ScanLook, r: Rand): Promise<ScannedImage> {
  const { width: W, height: H } = page;
  const out = createCanvas(W, H);
  const ctx = out.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, W, H);
  ctx.filter = `blur(${look.blur}px)`;
  ctx.translate(W / 2, H / 2);
  ctx.rotate((look.skew * Math.PI) / 180);
  ctx.drawImage(page, -W / 2, -H / 2);
  if (look.toner === 'heavy') {
    // Heavy toner: strokes spread (the page drawn again half a pixel off).
    ctx.globalCompositeOperation = 'multiply';
    ctx.drawImage(page, -W / 2 + 0.8, -H / 2 + 0.6);
  }
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.filter = 'none';
  const img = ctx.getImageData(0, 0, W, H);
  const d = img.data;
  const floor = look.toner === 'faint' ? 95 : look.toner === 'heavy' ? 5 : 18;
  const noise = new Float32Array(4096);
  for (let i = 0; i < noise.length; i++) noise[i] = (r() + r() - 1) * look.noise;
  let k = Math.floor(r() * 4096);
  for (let i = 0; i < d.length; i += 4) {
    const n = noise[k++ & 4095]!;
    if ((k & 2047) === 0) k = Math.floor(r() * 4096);
    for (let ch = 0; ch < 3; ch++) d[i + ch] = floor + (look.paper - floor) * (d[i + ch]! / 255) + n;
  }
  for (let s = 0; s < look.specks; s++) {
    const x = Math.floor(r() * W);
    const y = Math.floor(r() * H);
    const rad = Math.max(1, Math.round(between(r, 0.4, 1.6) * (look.dpi / 200)));
    const v = between(r, 30, 120);
    for (let dy = -rad; dy <= rad; dy++)
      for (let dx = -rad; dx <= rad; dx++) {
        const xx = x + dx;
        const yy = y + dy;
        if (dx * dx + dy * dy > rad * rad || xx < 0 || yy < 0 || xx >= W || yy >= H) continue;
        const j = (yy * W + xx) * 4;
        d[j] = d[j + 1] = d[j + 2] = v;
      }
  }
  if (look.bilevel) {
    const rowBytes = Math.ceil(W / 8);
    const bits = Buffer.alloc(rowBytes * H, 0xff);
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const j = (y * W + x) * 4;
        const lum = 0.3 * d[j]! + 0.59 * d[j + 1]! + 0.11 * d[j + 2]!;
        if (lum < 150) bits[y * rowBytes + (x >> 3)]! &= ~(0x80 >> (x & 7));
      }
    return { width: W, height: H, bits };
  }
  ctx.putImageData(img, 0, 0);
  return { width: W, height: H, jpeg: await out.encode('jpeg', look.jpegQuality) };
}

/** Image-only PDF, one scanned image per letter page: JPEG (DCTDecode) or 1-bit Flate. */
export async function imagePdf(pages: ScannedImage[], meta: { producer?: string; creator?: string } = {}): Promise<Buffer> {
  // No creation or modification date from the clock: the corpus is the same on every run.
  const doc = await PDFDocument.create({ updateMetadata: false });
  if (meta.producer) doc.setProducer(meta.producer);
  if (meta.creator) doc.setCreator(meta.creator);
  for (const p of pages) {
    const page = doc.addPage([612, 792]);
    if (p.jpeg) {
      page.drawImage(await doc.embedJpg(p.jpeg), { x: 0, y: 0, width: 612, height: 792 });
      continue;
    }
    const stream = doc.context.stream(deflateSync(p.bits!), {
      Type: 'XObject',
      Subtype: 'Image',
      Width: p.width,
      Height: p.height,
      ColorSpace: 'DeviceGray',
      BitsPerComponent: 1,
      Filter: 'FlateDecode',
    });
    const name = page.node.newXObject('Im', doc.context.register(stream));
    page.pushOperators(pushGraphicsState(), concatTransformationMatrix(612, 0, 0, 792, 0, 0), drawObject(name), popGraphicsState());
  }
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/**
 * A kiosk filing: the pages typed with a real text layer (pdf-lib), and the facility's
 * stamp scanned separately and pasted on its page as a PNG or JPEG image.
 */
export async function kioskPdf(pages: PageSpec[], r: Rand, imageKind: 'png' | 'jpeg'): Promise<Buffer> {
  // No creation or modification date from the clock: the corpus is the same on every run.
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setProducer('Kiosk e-File 3.2');
  doc.setCreator('Kiosk e-File 3.2');
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const bold = await doc.embedFont(StandardFonts.TimesRomanBold);
  for (const p of pages) {
    const page = doc.addPage([612, 792]);
    let box: Rect | null = null;
    let stampImg: Canvas | null = null;
    if (p.stamp) {
      const dpi = 200;
      const raw = stampCanvas(p.stamp, r, dpi);
      const [bw, bh] = rotatedBox(raw.width, raw.height, p.stamp.rotation);
      stampImg = createCanvas(Math.ceil(bw), Math.ceil(bh));
      const c = stampImg.getContext('2d');
      if (imageKind === 'jpeg') {
        c.fillStyle = '#fff';
        c.fillRect(0, 0, stampImg.width, stampImg.height);
      }
      c.translate(bw / 2, bh / 2);
      c.rotate((p.stamp.rotation * Math.PI) / 180);
      c.drawImage(raw, -raw.width / 2, -raw.height / 2);
      box = placeStamp(p.stamp.position, (bw * 72) / dpi, (bh * 72) / dpi, 612, 792, 72, r);
    }
    const keep = box && p.stamp!.position !== 'over-text' ? box : null;
    let y = 84;
    const row = (parts: Array<{ t: string; x: number | 'c'; b?: boolean }>) => {
      for (let guard = 0; guard < 80; guard++) {
        const spans = parts.map((s) => {
          const f = s.b ? bold : font;
          const w = f.widthOfTextAtSize(s.t, 12);
          return { ...s, f, w, x: s.x === 'c' ? (612 - w) / 2 : s.x };
        });
        if (!spans.some((s) => clashesAt(keep, s.x - 6, y - 14, s.w + 12, 20))) {
          if (y > 745) return;
          for (const s of spans) page.drawText(s.t, { x: s.x, y: 792 - y, size: 12, font: s.f, color: rgb(0, 0, 0) });
          y += 22;
          return;
        }
        y += 11;
      }
    };
    for (const parts of textRows(p, (t, b) => (b ? bold : font).widthOfTextAtSize(t, 12), 72)) row(parts);
    if (stampImg && box) {
      const bytes = imageKind === 'png' ? await stampImg.encode('png') : await stampImg.encode('jpeg', 85);
      const img = imageKind === 'png' ? await doc.embedPng(bytes) : await doc.embedJpg(bytes);
      page.drawImage(img, { x: box.x, y: 792 - box.y - box.h, width: box.w, height: box.h });
    }
  }
  return Buffer.from(await doc.save());
}

/** A page's text as rows of positioned parts (x in units of `unit` per inch). */
function textRows(p: PageSpec, width: (t: string, bold: boolean) => number, unit: number): Array<Array<{ t: string; x: number | 'c'; b?: boolean }>> {
  const rows: Array<Array<{ t: string; x: number | 'c'; b?: boolean }>> = [];
  const left = unit;
  if (p.caption) {
    const k = p.caption;
    const sep = k.style === 'colon' ? ':' : ')';
    const col = unit * 4.3;
    const r2 = unit * 4.6;
    const role = k.habeas ? ['Petitioner,', 'Respondent.'] : ['Plaintiff,', 'Defendants.'];
    rows.push([{ t: 'UNITED STATES DISTRICT COURT', x: 'c', b: true }], [{ t: 'DISTRICT OF CONNECTICUT', x: 'c', b: true }]);
    rows.push([{ t: `${k.plaintiff},`, x: left }, { t: sep, x: col }]);
    rows.push([{ t: role[0]!, x: left + unit * 0.5 }, { t: sep, x: col }, { t: k.caseLine ?? 'Civil No. ____________', x: r2 }]);
    rows.push([{ t: 'v.', x: left + unit * 0.25 }, { t: sep, x: col }]);
    rows.push([{ t: `${k.defendant},`, x: left }, { t: sep, x: col }]);
    rows.push([{ t: role[1]!, x: left + unit * 0.5 }, { t: sep, x: col }, ...(k.dateLine ? [{ t: k.dateLine, x: r2 }] : [])]);
  }
  if (p.title) rows.push([{ t: p.title, x: 'c', b: true }]);
  const max = unit * 6.5;
  for (const para of p.paragraphs) {
    let cur = '';
    let first = true;
    for (const w of para.split(' ')) {
      const next = cur ? `${cur} ${w}` : w;
      if (width(next, false) > max - (first ? unit * 0.5 : 0) && cur) {
        rows.push([{ t: cur, x: left + (first ? unit * 0.5 : 0) }]);
        cur = w;
        first = false;
      } else cur = next;
    }
    if (cur) rows.push([{ t: cur, x: left + (first ? unit * 0.5 : 0) }]);
  }
  if (p.signature) {
    const s = p.signature;
    for (const t of [`Dated: ${s.dated}`, 'Respectfully submitted,', `/s/ ${s.name}`, `${s.name}, Inmate No. ${s.inmateNumber}`, s.facility]) rows.push([{ t, x: unit * 4.4 }]);
  }
  if (p.footer) rows.push([{ t: p.footer, x: 'c' }]);
  return rows;
}
