/**
 * Digits of a stamp crossed by type (P-3, P-4). Pure: no I/O.
 *
 * Where typed text lies along a stamp's stroke, the hue gate takes the stroke out with the
 * type and the digit loses a piece: a 0 whose left side is under an `s` reads as 3, the
 * same way in every gated pass. Such a digit is not evidence of anything. What can still
 * be known is what the *other* digits allow: the reading is rebuilt with the crossed
 * digit as each of 0–9 in turn, and when exactly one of those readings is possible (a
 * valid date, not after the arrival, shaped like a stamp) the reading rests on undamaged
 * digits alone — `APR 25 2?16` can only be 2016 on a filing that arrived in 2025. When two
 * values are possible (`05.2?.13`: any day from the 20th to the 29th) nothing is known
 * and the pass stays damaged.
 *
 * Before that, a crossed digit may be confirmed as read (stamp.ts does the OCR): its word
 * cut out alone must read as the pass read it both as gated and with the type under that
 * digit kept as ink (`wordImage`, `confirmsDigit`). The stamp's true stroke lies between
 * the two images; a digit both read the same does not hang on what the type hides. The
 * type's colour under the stamp is no help: stamp ink over toner leaves a tint of a few
 * levels that JPEG's half-resolution colour drowns in the ink beside it.
 */
import type { GrayImage, OcrBox, OcrResult } from './pool.ts';
import { formatReading, type StampCandidate } from './stamp-date.ts';

/** A symbol of the OCR result: word index, symbol index within the word. */
export interface SymbolRef {
  word: number;
  symbol: number;
}

/** A symbol with over this share of its box taken out by the gate is crossed by type. */
export const CROSSED_SHARE = 0.04;

/** Digits, and letters the date parser reads as digits in a number (`2O16`, `l0:32`). */
const DIGIT_LIKE = /^[0-9OoIli|SsB]$/;

/** Most crossed digits one reading is completed over (10^n readings are parsed). */
const MAX_CROSSED = 2;

/**
 * The digit-like symbols of words holding digits whose boxes the gate cut: over
 * `share` of the box is `lost` (≥ 128), a layer the size of the recognised image.
 */
export function crossedSymbols(ocr: OcrResult, lost: Uint8Array, width: number, share = CROSSED_SHARE): SymbolRef[] {
  const height = Math.floor(lost.length / Math.max(1, width));
  const out: SymbolRef[] = [];
  ocr.words.forEach((w, wi) => {
    if (!/\d/.test(w.text)) return;
    w.symbols.forEach((s, si) => {
      if (!DIGIT_LIKE.test(s.text)) return;
      const { x0, y0, x1, y1 } = s.bbox;
      let n = 0;
      let area = 0;
      for (let y = Math.max(0, y0); y < Math.min(height, y1); y++) {
        for (let x = Math.max(0, x0); x < Math.min(width, x1); x++) {
          area++;
          if (lost[y * width + x]! >= 128) n++;
        }
      }
      if (area > 0 && n > share * area) out.push({ word: wi, symbol: si });
    });
  });
  return out;
}

/**
 * The text of `ocr` rebuilt from its words (one line per text line, words separated by a
 * space) with the given symbols replaced; undefined when a word's symbols do not spell the
 * word (the boxes could not be trusted to say which character was cut).
 */
export function rebuildText(ocr: OcrResult, replace: Map<string, string> = new Map()): string | undefined {
  const lines: string[][] = [];
  for (let wi = 0; wi < ocr.words.length; wi++) {
    const w = ocr.words[wi]!;
    if (w.symbols.map((s) => s.text).join('') !== w.text) return undefined;
    const text = w.symbols.map((s, si) => replace.get(`${wi}:${si}`) ?? s.text).join('');
    (lines[w.line] ??= []).push(text);
  }
  return lines.map((l) => (l ?? []).join(' ')).join('\n');
}

export interface Completion {
  /** The one reading the undamaged digits allow. */
  reading: StampCandidate;
  /** How many values of the crossed digits gave it (the rest gave no possible reading). */
  values: number;
}

