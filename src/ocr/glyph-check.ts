/**
 * A stamp is printed in one typeface at one size, so the same digit looks the same
 * wherever it occurs on it. When OCR gives two different digits to glyphs that are
 * near-identical images (a dotted zero read as 6 in `10:00` → `16:00`, next to zeros read
 * as 0), the reading is inconsistent — and an error every OCR pass repeats is exactly the
 * kind agreement between passes cannot catch (P-4). Pure.
 */
import type { GrayImage, OcrWord } from './pool.ts';

export interface GlyphConflict {
  /** The two labels OCR gave. */
  a: string;
  b: string;
  /** Correlation of the two glyph images, −1..1. */
  similarity: number;
}

export interface GlyphCheck {
  consistent: boolean;
  /** The most alike pair of glyphs with different digits. */
  worst?: GlyphConflict;
  /** Digits compared. */
  glyphs: number;
}

/**
 * Glyph images at least this alike are one character. Measured on 445 correct readings of
 * generated stamps: the most alike pair of different digits reached 0.77 (p99 0.75); the
 * misreads it is for (a dotted 0 read as 6) scored 0.91–0.97.
 */
export const SAME_GLYPH = 0.84;

const GW = 16;
const GH = 24;

interface Glyph {
  label: string;
  height: number;
  width: number;
  vec: Float32Array;
}

/**
 * Checks that digits OCR labelled differently do not look the same. `img` is the image
 * tesseract read (the symbol boxes are in its pixels).
 */
export function glyphConsistency(img: GrayImage, words: OcrWord[], threshold = SAME_GLYPH): GlyphCheck {
  const glyphs: Glyph[] = [];
  for (const w of words) {
    for (const s of w.symbols) {
      if (!/^\d$/.test(s.text)) continue;
      const g = extract(img, wholeGlyph(img, s.bbox));
      if (g) glyphs.push({ label: s.text, ...g });
    }
  }
  let worst: GlyphConflict | undefined;
  for (let i = 0; i < glyphs.length; i++) {
    for (let j = i + 1; j < glyphs.length; j++) {
      const a = glyphs[i]!;
      const b = glyphs[j]!;
      if (a.label === b.label) continue;
      const ratio = a.height / b.height;
      if (ratio < 0.75 || ratio > 1.33) continue;
      // The images are compared resampled to one size, which hides shape: a narrow 1 and
      // a wide 4 stretched to the same box can look alike. The same glyph has the same
      // proportions, so differently proportioned ink is not one character.
      const aspect = (a.width / a.height) / (b.width / b.height);
      if (aspect < 0.67 || aspect > 1.5) continue;
      const sim = dot(a.vec, b.vec);
      if (!worst || sim > worst.similarity) worst = { a: a.label, b: b.label, similarity: Math.round(sim * 1000) / 1000 };
    }
  }
  return { consistent: !worst || worst.similarity < threshold, worst, glyphs: glyphs.length };
}

/** The glyph's ink, cropped tight, resampled to GW×GH, zero mean, unit length. */
function extract(img: GrayImage, box: { x0: number; y0: number; x1: number; y1: number }): { height: number; width: number; vec: Float32Array } | undefined {
  const x0 = Math.max(0, Math.floor(box.x0));
  const y0 = Math.max(0, Math.floor(box.y0));
  const x1 = Math.min(img.width, Math.ceil(box.x1));
  const y1 = Math.min(img.height, Math.ceil(box.y1));
  if (x1 - x0 < 3 || y1 - y0 < 5) return undefined;
  // Ink is whatever is a good deal darker than the paper in this box. A fixed or midway
  // level loses the thin strokes of a serif face in coloured ink (the diagonal and bar of
  // a purple 4), leaving a stem that looks like a 1.
  const ink = inkLevel(img, x0, y0, x1, y1);
  if (ink === undefined) return undefined;
  // Tight ink box inside the symbol box.
  let ix0 = x1;
  let iy0 = y1;
  let ix1 = x0 - 1;
  let iy1 = y0 - 1;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      if (img.data[y * img.width + x]! < ink) {
        if (x < ix0) ix0 = x;
        if (x > ix1) ix1 = x;
        if (y < iy0) iy0 = y;
        if (y > iy1) iy1 = y;
      }
    }
  }
  if (ix1 - ix0 < 2 || iy1 - iy0 < 4) return undefined;
  // Tesseract's box sometimes holds only part of a glyph (the stem of a 4 without its
  // diagonal); that part may look like another digit. Ink running on across the box's
  // left or right side means the glyph is cut: it is not compared.
  if (cutAt(img, x0, x0 - 1, iy0, iy1, ink) || cutAt(img, x1 - 1, x1, iy0, iy1, ink)) return undefined;
  const w = ix1 - ix0 + 1;
  const h = iy1 - iy0 + 1;
  const vec = new Float32Array(GW * GH);
  for (let gy = 0; gy < GH; gy++) {
    for (let gx = 0; gx < GW; gx++) {
      // Area average over the source cell.
      const sx0 = ix0 + (gx * w) / GW;
      const sx1 = ix0 + ((gx + 1) * w) / GW;
      const sy0 = iy0 + (gy * h) / GH;
      const sy1 = iy0 + ((gy + 1) * h) / GH;
      let sum = 0;
      let n = 0;
      for (let y = Math.floor(sy0); y < Math.max(Math.floor(sy0) + 1, Math.ceil(sy1)); y++) {
        for (let x = Math.floor(sx0); x < Math.max(Math.floor(sx0) + 1, Math.ceil(sx1)); x++) {
          sum += 255 - img.data[Math.min(iy1, y) * img.width + Math.min(ix1, x)]!;
          n++;
        }
      }
      vec[gy * GW + gx] = sum / n;
    }
  }
  let mean = 0;
  for (const v of vec) mean += v;
  mean /= vec.length;
  let norm = 0;
  for (let i = 0; i < vec.length; i++) {
    vec[i] = vec[i]! - mean;
    norm += vec[i]! * vec[i]!;
  }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < vec.length; i++) vec[i] = vec[i]! / norm;
  return { height: h, width: w, vec };
}

