/**
 * Reading the receipt stamp on page 1 of a scanned prisoner filing (P-3), without ever
 * guessing (P-4).
 *
 * 1. Layout without OCR (page-layout.ts): coloured ink and dark ink are separated and
 *    grouped into blocks; blocks are ranked as stamps by colour, size, position (margins,
 *    corners) and tilt.
 * 2. For the best few blocks only: the crop is levelled (projection profiles), the box
 *    around it removed, and OCR'd twice from two different preparations — colour-separated
 *    and binarised, then grey from luminance at another scale. A third pass breaks a tie.
 * 3. Each pass's text is parsed (stamp-date.ts); the stamp's date is the one at least
 *    two passes read identically. Confidence combines OCR word confidences, completeness
 *    (date and time), stamp cues and that agreement; faint ink, disagreement or two
 *    different stamp dates on the page make the reading not confident, and the crop goes
 *    to a clerk.
 */
import type { RgbaImage } from '../parsers/image.ts';
import { cropImage, encodePng } from '../parsers/image.ts';
import { getOcrPool, type OcrPool, type OcrResult } from './pool.ts';
import { findInkBlobs, measureInk, type InkBlob, type PageInk } from './page-layout.ts';
import { colourInkMap, darkInkMap, estimateSkew, inkDarkness, renderForOcr, clampRect, type InkMap, type Rect } from './stamp-crop.ts';
import { parseStampText, sameReading, STAMP_SCORE_MIN, type StampCandidate } from './stamp-date.ts';

export interface StampReading {
  /** A stamp (or something that looks like one) was located. */
  found: boolean;
  /** The date can be docketed as is. False: a clerk reads the crop (STAMP_UNREADABLE). */
  confident: boolean;
  /** 0..1 */
  confidence: number;
  /** The reading, when there is one (also when not confident, for the clerk's information). */
  candidate?: StampCandidate;
  /** OCR text of the stamp region (first pass). */
  text: string;
  /** The stamp's region on the page, in page pixels. */
  region?: { x: number; y: number; width: number; height: number };
  /** PNG of the region as scanned, for the clerk. */
  crop?: Buffer;
  /** Why it is not confident (or not found). */
  reason?: string;
  /** How the reading was made: for logs and the clerk. */
  detail?: StampDetail;
}

export interface StampDetail {
  ink: InkBlob['kind'];
  /** Tilt of the stamp's text, degrees clockwise. */
  angle: number;
  boxed: boolean;
  /** Ink darkness as a share of paper brightness; low is faint. */
  inkStrength: number;
  passes: Array<{ prep: string; text: string; reading?: string; ocrConfidence: number }>;
  regionsTried: number;
  ms: number;
}

export interface ReadStampOptions {
  /** Resolution of `page`. */
  dpi: number;
  /** Facility codes as printed on stamps; raise the score of a stamp that shows one. */
  facilityCodes?: string[];
  /** Two-digit years are read relative to this date's year (default: now). */
  referenceDate?: Date;
  /** OCR pool (default: the process-wide one). */
  pool?: OcrPool;
  /** Confidence needed for `confident` (default 0.72). */
  threshold?: number;
  /** Most regions to OCR (default 5). */
  maxRegions?: number;
}

export const CONFIDENT_THRESHOLD = 0.72;

/** Stamp ink lighter than this (darkness as a share of paper brightness) is faint: a clerk reads it. */
const FAINT_DARKNESS = 0.4;
/** Regions with a lower prior are not worth an OCR pass. */
const MIN_PRIOR = 0.45;

interface Pass {
  prep: string;
  ocr: OcrResult;
  candidates: StampCandidate[];
  best?: StampCandidate;
}

interface RegionReading {
  blob: InkBlob;
  rect: Rect;
  map: InkMap;
  /** Ink darkness (share of paper brightness). */
  darkness: number;
  angle: number;
  boxed: boolean;
  passes: Pass[];
  /** The reading two passes agree on. */
  agreed?: StampCandidate;
  agreeing: Pass[];
  /** Any stamp-like reading, agreed or not. */
  best?: StampCandidate;
}

