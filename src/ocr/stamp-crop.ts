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

/**
 * Darkness against the paper, kept only where the pixel has the stamp ink's hue: black
 * type under or beside a coloured stamp drops out, while the letters keep the full
 * resolution of the luminance (JPEG stores colour at half resolution, so a pure colour
 * separation blurs thin strokes). A pixel passes in full when its chroma per unit of
 * darkness is at least 60 % of the ink's own, and not at all below 25 %.
 */
export function gatedInkMap(page: RgbaImage, rect: Rect, paper: number): InkMap & { inkRgb: [number, number, number]; lost: Uint8Array; typeShare: number } {
  const { x, y, width, height } = clampRect(rect, page.width, page.height);
  const d = page.data;
  const W = page.width;
  const inkRgb = inkColour(page, { x, y, width, height }, paper);
  const m = (inkRgb[0] + inkRgb[1] + inkRgb[2]) / 3;
  const c = [inkRgb[0] - m, inkRgb[1] - m, inkRgb[2] - m];
  const norm = Math.hypot(c[0]!, c[1]!, c[2]!) || 1;
  const [c0, c1, c2] = c.map((v) => v / norm) as [number, number, number];
  const inkDark = Math.max(20, paper - lum(inkRgb[0], inkRgb[1], inkRgb[2]));
  const r0 = norm / inkDark;
  const raw = new Float32Array(width * height);
  // Dark pixels without the ink's hue (type, dust): what the gate took out, 255.
  const lost = new Uint8Array(width * height);
  let lostN = 0;
  let keptN = 0;
  for (let yy = 0; yy < height; yy++) {
    for (let xx = 0, i = ((y + yy) * W + x) * 4; xx < width; xx++, i += 4) {
      const r = d[i]!;
      const g = d[i + 1]!;
      const b = d[i + 2]!;
      const dark = paper - ((r * 77 + g * 150 + b * 29) >> 8);
      if (dark <= 0) continue;
      const mm = (r + g + b) / 3;
      const proj = (r - mm) * c0 + (g - mm) * c1 + (b - mm) * c2;
      const gate = (proj / dark / r0 - 0.25) / 0.35;
      raw[yy * width + xx] = gate <= 0 ? 0 : gate >= 1 ? dark : dark * gate;
      if (dark >= 0.45 * inkDark) {
        if (gate <= 0.15) {
          lost[yy * width + xx] = 255;
          lostN++;
        } else if (gate >= 1) {
          keptN++;
        }
      }
    }
  }
  return { ...stretch(raw, x, y, width, height, paper), inkRgb, lost, typeShare: lostN / Math.max(1, keptN) };
}

/**
 * The extent of the ink of `map` around `core` (page pixels): columns and rows holding ink
 * are added on each side while the gaps between them stay under `gap` page pixels. A
 * coloured block found at low resolution can stop short of a stamp's lightly inked end.
 */
export function inkExtent(map: InkMap, core: Rect, gap: number): Rect {
  const { width: w, height: h, ink } = map;
  const cx0 = Math.max(0, Math.floor(core.x - map.x));
  const cy0 = Math.max(0, Math.floor(core.y - map.y));
  const cx1 = Math.min(w, Math.ceil(core.x + core.width - map.x));
  const cy1 = Math.min(h, Math.ceil(core.y + core.height - map.y));
  if (cx1 <= cx0 || cy1 <= cy0) return core;
  const grow = (n: number, lo: number, hi: number, has: (k: number) => boolean): [number, number] => {
    let a = lo;
    for (let k = lo - 1, last = lo; k >= 0 && last - k <= gap; k--) if (has(k)) a = last = k;
    let b = hi;
    for (let k = hi, last = hi - 1; k < n && k - last <= gap; k++) if (has(k)) b = (last = k) + 1;
    return [a, b];
  };
  const colHas = (x: number) => {
    let n = 0;
    for (let y = cy0; y < cy1; y++) if (ink[y * w + x]! >= 110 && ++n >= 2) return true;
    return false;
  };
  const [x0, x1] = grow(w, cx0, cx1, colHas);
  const rowHas = (y: number) => {
    let n = 0;
    for (let x = x0; x < x1; x++) if (ink[y * w + x]! >= 110 && ++n >= 2) return true;
    return false;
  };
  const [y0, y1] = grow(h, cy0, cy1, rowHas);
  return { x: map.x + x0, y: map.y + y0, width: x1 - x0, height: y1 - y0 };
}

