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
  /** The page is sampled every `step` pixels in both directions. */
  step: number;
  /** Pixels looked at per cell. */
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
  const ink = paperLevels(page, dpi);
  classifyRows(page, ink, 0, page.height);
  return ink;
}

/**
 * The same, in bands of rows with the event loop let in between (each band is a few
 * milliseconds of work even on a 300 dpi page).
 */
export async function measureInkAsync(page: RgbaImage, dpi: number, yieldToLoop: () => Promise<void>): Promise<PageInk> {
  const ink = paperLevels(page, dpi);
  await yieldToLoop();
  const band = Math.max(ink.factor * 8, Math.round(dpi / 2));
  for (let y = 0; y < page.height; y += band) {
    classifyRows(page, ink, y, Math.min(page.height, y + band));
    await yieldToLoop();
  }
  return ink;
}

/** Paper brightness and colour, and the dark-ink threshold, from a sample of the page. */
function paperLevels(page: RgbaImage, dpi: number): PageInk {
  const { width: W, height: H, data } = page;
  const factor = Math.max(1, Math.round(dpi / 75));
  const gw = Math.ceil(W / factor);
  const gh = Math.ceil(H / factor);
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
  // Every pixel up to ~225 dpi; above, every other one in both directions (strokes are
  // several pixels wide there) when a cell holds a whole number of samples each way.
  const step = dpi > 225 && factor % 2 === 0 ? 2 : 1;
  return {
    dpi,
    factor,
    gw,
    gh,
    step,
    samplesPerCell: Math.ceil(factor / step) ** 2,
    dark: new Uint16Array(gw * gh),
    colour: new Uint16Array(gw * gh),
    weak: new Uint16Array(gw * gh),
    paper,
    paperRgb,
    darkThreshold: Math.min(otsu, paper - 60),
  };
}

/** Counts dark, coloured and faint ink of rows [y0, y1) into the cells of `ink`. */
function classifyRows(page: RgbaImage, ink: PageInk, y0: number, y1: number): void {
  const { width: W, data } = page;
  const { factor, gw, step, dark, colour, weak, paper, darkThreshold } = ink;
  const [pr, pg, pb] = ink.paperRgb;
  const colourLumMax = paper - 20;
  const weakLum = paper - 20;
  const first = Math.ceil(y0 / step) * step;
  for (let y = first; y < y1; y += step) {
    const row = Math.floor(y / factor) * gw;
    let i = y * W * 4;
    for (let x = 0; x < W; x += step, i += 4 * step) {
      const r = data[i]!;
      const g = data[i + 1]!;
      const b = data[i + 2]!;
      const max = r > g ? (r > b ? r : b) : g > b ? g : b;
      const min = r < g ? (r < b ? r : b) : g < b ? g : b;
      const l = (r * 77 + g * 150 + b * 29) >> 8;
      const cell = row + ((x / factor) | 0);
      if (max - min >= CHROMA_MIN && l < colourLumMax) {
        colour[cell]!++;
      } else if (l < darkThreshold) {
        dark[cell]!++;
      } else if (l < weakLum) {
        weak[cell]!++;
      } else {
        // Hue away from the paper's own tint: faint coloured ink.
        const dr = r - pr;
        const dg = g - pg;
        const db = b - pb;
        const cmax = dr > dg ? (dr > db ? dr : db) : dg > db ? dg : db;
        const cmin = dr < dg ? (dr < db ? dr : db) : dg < db ? dg : db;
        if (cmax - cmin >= 18) weak[cell]!++;
      }
    }
  }
}

/**
 * Blocks of ink that could be a stamp, best first. Coloured ink is grouped on its own
 * (a stamp over typed text stays separate from it); dark ink is grouped into lines and
 * blocks, and long horizontal lines of body text are ranked low.
 */
export function findInkBlobs(ink: PageInk): InkBlob[] {
  let result: InkBlob[] = [];
  const steps = findInkBlobsSteps(ink, (r) => (result = r));
  for (let s = steps.next(); !s.done; s = steps.next());
  return result;
}

/** The same, letting the event loop in between its passes (each ≈ 10–15 ms on a 300 dpi page). */
export async function findInkBlobsAsync(ink: PageInk, yieldToLoop: () => Promise<void>): Promise<InkBlob[]> {
  let result: InkBlob[] = [];
  const steps = findInkBlobsSteps(ink, (r) => (result = r));
  for (let s = steps.next(); !s.done; s = steps.next()) await yieldToLoop();
  return result;
}

