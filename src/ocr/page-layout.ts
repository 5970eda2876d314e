/**
 * Where a receipt stamp may be on a scanned page (P-3), without OCR: one pass over the page
 * separates dark (black/grey) ink from coloured ink (red, blue, purple… stamp pads) into
 * masks at ≈ 75 dpi; ink is grown into text lines and blocks; the connected blocks are
 * measured (size, position, orientation) and ranked by how much they look like a stamp.
 * Only the best few are then cropped and OCR'd (stamp.ts) — OCR of a crop costs a tenth
 * of OCR of the page.
 */
import type { RgbaImage } from '../parsers/image.ts';

export interface PageInk {
  dpi: number;
  /** Low-resolution grid: one cell is `factor`×`factor` page pixels. */
  factor: number;
  gw: number;
  gh: number;
  /** Pixels looked at per cell (the page is sampled every `step` pixels). */
  samplesPerCell: number;
  /** Dark (not coloured) ink pixels per cell. */
  dark: Uint16Array;
  /** Coloured ink pixels per cell. */
  colour: Uint16Array;
  /** Faint ink pixels per cell: a little darker or more coloured than paper, not ink. */
  weak: Uint16Array;
  /** Luminance of blank paper (0..255). */
  paper: number;
  /** Paper colour, for colour separation. */
  paperRgb: [number, number, number];
  /** Luminance below which a pixel is dark ink. */
  darkThreshold: number;
}

export interface InkBlob {
  /** Page pixels. */
  x: number;
  y: number;
  width: number;
  height: number;
  kind: 'colour' | 'dark' | 'faint';
  /** Ink cells in the blob (low-resolution). */
  cells: number;
  /** Share of the blob's ink that is coloured. */
  colourShare: number;
  /** Orientation of the ink's principal axis, degrees (positive: clockwise on the page). */
  angle: number;
  /** Within the margins or a corner of the page. */
  margin: boolean;
  /** How much it looks like a stamp before OCR, 0..1. */
  prior: number;
}

/** Colour pixels: max − min channel at least this (paper and black/grey ink stay below). */
const CHROMA_MIN = 45;

/** Classifies every pixel once and counts dark and coloured ink per low-resolution cell. */
export function measureInk(page: RgbaImage, dpi: number): PageInk {
  const { width: W, height: H, data } = page;
  const factor = Math.max(1, Math.round(dpi / 75));
  const gw = Math.ceil(W / factor);
  const gh = Math.ceil(H / factor);

  // Paper and ink levels from a sample of the page.
  const hist = new Uint32Array(256);
  const rgbHist = [new Float64Array(256), new Float64Array(256), new Float64Array(256)];
  for (let y = 0; y < H; y += 3) {
    for (let x = 0; x < W; x += 3) {
      const i = (y * W + x) * 4;
      const l = lum(data[i]!, data[i + 1]!, data[i + 2]!);
      hist[l]!++;
      rgbHist[0]![l]! += data[i]!;
      rgbHist[1]![l]! += data[i + 1]!;
      rgbHist[2]![l]! += data[i + 2]!;
    }
  }
  const otsu = otsuThreshold(hist);
  const paper = percentile(hist, 0.6, otsu);
  let n = 0;
  const prgb = [0, 0, 0];
  for (let l = Math.max(otsu, paper - 10); l <= Math.min(255, paper + 10); l++) {
    n += hist[l]!;
    for (let c = 0; c < 3; c++) prgb[c]! += rgbHist[c]![l]!;
  }
  const paperRgb = prgb.map((v) => (n ? v / n : paper)) as [number, number, number];
  const darkThreshold = Math.min(otsu, paper - 60);

  const dark = new Uint16Array(gw * gh);
  const colour = new Uint16Array(gw * gh);
  const weak = new Uint16Array(gw * gh);
  const [pr, pg, pb] = paperRgb;
  const weakLum = paper - 20;
  const colourLumMax = paper - 20;
  // Every pixel up to 200 dpi, every other one (in both directions) above: strokes of
  // stamp and type are several pixels wide at those resolutions.
  const step = dpi > 225 ? 2 : 1;
  for (let y = 0; y < H; y += step) {
    const row = Math.floor(y / factor) * gw;
    let i = y * W * 4;
    for (let x = 0; x < W; x += step, i += 4 * step) {
      const r = data[i]!;
      const g = data[i + 1]!;
      const b = data[i + 2]!;
      const max = r > g ? (r > b ? r : b) : g > b ? g : b;
      const min = r < g ? (r < b ? r : b) : g < b ? g : b;
      const l = (r * 77 + g * 150 + b * 29) >> 8;
      if (max - min >= CHROMA_MIN && l < colourLumMax) {
        colour[row + ((x / factor) | 0)]!++;
      } else if (l < darkThreshold) {
        dark[row + ((x / factor) | 0)]!++;
      } else if (l < weakLum) {
        weak[row + ((x / factor) | 0)]!++;
      } else {
        // Hue away from the paper's own tint: faint coloured ink.
        const dr = r - pr;
        const dg = g - pg;
        const db = b - pb;
        const cmax = dr > dg ? (dr > db ? dr : db) : dg > db ? dg : db;
        const cmin = dr < dg ? (dr < db ? dr : db) : dg < db ? dg : db;
        if (cmax - cmin >= 18) weak[row + ((x / factor) | 0)]!++;
      }
    }
  }
  return { dpi, factor, gw, gh, samplesPerCell: Math.ceil(factor / step) ** 2, dark, colour, weak, paper, paperRgb, darkThreshold };
}

