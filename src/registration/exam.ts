/**
 * The CM/ECF exam: pages titled as an exam or test that hold numbered questions,
 * alone or after the form. A question is answered when something in its part of the page
 * says so: a checked box (in the image or a form field), a filled field, a typed mark, an
 * "Answer:" with a value, or pen marks (a circled choice, a written answer).
 */
import type { FormWidget } from '../parsers/pdf.ts';
import type { ExamReading } from './types.ts';
import { components, inkKind, toPixels } from './ink.ts';
import type { SeenBox } from './fields.ts';
import { hasExamTitle, questionLines } from './form-kind.ts';
import type { Box, Line, PageText, Word } from './page-text.ts';
import type { PageInk } from './signature.ts';

export interface ExamPage {
  text: PageText;
  widgets: FormWidget[];
  boxes: SeenBox[];
  ink: PageInk;
  typedBoxes: Box[];
}

const MARK = /^(?:[☒☑✓✔✗✘■⊠▣]|\[[xX✓✔]\]|\([xX]\)|[xX])$/;
const CHOICE = /^\(?[a-eA-E][).]\s|^[☐□❑❒○◯▢]/;
const isRule = (w: Word) => /^[_.\-–—]{3,}:?$/.test(w.text);

/**
 * Which pages are the exam: a page with exam wording at the top and questions numbered
 * from 1, and the pages after it whose numbering carries on. Returns page indexes into
 * `pages` with their question lines.
 */
export function examPages(pages: PageText[]): Array<{ index: number; questions: Array<{ n: number; line: Line }> }> {
  const out: Array<{ index: number; questions: Array<{ n: number; line: Line }> }> = [];
  let last = 0;
  pages.forEach((p, index) => {
    if (last > 0) {
      const more = questionLines(p, last);
      if (more.length) {
        out.push({ index, questions: more });
        last = more[more.length - 1]!.n;
        return;
      }
    }
    if (!hasExamTitle(p)) {
      last = 0;
      return;
    }
    const qs = questionLines(p, 0);
    if (qs.length >= 2) {
      out.push({ index, questions: qs });
      last = qs[qs.length - 1]!.n;
    }
  });
  return out;
}

function inBox(b: Box, r: Box): boolean {
  const cx = (b.x0 + b.x1) / 2;
  const cy = (b.y0 + b.y1) / 2;
  return cx >= r.x0 && cx <= r.x1 && cy >= r.y0 && cy <= r.y1;
}

/**
 * An "Answer" column: a heading "Answer" standing alone in its cell above the questions, under
 * which each question's answer is written (a letter, True/False). Its x-range, points.
 */
function answerColumn(p: PageText, firstQuestion: Line | undefined): { x0: number; x1: number } | undefined {
  for (const l of p.lines) {
    if (firstQuestion && l.y0 >= firstQuestion.y0) break;
    const k = l.words.findIndex((w) => /^answers?:?$/i.test(w.text));
    if (k < 0) continue;
    const w = l.words[k]!;
    const next = l.words[k + 1];
    // A heading, not "Write the answer in…": first in its cell and alone there. The column
    // starts at its left edge: a table cell's text never reaches into it.
    if (!(k === 0 || w.gapBefore) || (next && !next.gapBefore)) continue;
    const size = Math.max(l.size, 8);
    return { x0: w.x0 - 0.5 * size, x1: w.x1 + 3 * size };
  }
  return undefined;
}

function answered(pg: ExamPage, region: Box, question: Line, column?: { x0: number; x1: number }): boolean {
  const p = pg.text;
  if (column) {
    // Something written in the answer column on the question's rows (its own line too).
    const inColumn = p.lines
      .filter((l) => inBox(l, region) || l === question)
      .flatMap((l) => l.words.filter((w) => w.x0 >= column.x0 && w.x0 <= column.x1));
    if (inColumn.some((w) => /\w/.test(w.text) && !isRule(w) && (p.source === 'text' || w.conf >= 50))) return true;
  }
  for (const w of pg.widgets) {
    const r = { x0: w.rect.x, y0: w.rect.y, x1: w.rect.x + w.rect.width, y1: w.rect.y + w.rect.height };
    if (!inBox(r, region)) continue;
    if ((w.type === 'checkbox' || w.type === 'radio') && w.checked) return true;
    if ((w.type === 'text' || w.type === 'choice') && w.value.trim()) return true;
  }
  if (pg.boxes.some((b) => b.checked && inBox(b, region))) return true;
  const lines = p.lines.filter((l) => l !== question && inBox(l, region));
  for (const l of lines) {
    const ws = l.words.filter((w) => !isRule(w));
    // A typed mark by a choice (text layer only: OCR reads stray ink as "x").
    if (p.source === 'text' && ws.some((w) => MARK.test(w.text)) && ws.length > 1) return true;
    const a = ws.findIndex((w) => /^answer:?$/i.test(w.text));
    if (a >= 0 && ws.slice(a + 1).some((w) => w.text !== ':' && (p.source === 'text' || w.conf >= 50))) return true;
  }
  // A question without choices or boxes takes a written answer: any text under it.
  const hasChoices = lines.some((l) => CHOICE.test(l.text)) || pg.boxes.some((b) => inBox(b, region)) || pg.widgets.some((w) => inBox({ x0: w.rect.x, y0: w.rect.y, x1: w.rect.x + w.rect.width, y1: w.rect.y + w.rect.height }, region));
  if (!hasChoices && lines.some((l) => l.words.some((w) => !isRule(w) && /\w/.test(w.text) && (p.source === 'text' || w.conf >= 60)))) return true;
  // Pen marks: a circled choice, a tick beside it, a handwritten answer.
  const { dpi, clean } = pg.ink;
  const em = Math.max(p.size, 8) * (dpi / 72);
  const typed = pg.typedBoxes.map((b) => toPixels(b, dpi));
  for (const c of components(clean, toPixels(region, dpi))) {
    if (inkKind(c, em) === 'pen' && !typed.some((t) => inBox(c, t))) return true;
  }
  return false;
}

/** The exam over its pages, or null when there is none. */
export function readExam(pages: ExamPage[], found: ReturnType<typeof examPages>): ExamReading | null {
  if (!found.length) return null;
  let questions = 0;
  let done = 0;
  for (const { index, questions: qs } of found) {
    const pg = pages[index]!;
    const p = pg.text;
    const column = answerColumn(p, qs[0]?.line);
    qs.forEach((q, k) => {
      const next = qs[k + 1];
      const size = Math.max(q.line.size, 8);
      const region: Box = {
        x0: 0,
        y0: q.line.y0 - 0.3 * size,
        x1: p.width,
        y1: next ? next.line.y0 - 0.3 * size : Math.min(p.height, q.line.y1 + 14 * size),
      };
      questions++;
      if (answered(pg, region, q.line, column)) done++;
    });
  }
  return { complete: questions > 0 && done === questions, answered: done, questions, pages: found.map((f) => pages[f.index]!.text.page) };
}
