/**
 * A page's words and lines with their places, whether they come from the PDF's text layer
 * or from OCR of a scan, so that the form, field, signature and exam readers work on one
 * model. Coordinates are points on the displayed page, top-left origin.
 */
import type { TextItem } from '../parsers/pdf.ts';
import type { OcrWord } from '../ocr/pool.ts';

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface Word extends Box {
  text: string;
  /** 0..100; text-layer words are 100. */
  conf: number;
  /** A wide gap (a new column or cell) separates this word from the one before it. */
  gapBefore: boolean;
}

export interface Line extends Box {
  words: Word[];
  /** The words joined by single spaces. */
  text: string;
  /** Font size (text layer) or word height (OCR), points. */
  size: number;
}

export interface PageText {
  /** 1-based. */
  page: number;
  source: 'text' | 'ocr';
  width: number;
  height: number;
  lines: Line[];
  /** Typical font size on the page, points. */
  size: number;
}

/** A gap wider than this many font sizes between two words starts a new cell. */
const CELL_GAP = 1.6;

interface Piece extends Box {
  text: string;
  size: number;
  baseline: number;
  /** Whitespace in the source before / after this piece. */
  spaceBefore: boolean;
}

/** Lines of a page's text layer: pieces on one baseline form a line, words split at spaces. */
export function textLayerPage(page: number, width: number, height: number, items: TextItem[]): PageText {
  const pieces: Piece[] = [];
  for (const it of items) {
    if (!it.horizontal) continue;
    const chars = [...it.str];
    const per = chars.length ? it.width / chars.length : 0;
    let start = -1;
    const flush = (end: number) => {
      if (start < 0) return;
      pieces.push({
        text: chars.slice(start, end).join(''),
        x0: it.x + per * start,
        x1: it.x + per * end,
        y0: it.baseline - 0.8 * it.size,
        y1: it.baseline + 0.2 * it.size,
        size: it.size,
        baseline: it.baseline,
        spaceBefore: true,
      });
      start = -1;
    };
    chars.forEach((ch, k) => {
      if (/\s/.test(ch)) flush(k);
      else if (start < 0) start = k;
    });
    flush(chars.length);
  }
  fixSpaceFlags(pieces, items);
  pieces.sort((p, q) => p.baseline - q.baseline || p.x0 - q.x0);
  const groups: Piece[][] = [];
  for (const p of pieces) {
    const g = groups[groups.length - 1];
    const ref = g?.[0];
    if (g && ref && Math.abs(p.baseline - ref.baseline) <= 0.4 * Math.max(p.size, ref.size)) g.push(p);
    else groups.push([p]);
  }
  const lines = groups.map((g) => {
    g.sort((p, q) => p.x0 - q.x0);
    const words: Word[] = [];
    let prev: Piece | undefined;
    for (const p of g) {
      const gap = prev ? p.x0 - prev.x1 : Infinity;
      const last = words[words.length - 1];
      if (last && prev && !p.spaceBefore && gap < 0.15 * p.size && gap > -0.5 * p.size) {
        last.text += p.text;
        last.x1 = Math.max(last.x1, p.x1);
        last.y0 = Math.min(last.y0, p.y0);
        last.y1 = Math.max(last.y1, p.y1);
      } else {
        words.push({ text: p.text, x0: p.x0, y0: p.y0, x1: p.x1, y1: p.y1, conf: 100, gapBefore: !!prev && gap > CELL_GAP * p.size });
      }
      prev = p;
    }
    return makeLine(words, median(g.map((p) => p.size)));
  });
  return { page, source: 'text', width, height, lines, size: median(lines.map((l) => l.size)) || 10 };
}

/** Whether each piece was preceded by whitespace in its item (the first piece of an item: yes). */
function fixSpaceFlags(pieces: Piece[], items: TextItem[]): void {
  // Pieces are produced item by item in order; within an item every piece after the first
  // followed whitespace (that is why it is a new piece). The first piece of an item starts
  // fresh unless the item itself begins without a space: items are split by the producer,
  // often mid-word (kerning), so the first piece counts as "no space" and the gap decides.
  let k = 0;
  for (const it of items) {
    if (!it.horizontal) continue;
    const n = it.str.split(/\s+/).filter(Boolean).length;
    for (let j = 0; j < n && k < pieces.length; j++, k++) {
      pieces[k]!.spaceBefore = j > 0 || /^\s/.test(it.str);
    }
  }
}

/** Lines from OCR words (pixels at `dpi`), grouped by the line tesseract assigned. */
export function ocrPage(page: number, width: number, height: number, words: OcrWord[], dpi: number): PageText {
  const k = 72 / dpi;
  const byLine = new Map<number, Word[]>();
  for (const w of words) {
    const text = w.text.trim();
    if (!text) continue;
    const word: Word = { text, x0: w.bbox.x0 * k, y0: w.bbox.y0 * k, x1: w.bbox.x1 * k, y1: w.bbox.y1 * k, conf: w.confidence, gapBefore: false };
    const list = byLine.get(w.line) ?? [];
    list.push(word);
    byLine.set(w.line, list);
  }
  const lines: Line[] = [];
  for (const list of byLine.values()) {
    list.sort((a, b) => a.x0 - b.x0);
    const size = median(list.map((w) => w.y1 - w.y0));
    list.forEach((w, i) => {
      if (i > 0) w.gapBefore = w.x0 - list[i - 1]!.x1 > CELL_GAP * size;
    });
    lines.push(makeLine(list, size));
  }
  lines.sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
  return { page, source: 'ocr', width, height, lines, size: median(lines.map((l) => l.size)) || 10 };
}

function makeLine(words: Word[], size: number): Line {
  return {
    words,
    text: words.map((w) => w.text).join(' '),
    size,
    x0: Math.min(...words.map((w) => w.x0)),
    y0: Math.min(...words.map((w) => w.y0)),
    x1: Math.max(...words.map((w) => w.x1)),
    y1: Math.max(...words.map((w) => w.y1)),
  };
}

export function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** All the page's text, one line per line. */
export function pageString(p: PageText): string {
  return p.lines.map((l) => l.text).join('\n');
}

export function overlaps(a: Box, b: Box): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

export function contains(outer: Box, x: number, y: number): boolean {
  return x >= outer.x0 && x <= outer.x1 && y >= outer.y0 && y <= outer.y1;
}
