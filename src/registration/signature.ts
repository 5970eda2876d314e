/**
 * The signature, decided from the page image around the signature line, not from the
 * text alone. A wet signature is ink there that is not typed text: pen strokes, large,
 * thin, connected components, whether drawn as a vector path, pasted as an image or
 * scanned from paper. Text of the text layer is typed by definition, even in a script
 * font, so its ink is left out. `/s/ Name` or a typed name on the line is 'typed';
 * nothing is 'none'.
 */
import type { FormWidget } from '../parsers/pdf.ts';
import type { SignatureReading } from './types.ts';
import { components, inkKind, toPixels, toPoints, type Bitmap } from './ink.ts';
import { labelKey, matchLabel, similar } from './labels.ts';
import { contains, type Box, type Line, type PageText, type Word } from './page-text.ts';

export interface PageInk {
  dpi: number;
  /** The page binarised, ruled lines removed. */
  clean: Bitmap;
  /** Horizontal ruled lines of the page (points): where a signature is written. */
  rules?: Box[];
}

export interface SignaturePage {
  text: PageText;
  widgets: FormWidget[];
  ink: PageInk;
  /** Word boxes of the text layer (typed text); empty for a scan. */
  typedBoxes: Box[];
}

interface Candidate {
  page: SignaturePage;
  /** Where pen strokes of this signature would be (points): any of these. */
  penAreas: Box[];
  /** Where a typed signature would be written (points). */
  typedBand: Box;
  /** The label's own words (not a typed signature). */
  label: Word[];
  /** A value typed into a signature form field. */
  fieldValue?: string;
  what: string;
}

type Verdict = SignatureReading & { rank: number };

const isRule = (w: Word) => /^[_.\-–—]{3,}:?$/.test(w.text);

function isSignatureWord(text: string, fuzzy: boolean): boolean {
  const k = labelKey(text);
  return /^(?:applicants? |attorneys? |filers? |users? )?signature/.test(k) || k === 'signed' || k === 'sign' || (fuzzy && similar(k, 'signature', true));
}

/** A line split into cells at wide gaps and at rules ("Signature: ______ Date: ____"). */
function cells(line: Line): Word[][] {
  const out: Word[][] = [];
  let cur: Word[] = [];
  for (const w of line.words) {
    if (isRule(w)) {
      if (cur.length) out.push(cur);
      cur = [];
      continue;
    }
    if (w.gapBefore && cur.length) {
      out.push(cur);
      cur = [];
    }
    cur.push(w);
  }
  if (cur.length) out.push(cur);
  return out;
}

/**
 * Signature lines: a short cell whose first words say "Signature", "Signed"… ("Signature:",
 * "Signature of Applicant", "Applicant's Signature"), not a sentence that mentions one.
 */
function labelCandidates(pg: SignaturePage): Candidate[] {
  const p = pg.text;
  const fuzzy = p.source === 'ocr';
  const out: Candidate[] = [];
  for (const line of p.lines) {
    if (line.words.filter((w) => !isRule(w)).length > 14) continue;
    for (const cell of cells(line)) {
      const at = cell.findIndex((w) => isSignatureWord(w.text, fuzzy));
      if (at < 0 || at > 2) continue;
      const colon = cell.findIndex((w) => /:$/.test(w.text));
      const label = colon >= at ? cell.slice(0, colon + 1) : cell.length <= 6 ? cell : undefined;
      if (!label || label.length > 6) continue;
      out.push(candidateFor(pg, line, label, line.words.indexOf(label[label.length - 1]!) + 1));
    }
  }
  return out;
}