/**
 * Tesseract's symbol box sometimes holds only part of a glyph (the stem of a 4 without
 * its diagonal and bar), and that part may look like another digit. The box is widened
 * to the ink connected to what it holds, within the box's own rows and at most one box
 * width to either side.
 */
function wholeGlyph(img: GrayImage, box: { x0: number; y0: number; x1: number; y1: number }): { x0: number; y0: number; x1: number; y1: number } {
  const w = Math.max(1, Math.ceil(box.x1 - box.x0));
  const bx0 = Math.max(0, Math.floor(box.x0) - w);
  const bx1 = Math.min(img.width, Math.ceil(box.x1) + w);
  const by0 = Math.max(0, Math.floor(box.y0));
  const by1 = Math.min(img.height, Math.ceil(box.y1));
  const bw = bx1 - bx0;
  const bh = by1 - by0;
  if (bw <= 0 || bh <= 0) return box;
  const ink = inkLevel(img, Math.max(0, Math.floor(box.x0)), by0, Math.min(img.width, Math.ceil(box.x1)), by1);
  if (ink === undefined) return box;
  const seen = new Uint8Array(bw * bh);
  const stack: number[] = [];
  for (let y = by0; y < by1; y++) {
    for (let x = Math.max(bx0, Math.floor(box.x0)); x < Math.min(bx1, Math.ceil(box.x1)); x++) {
      if (img.data[y * img.width + x]! < ink) {
        seen[(y - by0) * bw + (x - bx0)] = 1;
        stack.push(x, y);
      }
    }
  }
  let x0 = box.x0;
  let x1 = box.x1;
  while (stack.length) {
    const y = stack.pop()!;
    const x = stack.pop()!;
    if (x < x0) x0 = x;
    if (x + 1 > x1) x1 = x + 1;
    for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]] as const) {
      const nx = x + dx;
      const ny = y + dy;
      if (nx < bx0 || nx >= bx1 || ny < by0 || ny >= by1) continue;
      const k = (ny - by0) * bw + (nx - bx0);
      if (seen[k] || img.data[ny * img.width + nx]! >= ink) continue;
      seen[k] = 1;
      stack.push(nx, ny);
    }
  }
  return { x0, y0: box.y0, x1, y1: box.y1 };
}

/** The grey level below which a pixel of the box is ink, or undefined for a box without contrast. */
function inkLevel(img: GrayImage, x0: number, y0: number, x1: number, y1: number): number | undefined {
  let lo = 255;
  let hi = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const v = img.data[y * img.width + x]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return hi - lo < 40 ? undefined : hi - (hi - lo) * 0.3;
}

/** Rows where column `inside` (in the box) and column `outside` (beyond it) both hold ink. */
function cutAt(img: GrayImage, inside: number, outside: number, y0: number, y1: number, ink: number): boolean {
  if (outside < 0 || outside >= img.width) return false;
  let rows = 0;
  for (let y = y0; y <= y1; y++) if (img.data[y * img.width + inside]! < ink && img.data[y * img.width + outside]! < ink) rows++;
  return rows >= 2;
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
