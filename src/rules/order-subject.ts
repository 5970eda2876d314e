/**
 * O-1 subject lines: `<case number> <debtor name> - <category>`, e.g.
 * `13-30001 Daniel - hearing date March 15, 2014` (ECF Procedure 14(e)).
 *
 * Tolerated: any letter case, extra or missing spaces around the dash, en/em and other
 * Unicode dashes, `Re:`/`Fwd:`/`FW:` prefixes, a trailing period, double quotes around
 * the category, `ex-parte`/`exparte`, case numbers `13-30001`, `13-bk-30001`,
 * `3:13-bk-30001` (normalised to `13-30001`), and the common date spellings (`March 15,
 * 2014`, `Mar. 15, 2014`, `Mar 15 2014`, `3/15/14`, `03/15/2014`, `2014-03-15`,
 * `15 March 2014`, an optional weekday before and time of day after). Anything else is
 * rejected `SUBJECT_FORMAT` with one plain sentence saying what is wrong (`explainSubject`).
 */
import { findCaseNumbers, normaliseBankruptcyCase } from './case-number.ts';
import { COURT_TIME_ZONE, dayOfWeek, daysInMonth, formatCourtDate } from './court-calendar.ts';
import { isoInZone } from './time.ts';
import { levenshtein } from './edit-distance.ts';

export const ORDER_CATEGORIES = ['hearing date', 'request filed', 'hearing held', 'ex parte', 'expedited'] as const;
export type OrderCategory = (typeof ORDER_CATEGORIES)[number];

/** The five correct forms, shown in the O-1 rejection notice. */
export const SUBJECT_FORMS = [
  '13-30001 Daniel - hearing date March 15, 2014',
  '13-30001 Daniel - request filed',
  '13-30001 Daniel - hearing held 12/1/13',
  '13-30001 Daniel - ex parte',
  '13-30001 Daniel - expedited',
];

export interface OrderSubject {
  /** Canonical bankruptcy case number, `13-30001`. */
  caseNumber: string;
  debtor: string;
  category: OrderCategory;
  /** The date after `hearing date` / `hearing held`, as written (without a time of day). */
  dateText?: string;
  /** That date as ISO `YYYY-MM-DD`, for `hearing date` and `hearing held`. */
  hearingDate?: string;
}

export interface SubjectOptions {
  /**
   * The instant the message arrived: a two-digit year is read in the century nearest to
   * this instant's year (ties go to the earlier century). Without it, the year 2000 is the
   * reference, i.e. `00`–`49` → 2000–2049 and `50`–`99` → 1950–1999.
   */
  reference?: Date;
  /** Time zone of the reference's year; court time by default. */
  timezone?: string;
}

export type SubjectExplanation = { ok: true; value: OrderSubject } | { ok: false; problem: string };

export type DateReading = { ok: true; iso: string; text: string } | { ok: false; problem: string };

const DEFAULT_REFERENCE_YEAR = 2000;

