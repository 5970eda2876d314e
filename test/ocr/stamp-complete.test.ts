import { describe, expect, it } from 'vitest';
import type { OcrResult, OcrWord } from '../../src/ocr/pool.ts';
import { completeCrossed, confirmsDigit, crossedSymbols, rebuildText, wordImage, type SymbolRef } from '../../src/ocr/stamp-complete.ts';
import { formatReading, parseStampText, STAMP_SCORE_MIN } from '../../src/ocr/stamp-date.ts';
import { plausible } from '../../src/ocr/stamp-vote.ts';

/** OCR result for `lines` of text: each character a 10×20 symbol box, words 10 px apart, lines 30 px apart. */
function ocrOf(lines: string[]): OcrResult {
  const words: OcrWord[] = [];
  lines.forEach((l, li) => {
    let x = 0;
    for (const w of l.split(' ')) {
      const symbols = [...w].map((ch, k) => ({ text: ch, confidence: 90, bbox: { x0: x + 10 * k, y0: 30 * li, x1: x + 10 * k + 10, y1: 30 * li + 20 } }));
      words.push({ text: w, confidence: 90, bbox: { x0: x, y0: 30 * li, x1: x + 10 * w.length, y1: 30 * li + 20 }, symbols, line: li });
      x += 10 * w.length + 10;
    }
  });
  return { text: lines.join('\n'), confidence: 90, words, ms: 0 };
}

/** The symbol spelling character `k` of word `w` (word index in reading order). */
const at = (word: number, symbol: number): SymbolRef => ({ word, symbol });

const arrival = new Date('2025-06-30T12:00:00Z');
const read = (text: string) => {
  const c = parseStampText(text, { facilityCodes: ['BCC'], referenceYear: 2025 }).filter((x) => plausible(x, arrival))[0];
  return c && c.score >= STAMP_SCORE_MIN ? c : undefined;
};

describe('stamp-complete: digits crossed by type (P-3, P-4)', () => {
  it('P-3: a crossed digit that only one value makes a possible date is completed from the other digits', () => {
    // The 0 of 2016 lost its left side under an `s` and read as 3: 2316 is after the
    // arrival, as are 2116…2916; only 2016 is possible.
    const ocr = ocrOf(['RECEIVED APR 25 2316 11:45 AM']);
    const c = completeCrossed(ocr, [at(3, 1)], read);
    expect(c && formatReading(c.reading)).toBe('2016-04-25 11:45');
    expect(c?.values).toBe(1);
  });

  it('P-4: a crossed digit that two values make possible is not completed', () => {
    // The 6 of 05.26 under an `e` reads as 5: any day from the 20th to the 29th is possible.
    const ocr = ocrOf(['SCANNED', '05.25.13 13.56', 'BCC']);
    expect(completeCrossed(ocr, [at(1, 4)], read)).toBeUndefined();
    // A crossed minute digit: 11:40…11:49 are all possible.
    expect(completeCrossed(ocrOf(['RECEIVED APR 25 2016 11:45 AM']), [at(4, 4)], read)).toBeUndefined();
  });

  it('P-3: a crossed digit the reading does not use leaves the reading as read', () => {
    const ocr = ocrOf(['RECEIVED APR 25 2016 11:45 AM', 'UNIT 7']);
    const c = completeCrossed(ocr, [at(7, 0)], read);
    expect(c && formatReading(c.reading)).toBe('2016-04-25 11:45');
    expect(c?.values).toBe(10);
  });

  it('P-4: more than two crossed digits, or none, are not completed', () => {
    const ocr = ocrOf(['RECEIVED APR 25 2316 11:45 AM']);
    expect(completeCrossed(ocr, [at(3, 1), at(2, 0), at(2, 1)], read)).toBeUndefined();
    expect(completeCrossed(ocr, [], read)).toBeUndefined();
  });

  it('P-4: no completion when no value of the crossed digit gives a possible reading', () => {
    // 2?16 with the 2 read as 3: 30x6 is outside any year the parser takes.
    const ocr = ocrOf(['RECEIVED APR 25 3316 11:45 AM']);
    expect(completeCrossed(ocr, [at(3, 1)], read)).toBeUndefined();
  });

  it('P-4: symbol boxes that do not spell their word are not trusted to locate the crossed digit', () => {
    const ocr = ocrOf(['RECEIVED APR 25 2316 11:45 AM']);
    ocr.words[3]!.symbols.pop();
    expect(rebuildText(ocr)).toBeUndefined();
    expect(completeCrossed(ocr, [at(3, 1)], read)).toBeUndefined();
  });

  it('P-3: rebuilt text keeps lines and words, with the replaced symbols', () => {
    const ocr = ocrOf(['SCANNED', '05.25.13 13.56']);
    expect(rebuildText(ocr)).toBe('SCANNED\n05.25.13 13.56');
    expect(rebuildText(ocr, new Map([['1:4', '6']]))).toBe('SCANNED\n05.26.13 13.56');
  });

  it('P-4: a digit (or a letter read as one) is crossed when over 4 % of its box was type taken out by the gate', () => {
    const ocr = ocrOf(['APR 25 2O16', 'PAGE']);
    const width = 120;
    const lost = new Uint8Array(width * 60);
    const cut = (x0: number, x1: number, y0: number, y1: number) => {
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) lost[y * width + x] = 255;
    };
    // The `O` of 2O16 (word 2, x 80–90): a 3×5 cut is 7.5 % of its box.
    cut(80, 83, 0, 5);
    // The 5 of 25 (word 1, x 50–60): 2 pixels, 1 %: not crossed.
    cut(50, 52, 0, 1);
    // `PAGE` holds no digit: not looked at.
    cut(0, 40, 30, 50);
    expect(crossedSymbols(ocr, lost, width)).toEqual([at(2, 1)]);
  });
});

