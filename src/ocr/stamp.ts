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
import { getOcrPool, type GrayImage, type OcrPool, type OcrResult } from './pool.ts';
import { glyphConsistency } from './glyph-check.ts';
import { findInkBlobs, measureInkAsync, type InkBlob, type PageInk } from './page-layout.ts';
import { colourInkMap, darkInkMap, estimateSkew, gatedInkMap, inkDarkness, renderForOcr, clampRect, type InkMap, type Rect } from './stamp-crop.ts';
import { mightBeStamp, parseStampText, sameReading, STAMP_SCORE_MIN, type StampCandidate } from './stamp-date.ts';

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
/** Mean confidence (0..100) of the words holding digits below which a reading needs a third vote. */
const LOW_DIGIT_CONFIDENCE = 30;
/** Regions with a lower prior are not worth an OCR pass. */
const MIN_PRIOR = 0.45;

interface Pass {
  prep: string;
  /** Read from the plain luminance (not the hue-gated map). */
  luminance: boolean;
  /** The image tesseract read. */
  img: GrayImage;
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

  const ink = await measureInkAsync(page, dpi, yieldToLoop);
  const blobs = findInkBlobs(ink).filter((b) => b.prior >= MIN_PRIOR).slice(0, opts.maxRegions ?? 5);
  await yieldToLoop();

  const regions: RegionReading[] = [];
  let settled = false;
  for (const blob of blobs) {
    // Once two passes agree on a stamp, dark blocks are most likely type; coloured ones
    // are still read, since a second stamp with another date must go to a clerk.
    if (settled && blob.kind !== 'colour') continue;
    const region = await readRegion(page, ink, blob, pool, parseOpts);
    regions.push(region);
    if (region.agreed) settled = true;
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
  // One typeface, one size: identical glyphs must be the same digit. A misread that every
  // pass repeats (a dotted zero taken for a 6) shows up here and nowhere else.
  for (const p of passes) {
    const g = glyphConsistency(p.img, p.ocr.words);
    if (!g.consistent) {
      confidence = Math.min(confidence, 0.5);
      reasons.push(`OCR read identical-looking glyphs as ${g.worst!.a} and ${g.worst!.b}`);
      break;
    }
  }
  // P-3 deems the filing made at the stamp's date *and time*: without a time (or with a
  // time cut off the crop) a clerk decides.
  if (cand.hour === undefined) {
    confidence = Math.min(confidence, 0.6);
    reasons.push('no time of day read on the stamp');
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
  const colour = blob.kind === 'colour';
  // Where the stamp's ink is and how it leans: from the colour separation for coloured
  // ink (type beside or under it does not disturb the estimate), else from darkness.
  const lumMap = darkInkMap(page, rect, ink.paper);
  const map = colour ? colourInkMap(page, rect, ink.paper) : lumMap;
  const angle = estimateSkew(map, dpi);
  const darkness = inkDarkness(page, map, ink.paper);
  await yieldToLoop();
  const region: RegionReading = { blob, rect, map, darkness, angle, boxed: false, passes: [], agreeing: [] };

  const run = async (prep: Prep) => {
    const img = renderForOcr(prep.map === 'gated' ? gatedInkMap(page, rect, ink.paper) : lumMap, { angle, scale: prep.scale / dpi, binarize: prep.binarize, removeBox: true });
    region.boxed ||= img.boxed;
    await yieldToLoop();
    const ocr = await pool.recognize(img, { psm: 6 });
    const candidates = parseStampText(ocr.text, parseOpts);
    const best = candidates[0] && candidates[0].score >= STAMP_SCORE_MIN ? candidates[0] : undefined;
    const pass: Pass = { prep: `${prep.map} ${prep.binarize ? 'binarised' : 'grey'} at ${prep.scale} dpi`, luminance: prep.map === 'luminance', img, ocr, candidates, best };
    region.passes.push(pass);
    return pass;
  };

  // OCR reads the luminance (full resolution; JPEG keeps colour at half resolution, which
  // blurs a pure colour separation), grey and binarised at several scales, until two
  // passes agree. Their errors rarely coincide (measured on generated stamps: the best
  // pairs agreed on a wrong reading in about 1 case in 100, which the glyph check caught).
  const first = await run(PASSES[0]!);
  // A block with nothing of a stamp (no date, keyword, time or run of digits) is type —
  // a caption, a title — or unreadable: not worth more passes unless it is coloured ink.
  if (!first.best && !colour && first.candidates.length === 0 && !mightBeStamp(first.ocr.text)) return finish(region);
  for (const prep of PASSES.slice(1)) {
    if (finish(region).agreed) return region;
    // Nothing stamp-like after three passes: more will not help.
    if (region.passes.length >= 3 && !region.passes.some((p) => p.best)) break;
    await run(prep);
  }
  if (finish(region).agreed || !colour) return region;
  // Coloured ink over type: the hue-gated luminance drops the type. Where the stamp
  // crosses type it also loses strokes, so this pass only ever confirms a luminance pass.
  await run({ map: 'gated', binarize: false, scale: 200 });
  return finish(region);
}

/** Preparations tried in turn (scale = resolution the crop is brought to for OCR). */
const PASSES: Prep[] = [
  { map: 'luminance', binarize: false, scale: 200 },
  { map: 'luminance', binarize: false, scale: 160 },
  { map: 'luminance', binarize: true, scale: 250 },
  { map: 'luminance', binarize: true, scale: 200 },
  { map: 'luminance', binarize: false, scale: 300 },
];

interface Prep {
  map: 'luminance' | 'gated';
  binarize: boolean;
  /** Resolution the crop is scaled to for OCR. */
  scale: number;
}

/**
 * The reading most passes share — at least two, one of them from the plain luminance —
 * and the best stamp-like reading of any pass.
 */
function finish(region: RegionReading): RegionReading {
  const withBest = region.passes.filter((p) => p.best);
  region.agreed = undefined;
  region.agreeing = [];
  for (const p of withBest) {
    const agreeing = withBest.filter((q) => sameReading(q.best!, p.best!));
    // Tesseract all but unsure of the digits in every agreeing pass: one more must agree.
    const unsure = Math.max(...agreeing.map((q) => digitWordConfidence(q.ocr))) < LOW_DIGIT_CONFIDENCE;
    if (agreeing.length < (unsure ? 3 : 2) || !agreeing.some((q) => q.luminance)) continue;
    if (agreeing.length > region.agreeing.length) {
      region.agreed = agreeing.reduce((x, q) => (q.best!.score > x.score ? q.best! : x), p.best!);
      region.agreeing = agreeing;
    }
  }
  // As many passes for another reading: no majority.
  if (region.agreed) {
    const others = withBest.filter((q) => !sameReading(q.best!, region.agreed!));
    const rival = others.some((o) => others.filter((q) => sameReading(q.best!, o.best!)).length >= region.agreeing.length);
    if (rival) {
      region.agreed = undefined;
      region.agreeing = [];
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