export async function readStamp(page: RgbaImage, opts: ReadStampOptions): Promise<StampReading> {
  const started = performance.now();
  const pool = opts.pool ?? getOcrPool();
  const threshold = opts.threshold ?? CONFIDENT_THRESHOLD;
  const parseOpts = { facilityCodes: opts.facilityCodes, referenceYear: (opts.referenceDate ?? new Date()).getFullYear() };
  const dpi = opts.dpi;

  const ink = measureInk(page, dpi);
  await yieldToLoop();
  const blobs = findInkBlobs(ink).filter((b) => b.prior >= MIN_PRIOR).slice(0, opts.maxRegions ?? 5);
  await yieldToLoop();

  const regions: RegionReading[] = [];
  for (const blob of blobs) {
    const region = await readRegion(page, ink, blob, pool, parseOpts);
    regions.push(region);
    // Two passes agreeing on a stamp-like date: the other regions are most likely type.
    if (region.agreed) break;
  }
  const ms = () => Math.round(performance.now() - started);

  const withDate = regions.filter((r) => r.best);
  const agreed = regions.filter((r) => r.agreed);
  const chosen = agreed[0] ?? withDate.sort((a, b) => b.best!.score - a.best!.score)[0];
  if (!chosen) {
    // Coloured or faint ink in a stamp-sized block with no date we can read: show it to a clerk.
    const mark = regions.find((r) => (r.blob.kind === 'colour' && r.blob.prior >= 0.9) || r.blob.kind === 'faint');
    if (mark) {
      return {
        found: true,
        confident: false,
        confidence: 0,
        text: mark.passes[0]?.ocr.text.trim() ?? '',
        region: mark.rect,
        crop: await cropPng(page, mark.rect),
        reason: mark.blob.kind === 'faint' ? 'a faint stamp-like mark with no readable date' : 'a coloured stamp-like mark with no readable date',
        detail: detailOf(mark, regions.length, ms()),
      };
    }
    return { found: false, confident: false, confidence: 0, text: '', reason: 'no date stamp found on the page' };
  }

  const cand = chosen.agreed ?? chosen.best!;
  const reasons: string[] = [];
  const passes = chosen.agreeing.length ? chosen.agreeing : chosen.passes.filter((p) => p.best);
  // Word confidences of the words that carry the date and time (they hold digits).
  // The best of the agreeing passes: agreement already guards the reading itself.
  const digitConf = Math.max(0, ...passes.map((p) => digitWordConfidence(p.ocr))) / 100;
  const complete = cand.hour !== undefined ? 1 : 0.6;
  const cues = stampCues(cand, chosen);
  const agreement = chosen.agreed ? (chosen.agreeing.length === chosen.passes.length ? 1 : 0.8) : 0;
  let confidence = 0.3 * digitConf + 0.15 * complete + 0.2 * cues + 0.35 * agreement;

  if (chosen.darkness < FAINT_DARKNESS) {
    confidence = Math.min(confidence, 0.45);
    reasons.push('the stamp ink is faint');
  }
  if (!chosen.agreed) {
    confidence = Math.min(confidence, 0.5);
    reasons.push('the OCR passes read different dates');
  }
  if (cand.score < STAMP_SCORE_MIN) {
    confidence = Math.min(confidence, 0.4);
    reasons.push('the date does not look like a stamp');
  }
  const others = regions.filter((r) => r !== chosen && r.agreed && !sameReading(r.agreed, cand));
  if (others.length > 0) {
    confidence = Math.min(confidence, 0.4);
    reasons.push('the page has stamps with different dates');
  }
  if (digitConf < 0.6) {
    confidence = Math.min(confidence, 0.6);
    reasons.push('low OCR confidence');
  }
  confidence = Math.round(Math.max(0, Math.min(1, confidence)) * 100) / 100;
  const confident = confidence >= threshold && reasons.length === 0;
  if (!confident && reasons.length === 0) reasons.push('confidence below the threshold');

  const reading: StampReading = {
    found: true,
    confident,
    confidence,
    candidate: cand,
    text: chosen.passes[0]?.ocr.text.trim() ?? '',
    region: chosen.rect,
    crop: await cropPng(page, chosen.rect),
    detail: detailOf(chosen, regions.length, ms()),
  };
  if (!confident) reading.reason = reasons.join('; ');
  return reading;
}

