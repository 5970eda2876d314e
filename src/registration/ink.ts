/**
 * Ink on a rendered page, without OCR: what is printed, what is drawn by hand.
 * The page is binarised once; ruled lines (underlines, table and box borders) are taken
 * out; what is left falls into connected components. Typed text is many glyph-sized
 * components; a hand signature is a few large, thin, curved ones; a checkbox is a small
 * square frame, checked when there is ink inside it.
 */
import { createCanvas, ImageData } from '@napi-rs/canvas';
import type { RgbaImage } from '../parsers/image.ts';
import type { Box } from './page-text.ts';

/** One bit per pixel as a byte: 1 = ink. */
export interface Bitmap {
  width: number;
  height: number;
  dpi: number;
  ink: Uint8Array;
}

export interface Component extends Box {
  /** Ink pixels. Box in pixels, x1/y1 exclusive. */
  pixels: number;
}

/**
 * Ink: luminance below Otsu's threshold (kept within sane bounds), or a clearly coloured
 * pixel darker than the paper. A blue ballpoint signature scans pale — as light as grey
 * paper shading — and a fine stroke breaks into specks by luminance alone; print is neutral.
 */
export function binarize(img: RgbaImage, dpi: number): Bitmap {
  const n = img.width * img.height;
  const lum = new Uint8Array(n);
  const chroma = new Uint8Array(n);
  const hist = new Float64Array(256);
  const d = img.data;
  for (let i = 0, j = 0; j < n; i += 4, j++) {
    const r = d[i]!;
    const g = d[i + 1]!;
    const b = d[i + 2]!;
    const v = (r * 299 + g * 587 + b * 114) / 1000;
    lum[j] = v;
    chroma[j] = Math.max(r, g, b) - Math.min(r, g, b);
    hist[lum[j]!]!++;
  }
  const t = Math.max(110, Math.min(190, otsu(hist)));
  const ink = new Uint8Array(n);
  for (let j = 0; j < n; j++) ink[j] = lum[j]! < t || (chroma[j]! >= PEN_CHROMA && lum[j]! < PEN_MAX_LUM) ? 1 : 0;
  return { width: img.width, height: img.height, dpi, ink };
}

/** A pen's colour (max − min of R, G, B) well above a scanner's colour noise on paper and print. */
const PEN_CHROMA = 25;
/** Coloured but lighter than this is paper tint, a highlighter or a coloured background. */
const PEN_MAX_LUM = 215;

function otsu(hist: ArrayLike<number>): number {
  let total = 0;
  let sum = 0;
  for (let i = 0; i < 256; i++) {
    total += hist[i]!;
    sum += i * hist[i]!;
  }
  let wB = 0;
  let sumB = 0;
  let best = 0;
  let at = 128;
  for (let i = 0; i < 256; i++) {
    wB += hist[i]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += i * hist[i]!;
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) ** 2;
    if (between > best) {
      best = between;
      at = i;
    }
  }
  return at;
}

/**
 * The page's skew in degrees (positive: the text runs downhill to the right), from the
 * angle at which rows of ink are sharpest (projection profile), searched within ±4°.
 */
export function estimateSkew(bm: Bitmap): number {
  // Sample ink points every few columns (≈ 50 per inch) to keep this cheap, but on every
  // row: rows sampled on a grid coarser than the bins below alias, and an unturned page
  // then always scores best (every scan read as straight).
  const step = Math.max(1, Math.round(bm.dpi / 50));
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < bm.height; y++) {
    for (let x = 0; x < bm.width; x += step) {
      if (bm.ink[y * bm.width + x]) {
        xs.push(x);
        ys.push(y);
      }
    }
  }
  if (xs.length < 50) return 0;
  const bin = Math.max(1, Math.round(bm.dpi / 100));
  const score = (deg: number) => {
    const t = Math.tan((deg * Math.PI) / 180);
    const rows = new Map<number, number>();
    for (let i = 0; i < xs.length; i++) {
      const r = Math.round((ys[i]! - xs[i]! * t) / bin);
      rows.set(r, (rows.get(r) ?? 0) + 1);
    }
    let s = 0;
    for (const v of rows.values()) s += v * v;
    return s;
  };
  let best = 0;
  let bestScore = score(0);
  for (let deg = -4; deg <= 4.001; deg += 0.25) {
    const s = score(deg);
    if (s > bestScore * 1.0001) {
      best = deg;
      bestScore = s;
    }
  }
  for (let deg = best - 0.2; deg <= best + 0.2001; deg += 0.05) {
    const s = score(deg);
    if (s > bestScore) {
      best = deg;
      bestScore = s;
    }
  }
  return Math.round(best * 100) / 100;
}

