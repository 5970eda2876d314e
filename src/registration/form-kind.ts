/**
 * Which registration form a page is, from its title and wording, and whether a page
 * is the CM/ECF exam. Read from the text layer or OCR, so the patterns allow for
 * spacing and OCR slips ("Form No1a.", "Form No. la", "Forrn No. 2").
 */
import type { FormKind } from './types.ts';
import { matchLabel } from './labels.ts';
import type { Line, PageText } from './page-text.ts';

export interface TitleMatch {
  kind: FormKind;
  /** The lines that name the form, as read. */
  title: string;
  /** Index of the first title line on the page. */
  line: number;
}

/** Lower case, OCR's usual slips in these words folded, single spaces. */
export function normText(s: string): string {
  return s
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/forrn|fonn|f0rm/g, 'form')
    .replace(/\s+/g, ' ')
    .trim();
}

// "ECF Form No. 1a", "Form No1a.", "Form #2", "FORM 1", "Form No. la" (OCR).
const FORM_NO = /\bform\s*(?:no\.?|number|num\.?|#)?\s*([0-9il|!]{1,2})\s*(a)?\b/;
const KIND_WORDS: Array<[FormKind, RegExp]> = [
  ['pro-hac-vice', /\bpro\s*hac\s*vice\b/],
  ['user', /\b(?:user|limited(?:\s*use(?:r)?)?)\s+registration\b|\blimited\s+user\b|\bregistration\s+(?:form\s+)?(?:for|as)\s+(?:a\s+)?(?:limited\s+)?users?\b/],
  ['filer', /\b(?:filer|attorney|filing\s+user|full\s+filer)\s+registration\b|\bregistration\s+(?:form\s+)?(?:for|as)\s+(?:an?\s+)?(?:attorney\s+)?filers?\b/],
];
const REGISTRATION = /\bregistration\b|\bregister\b|\bcm\s*\/?\s*ecf\b|\belectronic\s+(?:case\s+)?filing\b|\becf\b/;

function formNumberKind(line: string): FormKind | undefined {
  const m = FORM_NO.exec(line);
  if (!m) return undefined;
  const digits = m[1]!.replace(/[il|!]/g, '1');
  // OCR may read "1a" as "la": the letter class above takes "l" as the 1.
  const a = m[2];
  if (digits === '1' && a) return 'pro-hac-vice';
  if (digits === '1') return 'filer';
  if (digits === '2') return 'user';
  if (digits === '11') return a ? 'pro-hac-vice' : undefined;
  return undefined;
}

/** A short line, as titles are (a sentence that mentions a form is no title). */
function titleLike(l: Line): boolean {
  return l.words.length <= 14;
}

/**
 * The form named at the top of the page. A title line ("ECF Form No. 1", "Filer
 * Registration Form") must be short and sit in the upper part of the page, and the page
 * must carry registration wording. The form number decides over the words: a Filer form
 * may mention "pro hac vice" in its title block ("Filer (including pro hac vice)").
 */
export function findTitle(p: PageText): TitleMatch | undefined {
  const top = p.lines.filter((l) => l.y0 < p.height * 0.45);
  const all = normText(p.lines.map((l) => l.text).join(' '));
  if (!REGISTRATION.test(all)) return undefined;
  let byNumber: { kind: FormKind; i: number } | undefined;
  const byWords: Array<{ kind: FormKind; i: number }> = [];
  top.forEach((l, i) => {
    if (!titleLike(l)) return;
    const t = normText(l.text);
    const n = /\b(?:ecf|cm\s*\/?\s*ecf)\b|\bform\b/.test(t) ? formNumberKind(t) : undefined;
    if (n && !byNumber && (/\becf\b/.test(t) || /registration/.test(t) || /^\W*form\b/.test(t))) byNumber = { kind: n, i };
    for (const [kind, re] of KIND_WORDS) {
      if (re.test(t)) {
        byWords.push({ kind, i });
        break;
      }
    }
  });
  const pick = byNumber ?? byWords[0];
  if (!pick) return undefined;
  const lines = [pick.i, ...byWords.filter((w) => w.kind === pick.kind).map((w) => w.i)];
  const uniq = [...new Set(lines)].sort((a, b) => a - b).slice(0, 2);
  const first = top[uniq[0]!]!;
  return { kind: pick.kind, title: uniq.map((i) => top[i]!.text).join(' '), line: p.lines.indexOf(first) };
}

/** Distinct field labels (name, address, telephone…) printed on the page. */
export function labelKinds(p: PageText): Set<string> {
  const kinds = new Set<string>();
  const fuzzy = p.source === 'ocr';
  for (const l of p.lines) {
    // Labels are a line's first words, or words before a colon.
    const cells = cellTexts(l);
    for (const c of cells) {
      for (let n = Math.min(9, c.length); n >= 1; n--) {
        const k = matchLabel(c.slice(0, n).join(' '), fuzzy);
        if (k && k !== 'other' && k !== 'state') {
          kinds.add(k === 'addressMore' || k === 'city' || k === 'zip' ? 'address' : k);
          break;
        }
      }
    }
  }
  return kinds;
}

function cellTexts(l: Line): string[][] {
  const cells: string[][] = [];
  let cur: string[] = [];
  for (const w of l.words) {
    if (w.gapBefore && cur.length) {
      cells.push(cur);
      cur = [];
    }
    cur.push(w.text.replace(/:$/, ''));
    if (/:$/.test(w.text)) {
      cells.push(cur);
      cur = [];
    }
  }
  if (cur.length) cells.push(cur);
  return cells;
}

/**
 * A registration form page: a title naming the form and at least three of the fields a
 * form asks for (a cover letter that mentions "Filer Registration" has no such fields).
 */
export function recogniseForm(p: PageText): TitleMatch | undefined {
  const t = findTitle(p);
  if (!t) return undefined;
  return labelKinds(p).size >= 3 ? t : undefined;
}

const EXAM_WORDS = /\b(?:exam|examination|test|quiz|questionnaire)\b/;

/** Numbered question lines: "1. What…", "1) What…", "Q3) …", "Q3 …", "Question 4: …", "Question 4   What…" (a table's first column). */
export function questionNumber(l: Line): number | undefined {
  const m = /^\s*(?:(?:q|question|ques\.?)\s*\.?\s*#?\s*(\d{1,2})\s*[.):\-–]?|(\d{1,2})\s*[.):])\s*(\S.*)?$/i.exec(l.text);
  if (!m) return undefined;
  const rest = m[3] ?? '';
  // A question has words after its number; "100 Pearl Street" has no "." after the number.
  if (!/[a-z]{2}/i.test(rest)) return undefined;
  return Number(m[1] ?? m[2]);
}

/** The page's numbered questions, in order, as one run 1, 2, 3… (or continuing from `after`). */
export function questionLines(p: PageText, after = 0): Array<{ n: number; line: Line }> {
  const out: Array<{ n: number; line: Line }> = [];
  let next = after + 1;
  for (const l of p.lines) {
    const n = questionNumber(l);
    if (n === next) {
      out.push({ n, line: l });
      next++;
    }
  }
  return out;
}

/** Exam wording near the top of the page (its title or instructions). */
export function hasExamTitle(p: PageText): boolean {
  const top = p.lines.filter((l) => l.y0 < p.height * 0.35).map((l) => normText(l.text));
  return top.some((t) => EXAM_WORDS.test(t));
}

export { matchLabel };
