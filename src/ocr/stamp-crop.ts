/**
 * Turning a page region that may hold a stamp into images tesseract reads well (P-3):
 * an "ink map" that keeps only the stamp's ink (colour separation: the component of each
 * pixel's chroma along the ink's own hue, so black type and grey paper drop out), the
 * rotation of its text lines (projection profiles over ±16°), then a level, scaled,
 * trimmed, optionally binarised image with any stamp box removed.
 */
import type { RgbaImage } from '../parsers/image.ts';
import type { GrayImage } from './pool.ts';
import { lum, otsuThreshold } from './page-layout.ts';

/** Inkness 0..255 (0: paper) of a page region; `x`, `y` is its place on the page. */
export interface InkMap {
  x: number;
  y: number;
  width: number;
  height: number;
  ink: Uint8Array;
  /** Raw strength of the ink (before stretching), as a share of paper brightness 0..1. */
  strength: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function clampRect(r: Rect, W: number, H: number): Rect {
  const x0 = Math.max(0, Math.floor(r.x));
  const y0 = Math.max(0, Math.floor(r.y));
  const x1 = Math.min(W, Math.ceil(r.x + r.width));
  const y1 = Math.min(H, Math.ceil(r.y + r.height));
  return { x: x0, y: y0, width: Math.max(1, x1 - x0), height: Math.max(1, y1 - y0) };
}

/**
 * Coloured ink only: the pixel's chroma projected on the ink's chroma direction. Black
 * type, grey paper and noise have no chroma and vanish; red, blue or purple ink remains.
 */
export function colourInkMap(page: RgbaImage, rect: Rect, paper: number): InkMap & { inkRgb: [number, number, number] } {
  const { x, y, width, height } = clampRect(rect, page.width, page.height);
  const d = page.data;
  const W = page.width;
  // The ink's hue: mean chroma of clearly coloured pixels.
  let n = 0;
  const s = [0, 0, 0];
  for (let yy = y; yy < y + height; yy++) {
    for (let xx = x, i = (yy * W + x) * 4; xx < x + width; xx++, i += 4) {
      const r = d[i]!;
      const g = d[i + 1]!;
      const b = d[i + 2]!;
      const max = Math.max(r, g, b);
      const min = Math.min(r, g, b);
      if (max - min < 45) continue;
      n++;
      s[0]! += r;
      s[1]! += g;
      s[2]! += b;
    }
  }
  const inkRgb = (n ? s.map((v) => v / n) : [paper, paper, paper]) as [number, number, number];
  const m = (inkRgb[0] + inkRgb[1] + inkRgb[2]) / 3;
  let c = [inkRgb[0] - m, inkRgb[1] - m, inkRgb[2] - m];
  const norm = Math.hypot(c[0]!, c[1]!, c[2]!) || 1;
  c = c.map((v) => v / norm);
  const [c0, c1, c2] = c as [number, number, number];
  const raw = new Float32Array(width * height);
  for (let yy = 0; yy < height; yy++) {
    for (let xx = 0, i = ((y + yy) * W + x) * 4; xx < width; xx++, i += 4) {
      const r = d[i]!;
      const g = d[i + 1]!;
      const b = d[i + 2]!;
      const mm = (r + g + b) / 3;
      const v = (r - mm) * c0 + (g - mm) * c1 + (b - mm) * c2;
      raw[yy * width + xx] = v > 0 ? v : 0;
    }
  }
  return { ...stretch(raw, x, y, width, height, paper), inkRgb };
}

/** Darkness against the paper: any ink, black or coloured. */
export function darkInkMap(page: RgbaImage, rect: Rect, paper: number): InkMap {
  const { x, y, width, height } = clampRect(rect, page.width, page.height);
  const d = page.data;
  const W = page.width;
  const raw = new Float32Array(width * height);
  for (let yy = 0; yy < height; yy++) {
    for (let xx = 0, i = ((y + yy) * W + x) * 4; xx < width; xx++, i += 4) {
      const v = paper - lum(d[i]!, d[i + 1]!, d[i + 2]!);
      raw[yy * width + xx] = v > 0 ? v : 0;
    }
  }
  return stretch(raw, x, y, width, height, paper);
}

/** Maps raw inkness so the strong ink is ~255; records the ink's raw strength. */
function stretch(raw: Float32Array, x: number, y: number, width: number, height: number, paper: number): InkMap {
  const hist = new Uint32Array(256);
  for (let i = 0; i < raw.length; i++) hist[Math.min(255, raw[i]! | 0)]!++;
  const thr = Math.max(12, otsuThreshold(hist));
  // 90th percentile of the ink pixels = how strong the ink is.
  let inkCount = 0;
  for (let v = thr; v < 256; v++) inkCount += hist[v]!;
  let acc = 0;
  let p90 = thr;
  for (let v = thr; v < 256; v++) {
    acc += hist[v]!;
    if (acc >= 0.9 * inkCount) {
      p90 = v;
      break;
    }
  }
  const k = 255 / Math.max(24, p90);
  const ink = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) ink[i] = Math.min(255, raw[i]! * k);
  return { x, y, width, height, ink, strength: inkCount > 0 ? p90 / Math.max(1, paper) : 0 };
}

