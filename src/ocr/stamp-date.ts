/**
 * Date (and time) readings in OCR text of a correctional facility's date stamp (P-3).
 * Pure: no I/O, no clock unless `referenceYear` is left out.
 *
 * P-4 ("never guess") shapes every choice here: an OCR confusion is repaired only where
 * the repair is unambiguous (a field that is otherwise all digits), numeric dates are read
 * month/day/year only (a U.S. court; `22/06/2016` is rejected, not swapped), impossible
 * dates are dropped, and dates that look like a signature line or prose get a low score so
 * the caller does not take them for the stamp.
 */

export interface StampCandidate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  /** 0–23, when the stamp carries a time of day. */
  hour?: number;
  minute?: number;
  /** The matched text (normalised: upper case, OCR confusions repaired), date and time. */
  text: string;
  /**
   * 0..1, how much this looks like a receipt stamp rather than any other date: stamp
   * keywords, a time of day, a facility code, a compact layout raise it; a signature line
   * (`Dated:`, `this 20th day of`) or prose lowers it. The caller treats ≥ STAMP_SCORE_MIN
   * as a stamp reading.
   */
  score: number;
  /** Why the score is what it is (e.g. `keyword:RECEIVED`, `time`, `signature-line`). */
  cues: string[];
  /** 0-based line of the date in the text. */
  line: number;
  /**
   * No time was read, but four digits follow the date on its line, glued to letters or
   * ending it (`25 OCT 2022 1738UNRS`: `HRS` garbled by type under the stamp): a time that
   * may second one another pass reads for sure, never a time on its own (P-4).
   */
  tentativeTime?: { hour: number; minute: number };
}

export interface ParseStampOptions {
  /** Facility codes printed on stamps (`MWCI`, `CCI`…): their presence raises the score. */
  facilityCodes?: string[];
  /** Two-digit years become the 19xx/20xx year closest to this one (default: this year). */
  referenceYear?: number;
}

/** Below this a candidate is some other date on the page, not a receipt stamp. */
export const STAMP_SCORE_MIN = 0.5;

const MONTHS: ReadonlyArray<readonly [string, number]> = [
  ['JANUARY', 1], ['FEBRUARY', 2], ['MARCH', 3], ['APRIL', 4], ['MAY', 5], ['JUNE', 6],
  ['JULY', 7], ['AUGUST', 8], ['SEPTEMBER', 9], ['OCTOBER', 10], ['NOVEMBER', 11], ['DECEMBER', 12],
  ['JAN', 1], ['FEB', 2], ['MAR', 3], ['APR', 4], ['JUN', 6], ['JUL', 7], ['AUG', 8],
  ['SEPT', 9], ['SEP', 9], ['OCT', 10], ['NOV', 11], ['DEC', 12],
];
const MONTH_BY_NAME = new Map(MONTHS);
const MON = '(JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER|JAN|FEB|MAR|APR|JUN|JUL|AUG|SEPT|SEP|OCT|NOV|DEC)';

/** Stamp words, as printed by rubber stamps and stamp machines in mail rooms. */
const STAMP_KEYWORDS = ['RECEIVED', 'RECEIVE', 'RECD', 'RCVD', 'RCD', 'SCANNED', 'SCAN', 'FILED', 'EFILED', 'MAILROOM', 'MAIL', 'LEGAL', 'STAMP', 'EMAILED', 'FILING', 'INMATE'];
/** Long keywords also match with one OCR error (RECE1VED, SCANNEO). */
const FUZZY_KEYWORDS = ['RECEIVED', 'SCANNED', 'MAILROOM', 'EMAILED'];
const SIGNATURE_WORDS = /\b(DATED|SIGNED|EXECUTED|SWORN|SUBSCRIBED|RESPECTFULLY|CERTIFY|CERTIFIED|SIGNATURE|AFFIRM)\b|\/S\//;
const BODY_LEADS = /\b(ON|SINCE|ABOUT|UNTIL|BETWEEN|FROM|AFTER|BEFORE|OF|DURING|BY|THROUGH|AND)\s*$/;