/** Mean colour of the clearly coloured pixels of a region. */
function inkColour(page: RgbaImage, rect: Rect, paper: number): [number, number, number] {
  const { x, y, width, height } = rect;
  const d = page.data;
  let n = 0;
  const s = [0, 0, 0];
  for (let yy = y; yy < y + height; yy++) {
    for (let xx = x, i = (yy * page.width + x) * 4; xx < x + width; xx++, i += 4) {
      const r = d[i]!;
      const g = d[i + 1]!;
      const b = d[i + 2]!;
      if (Math.max(r, g, b) - Math.min(r, g, b) < 45) continue;
      n++;
      s[0]! += r;
      s[1]! += g;
      s[2]! += b;
    }
  }
  return (n ? s.map((v) => v / n) : [paper, paper, paper]) as [number, number, number];
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
  // Paper noise and JPEG ringing sit well below the ink: cut them off before stretching.
  const floor = 0.3 * thr;
  const k = 255 / Math.max(24, p90 - floor);
  const ink = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i]! - floor;
    ink[i] = v <= 0 ? 0 : Math.min(255, v * k);
  }
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
  for (let a = coarse - 0.9; a <= coarse + 0.91; a += 0.1) {
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
  /** A second layer the size of the map (e.g. the pixels a gate took out), brought along. */
  companion?: Uint8Array;
}

export interface OcrImage extends GrayImage {
  /** A box was found (and removed). */
  boxed: boolean;
  /** The companion layer, levelled, scaled and trimmed as the image (0..255). */
  companion?: Uint8Array;
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
  const comp = o.companion;
  const compOut = comp ? new Uint8Array(W * H) : undefined;
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
      if (comp) {
        const ct = comp[i]! + (comp[i + 1]! - comp[i]!) * fx;
        const cb = comp[i + w]! + (comp[i + w + 1]! - comp[i + w]!) * fx;
        compOut![v * W + u] = ct + (cb - ct) * fy;
      }
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
  const companion = compOut ? new Uint8Array(ow * oh) : undefined;
  for (let y = by0; y < by1; y++) {
    for (let x = bx0; x < bx1; x++) {
      if (x < region.x0 || x >= region.x1 || y < region.y0 || y >= region.y1) continue;
      const v = out[y * W + x]!;
      data[(y - by0) * ow + (x - bx0)] = o.binarize ? (v >= thr ? 0 : 255) : 255 - v;
      if (companion) companion[(y - by0) * ow + (x - bx0)] = compOut![y * W + x]!;
    }
  }
  eraseEnclosedDots(data, ow, oh, 255 - thr);
  return { width: ow, height: oh, data, boxed, companion };
}

/**
 * A box around the text: long horizontal runs of ink near the top and the bottom of the
 * levelled crop (rows of type have runs no longer than a letter), then long vertical runs
 * near the sides. Returns the inside of the box, or null when there is none.
 */