function* findInkBlobsSteps(ink: PageInk, done: (blobs: InkBlob[]) => void): Generator<void> {
  const { gw, gh, factor, dpi } = ink;
  const cellsPerInch = dpi / factor;
  const minColourCells = Math.max(1, Math.round(ink.samplesPerCell / 10));
  const colourMask = new Uint8Array(gw * gh);
  const darkMask = new Uint8Array(gw * gh);
  for (let i = 0; i < gw * gh; i++) {
    if (ink.colour[i]! >= minColourCells) colourMask[i] = 1;
    if (ink.dark[i]! >= 1) darkMask[i] = 1;
  }
  removeSpecks(darkMask, gw, gh);
  yield;
  const blobs: InkBlob[] = [];
  const cr = Math.max(1, Math.round(0.1 * cellsPerInch));
  for (const st of componentStats(dilate(colourMask, gw, gh, cr, cr), colourMask, ink)) {
    const b = describe(st, ink, 'colour');
    if (b) blobs.push(b);
  }
  yield;
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
  for (const st of componentStats(dilate(weakMask, gw, gh, cr, cr), weakMask, ink)) {
    const b = describe(st, ink, 'faint');
    if (b) blobs.push(b);
  }
  yield;
  // Joins letters into words and words into lines (word spaces ≈ 0.06 in) and a stamp's
  // lines into one block, but not a stamp with type 0.15 in away nor body lines with
  // each other (1.5 to double spacing).
  const rx = Math.max(1, Math.round(0.055 * cellsPerInch));
  const ry = Math.max(1, Math.round(0.025 * cellsPerInch));
  const dark: InkBlob[] = [];
  for (const st of componentStats(dilate(darkMask, gw, gh, rx, ry), darkMask, ink)) {
    const b = describe(st, ink, 'dark');
    if (b) dark.push(b);
  }
  const column = textColumn(dark, dpi);
  const grouped = groupWords(dark, ink).filter((b) => bigEnough(b, ink));
  for (const b of grouped) b.prior = darkPrior(b, column, dpi);
  blobs.push(...grouped);
  done(blobs.sort((a, b) => b.prior - a.prior));
}

/**
 * Words of one stamp spread wider than words of type (monospaced stamp fonts, wide
 * spaces), so a stamp's dark ink can come out as several blocks. Blocks on one line less
 * than 0.3 in apart, or stacked less than 0.12 in apart, are joined — except lines of body
 * text, which would otherwise pull a neighbouring stamp into a paragraph.
 */
function groupWords(dark: InkBlob[], ink: PageInk): InkBlob[] {
  const dpi = ink.dpi;
  const isBodyLine = (b: InkBlob) => b.height < 0.3 * dpi && b.width > 3.6 * dpi && Math.abs(b.angle) < 2;
  const parent = dark.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let i = 0; i < dark.length; i++) {
    const a = dark[i]!;
    if (isBodyLine(a)) continue;
    for (let j = i + 1; j < dark.length; j++) {
      const b = dark[j]!;
      if (isBodyLine(b)) continue;
      const gx = Math.max(a.x, b.x) - Math.min(a.x + a.width, b.x + b.width);
      const gy = Math.max(a.y, b.y) - Math.min(a.y + a.height, b.y + b.height);
      const sameLine = gy < -0.3 * Math.min(a.height, b.height) && gx < 0.3 * dpi;
      const stacked = gx < 0 && gy < 0.12 * dpi;
      // A tilted stamp line next to a level line of type: not one block.
      const lineLike = (c: InkBlob) => c.width > 3 * c.height && c.width > 0.8 * dpi;
      const skewed = lineLike(a) && lineLike(b) && Math.abs(a.angle - b.angle) > 3;
      if ((sameLine || stacked) && !skewed) parent[find(i)] = find(j);
    }
  }
  const groups = new Map<number, InkBlob[]>();
  dark.forEach((b, i) => {
    const k = find(i);
    const g = groups.get(k);
    if (g) g.push(b);
    else groups.set(k, [b]);
  });
  const out: InkBlob[] = [];
  for (const members of groups.values()) {
    if (members.length === 1) {
      out.push(members[0]!);
      continue;
    }
    const x0 = Math.min(...members.map((b) => b.x));
    const y0 = Math.min(...members.map((b) => b.y));
    const x1 = Math.max(...members.map((b) => b.x + b.width));
    const y1 = Math.max(...members.map((b) => b.y + b.height));
    const cells = members.reduce((n, b) => n + b.cells, 0);
    // The tilt of the widest member stands for the group's.
    const widest = members.reduce((w, b) => (b.width > w.width ? b : w));
    if ((x1 - x0) / dpi > 6.5 || (y1 - y0) / dpi > 4) {
      out.push(...members);
      continue;
    }
    out.push({
      ...widest,
      x: x0,
      y: y0,
      width: x1 - x0,
      height: y1 - y0,
      cells,
      margin: members.some((b) => b.margin),
    });
  }
  return out;
}