interface DateMatch {
  start: number;
  end: number;
  year: number;
  month: number;
  day: number;
  form: 'mdy-name' | 'dmy-name' | 'ymd-name' | 'numeric' | 'iso' | 'day-of';
}

interface TimeMatch {
  start: number;
  end: number;
  hour: number;
  minute: number;
  machine: boolean;
}

/**
 * Every date reading in `text`, best stamp candidates first. An empty array when there is
 * no valid date at all.
 */
export function parseStampText(text: string, opts: ParseStampOptions = {}): StampCandidate[] {
  const refYear = opts.referenceYear ?? new Date().getFullYear();
  const norm = normalizeOcrText(text);
  const lines = splitLines(norm);
  const origLines = text.split(/\r?\n/);
  const dates = findDates(norm, refYear);
  const times = findTimes(norm).filter((t) => !dates.some((d) => t.start < d.end && d.start < t.end));
  const facility = (opts.facilityCodes ?? []).map((c) => c.toUpperCase().trim()).filter((c) => c.length > 0);

  const out: StampCandidate[] = [];
  for (const d of dates) {
    const lineIdx = lineOf(lines, d.start);
    const time = nearestTime(d, times, lines, lineIdx, origLines);
    const cues: string[] = [];
    let score = 0.3;

    const block = blockAround(lines, lineIdx, origLines);
    const blockText = block.map((l) => l.text).join(' ');
    const kw = findKeyword(blockText);
    if (kw) {
      score += 0.3;
      cues.push(`keyword:${kw}`);
    }
    if (time) {
      score += 0.2;
      cues.push('time');
      if (time.machine) {
        score += 0.1;
        cues.push('machine-time');
      }
    }
    const fac = facility.find((c) => new RegExp(`(^|[^A-Z0-9])${escapeRe(c)}($|[^A-Z0-9])`).test(blockText));
    if (fac) {
      score += 0.1;
      cues.push(`facility:${fac}`);
    }
    const line = lines[lineIdx]!;
    const orig = origLines[lineIdx] ?? line.text;
    const prose = isProse(orig);
    if (!prose && line.text.trim().length <= 48 && block.every((l) => l.text.trim().length <= 48)) {
      score += 0.1;
      cues.push('compact');
    }
    const before = norm.slice(line.start, d.start);
    const prevLine = lines[lineIdx - 1]?.text ?? '';
    if (d.form === 'day-of') {
      score -= 0.6;
      cues.push('day-of-form');
    }
    if (SIGNATURE_WORDS.test(before) || /\b(DATED|DATE)\s*:?\s*$/.test(prevLine.trim()) && !kw) {
      score -= 0.5;
      cues.push('signature-line');
    }
    if (prose) {
      score -= 0.4;
      cues.push('prose');
    } else if (BODY_LEADS.test(before)) {
      score -= 0.3;
      cues.push('body-date');
    }
    score = Math.round(Math.min(1, Math.max(0, score)) * 100) / 100;

    const start = time ? Math.min(d.start, time.start) : d.start;
    const end = time ? Math.max(d.end, time.end) : d.end;
    const cand: StampCandidate = {
      year: d.year,
      month: d.month,
      day: d.day,
      text: norm.slice(start, end).replace(/\s+/g, ' ').trim(),
      score,
      cues,
      line: lineIdx,
    };
    if (time) {
      cand.hour = time.hour;
      cand.minute = time.minute;
    } else {
      const tent = tentativeTimeAfter(norm.slice(d.end, line.end));
      if (tent) cand.tentativeTime = tent;
    }
    out.push(cand);
  }
  return out.sort((a, b) => b.score - a.score || a.line - b.line);
}

/**
 * Four digits right after a date on its line — `1738UNRS`, `17 38UNRIE`, `1738 I'RT`, `1738` at the end
 * of the line — that make a valid 24-hour time.
 */