function candidateFor(pg: SignaturePage, line: Line, label: Word[], after: number): Candidate {
  const p = pg.text;
  const size = Math.max(line.size, p.size, 8);
  const lb: Box = { x0: label[0]!.x0, y0: Math.min(...label.map((w) => w.y0)), x1: label[label.length - 1]!.x1, y1: Math.max(...label.map((w) => w.y1)) };
  // The signature space ends at the next label on the line ("Date:"), else ~4.5 inches on.
  const rest = line.words.slice(after);
  const nextLabel = rest.find((w, k) => !isRule(w) && (w.gapBefore || k === 0 || isRule(rest[k - 1]!)) && matchLabel(w.text, p.source === 'ocr') === 'other');
  const x1 = Math.min(p.width - 12, nextLabel ? nextLabel.x0 - 2 : lb.x0 + 330);
  const onLine = rest.some((w) => w !== nextLabel && (!nextLabel || w.x0 < nextLabel.x0)) || /:$/.test(label[label.length - 1]!.text);
  const penArea: Box = { x0: lb.x0 - size, y0: lb.y0 - 4.5 * size, x1, y1: lb.y1 + 1.2 * size };
  const alone = !rest.some((w) => !isRule(w) && w.x0 < x1);
  const ruled = signatureRule(pg, label, lb, size, alone);
  if (ruled) {
    // On a ruled line the signature is what stands on the line: the printed name under it,
    // the "Signature" label above or below it and the date beside it are not the signature.
    const inLabel = ruled.inline ? label.filter((w) => (w.x0 + w.x1) / 2 < ruled.rule.x0) : label;
    const end = ruled.inline ? inLabel[inLabel.length - 1]! : undefined;
    const next = rest.find((w) => !inLabel.includes(w) && !isRule(w) && w.x0 > ruled.rule.x0 && matchLabel(w.text, p.source === 'ocr') === 'other');
    const r0 = end ? Math.max(ruled.rule.x0, end.x1) : ruled.rule.x0;
    const r1 = Math.min(ruled.rule.x1, ruled.inline && next ? next.x0 - 2 : Infinity, p.width - 12);
    const band: Box = { x0: r0, y0: ruled.rule.y0 - 1.6 * size, x1: r1, y1: ruled.rule.y0 + 0.25 * size };
    // A row of underscores is a line of its own: the name typed "on" it is the line above.
    const above = p.lines
      .filter((l) => l !== line && l.y1 <= band.y0 + 0.8 * size && l.y1 >= ruled.rule.y0 - 2.6 * size)
      .filter((l) => l.words.some((w) => !isRule(w) && (p.source !== 'ocr' || w.conf >= 55) && w.x1 > r0 && w.x0 < r1))
      .sort((a, b) => b.y1 - a.y1)[0];
    if (above && above.y0 < band.y0) band.y0 = above.y0 - 1;
    return {
      page: pg,
      penAreas: [penArea, { x0: r0 - size, y0: ruled.rule.y0 - 4.5 * size, x1: r1 + size, y1: ruled.rule.y1 + 1.5 * size }],
      typedBand: band,
      label: inLabel.length ? inLabel : label,
      what: `"${(inLabel.length ? inLabel : label).map((w) => w.text).join(' ')}"`,
    };
  }
  let typedBand: Box = onLine
    ? { x0: lb.x1, y0: lb.y0 - 0.9 * size, x1, y1: lb.y1 + 0.3 * size }
    : { x0: lb.x0 - 0.5 * size, y0: lb.y0 - 2.2 * size, x1, y1: lb.y0 + 0.1 * size };
  if (!onLine) {
    // Label under the line: a name typed on the line is the nearest text above it, which may
    // sit a line or two higher when the rule is a row of underscores of its own.
    const fuzzy = p.source === 'ocr';
    const above = p.lines
      .filter((l) => l !== line && l.y1 <= lb.y0 + 1 && l.y1 >= lb.y0 - 4 * size)
      // OCR of the rule itself ("ee eT ARS") is no text line.
      .filter((l) => l.words.some((w) => !isRule(w) && (!fuzzy || w.conf >= 55) && w.x1 > typedBand.x0 && w.x0 < x1))
      .sort((a, b) => b.y1 - a.y1)[0];
    if (above && above.y0 < typedBand.y0) typedBand = { ...typedBand, y0: above.y0 - 1 };
  }
  return { page: pg, penAreas: [penArea], typedBand, label, what: `"${label.map((w) => w.text).join(' ')}"` };
}

/**
 * The ruled line a signature label belongs to: the line it runs into ("Signature ______"),
 * or, for a label alone on its line, the nearest line just above it (the label printed
 * under the line, perhaps with the printed name between) or just below it (the label
 * over the line).
 */
function signatureRule(pg: SignaturePage, label: Word[], lb: Box, size: number, alone: boolean): { rule: Box; inline: boolean } | undefined {
  const rules = pg.ink.rules ?? [];
  const first = label[0]!;
  const inline = rules.filter((r) => r.x0 >= first.x1 - 2 && r.x0 <= lb.x1 + 3 * size && r.y0 >= lb.y0 && r.y0 <= lb.y1 + 0.8 * size).sort((a, b) => a.x0 - b.x0)[0];
  if (inline) return { rule: inline, inline: true };
  if (!alone) return undefined;
  const dist = (r: Box) => (r.y1 <= lb.y0 + 1 ? lb.y0 - r.y1 : r.y0 - lb.y1);
  const near = rules
    .filter((r) => r.x0 < lb.x1 && r.x1 > lb.x0)
    .filter((r) => (r.y1 <= lb.y0 + 1 && lb.y0 - r.y1 <= 3.5 * size) || (r.y0 >= lb.y1 - 1 && r.y0 - lb.y1 <= 4 * size))
    .sort((a, b) => dist(a) - dist(b))[0];
  return near ? { rule: near, inline: false } : undefined;
}

function widgetCandidates(pg: SignaturePage): Candidate[] {
  const out: Candidate[] = [];
  for (const w of pg.widgets) {
    if (!(w.type === 'signature' || (w.type === 'text' && /sign/i.test(`${w.name} ${w.tooltip}`)))) continue;
    const r = { x0: w.rect.x, y0: w.rect.y, x1: w.rect.x + w.rect.width, y1: w.rect.y + w.rect.height };
    out.push({
      page: pg,
      penAreas: [{ x0: r.x0 - 10, y0: r.y0 - 30, x1: r.x1 + 10, y1: r.y1 + 10 }],
      typedBand: r,
      label: [],
      fieldValue: w.value.trim() || undefined,
      what: `the form field "${w.name}"`,
    });
  }
  return out;
}