/** Specks and single words are not stamps. */
function bigEnough(b: { width: number; height: number; cells: number }, ink: PageInk): boolean {
  const inch = ink.dpi / ink.factor;
  if (b.width < 0.35 * ink.dpi && b.height < 0.35 * ink.dpi) return false;
  return b.cells >= 0.02 * inch * inch;
}

interface Column {
  left: number;
  right: number;
  /** Lines of type (level, longer than 1.5 in). */
  lines: InkBlob[];
}

/**
 * Where the typed text is: the usual left edge and right reach of its lines, and the
 * first and last line. Stamps go where the type is not (margins, above or below it).
 */
function textColumn(dark: InkBlob[], dpi: number): Column | null {
  const lines = dark.filter((b) => b.height < 0.4 * dpi && b.width > 1.5 * dpi && Math.abs(b.angle) < 2);
  if (lines.length < 4) return null;
  // The left edge most lines share (0.1 in buckets); indents and centred lines differ.
  const buckets = new Map<number, number>();
  for (const b of lines) {
    const k = Math.round(b.x / (0.1 * dpi));
    buckets.set(k, (buckets.get(k) ?? 0) + 1);
  }
  let bestK = 0;
  let bestN = -1;
  for (const [k, n] of buckets) {
    const around = n + (buckets.get(k - 1) ?? 0) + (buckets.get(k + 1) ?? 0);
    if (around > bestN) {
      bestN = around;
      bestK = k;
    }
  }
  const rights = lines.map((b) => b.x + b.width).sort((a, b) => a - b);
  return {
    left: (bestK - 1) * 0.1 * dpi,
    right: rights[Math.floor(rights.length * 0.9)]!,
    lines,
  };
}

/** Dark ink: stamp-like when outside the type's column, above or below it, or tilted. */
function darkPrior(b: InkBlob, col: Column | null, dpi: number): number {
  const w = b.width / dpi;
  const h = b.height / dpi;
  let prior = 0.2;
  const slack = 0.15 * dpi;
  let outside = false;
  if (col) {
    // Above or below every other line of type (a one-line stamp is itself line-like).
    const others = col.lines.filter((l) => !(l.x < b.x + b.width && b.x < l.x + l.width && l.y < b.y + b.height && b.y < l.y + l.height));
    const above = others.length > 0 && b.y + b.height < Math.min(...others.map((l) => l.y)) - slack;
    const below = others.length > 0 && b.y > Math.max(...others.map((l) => l.y + l.height)) + slack;
    outside = b.x < col.left - slack || b.x + b.width > col.right + slack || above || below;
  }
  if (outside) prior += 0.3;
  else if (b.margin) prior += 0.1;
  // A single short line's principal axis wobbles by a degree or two with its letters.
  if (Math.abs(b.angle) >= 2.5 && w > h * 1.5) prior += 0.25;
  if (w >= 0.8 && w <= 4.5 && h >= 0.12 && h <= 2.5) prior += 0.1;
  // A body line: flat, long, level, inside the column.
  if (h < 0.3 && w > 3.6 && Math.abs(b.angle) < 2 && !outside) prior -= 0.4;
  if (h > 2.5) prior -= 0.3;
  return Math.max(0, Math.min(1, prior));
}