/**
 * Blocks of ink that could be a stamp, best first. Coloured ink is grouped on its own
 * (a stamp over typed text stays separate from it); dark ink is grouped into lines and
 * blocks, and long horizontal lines of body text are ranked low.
 */
export function findInkBlobs(ink: PageInk): InkBlob[] {
  const { gw, gh, factor, dpi } = ink;
  const cellsPerInch = dpi / factor;
  const minColourCells = Math.max(1, Math.round(ink.samplesPerCell / 10));
  const colourMask = new Uint8Array(gw * gh);
  const darkMask = new Uint8Array(gw * gh);
  for (let i = 0; i < gw * gh; i++) {
    if (ink.colour[i]! >= minColourCells) colourMask[i] = 1;
    if (ink.dark[i]! >= 1) darkMask[i] = 1;
  }
  const blobs: InkBlob[] = [];
  const cr = Math.max(1, Math.round(0.1 * cellsPerInch));
  for (const comp of components(dilate(colourMask, gw, gh, cr, cr), gw, gh)) {
    const b = describe(comp, colourMask, ink, 'colour');
    if (b) blobs.push(b);
  }
  // Joins letters into words and words into lines (word spaces ≈ 0.06 in) and a stamp's
  // lines into one block, but not a stamp with type 0.15 in away nor body lines with
  // each other (1.5 to double spacing).
  // Faint ink (a worn pad, a smudge): cells mostly of faint pixels and no real ink.
  // The blurred edges of type are faint too: cells next to real ink do not count.
  const anyInk = new Uint8Array(gw * gh);
  for (let i = 0; i < gw * gh; i++) anyInk[i] = darkMask[i]! | (ink.colour[i]! > 0 ? 1 : 0);
  const nearInk = dilate(anyInk, gw, gh, 2, 2);
  const weakMask = new Uint8Array(gw * gh);
  const minWeak = Math.max(2, Math.round(ink.samplesPerCell * 0.3));
  for (let i = 0; i < gw * gh; i++) {
    if (ink.weak[i]! >= minWeak && !nearInk[i]) weakMask[i] = 1;
  }
  for (const comp of components(dilate(weakMask, gw, gh, cr, cr), gw, gh)) {
    const b = describe(comp, weakMask, ink, 'faint');
    if (b) blobs.push(b);
  }
  const rx = Math.max(1, Math.round(0.055 * cellsPerInch));
  const ry = Math.max(1, Math.round(0.04 * cellsPerInch));
  for (const comp of components(dilate(darkMask, gw, gh, rx, ry), gw, gh)) {
    const b = describe(comp, darkMask, ink, 'dark');
    if (b) blobs.push(b);
  }
  return blobs.sort((a, b) => b.prior - a.prior);
}

interface Component {
  cells: number[];
}