function centreIn(b: Box, area: Box): boolean {
  return contains(area, (b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2);
}

/** Pen-stroke components in `area` (points) that are not typed text. */
function penStrokes(pg: SignaturePage, area: Box): { count: number; extent: number; em: number } {
  const { dpi, clean } = pg.ink;
  const em = Math.max(pg.text.size, 8) * (dpi / 72);
  const px = toPixels(area, dpi);
  const typed = pg.typedBoxes.map((b) => toPixels({ x0: b.x0 - 1, y0: b.y0 - 1, x1: b.x1 + 1, y1: b.y1 + 1 }, dpi));
  let count = 0;
  let x0 = Infinity;
  let x1 = -Infinity;
  for (const c of components(clean, px)) {
    if (inkKind(c, em) !== 'pen') continue;
    if (typed.some((t) => centreIn(c, t))) continue;
    count++;
    x0 = Math.min(x0, c.x0);
    x1 = Math.max(x1, c.x1);
  }
  return { count, extent: count ? x1 - x0 : 0, em };
}

/** Glyph-sized ink in `band` that the text layer does not account for (an image of typed text). */
function untypedGlyphs(pg: SignaturePage, band: Box): number {
  if (pg.text.source === 'ocr') return 0; // OCR reads scanned type: its words decide
  const { dpi, clean } = pg.ink;
  const em = Math.max(pg.text.size, 8) * (dpi / 72);
  const typed = pg.typedBoxes.map((b) => toPixels(b, dpi));
  return components(clean, toPixels(band, dpi)).filter((c) => inkKind(c, em) === 'glyph' && !typed.some((t) => centreIn(c, t))).length;
}

function typedWords(c: Candidate): string | undefined {
  const p = c.page.text;
  const words = p.lines
    .flatMap((l) => l.words)
    .filter((w) => centreIn(w, c.typedBand) && !c.label.includes(w) && !isRule(w))
    .filter((w) => p.source !== 'ocr' || w.conf >= 55 || /\/s\//i.test(w.text))
    .filter((w) => /[a-z]{2}|\/s\//i.test(w.text) && matchLabel(w.text, p.source === 'ocr') !== 'other');
  const fromFields = c.page.widgets
    .filter((w) => w.type === 'text' && w.value.trim() && centreIn({ x0: w.rect.x, y0: w.rect.y, x1: w.rect.x + w.rect.width, y1: w.rect.y + w.rect.height }, c.typedBand))
    .map((w) => w.value.trim());
  const text = [...new Set([...words.map((w) => w.text), ...fromFields, ...(c.fieldValue ? [c.fieldValue] : [])])].join(' ').trim();
  return text || undefined;
}

function judge(c: Candidate): Verdict {
  const page = c.page.text.page;
  const pen = c.penAreas.map((a) => penStrokes(c.page, a)).find((x) => x.count > 0 && x.extent >= 2.5 * x.em);
  if (pen) {
    return { kind: 'wet', page, rank: 2, detail: `pen strokes by the signature line (${c.what})` };
  }
  const typed = typedWords(c);
  if (typed) {
    const slash = /\/s\//i.test(typed);
    return { kind: 'typed', page, rank: 1, detail: slash ? `"${typed}" typed on the signature line (${c.what})` : `the typed name "${typed}" on the signature line (${c.what})` };
  }
  if (untypedGlyphs(c.page, c.typedBand) >= 4) {
    return { kind: 'typed', page, rank: 1, detail: `typed characters (an image of text) on the signature line (${c.what})` };
  }
  return { kind: 'none', page, rank: 0, detail: `nothing on the signature line (${c.what})` };
}

/** The best signature over the form's pages: a wet one anywhere wins over a typed one. */
export function readSignature(pages: SignaturePage[]): SignatureReading {
  let best: Verdict | undefined;
  for (const pg of pages) {
    for (const c of [...widgetCandidates(pg), ...labelCandidates(pg)]) {
      const v = judge(c);
      if (!best || v.rank > best.rank) best = v;
    }
  }
  if (best) return { kind: best.kind, page: best.page, detail: best.detail };
  // No signature line found: pen strokes anywhere on the form still count.
  for (const pg of pages) {
    const whole = { x0: 0, y0: 0, x1: pg.text.width, y1: pg.text.height };
    const pen = penStrokes(pg, whole);
    if (pen.count > 0 && pen.extent >= 2.5 * pen.em) return { kind: 'wet', page: pg.text.page, detail: 'pen strokes on the form (no signature line found)' };
  }
  return { kind: 'none', page: pages[pages.length - 1]?.text.page ?? 1, detail: 'no signature line found on the form' };
}

export { toPoints };