function tentativeTimeAfter(rest: string): { hour: number; minute: number } | undefined {
  const m = /^ {1,2}(\d{2}) ?(\d{2})(?= ?[A-Z'|]{2,}|[ :.]*$)/.exec(rest);
  if (!m) return undefined;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  return hour <= 23 && minute <= 59 ? { hour, minute } : undefined;
}

/**
 * Text that may be a stamp even if no valid date could be read from it (a digit misread
 * into an impossible day, say): a stamp keyword, a time of day, or several digits.
 */
export function mightBeStamp(text: string): boolean {
  const norm = normalizeOcrText(text);
  if (findKeyword(norm)) return true;
  if (findTimes(norm).length > 0) return true;
  // Something shaped like a date: 6-22-16, 06/22/2016, JUN 68 2016.
  return /\d{1,2} ?[-/.] ?\d{1,2} ?[-/.] ?\d{2,4}/.test(norm) || new RegExp(`${MON}\\.?\\s*\\d{1,2}\\D{1,3}\\d{2,4}`).test(norm);
}

/** Same calendar date and, when either has one, the same time of day. */
export function sameReading(a: StampCandidate, b: StampCandidate): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute;
}

/** `2016-06-22 10:32` (or just the date): for logs and tests. */
export function formatReading(c: Pick<StampCandidate, 'year' | 'month' | 'day' | 'hour' | 'minute'>): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const date = `${c.year}-${p(c.month)}-${p(c.day)}`;
  return c.hour === undefined ? date : `${date} ${p(c.hour)}:${p(c.minute ?? 0)}`;
}

// ---------------------------------------------------------------------------------------
// Normalisation

/**
 * Upper case, typographic punctuation made plain, OCR confusions repaired in fields that
 * are otherwise digits (`2O16` → `2016`, `l0:32` → `10:32`), month names repaired where
 * only one month fits (`0CT` → `OCT`), and months glued to digits split (`22JUN2016`).
 * Offsets change only by inserted spaces, so lines stay lines.
 */