/**
 * The reading of a pass whose digits `crossed` the gate cut, when it does not depend on
 * what those digits are: every value 0–9 of each is tried, `read` gives the stamp reading
 * of the resulting text (or none: that value is impossible), and the completion stands
 * only when all values that give a reading give the same one (date, time and tentative
 * time). Undefined when two readings are possible, none is, the boxes do not spell the
 * words, or too many digits were crossed.
 */
export function completeCrossed(ocr: OcrResult, crossed: SymbolRef[], read: (text: string) => StampCandidate | undefined): Completion | undefined {
  if (crossed.length === 0 || crossed.length > MAX_CROSSED) return undefined;
  if (rebuildText(ocr) === undefined) return undefined;
  let found: StampCandidate | undefined;
  let key: string | undefined;
  let values = 0;
  const total = 10 ** crossed.length;
  for (let v = 0; v < total; v++) {
    const replace = new Map<string, string>();
    crossed.forEach((c, k) => replace.set(`${c.word}:${c.symbol}`, String(Math.floor(v / 10 ** k) % 10)));
    const reading = read(rebuildText(ocr, replace)!);
    if (!reading) continue;
    const t = reading.tentativeTime;
    const k = `${formatReading(reading)}|${t ? `${t.hour}:${t.minute}` : ''}`;
    if (key !== undefined && k !== key) return undefined;
    key = k;
    found ??= reading;
    values++;
  }
  return found ? { reading: found, values } : undefined;
}

/**
 * A word of a gated pass cut out for OCR on its own, with what the gate took out of the
 * boxes `asInk` kept as ink (every removed pixel there: the stamp's stroke may run anywhere
 * under the type) and elsewhere left out. With no boxes it is the gated word as the pass
 * saw it. The truth lies between the two: a digit read the same both ways does not depend
 * on what the type hides. Small words are enlarged (tesseract reads glyphs 40–60 px high
 * best) and set on a white margin.
 */
export function wordImage(img: GrayImage, lost: Uint8Array, word: OcrBox, asInk: OcrBox[] = []): GrayImage {
  const pad = Math.max(2, Math.round((word.y1 - word.y0) / 6));
  const x0 = Math.max(0, word.x0 - pad);
  const y0 = Math.max(0, word.y0 - pad);
  const x1 = Math.min(img.width, word.x1 + pad);
  const y1 = Math.min(img.height, word.y1 + pad);
  const w = Math.max(1, x1 - x0);
  const h = Math.max(1, y1 - y0);
  const k = Math.max(1, Math.min(4, Math.ceil(48 / h)));
  const m = Math.max(12, Math.round((h * k) / 2));
  const W = w * k + 2 * m;
  const H = h * k + 2 * m;
  const out = new Uint8Array(W * H).fill(255);
  const inBox = (x: number, y: number) => asInk.some((b) => x >= b.x0 && x < b.x1 && y >= b.y0 && y < b.y1);
  for (let y = 0; y < h * k; y++) {
    const sy = y0 + Math.floor(y / k);
    for (let x = 0; x < w * k; x++) {
      const sx = x0 + Math.floor(x / k);
      const i = sy * img.width + sx;
      out[(y + m) * W + x + m] = lost[i]! >= 128 && inBox(sx, sy) ? 0 : img.data[i]!;
    }
  }
  return { width: W, height: H, data: out };
}

/**
 * Whether a crossed digit (symbol `index` of `word`, the pass's reading) is confirmed by
 * OCR of its word alone: `plain`, the gated word as the pass saw it, must read as the pass
 * read it, and `kept`, the word with that digit's box's removed type kept as ink, must
 * read with the same length and the same character there. Spaces OCR put inside the word
 * are ignored.
 */
export function confirmsDigit(word: string, index: number, plain: string, kept: string): boolean {
  const p = plain.replace(/\s+/g, '');
  const q = kept.replace(/\s+/g, '');
  if (!/^\d$/.test(word[index] ?? '')) return false;
  return p === word && q.length === word.length && q[index] === word[index];
}