function describe(comp: Component, mask: Uint8Array, ink: PageInk, kind: InkBlob['kind']): InkBlob | undefined {
  const { gw, gh, factor, dpi } = ink;
  const inch = dpi / factor;
  let x0 = gw;
  let y0 = gh;
  let x1 = -1;
  let y1 = -1;
  let n = 0;
  let colourCells = 0;
  let darkCells = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (const i of comp.cells) {
    if (!mask[i]) continue;
    const x = i % gw;
    const y = (i - x) / gw;
    n++;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
    sx += x;
    sy += y;
    sxx += x * x;
    syy += y * y;
    sxy += x * y;
    colourCells += ink.colour[i]! > 0 ? 1 : 0;
    darkCells += ink.dark[i]! > 0 ? 1 : 0;
  }
  if (n === 0) return undefined;
  const w = (x1 - x0 + 1) / inch;
  const h = (y1 - y0 + 1) / inch;
  // Specks, rules and whole paragraphs are not stamps.
  if (w < 0.35 && h < 0.35) return undefined;
  if (n < 0.02 * inch * inch) return undefined;
  if (w > 6.5 || h > 4) return undefined;

  const mx = sx / n;
  const my = sy / n;
  const cxx = sxx / n - mx * mx;
  const cyy = syy / n - my * my;
  const cxy = sxy / n - mx * my;
  let angle = (0.5 * Math.atan2(2 * cxy, cxx - cyy) * 180) / Math.PI;
  if (angle > 45) angle -= 90;
  if (angle < -45) angle += 90;

  const pageW = gw / inch;
  const pageH = gh / inch;
  const cx = (x0 + x1 + 1) / 2 / inch;
  const cy = (y0 + y1 + 1) / 2 / inch;
  const inTopBand = cy < 2.0 || y0 / inch < 0.9;
  const inBottomBand = cy > pageH - 2.0 || y1 / inch > pageH - 0.9;
  const inSide = x0 / inch < 0.9 || x1 / inch > pageW - 0.9 || cx < 1.6 || cx > pageW - 1.6;
  const margin = inTopBand || inBottomBand || inSide;

  let prior: number;
  if (kind === 'colour') {
    prior = 0.8;
    if (w >= 0.8 && w <= 5 && h >= 0.2 && h <= 3) prior += 0.15;
    if (margin) prior += 0.05;
  } else if (kind === 'faint') {
    // Only stamp-sized, compact faint marks near an edge: not shading or a fold.
    const stampSized = w >= 0.8 && w <= 5 && h >= 0.25 && h <= 3 && n >= 0.03 * w * h * inch * inch;
    prior = stampSized ? (margin ? 0.55 : 0.45) : 0;
  } else {
    prior = 0.2;
    if (margin) prior += 0.25;
    if (Math.abs(angle) >= 2 && w > h * 1.2) prior += 0.3;
    if (w >= 0.8 && w <= 4.5 && h >= 0.15 && h <= 2.5) prior += 0.1;
    // A body line: flat, long, level.
    if (h < 0.3 && w > 3.6 && Math.abs(angle) < 2) prior -= 0.4;
    if (h > 2.5) prior -= 0.3;
  }
  const total = colourCells + darkCells || 1;
  const blob: InkBlob = {
    x: x0 * factor,
    y: y0 * factor,
    width: (x1 - x0 + 1) * factor,
    height: (y1 - y0 + 1) * factor,
    kind,
    cells: n,
    colourShare: colourCells / total,
    angle,
    margin,
    prior: Math.max(0, Math.min(1, prior)),
  };
  return blob;
}

/** Binary dilation by a (2rx+1)×(2ry+1) rectangle, separable, with running counts. */
export function dilate(mask: Uint8Array, w: number, h: number, rx: number, ry: number): Uint8Array {
  const tmp = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let count = 0;
    for (let x = 0; x < Math.min(rx, w); x++) count += mask[row + x]!;
    for (let x = 0; x < w; x++) {
      if (x + rx < w) count += mask[row + x + rx]!;
      if (x - rx - 1 >= 0) count -= mask[row + x - rx - 1]!;
      tmp[row + x] = count > 0 ? 1 : 0;
    }
  }
  const out = new Uint8Array(w * h);
  for (let x = 0; x < w; x++) {
    let count = 0;
    for (let y = 0; y < Math.min(ry, h); y++) count += tmp[y * w + x]!;
    for (let y = 0; y < h; y++) {
      if (y + ry < h) count += tmp[(y + ry) * w + x]!;
      if (y - ry - 1 >= 0) count -= tmp[(y - ry - 1) * w + x]!;
      out[y * w + x] = count > 0 ? 1 : 0;
    }
  }
  return out;
}

/** 4-connected components of a binary mask. */
function components(mask: Uint8Array, w: number, h: number): Component[] {
  const seen = new Uint8Array(w * h);
  const out: Component[] = [];
  const stack: number[] = [];
  for (let start = 0; start < w * h; start++) {
    if (!mask[start] || seen[start]) continue;
    const cells: number[] = [];
    seen[start] = 1;
    stack.push(start);
    while (stack.length) {
      const i = stack.pop()!;
      cells.push(i);
      const x = i % w;
      if (x > 0 && mask[i - 1] && !seen[i - 1]) (seen[i - 1] = 1), stack.push(i - 1);
      if (x < w - 1 && mask[i + 1] && !seen[i + 1]) (seen[i + 1] = 1), stack.push(i + 1);
      if (i >= w && mask[i - w] && !seen[i - w]) (seen[i - w] = 1), stack.push(i - w);
      if (i + w < w * h && mask[i + w] && !seen[i + w]) (seen[i + w] = 1), stack.push(i + w);
    }
    out.push({ cells });
  }
  return out;
}

export function lum(r: number, g: number, b: number): number {
  return (r * 77 + g * 150 + b * 29) >> 8;
}

export function otsuThreshold(hist: ArrayLike<number>): number {
  let total = 0;
  let sum = 0;
  for (let i = 0; i < hist.length; i++) {
    total += hist[i]!;
    sum += i * hist[i]!;
  }
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let thr = 128;
  for (let t = 0; t < hist.length; t++) {
    wB += hist[t]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) {
      best = between;
      thr = t;
    }
  }
  return thr;
}

/** The `q` quantile of the histogram's values at or above `from`. */
function percentile(hist: Uint32Array, q: number, from: number): number {
  let total = 0;
  for (let i = from; i < 256; i++) total += hist[i]!;
  let acc = 0;
  for (let i = from; i < 256; i++) {
    acc += hist[i]!;
    if (acc >= q * total) return i;
  }
  return 255;
}