function describe(st: ComponentStats, ink: PageInk, kind: InkBlob['kind']): InkBlob | undefined {
  const { gw, gh, factor, dpi } = ink;
  const inch = dpi / factor;
  const { x0, y0, x1, y1, n, sx, sy, sxx, syy, sxy, colourCells, darkCells } = st;
  if (n === 0) return undefined;
  const w = (x1 - x0 + 1) / inch;
  const h = (y1 - y0 + 1) / inch;
  // Whole paragraphs are not stamps; small dark words are kept until they are grouped.
  if (w > 6.5 || h > 4) return undefined;
  if (kind !== 'dark' && !bigEnough({ width: (x1 - x0 + 1) * factor, height: (y1 - y0 + 1) * factor, cells: n }, ink)) return undefined;

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

  // Dark blobs are ranked later, against the page's text column (darkPrior).
  let prior = 0;
  if (kind === 'colour') {
    prior = 0.8;
    if (w >= 0.8 && w <= 5 && h >= 0.2 && h <= 3) prior += 0.15;
    if (margin) prior += 0.05;
  } else if (kind === 'faint') {
    // Only stamp-sized, compact faint marks near an edge: not shading or a fold.
    const stampSized = w >= 0.8 && w <= 5 && h >= 0.25 && h <= 3 && n >= 0.03 * w * h * inch * inch;
    prior = stampSized ? (margin ? 0.55 : 0.45) : 0;
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

/**
 * Drops specks (dust, toner dots: components of at most 4 cells spanning at most 2×2) so
 * they do not bridge a stamp and a line of type. Periods go too; that only affects layout.
 */
function removeSpecks(mask: Uint8Array, w: number, h: number): void {
  const { labels, count } = label(mask, w, h, true);
  const size = new Uint32Array(count);
  const x0 = new Int32Array(count).fill(w);
  const x1 = new Int32Array(count).fill(-1);
  const y0 = new Int32Array(count).fill(h);
  const y1 = new Int32Array(count).fill(-1);
  for (let i = 0; i < w * h; i++) {
    const l = labels[i]!;
    if (l < 0) continue;
    const x = i % w;
    const y = (i - x) / w;
    size[l]!++;
    if (x < x0[l]!) x0[l] = x;
    if (x > x1[l]!) x1[l] = x;
    if (y < y0[l]!) y0[l] = y;
    if (y > y1[l]!) y1[l] = y;
  }
  for (let i = 0; i < w * h; i++) {
    const l = labels[i]!;
    if (l >= 0 && size[l]! <= 4 && x1[l]! - x0[l]! <= 1 && y1[l]! - y0[l]! <= 1) mask[i] = 0;
  }
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

/** Connected components of a binary mask: a label per cell (−1: none). Typed arrays only. */
function label(mask: Uint8Array, w: number, h: number, eight = false): { labels: Int32Array; count: number } {
  const labels = new Int32Array(w * h).fill(-1);
  const stack = new Int32Array(w * h);
  let count = 0;
  for (let start = 0; start < w * h; start++) {
    if (!mask[start] || labels[start] !== -1) continue;
    const l = count++;
    let top = 0;
    labels[start] = l;
    stack[top++] = start;
    while (top > 0) {
      const i = stack[--top]!;
      const x = i % w;
      const up = i >= w;
      const down = i + w < w * h;
      const left = x > 0;
      const right = x < w - 1;
      if (left && mask[i - 1] && labels[i - 1] === -1) (labels[i - 1] = l), (stack[top++] = i - 1);
      if (right && mask[i + 1] && labels[i + 1] === -1) (labels[i + 1] = l), (stack[top++] = i + 1);
      if (up && mask[i - w] && labels[i - w] === -1) (labels[i - w] = l), (stack[top++] = i - w);
      if (down && mask[i + w] && labels[i + w] === -1) (labels[i + w] = l), (stack[top++] = i + w);
      if (eight) {
        if (up && left && mask[i - w - 1] && labels[i - w - 1] === -1) (labels[i - w - 1] = l), (stack[top++] = i - w - 1);
        if (up && right && mask[i - w + 1] && labels[i - w + 1] === -1) (labels[i - w + 1] = l), (stack[top++] = i - w + 1);
        if (down && left && mask[i + w - 1] && labels[i + w - 1] === -1) (labels[i + w - 1] = l), (stack[top++] = i + w - 1);
        if (down && right && mask[i + w + 1] && labels[i + w + 1] === -1) (labels[i + w + 1] = l), (stack[top++] = i + w + 1);
      }
    }
  }
  return { labels, count };
}

interface ComponentStats {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Ink cells (of the undilated mask) in the component. */
  n: number;
  sx: number;
  sy: number;
  sxx: number;
  syy: number;
  sxy: number;
  colourCells: number;
  darkCells: number;
}

/**
 * Components of the grown mask `grown`, measured on the ink cells of `ink` they hold:
 * bounding box, count, first and second moments (for the orientation), colour and dark.
 */
function componentStats(grown: Uint8Array, inkMask: Uint8Array, ink: PageInk): ComponentStats[] {
  const { gw, gh } = ink;
  const { labels, count } = label(grown, gw, gh);
  const out: ComponentStats[] = Array.from({ length: count }, () => ({ x0: gw, y0: gh, x1: -1, y1: -1, n: 0, sx: 0, sy: 0, sxx: 0, syy: 0, sxy: 0, colourCells: 0, darkCells: 0 }));
  for (let i = 0; i < gw * gh; i++) {
    if (!inkMask[i]) continue;
    const l = labels[i]!;
    if (l < 0) continue;
    const st = out[l]!;
    const x = i % gw;
    const y = (i - x) / gw;
    st.n++;
    if (x < st.x0) st.x0 = x;
    if (x > st.x1) st.x1 = x;
    if (y < st.y0) st.y0 = y;
    if (y > st.y1) st.y1 = y;
    st.sx += x;
    st.sy += y;
    st.sxx += x * x;
    st.syy += y * y;
    st.sxy += x * y;
    if (ink.colour[i]! > 0) st.colourCells++;
    if (ink.dark[i]! > 0) st.darkCells++;
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
