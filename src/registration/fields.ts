/**
 * The fields of a registration form: from filled AcroForm fields, matched by the
 * field's name or by the label printed next to it; else from label/value pairs in the
 * page's words (text layer or OCR): the value after the label on its line, or on the line
 * below (label above the blank), or above (label printed under the rule). An empty rule
 * ("______") is an empty value.
 */
import type { FormWidget } from '../parsers/pdf.ts';
import type { FormFields } from './types.ts';
import { matchFieldName, matchLabel, type LabelKey } from './labels.ts';
import type { Box, Line, PageText, Word } from './page-text.ts';
import { normText } from './form-kind.ts';

/** A checkbox seen in the page image, in points. */
export interface SeenBox extends Box {
  checked: boolean;
}

export interface FormPage {
  text: PageText;
  widgets: FormWidget[];
  boxes: SeenBox[];
}

export interface FieldsReading {
  fields: FormFields;
  /** Some value came from an AcroForm field. */
  fromWidgets: boolean;
}

interface LabelHit {
  key: LabelKey;
  line: number;
  start: number;
  end: number;
  colon: boolean;
}

const isRule = (w: Word) => /^[_.\-–—]{3,}:?$/.test(w.text);
const cleanValue = (s: string) =>
  s
    .replace(/_{2,}|\.{4,}/g, ' ')
    .replace(/^[\s:;,.\-–—|]+|[\s:;,|–—]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/** Labels on one line: at the start of a cell (line start, after a wide gap or a colon), or anywhere when followed by a colon. */
function labelsOn(p: PageText, li: number): LabelHit[] {
  const words = p.lines[li]!.words;
  const fuzzy = p.source === 'ocr';
  const hits: LabelHit[] = [];
  let i = 0;
  while (i < words.length) {
    const prev = words[i - 1];
    const cellStart = i === 0 || words[i]!.gapBefore || /:$/.test(prev!.text) || isRule(prev!);
    let hit: LabelHit | undefined;
    for (let n = Math.min(9, words.length - i); n >= 1 && !hit; n--) {
      const part = words.slice(i, i + n);
      const last = part[n - 1]!;
      const next = words[i + n];
      const colon = /:$/.test(last.text) || next?.text === ':';
      // A colon ends a label; without one the label must stand alone in its cell.
      if (!colon && n > 1 && part.slice(0, -1).some((w) => /:$/.test(w.text))) continue;
      const followed = !next || next.gapBefore || isRule(next) || colon;
      if (!(colon || (cellStart && followed))) continue;
      const key = matchLabel(part.map((w) => w.text).join(' '), fuzzy);
      if (key) hit = { key, line: li, start: i, end: i + n + (next?.text === ':' ? 1 : 0), colon };
    }
    if (hit) {
      hits.push(hit);
      i = hit.end;
    } else i++;
  }
  return hits;
}

function box(words: Word[]): Box {
  return { x0: Math.min(...words.map((w) => w.x0)), y0: Math.min(...words.map((w) => w.y0)), x1: Math.max(...words.map((w) => w.x1)), y1: Math.max(...words.map((w) => w.y1)) };
}

/** Words of `line` within [x0, x1) that do not begin with a label. */
function valueWordsIn(p: PageText, li: number, x0: number, x1: number): Word[] {
  const line = p.lines[li]!;
  const hits = labelsOn(p, li);
  const words = line.words.filter((w) => w.x0 >= x0 && w.x0 < x1);
  if (!words.length) return [];
  const firstIdx = line.words.indexOf(words[0]!);
  // A label at or before the value column: the line is another field's row.
  if (hits.some((h) => h.start <= firstIdx)) return [];
  // Stop at a label further along the line.
  const stop = hits.find((h) => h.start > firstIdx);
  return stop ? words.filter((w) => line.words.indexOf(w) < stop.start) : words;
}

function lineGap(a: Line, b: Line): number {
  return b.y0 - a.y1;
}

interface Adjacent {
  lines: string[];
  /** Gap between the label's line and the value's first line, points (Infinity: none). */
  gap: number;
}

/** Lines `from` step `dir` that continue a value: close, in its column, no label first, short. */
function adjacentValue(p: PageText, li: number, dir: 1 | -1, x0: number, x1: number, maxLines: number): Adjacent {
  const out: string[] = [];
  let first = Infinity;
  let cur = p.lines[li]!;
  for (let k = li + dir; k >= 0 && k < p.lines.length && out.length < maxLines; k += dir) {
    const l = p.lines[k]!;
    const gap = dir === 1 ? lineGap(cur, l) : lineGap(l, cur);
    // OCR sizes are word heights (smaller than the font size): no less than 8 pt.
    const unit = Math.max(cur.size, l.size, 8);
    if (gap < -0.3 * unit) continue; // same band (a word on another baseline)
    // OCR sizes are word heights, a label's small type smaller still: allow more there.
    if (gap > (p.source === 'ocr' ? 1.5 : 1.1) * unit) break;
    const words = valueWordsIn(p, k, x0, x1);
    if (!words.length || words.length > 12) break;
    const v = cleanValue(words.map((w) => w.text).join(' '));
    if (!v) break;
    if (!out.length) first = gap;
    out.push(v);
    cur = l;
  }
  return { lines: dir === 1 ? out : out.reverse(), gap: first };
}

const EMAIL_LIKE = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;
const digits = (v: string) => v.replace(/\D/g, '').length;

/**
 * Whether `v` can be the value of `key` at all: an email address has an @, a telephone
 * number ten digits or so; an email address is no other field's value, nor a phone
 * number a name. undefined: nothing to say.
 */
export function fits(key: LabelKey, v: string): boolean | undefined {
  if (!v) return undefined;
  const email = EMAIL_LIKE.test(v.replace(/\s+/g, ''));
  if (key === 'email') return email;
  if (email) return false;
  const d = digits(v);
  if (key === 'telephone') return d >= 10 && d <= 16 && d >= 0.5 * v.replace(/\s/g, '').length;
  if (key === 'name' || key === 'firm' || key === 'city' || key === 'state') return d <= 2;
  return undefined;
}

interface Pending {
  key: LabelKey;
  colon: boolean;
  up: Adjacent;
  down: Adjacent;
}

/**
 * Label/value pairs of a page. Each key's first non-empty value wins. A value on the
 * label's line is its value. Else it sits above the label (printed under the rule) or
 * below it (label at the top of a box or cell): one form does one or the other, so the
 * page decides by the fields whose values show what they are (an email address under
 * "E-mail", a phone number under "Phone"); where none tells, a colon says "below".
 */
export function pairsFromText(p: PageText): Partial<Record<LabelKey, string | null>> {
  const found: Partial<Record<LabelKey, string | null>> = {};
  const put = (k: LabelKey, v: string | null) => {
    if (found[k] == null) found[k] = v;
  };
  const order: Array<{ key: LabelKey; value?: string | null; pending?: Pending }> = [];
  p.lines.forEach((line, li) => {
    const hits = labelsOn(p, li);
    hits.forEach((h, hi) => {
      const next = hits[hi + 1];
      const labelBox = box(line.words.slice(h.start, Math.max(h.start + 1, h.end)));
      const after = line.words.slice(h.end, next ? next.start : line.words.length);
      // The next label on the line starts the next column; a value in that column (label
      // above it) may start a little left of its label, more so in a scan.
      const colEnd = next ? line.words[next.start]!.x0 - Math.max(line.size, 8) : p.width;
      const rule = after.some(isRule);
      const same = cleanValue(after.filter((w) => !isRule(w)).map((w) => w.text).join(' '));
      const multi = h.key === 'address' ? 3 : 1;
      if (same) {
        const value = [same];
        if (multi > 1) value.push(...adjacentValue(p, li, 1, after[0]!.x0 - 2 * line.size, colEnd, multi - 1).lines);
        order.push({ key: h.key, value: value.join(', ') });
      } else if (!rule || p.source === 'ocr') {
        const x0 = labelBox.x0 - 1.5 * line.size;
        order.push({
          key: h.key,
          pending: { key: h.key, colon: h.colon, up: adjacentValue(p, li, -1, x0, colEnd, multi), down: adjacentValue(p, li, 1, x0, colEnd, multi) },
        });
      } else order.push({ key: h.key, value: null });
    });
  });

  // Which side the values are on, by the values that show their field.
  let up = 0;
  let down = 0;
  for (const o of order) {
    if (!o.pending) continue;
    const u = fits(o.key, o.pending.up.lines.join(', '));
    const d = fits(o.key, o.pending.down.lines.join(', '));
    if (d === true && u !== true) down++;
    if (u === true && d !== true) up++;
    if (d === false && u === true) up++;
    if (u === false && d === true) down++;
  }
  const side: 'up' | 'down' | undefined = down > up ? 'down' : up > down ? 'up' : undefined;

  for (const o of order) {
    if (!o.pending) {
      put(o.key, o.value ?? null);
      continue;
    }
    const { up: u, down: d, colon } = o.pending;
    const uv = u.lines.join(', ');
    const dv = d.lines.join(', ');
    let value: string;
    // A value that cannot be this field's is not taken; one that shows it is, either side.
    const fu = fits(o.key, uv);
    const fd = fits(o.key, dv);
    if (fd === true && fu !== true) value = dv;
    else if (fu === true && fd !== true) value = uv;
    else if (side) value = side === 'down' ? (fd === false ? '' : dv) : fu === false ? '' : uv;
    else {
      value = colon ? dv : uv;
      if (!value) value = colon ? uv : dv;
    }
    put(o.key, value || null);
  }
  return found;
}

/** The label printed beside a widget: to its left on its line, else just above, else just below. */
function labelForWidget(p: PageText, r: Box): LabelKey | undefined {
  const fuzzy = p.source === 'ocr';
  const tryWords = (words: Word[]) => {
    for (let n = Math.min(6, words.length); n >= 1; n--) {
      const k = matchLabel(words.slice(words.length - n).map((w) => w.text).join(' '), fuzzy);
      if (k) return k;
    }
    return undefined;
  };
  const cy0 = r.y0;
  const cy1 = Math.min(r.y1, r.y0 + 20);
  for (const l of p.lines) {
    if (!(l.y0 < cy1 && l.y1 > cy0)) continue;
    const left = l.words.filter((w) => w.x1 <= r.x0 + 2 && w.x1 > r.x0 - 300);
    let cell: Word[] = [];
    for (const w of left) cell = w.gapBefore ? [w] : [...cell, w];
    const k = tryWords(cell);
    if (k) return k;
  }
  for (const l of p.lines) {
    const xOverlap = l.x0 < r.x1 && l.x1 > r.x0;
    if (xOverlap && l.y1 <= r.y0 + 2 && r.y0 - l.y1 < 1.5 * l.size) {
      const k = tryWords(l.words.filter((w) => w.x0 >= r.x0 - 4 && w.x0 < r.x1));
      if (k) return k;
    }
    if (xOverlap && l.y0 >= r.y1 - 2 && l.y0 - r.y1 < 1.2 * l.size) {
      const k = tryWords(l.words.filter((w) => w.x0 >= r.x0 - 4 && w.x0 < r.x1));
      if (k) return k;
    }
  }
  return undefined;
}

function pairsFromWidgets(p: FormPage): Partial<Record<LabelKey, string>> {
  const out: Partial<Record<LabelKey, string>> = {};
  for (const w of p.widgets) {
    if (w.type !== 'text' && w.type !== 'choice') continue;
    const key = matchFieldName(w.name) ?? matchFieldName(w.tooltip) ?? labelForWidget(p.text, { x0: w.rect.x, y0: w.rect.y, x1: w.rect.x + w.rect.width, y1: w.rect.y + w.rect.height });
    if (!key || key === 'other') continue;
    const v = cleanValue(w.value.split(/\r\n|\r|\n/).map(cleanValue).filter(Boolean).join(', '));
    if (v && out[key] === undefined) out[key] = v;
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Statements with a checkbox: the practise declaration and privileges from another court.

const CHECKED_GLYPH = /^(?:[☒☑✓✔✗✘■⊠▣]|\[[xX✓✔]\]|\([xX]\)|[xX])$/;
const EMPTY_GLYPH = /^(?:[☐□❑❒○◯▢]|\[\s*\]|\[|\(\s*\))$/;

/** The state of a box just left of the start of `line`: a glyph, a checkbox widget, or a box in the image. */
function boxBefore(page: FormPage, line: Line): boolean | undefined {
  const first = line.words[0];
  if (first && CHECKED_GLYPH.test(first.text) && line.words.length > 1) return true;
  if (first && EMPTY_GLYPH.test(first.text)) return false;
  // OCR reads a box as a word ("[J", "O", "&"): the text starts at the first word that is not on a box.
  const onBox = (w: Word) => page.boxes.some((b) => w.x0 < b.x1 && b.x0 < w.x1 && w.y0 < b.y1 && b.y0 < w.y1);
  const textWord = line.words.find((w) => !onBox(w) && !CHECKED_GLYPH.test(w.text) && !EMPTY_GLYPH.test(w.text));
  const textStart = textWord?.x0 ?? line.x0;
  const near = (b: Box) => {
    const cy = (b.y0 + b.y1) / 2;
    return cy > line.y0 - 0.5 * line.size && cy < line.y1 + 0.5 * line.size && b.x1 <= textStart + 2 && b.x0 > textStart - 60;
  };
  for (const w of page.widgets) {
    if (w.type !== 'checkbox' && w.type !== 'radio') continue;
    if (near({ x0: w.rect.x, y0: w.rect.y, x1: w.rect.x + w.rect.width, y1: w.rect.y + w.rect.height })) return w.checked;
  }
  for (const b of page.boxes) if (near(b)) return b.checked;
  return undefined;
}

const DECLARATION = /\b(?:admitted|authori[sz]ed|licensed|eligible|entitled)\b[^.]{0,80}\bpractice\b|\bpractice\b[^.]{0,40}\b(?:before|in)\s+(?:this|the)\s+(?:u\.?s\.?\s+)?(?:bankruptcy\s+)?court\b|\bmember\s+(?:of\s+the\s+bar\s+)?in\s+good\s+standing\b|\badmitted\s+pro\s+hac\s+vice\b/;
const FIRST_PERSON = /(?:^|\s)(?:i|my|undersigned|applicant)\b/;

function windowText(p: PageText, li: number): string {
  return normText([p.lines[li]?.text ?? '', p.lines[li + 1]?.text ?? ''].join(' '));
}

/** true: affirmed; false: its box left empty; null: no declaration on the page. */
export function declarationOf(page: FormPage): boolean | null {
  const p = page.text;
  let result: boolean | null = null;
  for (let li = 0; li < p.lines.length; li++) {
    const own = normText(p.lines[li]!.text);
    const win = windowText(p, li);
    // The statement starts on this line (its first words here), written in the first person or with a box.
    if (!DECLARATION.test(win) || !(DECLARATION.test(own) || FIRST_PERSON.test(own))) continue;
    const state = boxBefore(page, p.lines[li]!);
    if (state === undefined && !FIRST_PERSON.test(win)) continue;
    if (state === undefined || state) return true;
    result = false;
    li++; // the statement's second line is the same statement
  }
  return result;
}

const OTHER_COURT = /\b(?:another|other)\s+(?:[a-z.]+\s+){0,3}courts?\b|\bprivileges?\s+(?:in|from|with|granted\s+by|issued\s+by)\b/;
const ECF_WORDS = /\bprivileges?\b|\blogin\b|\baccount\b|\bregistered\b|\becf\b|\belectronic\s+filing\b/;
const NONE = /^(?:n\/?a|none|no|not\s+applicable|-+)$/i;

const YES = /^(?:yes|y)$/i;
const NO = /^(?:no|n)$/i;

/** The state of the box beside word `w` of `line`: a glyph before it, a widget or a box in the image before (or else after) it. */
function boxBeside(page: FormPage, line: Line, w: Word): boolean | undefined {
  const k = line.words.indexOf(w);
  const prev = line.words[k - 1];
  const glyph = /^([☒☑✓✔✗✘■⊠▣☐□❑❒○◯▢])/.exec(w.text)?.[1];
  if (glyph) return !EMPTY_GLYPH.test(glyph);
  if (prev && CHECKED_GLYPH.test(prev.text) && prev.text.length <= 3 && w.x0 - prev.x1 < 1.5 * line.size) return true;
  if (prev && EMPTY_GLYPH.test(prev.text) && w.x0 - prev.x1 < 1.5 * line.size) return false;
  const inBand = (b: Box) => {
    const cy = (b.y0 + b.y1) / 2;
    return cy > line.y0 - 0.5 * line.size && cy < line.y1 + 0.5 * line.size;
  };
  const boxes: Array<Box & { checked: boolean }> = [
    ...page.widgets.filter((x) => x.type === 'checkbox' || x.type === 'radio').map((x) => ({ x0: x.rect.x, y0: x.rect.y, x1: x.rect.x + x.rect.width, y1: x.rect.y + x.rect.height, checked: x.checked })),
    ...page.boxes,
  ].filter(inBand);
  const before = boxes.filter((b) => b.x1 <= w.x0 + 2 && b.x1 > w.x0 - 2 * line.size - 6).sort((a, b) => b.x1 - a.x1)[0];
  if (before) return before.checked;
  const after = boxes.filter((b) => b.x0 >= w.x1 - 2 && b.x0 < w.x1 + 2 * line.size).sort((a, b) => a.x0 - b.x0)[0];
  return after?.checked;
}

/** A "Yes / No" pair of boxes answering the question on line `li` (or just below it). */
function yesNoAnswer(page: FormPage, li: number): { answer: 'yes' | 'no' | undefined; line: number } | undefined {
  const p = page.text;
  for (const k of [li, li + 1]) {
    const line = p.lines[k];
    if (!line) continue;
    const bare = (w: Word) => w.text.replace(/^[☒☑✓✔✗✘■⊠▣☐□❑❒○◯▢[\]()]+|[.,:;)\]]+$/g, '');
    const yes = line.words.find((w) => YES.test(bare(w)) && bare(w).length > 1);
    const no = line.words.find((w) => NO.test(bare(w)) && bare(w).length > 1 && (!yes || w !== yes));
    if (!yes || !no) continue;
    const y = boxBeside(page, line, yes);
    const n = boxBeside(page, line, no);
    if (y === undefined && n === undefined) continue;
    return { answer: y === true && n !== true ? 'yes' : n === true && y !== true ? 'no' : undefined, line: k };
  }
  return undefined;
}

/** The court written after "If yes, which court:" (or in a field there) within a few lines below `li`. */
function courtNamedBelow(page: FormPage, li: number): string {
  const p = page.text;
  for (let k = li; k < Math.min(p.lines.length, li + 4); k++) {
    const line = p.lines[k]!;
    if (!/\bcourt\b|\bwhich\b|\bif\s+yes\b/.test(normText(line.text))) continue;
    // "If yes, which court: …" or "… which court? …"
    const colon = Math.max(line.text.lastIndexOf(':'), line.text.lastIndexOf('?'));
    const after = colon >= 0 ? cleanValue(line.text.slice(colon + 1)) : '';
    if (after && !NONE.test(after) && /[a-z]{2}/i.test(after)) return after;
    for (const w of page.widgets) {
      if (w.type !== 'text' || !w.value.trim()) continue;
      const r = w.rect;
      if (r.y < line.y1 + 0.5 * line.size && r.y + r.height > line.y0 - 0.5 * line.size && r.x >= line.x0 + 20) return cleanValue(w.value);
    }
  }
  return '';
}

/** The court named as having granted CM/ECF privileges, 'yes' when only a box says so, else null. */
export function otherCourtOf(page: FormPage): string | null {
  const p = page.text;
  for (let li = 0; li < p.lines.length; li++) {
    const line = p.lines[li]!;
    const own = normText(line.text);
    if (!OTHER_COURT.test(own) || !ECF_WORDS.test(windowText(p, li))) continue;
    // "Have you been granted … in another court?  ☐ Yes ☒ No": the boxes answer it.
    const yn = yesNoAnswer(page, li);
    const named = () => {
      const court = courtNamedBelow(page, (yn?.line ?? li) + 1);
      return court && !NONE.test(court) && !/^(?:yes|no)\b/i.test(court) ? court : '';
    };
    if (yn?.answer === 'no') return null;
    if (yn?.answer === 'yes') return named() || 'yes';
    // Boxes that cannot be read (round radio buttons in a scan): a court written in
    // "If yes, which court?" answers for them.
    if (yn || /\?\s*$|\byes\b.*\bno\b/.test(own)) {
      const court = named();
      if (court) return court;
    }
    const state = boxBefore(page, line);
    let name = '';
    const colon = line.text.lastIndexOf(':');
    if (colon >= 0) name = cleanValue(line.text.slice(colon + 1));
    const asks = colon >= 0 || line.words.some(isRule) || /\bname\b[^.]*\bcourt/.test(own);
    if (!name && asks) {
      // The court written on the line below, or typed into a field there.
      const below = p.lines[li + 1];
      const short = below && below.words.filter((w) => !isRule(w)).length <= 10;
      if (below && short && lineGap(line, below) < 1.5 * line.size && !labelsOn(p, li + 1).some((h) => h.start === 0) && boxBefore(page, below) === undefined) {
        name = cleanValue(below.text);
      }
      if (!name) {
        for (const w of page.widgets) {
          if (w.type !== 'text' || !w.value.trim()) continue;
          const r = w.rect;
          const sameLine = r.y < line.y1 && r.y + r.height > line.y0 && r.x >= line.x1 - 20;
          const nextLine = r.y >= line.y1 - 2 && r.y - line.y1 < 2 * line.size && r.x < line.x1;
          if (sameLine || nextLine) name = cleanValue(w.value);
        }
      }
    }
    if (NONE.test(name)) name = '';
    // An empty box: not stated, unless a court is written after the statement itself.
    if (state === false) {
      if (colon >= 0 && cleanValue(line.text.slice(colon + 1)) && !NONE.test(cleanValue(line.text.slice(colon + 1)))) return name;
      continue;
    }
    if (name) return name;
    if (state === true) return 'yes';
  }
  return null;
}

// ---------------------------------------------------------------------------------------

/** The form's fields over all its pages: widget values first, then the printed pairs. */
export function readFields(pages: FormPage[]): FieldsReading {
  const widgetPairs: Partial<Record<LabelKey, string>> = {};
  const textPairs: Partial<Record<LabelKey, string | null>> = {};
  for (const pg of pages) {
    for (const [k, v] of Object.entries(pairsFromWidgets(pg)) as Array<[LabelKey, string]>) widgetPairs[k] ??= v;
    for (const [k, v] of Object.entries(pairsFromText(pg.text)) as Array<[LabelKey, string | null]>) if (textPairs[k] == null) textPairs[k] = v;
  }
  let fromWidgets = false;
  const get = (k: LabelKey): string | null => {
    const w = widgetPairs[k];
    if (w) {
      fromWidgets = true;
      return w;
    }
    return textPairs[k] ?? null;
  };
  // "City", "State", "Zip" asked one by one: "Hartford, CT 06103". A "State" alone is no address.
  const city = get('city');
  const stateZip = [get('state'), get('zip')].filter(Boolean).join(' ');
  const cityLine = city || get('zip') ? [city, stateZip].filter(Boolean).join(', ') : '';
  const address = [get('address'), get('addressMore'), cityLine].filter((x): x is string => !!x).join(', ') || null;
  const email = get('email');
  const fields: FormFields = {
    name: get('name'),
    firm: get('firm'),
    address,
    telephone: get('telephone'),
    email: email ? (/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/.exec(email.replace(/\s+/g, ''))?.[0] ?? email) : null,
    barNumber: get('barNumber'),
    declaration: null,
    pacerUsername: get('pacerUsername'),
    otherCourt: null,
  };
  for (const pg of pages) {
    const d = declarationOf(pg);
    if (d === true || (d === false && fields.declaration === null)) fields.declaration = d;
    fields.otherCourt ??= otherCourtOf(pg);
  }
  return { fields, fromWidgets };
}