describe('stamp-complete: confirming a crossed digit (P-3, P-4)', () => {
  it('P-3: a digit crossed by type is accepted only when both readings of its word agree on it', () => {
    // The 6 of 05.26 under an `e`: gated it reads 5, with the type kept as ink 8.
    expect(confirmsDigit('05.25.13', 4, '05.25.13', '05.28.13')).toBe(false);
    // The word as the pass saw it must read as the pass read it.
    expect(confirmsDigit('05.25.13', 4, '05.25.15', '05.25.13')).toBe(false);
    // The same length: a shifted reading says nothing about this digit.
    expect(confirmsDigit('1555', 1, '1555', '15555')).toBe(false);
    // Both agree: the type under it does not change the digit.
    expect(confirmsDigit('5-14-21', 5, '5-14-21', '5-14-21')).toBe(true);
    expect(confirmsDigit('2316', 2, '23 16', '2316')).toBe(true);
    // A letter read where a digit is (`2O16`) is never confirmed.
    expect(confirmsDigit('2O16', 1, '2O16', '2O16')).toBe(false);
  });

  it('P-3: the word image keeps the removed type as ink only inside the given digit box', () => {
    const width = 40;
    const height = 20;
    const img = { width, height, data: new Uint8Array(width * height).fill(255) };
    const lost = new Uint8Array(width * height);
    // Removed type at (5, 10) inside the digit box and at (30, 10) outside it.
    lost[10 * width + 5] = 255;
    lost[10 * width + 30] = 255;
    const word = { x0: 0, y0: 0, x1: width, y1: height };
    const box = { x0: 0, y0: 0, x1: 10, y1: height };
    const plain = wordImage(img, lost, word);
    const kept = wordImage(img, lost, word, [box]);
    expect(plain.width).toBe(kept.width);
    expect([...plain.data].every((v) => v === 255)).toBe(true);
    const dark = [...kept.data].filter((v) => v < 128).length;
    // One source pixel, enlarged k×k (k = ceil(48 / height) = 3): 9 output pixels, all from (5, 10).
    expect(dark).toBe(9);
  });
});