async function readRegion(page: RgbaImage, ink: PageInk, blob: InkBlob, pool: OcrPool, parseOpts: { facilityCodes?: string[]; referenceYear: number }): Promise<RegionReading> {
  const dpi = ink.dpi;
  const pad = 0.12 * dpi;
  const rect = clampRect({ x: blob.x - pad, y: blob.y - pad, width: blob.width + 2 * pad, height: blob.height + 2 * pad }, page.width, page.height);
  const map = blob.kind === 'colour' ? colourInkMap(page, rect, ink.paper) : darkInkMap(page, rect, ink.paper);
  const angle = estimateSkew(map, dpi);
  // ~300 dpi for the first pass, ~240 for the second: tesseract's sweet spot for 10–16 pt.
  const scaleA = clamp(300 / dpi, 0.6, 3);
  const imgA = renderForOcr(map, { angle, scale: scaleA, binarize: true, removeBox: true });
  await yieldToLoop();
  const darkness = inkDarkness(page, map, ink.paper);
  const region: RegionReading = { blob, rect, map, darkness, angle, boxed: imgA.boxed, passes: [], agreeing: [] };

  const run = async (prep: string, img: Parameters<OcrPool['recognize']>[0]) => {
    const ocr = await pool.recognize(img, { psm: 6 });
    const candidates = parseStampText(ocr.text, parseOpts);
    const best = candidates[0] && candidates[0].score >= STAMP_SCORE_MIN ? candidates[0] : undefined;
    const pass: Pass = { prep, ocr, candidates, best };
    region.passes.push(pass);
    return pass;
  };

  const a = await run(`${blob.kind === 'colour' ? 'colour-separated' : 'dark'} binarised ×${scaleA.toFixed(2)}`, imgA);
  // A block with no date at all is type (caption, signature) or unreadable: not worth
  // more passes unless it is coloured ink.
  if (!a.best && blob.kind !== 'colour' && a.candidates.length === 0) return finish(region);

  const mapB = blob.kind === 'colour' ? darkInkMap(page, rect, ink.paper) : map;
  const scaleB = scaleA * 0.8;
  const imgB = renderForOcr(mapB, { angle, scale: scaleB, binarize: false, removeBox: true });
  await yieldToLoop();
  const b = await run(`luminance grey ×${scaleB.toFixed(2)}`, imgB);

  if (!(a.best && b.best && sameReading(a.best, b.best)) && (a.best || b.best)) {
    const scaleC = scaleA * 1.3;
    const imgC = renderForOcr(map, { angle, scale: scaleC, binarize: false, removeBox: true });
    await yieldToLoop();
    await run(`${blob.kind === 'colour' ? 'colour-separated' : 'dark'} grey ×${scaleC.toFixed(2)}`, imgC);
  }
  return finish(region);
}

/** The reading at least two passes share, and the best stamp-like reading of any pass. */
function finish(region: RegionReading): RegionReading {
  const withBest = region.passes.filter((p) => p.best);
  for (const p of withBest) {
    const agreeing = withBest.filter((q) => sameReading(q.best!, p.best!));
    if (agreeing.length >= 2 && agreeing.length > region.agreeing.length) {
      region.agreed = agreeing.reduce((x, q) => (q.best!.score > x.score ? q.best! : x), p.best!);
      region.agreeing = agreeing;
    }
  }
  region.best = region.agreed ?? withBest.map((p) => p.best!).sort((x, y) => y.score - x.score)[0];
  return region;
}

function stampCues(cand: StampCandidate, r: RegionReading): number {
  let s = 0;
  if (cand.cues.some((c) => c.startsWith('keyword:'))) s += 0.35;
  if (cand.hour !== undefined) s += 0.15;
  if (cand.cues.some((c) => c.startsWith('facility:'))) s += 0.15;
  if (r.blob.kind === 'colour') s += 0.25;
  if (r.boxed) s += 0.15;
  if (r.blob.margin) s += 0.15;
  if (Math.abs(r.angle) >= 2) s += 0.05;
  return Math.min(1, s);
}

function digitWordConfidence(ocr: OcrResult): number {
  const words = ocr.words.filter((w) => /\d/.test(w.text));
  if (words.length === 0) return ocr.confidence;
  return mean(words.map((w) => w.confidence));
}

function detailOf(r: RegionReading, tried: number, ms: number): StampDetail {
  return {
    ink: r.blob.kind,
    angle: r.angle,
    boxed: r.boxed,
    inkStrength: Math.round(r.darkness * 100) / 100,
    passes: r.passes.map((p) => ({
      prep: p.prep,
      text: p.ocr.text.trim(),
      reading: p.best ? fmt(p.best) : undefined,
      ocrConfidence: Math.round(p.ocr.confidence),
    })),
    regionsTried: tried,
    ms,
  };
}

function fmt(c: StampCandidate): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${c.year}-${p(c.month)}-${p(c.day)}${c.hour !== undefined ? ` ${p(c.hour)}:${p(c.minute ?? 0)}` : ''}`;
}

async function cropPng(page: RgbaImage, rect: Rect): Promise<Buffer> {
  return encodePng(cropImage(page, rect));
}

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/** Lets timers and I/O run between the pixel loops (each takes tens of milliseconds). */
function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
