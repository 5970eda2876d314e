/**
 * Reading the receipt stamp on page 1 of a scanned prisoner filing (P-3), without ever
 * guessing (P-4).
 *
 * 1. Layout without OCR (page-layout.ts): one pass over the page separates coloured ink
 *    (stamp pads: red, blue, purple…), dark ink and faint ink; blocks of each are ranked
 *    as stamps by colour, size, position (margins, corners, outside the text column)
 *    and tilt. Only the best few blocks are OCR'd — crops, never the page.
 * 2. Per block (stamp-crop.ts): a coloured block is widened to the extent of its own
 *    ink (a lightly inked end falls outside the low-resolution block); the tilt is
 *    measured (projection profiles over ±16°), the crop levelled, scaled, trimmed and any
 *    box around the stamp removed; tesseract reads it from several preparations (grey
 *    and binarised luminance at 160–300 dpi; for coloured ink also hue-gated images,
 *    which drop type and dust — first when type lies under the stamp) until two agree on
 *    a date and a time.
 * 3. Each pass's text is parsed (stamp-date.ts). A reading later than the day after the
 *    reference date (the arrival) counts only when another pass reads that date too: then
 *    it is the stamp, read without doubt, and reported (`late`) for P-4 to judge
 *    (STAMP_IMPLAUSIBLE); alone it is a misread digit. The passes vote
 *    (stamp-vote.ts): the same date and time from at least two passes (three when
 *    tesseract is all but unsure of the digits) with no other reading as often, or the
 *    date and the time voted separately when no pass reads another time. A gated pass
 *    whose digits the gate cut (type crossing them) may second a reading, never anchor
 *    one: such gaps turn a 6 into a 5 the same way in every gated pass — unless each
 *    crossed digit either reads the same when its word is OCR'd alone with the type taken
 *    out and with the type under that digit kept as ink, or is decided by the other
 *    digits (one value alone gives a possible date: stamp-complete.ts). Identical glyphs
 *    read as different digits (glyph-check.ts), faint ink, a missing time, a date that does not look like a stamp
 *    or two stamps with different dates make the reading not confident: the crop goes to
 *    a clerk (STAMP_UNREADABLE).
 */
import type { RgbaImage } from '../parsers/image.ts';
import { cropImage, encodePng } from '../parsers/image.ts';
import { getOcrPool, type GrayImage, type OcrPool, type OcrResult } from './pool.ts';
import { glyphConsistency } from './glyph-check.ts';
import { findInkBlobsAsync, measureInkAsync, type InkBlob, type PageInk } from './page-layout.ts';
import { colourInkMap, darkInkMap, estimateSkew, gatedInkMap, inkDarkness, inkExtent, renderForOcr, clampRect, type InkMap, type Rect } from './stamp-crop.ts';
import { agree, plausible, type Vote } from './stamp-vote.ts';
import { completeCrossed, confirmsDigit, crossedSymbols, wordImage, type SymbolRef } from './stamp-complete.ts';
import { formatReading, mightBeStamp, parseStampText, sameReading, STAMP_SCORE_MIN, type StampCandidate } from './stamp-date.ts';

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
  /**
   * The date read is later than the day after `referenceDate`: the passes agree on it,
   * so it is what the stamp says, and P-4 decides what a stamp dated after the arrival
   * means (STAMP_IMPLAUSIBLE, never docketed).
   */
  late?: boolean;
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
  /**
   * The message's arrival: two-digit years are read relative to its year (default: now).
   * A reading later than the day after it is a misread digit unless another pass reads
   * the same date (then it is reported as `late`).
   */
  referenceDate?: Date;
  /** OCR pool (default: the process-wide one). */
  pool?: OcrPool;
  /** Confidence needed for `confident` (default 0.72). */
  threshold?: number;
  /** Most regions to OCR (default 5). */
  maxRegions?: number;
}

export const CONFIDENT_THRESHOLD = 0.72;

/**
 * Stamp ink lighter than this (darkness as a share of paper brightness) is faint: a clerk
 * reads it. Measured on generated scans: faint stamps 0.10–0.17, normal ones 0.39–0.73.
 */