// Hyphen and the Unicode dashes word processors and phones substitute (as in case-number.ts).
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;
const DOUBLE_QUOTES = /["\u201C\u201D\u201E\u00AB\u00BB]/g;
// `Re:`, `RE:`, `Fwd:`, `FW:`, `Re[2]:`, Outlook's other languages (`AW:`, `WG:`, `TR:`), `[EXTERNAL]`.
const PREFIXES = /^(?:(?:re|fwd?|aw|wg|tr)(?:\s*\[\d+\])?\s*:\s*|\[(?:external|ext)\]\s*)+/i;

// The case number at the start: `13-30001`, `13-bk-30001`, `3:13-bk-30001`, optionally
// labelled `Case No.` and followed by judge initials `(AMN)`. Sequence length is checked by
// normaliseBankruptcyCase, so a short `13-3001` is reported rather than passed over.
const CASE_AT_START = /^(?:(?:case\s*)?(?:no\.?|number|#)\s*:?\s*)?((?:\d\s*:\s*)?\d{2}\s*-\s*(?:bk\s*-\s*)?\d{1,7})(?!\d)/i;
const JUDGE_INITIALS = /^\s*\([A-Z]{2,4}\)/;

const CATEGORY_WORDS = String.raw`(hearing\s*date|request\s*filed|hearing\s*held|ex\s*-?\s*parte|expedited)(?![a-z])`;
/** Debtor, a dash (any number, spaced or not), the category, the rest. */
const WITH_DASH = new RegExp(String.raw`^(.*?)\s*-+\s*${CATEGORY_WORDS}(.*)$`, 'i');
/** A debtor and the category with no dash between them. */
const WITHOUT_DASH = new RegExp(String.raw`^\s*(.*?\S)\s+${CATEGORY_WORDS}`, 'i');
/** The category right after the case number: no debtor name. */
const CATEGORY_FIRST = new RegExp(String.raw`^\s*[-:,]*\s*${CATEGORY_WORDS}`, 'i');

/** A parenthesised or bracketed remark, or a docket reference, at the end of the subject. */
const TRAILING_REFERENCE = /(?:\s*[-,;:]?\s*(?:\([^()]*\)|\[[^[\]]*\]|(?:re:?\s+|for\s+|on\s+)?(?:ECF|Doc(?:ument|ket)?|Dkt|D\.E)\.?\s*(?:No|Entry)?\.?\s*#?\s*\d{1,5}))+\s*$/i;

const CATEGORY_LIST = ['hearing date <date>', 'request filed', 'hearing held <date>', 'ex parte', 'expedited'].map((c) => `“${c}”`).join(', ');

function canonicalCategory(words: string): OrderCategory {
  const letters = words.toLowerCase().replace(/[^a-z]/g, '');
  return ORDER_CATEGORIES.find((c) => c.replace(/ /g, '') === letters)!;
}

function quote(s: string): string {
  return `“${s}”`;
}

/** Unicode dashes → `-`, quotes and invisible characters out, spaces collapsed, prefixes and trailing periods off. */
function tidy(subject: string): string {
  return subject
    .normalize('NFKC')
    .replace(DASHES, '-')
    .replace(INVISIBLE, '')
    .replace(DOUBLE_QUOTES, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(PREFIXES, '')
    .replace(/[\s.]+$/, '');
}

function cleanDebtor(s: string): string {
  return s.replace(/^[\s\-:,;]+|[\s\-:,;]+$/g, '').replace(/\s+/g, ' ');
}

function unknownCategory(text: string): string {
  const lower = text.toLowerCase();
  for (const c of ORDER_CATEGORIES) {
    const head = lower.split(' ').slice(0, c.split(' ').length).join(' ');
    if (levenshtein(head, c) <= 2) return `unknown category ${quote(text)} (did you mean ${quote(c)}?)`;
  }
  if (/^hearing\b/.test(lower)) {
    return `unknown category ${quote(text)}: before a hearing write ${quote('hearing date <date>')}, after it ${quote('hearing held <date>')}`;
  }
  return `unknown category ${quote(text)}`;
}

/** The index of the first dash with a space on at least one side (an unspaced one is a hyphenated name). */
function separatorDash(s: string): number {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '-' && (s[i - 1] === ' ' || s[i + 1] === ' ' || i === s.length - 1)) return i;
  }
  return -1;
}

/**
 * O-1: reads a proposed order's subject line, or says in one sentence what is wrong with
 * it (for the `SUBJECT_FORMAT` rejection notice).
 */
export function explainSubject(subject: string, opts: SubjectOptions = {}): SubjectExplanation {
  const fail = (problem: string): SubjectExplanation => ({ ok: false, problem });
  const s = tidy(subject);
  if (!s) return fail('the subject is empty');

  // 1. The case number comes first.
  const cm = CASE_AT_START.exec(s);
  if (!cm) {
    const found = findCaseNumbers(s)[0];
    if (found?.court === 'district') {
      return fail(`${quote(found.raw)} is a District Court case number; a proposed order for the Bankruptcy Court needs the bankruptcy case number, such as 13-30001`);
    }
    if (found) return fail(`the subject must begin with the case number, ${found.caseNumber}, before the debtor's name`);
    return fail('the subject has no case number');
  }
  const caseNumber = normaliseBankruptcyCase(cm[1]!);
  if (!caseNumber) {
    return fail(`${quote(cm[1]!)} is not a bankruptcy case number: write the two-digit year, a dash and the five-digit number, such as 13-30001 or 3:13-bk-30001`);
  }
  let start = cm[0].length;
  start += JUDGE_INITIALS.exec(s.slice(start))?.[0].length ?? 0;
  const rest = s.slice(start);

  // 2. `<debtor> - <category>`.
  const m = WITH_DASH.exec(rest);
  if (!m) {
    const noDash = WITHOUT_DASH.exec(rest);
    if (noDash && /\p{L}/u.test(noDash[1]!)) {
      const end = start + noDash.index + noDash[0].length;
      const shown = s.slice(0, end) + (s.slice(end).trim() ? ' …' : '');
      return fail(`${quote(shown)} lacks the dash between the debtor's name and the category`);
    }
    if (CATEGORY_FIRST.test(rest)) return fail("the subject has no debtor name between the case number and the category");
    const dash = separatorDash(rest);
    if (dash >= 0) {
      const category = rest.slice(dash + 1).trim();
      if (!cleanDebtor(rest.slice(0, dash))) return fail("the subject has no debtor name between the case number and the dash");
      if (!category) return fail(`the category is missing after the dash: use one of ${CATEGORY_LIST}`);
      return fail(unknownCategory(category));
    }
    if (!cleanDebtor(rest)) return fail("the subject has only the case number: add the debtor's name, a dash and the category");
    return fail(`${quote(s)} has no category: after the debtor's name add a dash and one of ${CATEGORY_LIST}`);
  }
  const debtor = cleanDebtor(m[1]!);
  if (!/\p{L}/u.test(debtor)) return fail("the subject has no debtor name between the case number and the dash");
  const category = canonicalCategory(m[2]!);
  // The procedure asks that the subject *contain* these parts: a trailing reference to
  // the motion — `(ECF No. 42)`, `[Doc. 42]`, `re ECF No. 42` — adds to them, it is not
  // a different category.
  const tail = m[3]!.replace(TRAILING_REFERENCE, '').trim();

  // 3. What follows the category.
  if (category !== 'hearing date' && category !== 'hearing held') {
    if (tail) return fail(`nothing may follow ${quote(category)} in the subject (found ${quote(tail.replace(/^[\s\-:,]+/, ''))})`);
    return { ok: true, value: { caseNumber, debtor, category } };
  }
  const dateText = tail.replace(/^[\s\-:,]+/, '').replace(/^(?:on|of|was|is)\s+/i, '');
  if (!dateText) {
    return fail(category === 'hearing date' ? `${quote('hearing date')} must be followed by the hearing's date` : `${quote('hearing held')} must be followed by the date the hearing was held`);
  }
  const date = readSubjectDate(dateText, opts);
  if (!date.ok) return fail(date.problem);
  return { ok: true, value: { caseNumber, debtor, category, dateText: date.text, hearingDate: date.iso } };
}

/** O-1: the subject's parts, or null when it does not follow the form (see `explainSubject` for why). */
export function parseOrderSubject(subject: string, opts: SubjectOptions = {}): OrderSubject | null {
  const r = explainSubject(subject, opts);
  return r.ok ? r.value : null;
}

// ---------------------------------------------------------------------------- dates

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const WEEKDAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

function monthNumber(word: string): number | null {
  const w = word.toLowerCase();
  if (w === 'sept') return 9;
  const i = MONTH_NAMES.findIndex((name) => name === w || (w.length === 3 && name.startsWith(w)));
  return i >= 0 ? i + 1 : null;
}

const WEEKDAY_ABBREVIATIONS = ['sun', 'mon', 'tue', 'tues', 'wed', 'thu', 'thur', 'thurs', 'fri', 'sat'];

function weekdayNumber(word: string): number | null {
  const w = word.toLowerCase();
  if (!WEEKDAY_NAMES.includes(w) && !WEEKDAY_ABBREVIATIONS.includes(w)) return null;
  return WEEKDAY_NAMES.findIndex((name) => name.startsWith(w));
}

/** The year `yy` (0–99) in the century nearest `referenceYear`; a tie goes to the earlier century. */
export function resolveTwoDigitYear(yy: number, referenceYear: number): number {
  const base = Math.floor(referenceYear / 100) * 100;
  let best = base - 100 + yy;
  for (const y of [base + yy, base + 100 + yy]) if (Math.abs(y - referenceYear) < Math.abs(best - referenceYear)) best = y;
  return best;
}

function referenceYear(opts: SubjectOptions): number {
  const ref = opts.reference;
  if (!ref || Number.isNaN(ref.getTime())) return DEFAULT_REFERENCE_YEAR;
  return Number(isoInZone(ref, opts.timezone ?? COURT_TIME_ZONE).slice(0, 4));
}

// A time of day after the date: `at 10:00 a.m.`, `@ 2pm`, `, 10:00`, `noon`.
const TIME_OF_DAY = /(?:,?\s*(?:at|@)\s*|,?\s+)(?:\d{1,2}(?::\d{2})?\s*(?:a\.?\s?m\.?|p\.?\s?m\.?)|\d{1,2}:\d{2}|noon)$/i;
const YEAR = String.raw`(\d{4}|['’]?\d{2})`;
const ISO_FORM = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const NUMERIC_FORM = new RegExp(String.raw`^(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})$`);
const MONTH_FIRST = new RegExp(String.raw`^([a-z]+)[\s.-]*(\d{1,2})(?:st|nd|rd|th)?[\s,-]*${YEAR}$`, 'i');
const DAY_FIRST = new RegExp(String.raw`^(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?[\s-]*([a-z]+)\.?[\s,-]*${YEAR}$`, 'i');
const NO_YEAR = /^(?:\d{1,2}\s*\/\s*\d{1,2}|[a-z]+\.?\s*\d{1,2}(?:st|nd|rd|th)?|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?[a-z]+\.?)$/i;
const WEEKDAY_PREFIX = /^([a-z]+)\.?,?\s+(?=\S)/i;

/**
 * A date as filers write it in a subject → ISO, or a sentence saying why it is not one.
 * Numeric dates are month/day/year. Two-digit years: see `SubjectOptions.reference`.
 */
export function readSubjectDate(text: string, opts: SubjectOptions = {}): DateReading {
  let t = text.normalize('NFKC').replace(DASHES, '-').replace(/\s+/g, ' ').trim().replace(/\.$/, '');
  // A time of day after the date (`March 15, 2014 at 10:00 a.m.`) is not part of it.
  const timed = TIME_OF_DAY.exec(t);
  if (timed && timed.index > 0) t = t.slice(0, timed.index).trim();
  const written = t;
  let weekday: number | null = null;
  const wd = WEEKDAY_PREFIX.exec(t);
  if (wd && weekdayNumber(wd[1]!) !== null) {
    weekday = weekdayNumber(wd[1]!);
    t = t.slice(wd[0].length);
  }

  const refYear = referenceYear(opts);
  const year = (y: string): number => {
    const digits = y.replace(/\D/g, '');
    return digits.length === 2 ? resolveTwoDigitYear(Number(digits), refYear) : Number(digits);
  };

  let parts: [number, number, number] | null = null; // year, month, day
  let m: RegExpExecArray | null;
  if ((m = ISO_FORM.exec(t))) parts = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = NUMERIC_FORM.exec(t))) parts = [year(m[4]!), Number(m[1]), Number(m[3])];
  else if ((m = MONTH_FIRST.exec(t)) && monthNumber(m[1]!)) parts = [year(m[3]!), monthNumber(m[1]!)!, Number(m[2])];
  else if ((m = DAY_FIRST.exec(t)) && monthNumber(m[2]!)) parts = [year(m[3]!), monthNumber(m[2]!)!, Number(m[1])];

  if (!parts) {
    if (NO_YEAR.test(t)) return { ok: false, problem: `the date ${quote(written)} has no year` };
    return { ok: false, problem: `${quote(written)} is not a date: write it like March 15, 2014 or 3/15/14` };
  }
  const [y, mo, d] = parts;
  if (mo < 1 || mo > 12) {
    const hint = mo > 12 && d >= 1 && d <= 12 ? ' (dates are written month/day/year)' : '';
    return { ok: false, problem: `${quote(written)} is not a real date: there is no month ${mo}${hint}` };
  }
  if (d < 1 || d > daysInMonth(y, mo)) {
    const monthName = MONTH_NAMES[mo - 1]!.replace(/^./, (c) => c.toUpperCase());
    return {
      ok: false,
      problem: d < 1 ? `${quote(written)} is not a real date: there is no day 0` : `${quote(written)} is not a real date: ${monthName} ${y} has ${daysInMonth(y, mo)} days`,
    };
  }
  const iso = `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (weekday !== null && dayOfWeek(iso) !== weekday) {
    return { ok: false, problem: `the date ${quote(written)} names the wrong day of the week: it is ${formatCourtDate(iso)}` };
  }
  return { ok: true, iso, text: written };
}