/**
 * The angle (degrees, clockwise on the page) of the text lines in `map`: the rotation
 * whose horizontal projection of ink is sharpest. Searched over ±16° in 1° steps, then
 * refined to 0.2°.
 */
export function estimateSkew(map: InkMap, dpi: number): number {
  const stride = Math.max(1, Math.round(dpi / 150));
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < map.height; y += stride) {
    for (let x = 0; x < map.width; x += stride) {
      if (map.ink[y * map.width + x]! >= 110) {
        xs.push(x);
        ys.push(y);
      }
    }
  }
  if (xs.length < 20) return 0;
  const cx = map.width / 2;
  const cy = map.height / 2;
  const bin = stride * 1.5;
  const diag = Math.hypot(map.width, map.height);
  const nb = Math.ceil(diag / bin) + 2;
  const bins = new Float64Array(nb);
  const sharpness = (deg: number) => {
    const t = (deg * Math.PI) / 180;
    const sn = Math.sin(t);
    const cs = Math.cos(t);
    bins.fill(0);
    for (let i = 0; i < xs.length; i++) {
      const v = -(xs[i]! - cx) * sn + (ys[i]! - cy) * cs;
      bins[Math.floor((v + diag / 2) / bin)]! += 1;
    }
    let s = 0;
    for (let i = 0; i < nb; i++) s += bins[i]! * bins[i]!;
    return s;
  };
  let best = 0;
  let bestS = -1;
  for (let a = -16; a <= 16; a += 1) {
    const s = sharpness(a);
    if (s > bestS) {
      bestS = s;
      best = a;
    }
  }
  const coarse = best;
  for (let a = coarse - 0.8; a <= coarse + 0.81; a += 0.2) {
    const s = sharpness(a);
    if (s > bestS) {
      bestS = s;
      best = a;
    }
  }
  return Math.round(best * 10) / 10;
}

/**
 * How dark the ink of `map` is on the page, as a share of paper brightness (90th
 * percentile of paper − luminance over the pixels the map calls ink). Hue-independent, so
 * one threshold tells faint ink for red, blue, purple and black alike.
 */
export function inkDarkness(page: RgbaImage, map: InkMap, paper: number): number {
  const hist = new Uint32Array(256);
  let n = 0;
  const d = page.data;
  for (let y = 0; y < map.height; y++) {
    for (let x = 0; x < map.width; x++) {
      if (map.ink[y * map.width + x]! < 128) continue;
      const i = ((map.y + y) * page.width + map.x + x) * 4;
      const v = paper - lum(d[i]!, d[i + 1]!, d[i + 2]!);
      hist[Math.max(0, Math.min(255, v))]!++;
      n++;
    }
  }
  if (n === 0) return 0;
  let acc = 0;
  for (let v = 0; v < 256; v++) {
    acc += hist[v]!;
    if (acc >= 0.9 * n) return v / Math.max(1, paper);
  }
  return 1;
}

export interface OcrImageOptions {
  /** Text-line angle to undo, degrees. */
  angle: number;
  /** Output pixels per input pixel. */
  scale: number;
  /** Two levels only (Otsu) instead of grey. */
  binarize: boolean;
  /** Erase the lines of a box drawn around the text. */
  removeBox: boolean;
}

export interface OcrImage extends GrayImage {
  /** A box was found (and removed). */
  boxed: boolean;
}