function eraseBox(img: Uint8Array, W: number, H: number, thr: number): { x0: number; y0: number; x1: number; y1: number } | null {
  // Stamp ink has voids: runs bridge gaps of a few pixels (less than a letter space).
  const gap = 3;
  const spans: Array<{ len: number; start: number; end: number }> = [];
  for (let y = 0; y < H; y++) spans.push(longestRunSpan(0, W, (x) => img[y * W + x]! >= thr, gap));
  const runs = spans.map((sp) => sp.len);
  const maxRun = Math.max(...runs);
  // The crop is the stamp plus a margin: a box spans most of its width.
  if (maxRun < 0.4 * W) return null;
  const lineRows: number[] = [];
  runs.forEach((r, y) => {
    if (r >= 0.6 * maxRun) lineRows.push(y);
  });
  const first = lineRows[0]!;
  const last = lineRows[lineRows.length - 1]!;
  // The top line: the run of line rows from the first; the bottom: the run up to the last.
  let yTop = first;
  while (lineRows.includes(yTop + 1)) yTop++;
  let yBot = last;
  while (lineRows.includes(yBot - 1)) yBot--;
  const ch = yBot - yTop;
  if (ch < 10) return null;
  // Text between the lines, or it is not a box around a stamp.
  let inside = 0;
  for (let y = yTop + 1; y < yBot; y++) for (let x = 0; x < W; x++) if (img[y * W + x]! >= thr) inside++;
  if (inside < 0.02 * ch * maxRun) return null;
  // The sides: a levelled line may still lean by a pixel, so a neighbouring column counts.
  const inkAtCol = (x: number, y: number) => img[y * W + x]! >= thr || (x > 0 && img[y * W + x - 1]! >= thr) || (x + 1 < W && img[y * W + x + 1]! >= thr);
  const longCols: number[] = [];
  for (let x = 0; x < W; x++) {
    if (longestRun(yTop, yBot + 1, (y) => inkAtCol(x, y), gap) >= 0.75 * ch) longCols.push(x);
  }
  const mid = W / 2;
  const left = longCols.filter((x) => x < mid - 0.3 * maxRun);
  const right = longCols.filter((x) => x > mid + 0.3 * maxRun);
  // Stay a little inside the lines: their blurred edges are not text.
  const pad = Math.max(2, Math.round(ch * 0.04));
  const top = spans[yTop]!;
  const bot = spans[yBot]!;
  let lw = 1;
  while (lineRows.includes(yTop - lw)) lw++;
  // The corners: where the top and bottom lines really end (runs broken by voids go on).
  const reach = (y: number, x: number, dir: 1 | -1) => {
    let last = x;
    for (let k = x + dir; k >= 0 && k < W && Math.abs(k - last) <= 6; k += dir) {
      for (let yy = y - lw; yy <= y + lw; yy++) {
        if (yy >= 0 && yy < H && img[yy * W + k]! >= thr) {
          last = k;
          break;
        }
      }
    }
    return last;
  };
  const corners = { tl: reach(yTop, top.start, -1), bl: reach(yBot, bot.start, -1), tr: reach(yTop, top.end, 1), br: reach(yBot, bot.end, 1) };
  if (left.length === 0 || right.length === 0) {
    // Sides that lean (a stamp pressed with a slight shear) are not vertical runs: each
    // runs from a corner of the top line to the corner below. Erase that narrow band
    // only — letters sit well inside it — or tesseract reads the side as a 1 or a quote
    // mark beside the text.
    const band = lw + 3;
    eraseSide(img, W, thr, yTop, yBot, corners.tl, corners.bl, -2, band);
    eraseSide(img, W, thr, yTop, yBot, corners.tr, corners.br, -band, 2);
  }
  const inner = {
    x0: (left.length ? Math.max(...left) : Math.min(corners.tl, corners.bl)) + pad,
    y0: yTop + pad,
    x1: (right.length ? Math.min(...right) : Math.max(corners.tr, corners.br) + 1) - pad,
    y1: yBot - pad,
  };
  if (inner.x1 - inner.x0 < 10 || inner.y1 - inner.y0 < 8) return null;
  return inner;
}

/**
 * Removes small blobs of ink lying alone inside the counter of a letter: the dot of a
 * dotted zero (stamp and machine faces use them; tesseract reads such a 0 as 6 or 8), or
 * a speck inside an 8 or a B. No character has a separate mark inside a closed counter,
 * so nothing else changes.
 */