/** The image turned by `-deg` about its centre, on white (undoes a skew of `deg`). */
export function rotateImage(img: RgbaImage, deg: number): RgbaImage {
  const src = createCanvas(img.width, img.height);
  src.getContext('2d').putImageData(new ImageData(img.data, img.width, img.height), 0, 0);
  const out = createCanvas(img.width, img.height);
  const ctx = out.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, img.width, img.height);
  ctx.translate(img.width / 2, img.height / 2);
  ctx.rotate((-deg * Math.PI) / 180);
  ctx.drawImage(src, -img.width / 2, -img.height / 2);
  const data = ctx.getImageData(0, 0, img.width, img.height).data;
  return { width: img.width, height: img.height, data };
}

/**
 * A copy without ruled lines: horizontal or vertical runs of ink at least `minRun` pixels
 * long (underlines, box and table borders) are cleared.
 */
export function withoutRules(bm: Bitmap, minRun = Math.round(bm.dpi * 0.3)): Bitmap {
  const { width: w, height: h, ink } = bm;
  const out = ink.slice();
  for (let y = 0; y < h; y++) rowRuns(bm, y, minRun, (x0, x1) => out.fill(0, y * w + x0, y * w + x1));
  for (let x = 0; x < w; x++) {
    let start = -1;
    for (let y = 0; y <= h; y++) {
      const on = y < h && ink[y * w + x] === 1;
      if (on && start < 0) start = y;
      else if (!on && start >= 0) {
        if (y - start >= minRun) for (let yy = start; yy < y; yy++) out[yy * w + x] = 0;
        start = -1;
      }
    }
  }
  return { ...bm, ink: out };
}

/** Each run of ink in row `y` at least `minRun` pixels long, as [x0, x1). */
function rowRuns(bm: Bitmap, y: number, minRun: number, each: (x0: number, x1: number) => void): void {
  const { width: w, ink } = bm;
  let start = -1;
  for (let x = 0; x <= w; x++) {
    const on = x < w && ink[y * w + x] === 1;
    if (on && start < 0) start = x;
    else if (!on && start >= 0) {
      if (x - start >= minRun) each(start, x);
      start = -1;
    }
  }
}

/**
 * Horizontal ruled lines of `bm` at least `minWidth` pixels long (a signature or date line,
 * a row of underscores), as boxes in pixels. Runs that withoutRules would clear are joined
 * along the line: a line a little skewed, or broken by a scanner, steps from row to row.
 */
export function horizontalRules(bm: Bitmap, minWidth = Math.round(bm.dpi * 1.2)): Box[] {
  const step = Math.max(2, Math.round(bm.dpi / 60));
  const open: Box[] = [];
  const done: Box[] = [];
  for (let y = 0; y < bm.height; y++) {
    rowRuns(bm, y, Math.round(bm.dpi * 0.3), (x0, x1) => {
      const near = open.find((r) => y - r.y1 <= step && x0 <= r.x1 + step && x1 >= r.x0 - step);
      if (near) Object.assign(near, { x0: Math.min(near.x0, x0), x1: Math.max(near.x1, x1), y1: y + 1 });
      else open.push({ x0, y0: y, x1, y1: y + 1 });
    });
    // Lines no longer growing are finished.
    for (let i = open.length - 1; i >= 0; i--) if (y - open[i]!.y1 > step) done.push(...open.splice(i, 1));
  }
  done.push(...open);
  // A ruled line is long and thin; a filled box or a thick bar is not.
  return done.filter((r) => r.x1 - r.x0 >= minWidth && r.y1 - r.y0 <= step * 2 + (r.x1 - r.x0) / 50);
}