export function normalizeOcrText(text: string): string {
  let s = text
    .replace(/[\u2018\u2019\u201b\u2032`´]/g, "'")
    .replace(/[\u201c\u201d\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u00a0\t]/g, ' ')
    .replace(/\r/g, '');
  // Tesseract reads a stamp's `@` as © or ®.
  s = s.replace(/[\u00a9\u00ae]/g, '@');
  s = s.replace(/[A-Za-z0-9|]+/g, fixDigitToken);
  s = s.toUpperCase();
  // A month split by a space that OCR saw in the stamp's wide letter spacing (`J UN 22`,
  // `O CT 5`): rejoined only when the pieces make a month and a day follows. The space
  // moves behind the month, so the length of the text stays the same.
  s = s.replace(/\b([A-Z]{1,2}) ([A-Z]{1,2})\b(?=\.? ?\d)/g, (m, a: string, b: string) => (a.length + b.length === 3 && MONTH_BY_NAME.has(a + b) ? `${a}${b} ` : m));
  // A stamp word glued to what follows it: RECEIVEDJUN 22, SCANNED06/22/2016, AT10:32.
  s = s.replace(new RegExp(`\\b(${GLUED_KEYWORDS})(?=${MON}|\\d)`, 'g'), '$1 ');
  s = s.replace(/\bAT(?=\d{1,2}[:;.]?\d{2}\b)/g, 'AT ');
  // Split months glued to numbers: 22JUN2016, JUN22, 2016JUN22.
  s = s.replace(new RegExp(`(\\d)${MON}`, 'g'), '$1 $2');
  s = s.replace(new RegExp(`${MON}(\\.?)(?=\\d)`, 'g'), '$1$2 ');
  // Glued AM/PM: 10:32AM → 10:32 AM (a lone glued A/P stays: 10:32A).
  s = s.replace(/(\d)(AM|PM)\b/g, '$1 $2');
  // Re-run the digit repair on pieces the splits exposed (JUN2O16 → JUN 2O16 → JUN 2016).
  s = s.replace(/[A-Z0-9|]+/g, fixDigitToken);
  s = s.replace(/[A-Z0-9]{3,9}/g, fixMonthToken);
  s = splitGluedDigits(s);
  return s;
}

/** Stamp words that OCR glues to the date after them (the stamp's wide space lost). */
const GLUED_KEYWORDS = "RECEIVED|SCANNED|FILED|RECD|REC'D|RCVD|EFILED|MAILROOM";

/**
 * Day and year run together after a month name (`OCT 052016` = OCT 05 2016), and a year run
 * into the time (`06/22/201610:32`): each has one reading only, so the space is put back.
 * Only these exact shapes: a two-digit day and a four-digit year of this century or the
 * last, a year followed by a time with its colon. `OCT 52016`, `OCT 0520 16` or a bare
 * `052016` could be read more than one way and stay as they are (P-4).
 */
function splitGluedDigits(s: string): string {
  s = s.replace(new RegExp(`\\b${MON}(\\.?) ?(\\d{2})((?:19|20)\\d{2})(?!\\d)`, 'g'), (all, mon: string, dot: string, day: string, year: string) =>
    Number(day) >= 1 && Number(day) <= 31 ? `${mon}${dot} ${day} ${year}` : all,
  );
  // After a day and a separator (a date), a four-digit year glued to `H:MM` or `HH:MM`.
  return s.replace(/([\s\-/.,]\d{1,2}[\s\-/.,]{1,2})((?:19|20)\d{2})(\d{1,2}[:;]\d{2})(?!\d)/g, '$1$2 $3');
}

const DIGIT_FOR: Record<string, string> = { O: '0', o: '0', I: '1', l: '1', '|': '1', i: '1', S: '5', s: '5', B: '8' };

/** A token of digits and digit look-alikes, with at least one real digit, becomes digits. */
function fixDigitToken(tok: string): string {
  if (tok.length < 2 || !/\d/.test(tok)) return tok;
  for (const ch of tok) {
    if (!(ch >= '0' && ch <= '9') && DIGIT_FOR[ch] === undefined) return tok;
  }
  // Fewer real digits than look-alikes is not a number with a typo (e.g. `IS1` is not 151).
  const digits = [...tok].filter((ch) => ch >= '0' && ch <= '9').length;
  if (digits * 2 < tok.length) return tok;
  return [...tok].map((ch) => DIGIT_FOR[ch] ?? ch).join('');
}

const LETTER_FOR: Record<string, string[]> = { '0': ['O'], '1': ['I', 'L'], '5': ['S'], '8': ['B'] };

/** A month name with digit look-alikes in it (`0CT`, `JU1`, `5EPT`), when only one month fits. */
function fixMonthToken(tok: string): string {
  if (MONTH_BY_NAME.has(tok) || !/[0-9]/.test(tok) || !/[A-Z]/.test(tok)) return tok;
  let variants = [''];
  for (const ch of tok) {
    const opts = LETTER_FOR[ch] ?? [ch];
    variants = variants.flatMap((v) => opts.map((o) => v + o));
  }
  const months = new Set(variants.filter((v) => MONTH_BY_NAME.has(v)).map((v) => MONTH_BY_NAME.get(v)));
  if (months.size !== 1) return tok;
  return variants.find((v) => MONTH_BY_NAME.has(v))!;
}

// ---------------------------------------------------------------------------------------
// Dates

/** Between fields: spaces, punctuation, and specks OCR reads as ° " ^ * ~ (a dot of dust). */
const SEP = "[ .,\\-/'\"°^*~]";
/**
 * OCR debris right before a number — `.9 JAN`, `“11:29` — is usually what is left of a
 * digit cut by the crop or a box line turned into a glyph: the number is not trusted.
 */
const JUNK = `[.,'"°^*~|!\\\\]`;
/** A year; two digits followed by `:dd` or `.dd` are the hour of a time, not a year. */
const YEAR = '(\\d{4}(?!\\d)|\\d{2}(?![:;.]\\s?\\d)(?!\\d))';
const NOT_TIME = '(?![:;.]\\s?\\d)(?!\\d)';
/**
 * What may follow a year. A two-digit year glued to OCR debris (`25 OCT 20?`) is a
 * four-digit year cut off by the crop or the ink, not 2020: no reading at all.
 */
function yearEndOk(rest: string): boolean {
  if (/^(?:$|[\s,.;@]|-(?!\d))/.test(rest)) return true;
  // One speck, then more of the stamp on the same line: `1-21-18’@ 0932`.
  return /^['"°^*~/|](?:[ \t]*@|[ \t]+)[ \t]*\S/.test(rest);
}

function findDates(s: string, refYear: number): DateMatch[] {
  const found: DateMatch[] = [];
  const add = (m: RegExpExecArray, form: DateMatch['form'], y: string, mo: number, d: string) => {
    if (y.length === 2 && !yearEndOk(s.slice(m.index + m[0].length, m.index + m[0].length + 8))) return;
    const year = fullYear(y, refYear);
    const day = Number(d);
    if (year === undefined || !validDate(year, mo, day)) return;
    found.push({ start: m.index, end: m.index + m[0].length, year, month: mo, day, form });
  };
  const month = (name: string) => MONTH_BY_NAME.get(name.replace(/\.$/, ''))!;
  const scan = (re: RegExp, fn: (m: RegExpExecArray) => void) => {
    re.lastIndex = 0;
    for (let m = re.exec(s); m; m = re.exec(s)) fn(m);
  };

  // this 20th day of June, 2016
  scan(new RegExp(`\\b(\\d{1,2})(?:ST|ND|RD|TH)?\\s+DAY\\s+OF\\s+${MON}\\.?[ ,]{1,3}(\\d{4})\\b`, 'g'), (m) =>
    add(m, 'day-of', m[3]!, month(m[2]!), m[1]!));
  // JUN 22 2016, Jun. 22, 2016, JUNE 22ND, 2016, JUN-22-16, JUN 22 '16
  scan(new RegExp(`\\b${MON}\\.?${SEP}{0,3}(\\d{1,2})(?:ST|ND|RD|TH)?${SEP}{1,4}${YEAR}`, 'g'), (m) =>
    add(m, 'mdy-name', m[3]!, month(m[1]!), m[2]!));
  // 22 JUN 2016, 22-JUN-16
  scan(new RegExp(`(?<!${JUNK})\\b(\\d{1,2})(?:ST|ND|RD|TH)?${SEP}{0,3}${MON}\\.?${SEP}{1,4}${YEAR}`, 'g'), (m) =>
    add(m, 'dmy-name', m[3]!, month(m[2]!), m[1]!));
  // 2016 JUN 22 (time-stamp machines)
  scan(new RegExp(`(?<!${JUNK})\\b(\\d{4})${SEP}{1,3}${MON}\\.?${SEP}{1,3}(\\d{1,2})${NOT_TIME}\\b`, 'g'), (m) =>
    add(m, 'ymd-name', m[1]!, month(m[2]!), m[3]!));
  // 06/22/2016, 6-22-16, 06.22.16 (one separator throughout; month first: a U.S. court)
  scan(new RegExp(`(?<![\\d:/.\\-]|${JUNK})(\\d{1,2}) ?([/\\-.]) ?(\\d{1,2}) ?\\2 ?(\\d{4}|\\d{2})(?!\\d|[/\\-.:]\\d)`, 'g'), (m) =>
    add(m, 'numeric', m[4]!, Number(m[1]), m[3]!));
  // 2016-06-22
  scan(new RegExp(`(?<![\\d\\-/]|${JUNK})(\\d{4})-(\\d{1,2})-(\\d{1,2})(?![\\d\\-])`, 'g'), (m) => add(m, 'iso', m[1]!, Number(m[2]), m[3]!));

  // Overlapping readings of one span: keep the longest (e.g. `2016 JUN 22` over `JUN 22`).
  found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: DateMatch[] = [];
  for (const d of found) {
    if (!kept.some((k) => d.start < k.end && k.start < d.end)) kept.push(d);
  }
  return kept.sort((a, b) => a.start - b.start);
}

function fullYear(y: string, refYear: number): number | undefined {
  if (y.length === 4) {
    const n = Number(y);
    return n >= 1950 && n <= 2099 ? n : undefined;
  }
  if (y.length !== 2) return undefined;
  const n = Number(y);
  const a = 1900 + n;
  const b = 2000 + n;
  return Math.abs(b - refYear) <= Math.abs(a - refYear) ? b : a;
}

function validDate(y: number, m: number, d: number): boolean {
  if (!(m >= 1 && m <= 12 && d >= 1 && d <= 31)) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

// ---------------------------------------------------------------------------------------
// Times

function findTimes(s: string): TimeMatch[] {
  const out: TimeMatch[] = [];
  const push = (start: number, end: number, h: number, min: number, ampm: string | undefined, machine: boolean) => {
    let hour = h;
    if (min > 59) return;
    if (ampm) {
      if (h < 1 || h > 12) return;
      const pm = ampm.startsWith('P');
      hour = (h % 12) + (pm ? 12 : 0);
    } else if (h > 23) {
      return;
    }
    out.push({ start, end, hour, minute: min, machine });
  };
  const AMPM = '(A\\.? ?M\\.?|P\\.? ?M\\.?)';
  let m: RegExpExecArray | null;
  // AM 10:32 (time-stamp machines print the meridiem first)
  const before = new RegExp(`\\b${AMPM}\\s{0,2}(\\d{1,2}) ?[:;.] ?(\\d{2})(?![\\d\\-/]|[:.]\\d{3})`, 'g');
  while ((m = before.exec(s))) push(m.index, m.index + m[0].length, Number(m[2]), Number(m[3]), m[1]!.replace(/[ .]/g, ''), true);
  // 10:32, 10:32 AM, 1:05 P.M., 10.32, 10:32:15, 10:32A
  const hm = new RegExp(`(?<![\\w:/.\\-]|${JUNK})(\\d{1,2}) ?[:;.] ?(\\d{2})(?: ?[:.] ?(\\d{2}))?(?:[\\s°"'*^~]{0,2}${AMPM}(?![A-Z])|([AP])\\b)?(?![\\d/\\-]|[.:]\\d)`, 'g');
  while ((m = hm.exec(s))) {
    const mer = m[4]?.replace(/[ .]/g, '') ?? m[5];
    if (m[3] !== undefined && Number(m[3]) > 59) continue;
    push(m.index, m.index + m[0].length, Number(m[1]), Number(m[2]), mer, false);
  }
  // 10 32 AM, 1032 AM, 858 PM: the colon lost, the meridiem still there (a 12-hour clock
  // leaves one split of the digits).
  const noColon = new RegExp(`(?<![\\w:/.\\-]|${JUNK})(\\d{1,2}) ?(\\d{2})[\\s°"'*^~]{0,2}${AMPM}(?![A-Z])`, 'g');
  while ((m = noColon.exec(s))) push(m.index, m.index + m[0].length, Number(m[1]), Number(m[2]), m[3]!.replace(/[ .]/g, ''), false);
  // @ 1032, @1032, @ 932, AT 1032
  const at = /(?:@|\bAT\b)[\s.,'"°]{0,2}(\d{1,2})(\d{2})(?!\d|[:;.]\d)/g;
  while ((m = at.exec(s))) push(m.index, m.index + m[0].length, Number(m[1]), Number(m[2]), undefined, true);
  // 1032 HRS, 1032H, 1032 HR5
  const hrs = /(?<![\d\-/])(\d{2})(\d{2}) ?(?:HR[S5]?|HOURS|H)\b/g;
  while ((m = hrs.exec(s))) push(m.index, m.index + m[0].length, Number(m[1]), Number(m[2]), undefined, true);
  // TIME: 1032
  const tl = /\bTIME\s*:?\s*(\d{2})(\d{2})(?!\d)/g;
  while ((m = tl.exec(s))) push(m.index, m.index + m[0].length, Number(m[1]), Number(m[2]), undefined, true);

  out.sort((a, b) => b.end - b.start - (a.end - a.start));
  const kept: TimeMatch[] = [];
  for (const t of out) if (!kept.some((k) => t.start < k.end && k.start < t.end)) kept.push(t);
  return kept;
}

interface Line {
  start: number;
  end: number;
  text: string;
}

function splitLines(s: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (const part of s.split('\n')) {
    lines.push({ start, end: start + part.length, text: part });
    start += part.length + 1;
  }
  return lines;
}

function lineOf(lines: Line[], pos: number): number {
  for (let i = 0; i < lines.length; i++) if (pos <= lines[i]!.end) return i;
  return lines.length - 1;
}

/**
 * A neighbouring line that may hold the rest of the stamp: short, or longer only because
 * OCR ran the stamp's line into type beside it (capitals, punctuation) — not a line of
 * prose, whose times (`at 3:15 PM`) are not the stamp's.
 */
function stampNeighbour(line: Line, orig: string | undefined): boolean {
  const len = line.text.trim().length;
  if (len === 0) return false;
  return len <= 48 || (len <= MIXED_LINE_MAX && !isProse(orig ?? line.text));
}

/** Longest OCR line taken for a stamp's line run together with caption type. */
const MIXED_LINE_MAX = 90;

/** The time on the date's own line, else the next line, else the previous one. */
function nearestTime(d: DateMatch, times: TimeMatch[], lines: Line[], lineIdx: number, origLines: string[]): TimeMatch | undefined {
  for (const off of [0, 1, -1]) {
    const li = lineIdx + off;
    const line = lines[li];
    if (!line || (off !== 0 && !stampNeighbour(line, origLines[li]))) continue;
    const here = times.filter((t) => t.start >= line.start && t.end <= line.end);
    if (here.length === 0) continue;
    const dist = (t: TimeMatch) => (t.start >= d.end ? t.start - d.end : d.start - t.end);
    return here.sort((a, b) => Math.abs(dist(a)) - Math.abs(dist(b)))[0];
  }
  return undefined;
}

/** The date's line and up to two neighbours each side, stopping at blank lines or prose. */
function blockAround(lines: Line[], idx: number, origLines: string[]): Line[] {
  const block = [lines[idx]!];
  for (const dir of [-1, 1]) {
    for (let k = 1; k <= 2; k++) {
      const l = lines[idx + dir * k];
      if (!l || !stampNeighbour(l, origLines[idx + dir * k])) break;
      if (dir < 0) block.unshift(l);
      else block.push(l);
    }
  }
  return block;
}

function findKeyword(block: string): string | undefined {
  const words = block.replace(/'/g, '').split(/[^A-Z0-9]+/).filter((w) => w.length > 0);
  for (const w of words) if (STAMP_KEYWORDS.includes(w)) return w;
  for (const w of words) {
    if (w.length < 6) continue;
    const hit = FUZZY_KEYWORDS.find((k) => Math.abs(k.length - w.length) <= 1 && editDistance(k, w) <= 1);
    if (hit) return hit;
  }
  if (/\bDATE\s+STAMP/.test(block)) return 'DATE STAMP';
  return undefined;
}

/** Running text: a long line with several lower-case words (stamps are short, upper case). */
function isProse(orig: string): boolean {
  const words = orig.trim().split(/\s+/);
  const lower = words.filter((w) => /[a-z]{2,}/.test(w)).length;
  return orig.trim().length > 48 && lower >= 4;
}

function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