function eraseEnclosedDots(img: Uint8Array, W: number, H: number, inkMax: number): void {
  const n = W * H;
  // Background regions (4-connected); 0 = the outer background touching the border.
  const bg = new Int32Array(n).fill(-1);
  const bgArea: number[] = [];
  const stack = new Int32Array(n);
  let labels = 0;
  for (let start = 0; start < n; start++) {
    if (img[start]! <= inkMax || bg[start] !== -1) continue;
    const l = labels++;
    let top = 0;
    let area = 0;
    let border = false;
    bg[start] = l;
    stack[top++] = start;
    while (top > 0) {
      const i = stack[--top]!;
      area++;
      const x = i % W;
      const y = (i - x) / W;
      if (x === 0 || y === 0 || x === W - 1 || y === H - 1) border = true;
      for (const j of [x > 0 ? i - 1 : -1, x < W - 1 ? i + 1 : -1, y > 0 ? i - W : -1, y < H - 1 ? i + W : -1]) {
        if (j >= 0 && img[j]! > inkMax && bg[j] === -1) {
          bg[j] = l;
          stack[top++] = j;
        }
      }
    }
    bgArea.push(border ? -1 : area);
  }
  // Ink blobs (8-connected): erase one whose every neighbour is the same hole, when small.
  const seen = new Uint8Array(n);
  for (let start = 0; start < n; start++) {
    if (img[start]! > inkMax || seen[start]) continue;
    const cells: number[] = [];
    let hole = -2;
    let enclosed = true;
    let top = 0;
    seen[start] = 1;
    stack[top++] = start;
    while (top > 0) {
      const i = stack[--top]!;
      cells.push(i);
      const x = i % W;
      const y = (i - x) / W;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          if (!dx && !dy) continue;
          const xx = x + dx;
          const yy = y + dy;
          if (xx < 0 || yy < 0 || xx >= W || yy >= H) {
            enclosed = false;
            continue;
          }
          const j = yy * W + xx;
          if (img[j]! <= inkMax) {
            if (!seen[j]) {
              seen[j] = 1;
              stack[top++] = j;
            }
          } else if (hole === -2) {
            hole = bg[j]!;
          } else if (bg[j] !== hole) {
            enclosed = false;
          }
        }
      }
    }
    if (!enclosed || hole < 0 || bgArea[hole]! < 0) continue;
    // A letter's counter, not the inside of a box or a ring of debris.
    if (bgArea[hole]! > 0.02 * n || cells.length > 0.6 * bgArea[hole]!) continue;
    for (const i of cells) img[i] = 255;
  }
}

/**
 * Erases ink along the segment from (xTop, yTop) to (xBot, yBot), from `from` to `to`
 * pixels across it — when at least half its rows hold ink there (it is a side).
 */
function eraseSide(img: Uint8Array, W: number, thr: number, yTop: number, yBot: number, xTop: number, xBot: number, from: number, to: number): void {
  const xAt = (y: number) => Math.round(xTop + ((xBot - xTop) * (y - yTop)) / Math.max(1, yBot - yTop));
  let inked = 0;
  for (let y = yTop; y <= yBot; y++) {
    for (let x = Math.max(0, xAt(y) + from); x <= Math.min(W - 1, xAt(y) + to); x++) {
      if (img[y * W + x]! >= thr) {
        inked++;
        break;
      }
    }
  }
  if (inked < 0.5 * (yBot - yTop + 1)) return;
  for (let y = yTop; y <= yBot; y++) {
    for (let x = Math.max(0, xAt(y) + from); x <= Math.min(W - 1, xAt(y) + to); x++) img[y * W + x] = 0;
  }
}

/** Longest run of `ink(i)` over [from, to), bridging gaps of up to `gap`. */
function longestRun(from: number, to: number, ink: (i: number) => boolean, gap: number): number {
  return longestRunSpan(from, to, ink, gap).len;
}

/** The same, with where the run starts and ends (inclusive). */
function longestRunSpan(from: number, to: number, ink: (i: number) => boolean, gap: number): { len: number; start: number; end: number } {
  let start = -1;
  let last = -1;
  const best = { len: 0, start: 0, end: -1 };
  for (let i = from; i < to; i++) {
    if (!ink(i)) continue;
    if (start < 0 || i - last > gap + 1) start = i;
    last = i;
    if (last - start + 1 > best.len) {
      best.len = last - start + 1;
      best.start = start;
      best.end = last;
    }
  }
  return best;
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