/** Connected components (8-neighbour) of the ink inside `rect` (pixels, clipped). */
export function components(bm: Bitmap, rect: Box): Component[] {
  const x0 = Math.max(0, Math.floor(rect.x0));
  const y0 = Math.max(0, Math.floor(rect.y0));
  const x1 = Math.min(bm.width, Math.ceil(rect.x1));
  const y1 = Math.min(bm.height, Math.ceil(rect.y1));
  if (x1 <= x0 || y1 <= y0) return [];
  const w = x1 - x0;
  const h = y1 - y0;
  const seen = new Uint8Array(w * h);
  const stack: number[] = [];
  const out: Component[] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const k = y * w + x;
      if (seen[k] || !bm.ink[(y + y0) * bm.width + x + x0]) continue;
      seen[k] = 1;
      stack.push(k);
      const c = { x0: x, y0: y, x1: x + 1, y1: y + 1, pixels: 0 };
      while (stack.length) {
        const p = stack.pop()!;
        const px = p % w;
        const py = (p - px) / w;
        c.pixels++;
        if (px < c.x0) c.x0 = px;
        if (px + 1 > c.x1) c.x1 = px + 1;
        if (py < c.y0) c.y0 = py;
        if (py + 1 > c.y1) c.y1 = py + 1;
        for (let dy = -1; dy <= 1; dy++) {
          const ny = py + dy;
          if (ny < 0 || ny >= h) continue;
          for (let dx = -1; dx <= 1; dx++) {
            const nx = px + dx;
            if (nx < 0 || nx >= w) continue;
            const q = ny * w + nx;
            if (seen[q] || !bm.ink[(ny + y0) * bm.width + nx + x0]) continue;
            seen[q] = 1;
            stack.push(q);
          }
        }
      }
      out.push({ x0: c.x0 + x0, y0: c.y0 + y0, x1: c.x1 + x0, y1: c.y1 + y0, pixels: c.pixels });
    }
  }
  return out;
}

export type InkKind = 'speck' | 'glyph' | 'pen' | 'blot' | 'rule';

/**
 * What a component is, given the size of the page's text (`em`, pixels): too small to
 * matter; glyph-sized (typed text, printed marks); a pen stroke (much larger than a glyph
 * and thin: little ink for its box); a solid blot (a filled box, a logo); or a long flat
 * rule.
 */
export function inkKind(c: Component, em: number): InkKind {
  const w = c.x1 - c.x0;
  const h = c.y1 - c.y0;
  const big = Math.max(w, h);
  if (big < 0.2 * em || c.pixels < 4) return 'speck';
  const density = c.pixels / (w * h);
  // Long and flat: a printed rule the rule filter missed (a scan's underline a little
  // skewed or wavy, a row of underscores), not a pen stroke. A signature's own flourish is
  // flat too, but never comes alone.
  if (h < 0.45 * em && w >= 6 * h) return 'rule';
  if (big >= 1.9 * em || h >= 1.5 * em) return density < 0.3 ? 'pen' : 'blot';
  return 'glyph';
}

export interface Checkbox extends Box {
  checked: boolean;
}

/**
 * Square frames (checkboxes) among the components of `bm` inside `rect` (pixels): sides
 * 5–24 pt, every side mostly ink. Checked when the inside holds ink (an X, a tick, a fill).
 * Use the bitmap with its rules kept: a box's sides are short, not rules.
 */