/** Level (rotate by −angle), scale, remove the box, trim, invert: dark ink on white. */
export function renderForOcr(map: InkMap, o: OcrImageOptions): OcrImage {
  const t = (o.angle * Math.PI) / 180;
  const cs = Math.cos(t);
  const sn = Math.sin(t);
  const w = map.width;
  const h = map.height;
  const W = Math.max(1, Math.round((Math.abs(w * cs) + Math.abs(h * sn)) * o.scale));
  const H = Math.max(1, Math.round((Math.abs(w * sn) + Math.abs(h * cs)) * o.scale));
  const out = new Uint8Array(W * H);
  const src = map.ink;
  const inv = 1 / o.scale;
  for (let v = 0; v < H; v++) {
    const dv = (v + 0.5 - H / 2) * inv;
    for (let u = 0; u < W; u++) {
      const du = (u + 0.5 - W / 2) * inv;
      const sx = w / 2 + du * cs - dv * sn - 0.5;
      const sy = h / 2 + du * sn + dv * cs - 0.5;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= w || y0 + 1 >= h) continue;
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * w + x0;
      const top = src[i]! + (src[i + 1]! - src[i]!) * fx;
      const bot = src[i + w]! + (src[i + w + 1]! - src[i + w]!) * fx;
      out[v * W + u] = top + (bot - top) * fy;
    }
  }
  const hist = new Uint32Array(256);
  for (let i = 0; i < out.length; i++) hist[out[i]!]!++;
  const thr = Math.max(40, otsuThreshold(hist));

  let boxed = false;
  let region = { x0: 0, y0: 0, x1: W, y1: H };
  if (o.removeBox) {
    const inner = eraseBox(out, W, H, thr);
    if (inner) {
      boxed = true;
      region = inner;
    }
  }
  const bb = inkBounds(out, W, H, thr, region);
  const margin = Math.round(12 * Math.max(1, o.scale));
  const bx0 = Math.max(0, bb.x0 - margin);
  const by0 = Math.max(0, bb.y0 - margin);
  const bx1 = Math.min(W, bb.x1 + margin);
  const by1 = Math.min(H, bb.y1 + margin);
  const ow = Math.max(1, bx1 - bx0);
  const oh = Math.max(1, by1 - by0);
  const data = new Uint8Array(ow * oh).fill(255);
  for (let y = by0; y < by1; y++) {
    for (let x = bx0; x < bx1; x++) {
      if (x < region.x0 || x >= region.x1 || y < region.y0 || y >= region.y1) continue;
      const v = out[y * W + x]!;
      data[(y - by0) * ow + (x - bx0)] = o.binarize ? (v >= thr ? 0 : 255) : 255 - v;
    }
  }
  return { width: ow, height: oh, data, boxed };
}

/**
 * A box around the text: two long horizontal runs of ink (top and bottom), after
 * levelling. Returns the inside of the box and erases its lines, or null when there is
 * none.
 */
function eraseBox(img: Uint8Array, W: number, H: number, thr: number): { x0: number; y0: number; x1: number; y1: number } | null {
  const bb = inkBounds(img, W, H, thr, { x0: 0, y0: 0, x1: W, y1: H });
  const cw = bb.x1 - bb.x0;
  if (cw < 20) return null;
  const longRows: number[] = [];
  for (let y = bb.y0; y < bb.y1; y++) {
    let run = 0;
    let best = 0;
    for (let x = bb.x0; x < bb.x1; x++) {
      if (img[y * W + x]! >= thr) {
        run++;
        if (run > best) best = run;
      } else {
        run = 0;
      }
    }
    if (best >= 0.6 * cw) longRows.push(y);
  }
  if (longRows.length < 2) return null;
  const top = longRows.filter((y) => y < bb.y0 + (bb.y1 - bb.y0) * 0.3);
  const bottom = longRows.filter((y) => y > bb.y1 - (bb.y1 - bb.y0) * 0.3);
  if (top.length === 0 || bottom.length === 0) return null;
  const yTop = Math.max(...top);
  const yBot = Math.min(...bottom);
  const ch = yBot - yTop;
  if (ch < 10) return null;
  const longCols: number[] = [];
  for (let x = bb.x0; x < bb.x1; x++) {
    let run = 0;
    let best = 0;
    for (let y = yTop; y <= yBot; y++) {
      if (img[y * W + x]! >= thr) {
        run++;
        if (run > best) best = run;
      } else {
        run = 0;
      }
    }
    if (best >= 0.75 * ch) longCols.push(x);
  }
  const left = longCols.filter((x) => x < bb.x0 + cw * 0.2);
  const right = longCols.filter((x) => x > bb.x1 - cw * 0.2);
  // Stay a little inside the lines: their blurred edges are not text.
  const pad = Math.max(2, Math.round(ch * 0.04));
  const inner = {
    x0: (left.length ? Math.max(...left) : bb.x0) + pad,
    y0: yTop + pad,
    x1: (right.length ? Math.min(...right) : bb.x1) - pad,
    y1: yBot - pad,
  };
  if (inner.x1 - inner.x0 < 10 || inner.y1 - inner.y0 < 8) return null;
  return inner;
}

function inkBounds(img: Uint8Array, W: number, H: number, thr: number, r: { x0: number; y0: number; x1: number; y1: number }) {
  // Rows and columns need a few ink pixels, so a speck of dust does not widen the crop.
  let x0 = r.x1;
  let y0 = r.y1;
  let x1 = r.x0;
  let y1 = r.y0;
  const colCount = new Uint32Array(W);
  for (let y = r.y0; y < r.y1; y++) {
    let n = 0;
    for (let x = r.x0; x < r.x1; x++) {
      if (img[y * W + x]! >= thr) {
        n++;
        colCount[x]!++;
      }
    }
    if (n >= 2) {
      if (y < y0) y0 = y;
      if (y + 1 > y1) y1 = y + 1;
    }
  }
  for (let x = r.x0; x < r.x1; x++) {
    if (colCount[x]! >= 2) {
      if (x < x0) x0 = x;
      if (x + 1 > x1) x1 = x + 1;
    }
  }
  if (x1 <= x0 || y1 <= y0) return { x0: r.x0, y0: r.y0, x1: r.x1, y1: r.y1 };
  return { x0, y0, x1, y1 };
}