const FAINT_DARKNESS = 0.28;
/** Mean confidence (0..100) of the words holding digits below which a reading needs a third vote. */
const LOW_DIGIT_CONFIDENCE = 30;
/** Stamp words as stamps print them (capitals); prose has them in lower case. */
const STAMP_WORD = /\b(RECEIVED|SCANNED|REC'?D|RCVD|FILED|MAILROOM)\b/;
/** Regions with a lower prior are not worth an OCR pass. */
const MIN_PRIOR = 0.45;
/** More regions read, beyond `maxRegions`, while none has read as a stamp. */
const EXTRA_REGIONS = 4;

interface Pass {
  vote: Vote;
  prep: string;
  /** Read from the plain luminance (not the hue-gated map). */
  luminance: boolean;
  /** The image tesseract read. */
  img: GrayImage;
  ocr: OcrResult;
  candidates: StampCandidate[];
  best?: StampCandidate;
  /** The pass's best reading when it is later than the arrival (see Vote.late). */
  late?: StampCandidate;
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
  const parseOpts: ParseOpts = { facilityCodes: opts.facilityCodes, referenceYear: (opts.referenceDate ?? new Date()).getFullYear(), latest: opts.referenceDate };
  const dpi = opts.dpi;

  const ink = await measureInkAsync(page, dpi, yieldToLoop);
  const ranked = (await findInkBlobsAsync(ink, yieldToLoop)).filter((b) => b.prior >= MIN_PRIOR);
  const maxRegions = opts.maxRegions ?? 5;

  const regions: RegionReading[] = [];
  let settled = false;
  for (const [k, blob] of ranked.entries()) {
    // On a page of crisp type (a kiosk's text PDF, a clean scan) many lines of type rank
    // as high as a black stamp: while no block has read as a stamp, a few more are tried.
    if (k >= maxRegions + (regions.some((r) => r.best) ? 0 : EXTRA_REGIONS)) break;
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
    // Something that is surely a stamp but whose date we cannot read — coloured or faint
    // ink in a stamp-sized block, or a stamp word in capitals — goes to a clerk with its crop.
    const mark = regions.find(
      (r) => (r.blob.kind === 'colour' && r.blob.prior >= 0.9) || r.blob.kind === 'faint' || r.passes.some((p) => STAMP_WORD.test(p.ocr.text)),
    );
    if (mark) {
      const what = mark.blob.kind === 'faint' ? 'a faint stamp-like mark' : mark.blob.kind === 'colour' ? 'a coloured stamp-like mark' : 'a stamp';
      return {
        found: true,
        confident: false,
        confidence: 0,
        text: mark.passes[0]?.ocr.text.trim() ?? '',
        region: mark.rect,
        crop: await cropPng(page, mark.rect),
        reason: `${what} with no readable date`,
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
      reasons.push(`OCR read identical-looking glyphs as ${g.worst!.a} and ${g.worst!.b} (alike ${g.worst!.similarity})`);
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
  if (!plausible(cand, opts.referenceDate)) reading.late = true;
  if (!confident) reading.reason = reasons.join('; ');
  return reading;
}

async function readRegion(page: RgbaImage, ink: PageInk, blob: InkBlob, pool: OcrPool, parseOpts: ParseOpts): Promise<RegionReading> {
  const dpi = ink.dpi;
  const colour = blob.kind === 'colour';
  // Coloured ink loses its colour where it crosses black type, so the colour block can
  // stop short of the stamp's ends: a wider margin sideways.
  const padX = (colour ? 0.25 : 0.12) * dpi;
  const padY = 0.12 * dpi;
  let rect = clampRect({ x: blob.x - padX, y: blob.y - padY, width: blob.width + 2 * padX, height: blob.height + 2 * padY }, page.width, page.height);
  if (colour) {
    // A lightly inked end of the stamp can fall outside the block found at low
    // resolution: follow the stamp's own ink (its hue only, so not into type) sideways.
    const wide = clampRect({ x: blob.x - 0.7 * dpi, y: blob.y - 0.3 * dpi, width: blob.width + 1.4 * dpi, height: blob.height + 0.6 * dpi }, page.width, page.height);
    const ext = inkExtent(colourInkMap(page, wide, ink.paper), blob, 0.15 * dpi);
    rect = clampRect(union(rect, { x: ext.x - padY, y: ext.y - padY, width: ext.width + 2 * padY, height: ext.height + 2 * padY }), page.width, page.height);
    await yieldToLoop();
  }
  // Where the stamp's ink is and how it leans: from the colour separation for coloured
  // ink (type beside or under it does not disturb the estimate), else from darkness.
  const lumMap = darkInkMap(page, rect, ink.paper);
  const map = colour ? colourInkMap(page, rect, ink.paper) : lumMap;
  const angle = estimateSkew(map, dpi);
  const darkness = inkDarkness(page, map, ink.paper);
  const gated = colour ? gatedInkMap(page, rect, ink.paper) : undefined;
  await yieldToLoop();
  const region: RegionReading = { blob, rect, map, darkness, angle, boxed: false, passes: [], agreeing: [] };

  const run = async (prep: Prep) => {
    const src = prep.map === 'gated' ? gated! : lumMap;
    const img = renderForOcr(src, { angle, scale: prep.scale / dpi, binarize: prep.binarize, removeBox: true, companion: prep.map === 'gated' ? gated!.lost : undefined });
    region.boxed ||= img.boxed;
    await yieldToLoop();
    const ocr = await pool.recognize(img, { psm: 6 });
    const readText = (text: string) => {
      const all = parseStampText(text, parseOpts);
      const cs = all.filter((c) => plausible(c, parseOpts.latest));
      const top = all[0] && all[0].score >= STAMP_SCORE_MIN ? all[0] : undefined;
      return { cs, best: cs[0] && cs[0].score >= STAMP_SCORE_MIN ? cs[0] : undefined, late: top && !plausible(top, parseOpts.latest) ? top : undefined };
    };
    let { cs: candidates, best, late } = readText(ocr.text);
    // A hue-gated image loses the stamp's strokes where type crosses them: a digit with
    // such a gap may read as another digit, the same way in every gated pass. Such a
    // pass may second a reading, never anchor one — unless the reading does not depend
    // on the crossed digits at all: every value of them but one gives an impossible date
    // (stamp-complete.ts), so the undamaged digits alone decide it.
    const crossed = prep.map === 'gated' && img.companion !== undefined ? crossedSymbols(ocr, img.companion, img.width) : [];
    let damaged = crossed.length > 0;
    let fixed = '';
    if (damaged) {
      const complete = (open: SymbolRef[], how: string) => {
        const c = completeCrossed(ocr, open, (text) => readText(text).best);
        if (!c) return false;
        best = c.reading;
        late = undefined;
        candidates = [c.reading, ...candidates.filter((x) => !sameReading(x, c.reading))];
        damaged = false;
        fixed = how;
        return true;
      };
      // The reading may not depend on the crossed digits at all; else those whose word
      // reads the same with the type taken out and with it kept as ink over them are
      // taken as read, and the others must be decided by the rest.
      if (!complete(crossed, ' (crossed by type; the other digits decide the crossed ones)') && mightBeStamp(ocr.text)) {
        const open = await unconfirmedDigits(pool, img, img.companion!, ocr, crossed);
        if (open.length === 0) {
          damaged = false;
          fixed = ' (crossed by type; each crossed digit reads the same with the type kept)';
        } else {
          complete(open, ' (crossed by type; the confirmed digits decide the others)');
        }
      }
    }
    const luminance = prep.map === 'luminance';
    const pass: Pass = {
      prep: `${prep.map} ${prep.binarize ? 'binarised' : 'grey'} at ${prep.scale} dpi${damaged ? ' (crossed by type)' : fixed}`,
      luminance,
      img,
      ocr,
      candidates,
      best,
      late,
      vote: { reading: best, tentativeTime: best?.tentativeTime, late, trusted: luminance || !damaged, unsure: digitWordConfidence(ocr) < LOW_DIGIT_CONFIDENCE },
    };
    region.passes.push(pass);
    return pass;
  };

  // OCR reads the luminance (full resolution; JPEG keeps colour at half resolution, which
  // blurs a pure colour separation), grey and binarised at several scales, until two
  // passes agree on a date and a time. Their errors rarely coincide (measured on generated
  // stamps: the best pairs agreed on a wrong reading in about 1 case in 100, which the
  // glyph check caught). Coloured ink also gets hue-gated passes, which drop type and
  // dust: after the first two luminance passes, or first when type lies under the stamp.
  const overType = gated !== undefined && gated.typeShare > OVER_TYPE_SHARE;
  const order: Prep[] = !gated ? PASSES : overType ? interleave(GATED_PASSES, PASSES) : [PASSES[0]!, PASSES[1]!, GATED_PASSES[0]!, PASSES[2]!, GATED_PASSES[1]!, ...PASSES.slice(3), ...GATED_PASSES.slice(2)];
  const first = await run(order[0]!);
  // A block with nothing of a stamp (no date, keyword, time or run of digits) is type —
  // a caption, a title — or unreadable: not worth more passes unless it is coloured ink.
  if (!first.best && !first.late && !colour && first.candidates.length === 0 && !mightBeStamp(first.ocr.text)) return finish(region);
  for (const prep of order.slice(1)) {
    // A reading later than the arrival must hold against every preparation: two passes
    // repeating one misread digit would otherwise hide the stamp's real date.
    const agreed = finish(region).agreed;
    if (agreed?.hour !== undefined && plausible(agreed, parseOpts.latest)) return region;
    // Nothing stamp-like after three passes: more will not help.
    if (region.passes.length >= 3 && !region.passes.some((p) => p.best || p.late)) break;
    await run(prep);
  }
  return finish(region);
}

type ParseOpts = { facilityCodes?: string[]; referenceYear: number; latest?: Date };

/** Type crossing the stamp's ink (taken out by the gate) over this share of it: stamped over type. */
const OVER_TYPE_SHARE = 0.5;

function interleave<T>(a: T[], b: T[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (i < a.length) out.push(a[i]!);
    if (i < b.length) out.push(b[i]!);
  }
  return out;
}

function union(a: Rect, b: Rect): Rect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

/**
 * The crossed digits of a gated pass that OCR of their word alone does not confirm: the
 * word as the pass saw it must read as the pass read it, and the word with the type under
 * that digit kept as ink must read the same digit there (stamp-complete.ts). The truth
 * lies between the two images. A look-alike letter is never confirmed.
 */
async function unconfirmedDigits(pool: OcrPool, img: GrayImage, lost: Uint8Array, ocr: OcrResult, crossed: SymbolRef[]): Promise<SymbolRef[]> {
  const byWord = new Map<number, SymbolRef[]>();
  for (const c of crossed) byWord.set(c.word, [...(byWord.get(c.word) ?? []), c]);
  const confirmed = new Set<SymbolRef>();
  await Promise.all(
    [...byWord].map(async ([wi, refs]) => {
      const word = ocr.words[wi]!;
      const digits = refs.filter((c) => /^\d$/.test(word.symbols[c.symbol]!.text));
      if (digits.length === 0) return;
      // The word as the pass saw it, and once per crossed digit with that digit's box
      // kept as ink: both must read the word with the same length and that digit.
      const plain = (await pool.recognize(wordImage(img, lost, word.bbox), WORD_OCR)).text.trim();
      if (plain.replace(/\s+/g, '') !== word.text) return;
      const kept = await Promise.all(digits.map((c) => pool.recognize(wordImage(img, lost, word.bbox, [word.symbols[c.symbol]!.bbox]), WORD_OCR)));
      digits.forEach((c, k) => {
        if (confirmsDigit(word.text, c.symbol, plain, kept[k]!.text.trim())) confirmed.add(c);
      });
    }),
  );
  return crossed.filter((c) => !confirmed.has(c));
}

const WORD_OCR = { psm: 8 } as const;

/** Preparations tried in turn (scale = resolution the crop is brought to for OCR). */
const PASSES: Prep[] = [
  { map: 'luminance', binarize: false, scale: 200 },
  { map: 'luminance', binarize: false, scale: 160 },
  { map: 'luminance', binarize: true, scale: 250 },
  { map: 'luminance', binarize: true, scale: 200 },
  { map: 'luminance', binarize: false, scale: 300 },
];
/** Hue-gated preparations, for coloured ink. */
const GATED_PASSES: Prep[] = [
  { map: 'gated', binarize: false, scale: 200 },
  { map: 'gated', binarize: true, scale: 250 },
  { map: 'gated', binarize: false, scale: 300 },
];

interface Prep {
  map: 'luminance' | 'gated';
  binarize: boolean;
  /** Resolution the crop is scaled to for OCR. */
  scale: number;
}

/** The reading the passes agree on (stamp-vote.ts), and the best stamp-like reading of any pass. */
function finish(region: RegionReading): RegionReading {
  const withBest = region.passes.filter((p) => p.best);
  const a = agree(region.passes.map((p) => p.vote));
  region.agreed = a?.reading;
  region.agreeing = a ? a.voters.map((i) => region.passes[i]!) : [];
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
      reading: p.late ? `${formatReading(p.late)} (later than the arrival)` : p.best ? formatReading(p.best) : undefined,
      ocrConfidence: Math.round(p.ocr.confidence),
    })),
    regionsTried: tried,
    ms,
  };
}

async function cropPng(page: RgbaImage, rect: Rect): Promise<Buffer> {
  return encodePng(cropImage(page, rect));
}

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}

/** Lets timers and I/O run between the pixel loops (each takes tens of milliseconds). */
function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