export function findCheckboxes(bm: Bitmap, rect: Box): Checkbox[] {
  const pt = bm.dpi / 72;
  const out: Checkbox[] = [];
  for (const c of components(bm, rect)) {
    const w = c.x1 - c.x0;
    const h = c.y1 - c.y0;
    if (w < 6 * pt || h < 6 * pt || w > 24 * pt || h > 24 * pt) continue;
    if (w / h > 1.25 || h / w > 1.25) continue;
    const frame = frameOf(bm, c);
    if (!frame) continue;
    const inset = frame + Math.max(1, Math.round(0.06 * Math.min(w, h)));
    let ink = 0;
    let area = 0;
    for (let y = c.y0 + inset; y < c.y1 - inset; y++) {
      for (let x = c.x0 + inset; x < c.x1 - inset; x++) {
        area++;
        ink += bm.ink[y * bm.width + x]!;
      }
    }
    out.push({ x0: c.x0, y0: c.y0, x1: c.x1, y1: c.y1, checked: area > 0 && ink / area > 0.06 });
  }
  return out;
}

/**
 * The thickness of the square frame around `c`, or 0 when it is not one: each side must
 * be a straight run of ink along the box's edge (≥ 85 % of its length within a thin band)
 * and all four corners inked. Letters fail this (round sides, open tops, no corners).
 */
function frameOf(bm: Bitmap, c: Component): number {
  const w = c.x1 - c.x0;
  const h = c.y1 - c.y0;
  const band = Math.max(2, Math.round(Math.min(w, h) * 0.1));
  const at = (x: number, y: number) => bm.ink[y * bm.width + x] === 1;
  const covered = (horizontal: boolean, from: number, dir: 1 | -1): number => {
    const len = horizontal ? w : h;
    let hit = 0;
    for (let i = 0; i < len; i++) {
      for (let k = 0; k < band; k++) {
        if (horizontal ? at(c.x0 + i, from + dir * k) : at(from + dir * k, c.y0 + i)) {
          hit++;
          break;
        }
      }
    }
    return hit / len;
  };
  const sides = [covered(true, c.y0, 1), covered(true, c.y1 - 1, -1), covered(false, c.x0, 1), covered(false, c.x1 - 1, -1)];
  if (sides.some((s) => s < 0.85)) return 0;
  const corner = (x: number, y: number, dx: 1 | -1, dy: 1 | -1) => {
    for (let j = 0; j < band; j++) for (let i = 0; i < band; i++) if (at(x + dx * i, y + dy * j)) return true;
    return false;
  };
  if (!(corner(c.x0, c.y0, 1, 1) && corner(c.x1 - 1, c.y0, -1, 1) && corner(c.x0, c.y1 - 1, 1, -1) && corner(c.x1 - 1, c.y1 - 1, -1, -1))) return 0;
  // Frame thickness: ink run from the left edge along the middle row.
  const mid = Math.floor((c.y0 + c.y1) / 2);
  let t = 0;
  while (t < band && at(c.x0 + t, mid)) t++;
  return Math.max(1, t);
}

/** Pixels ↔ points. */
export function toPixels(b: Box, dpi: number): Box {
  const k = dpi / 72;
  return { x0: b.x0 * k, y0: b.y0 * k, x1: b.x1 * k, y1: b.y1 * k };
}

export function toPoints(b: Box, dpi: number): Box {
  const k = 72 / dpi;
  return { x0: b.x0 * k, y0: b.y0 * k, x1: b.x1 * k, y1: b.y1 * k };
}

/** The image turned clockwise by a quarter turn, a half turn or three quarters. */
export function turnImage(img: RgbaImage, deg: 0 | 90 | 180 | 270): RgbaImage {
  if (deg === 0) return img;
  const { width: w, height: h, data } = img;
  const sideways = deg !== 180;
  const W = sideways ? h : w;
  const H = sideways ? w : h;
  const bytes = data.byteOffset % 4 === 0 ? data : data.slice();
  const src = new Uint32Array(bytes.buffer, bytes.byteOffset, w * h);
  const outData = new Uint8ClampedArray(W * H * 4);
  const out = new Uint32Array(outData.buffer);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = src[y * w + x]!;
      // Clockwise: (x, y) → (h-1-y, x); half: (w-1-x, h-1-y); three quarters: (y, w-1-x).
      if (deg === 90) out[x * W + (h - 1 - y)] = v;
      else if (deg === 180) out[(h - 1 - y) * W + (w - 1 - x)] = v;
      else out[(w - 1 - x) * W + y] = v;
    }
  }
  return { width: W, height: H, data: outData };
}
