/**
 * I-7 personal data identifiers (Fed. R. Civ. P. 5.2(a); Fed. R. Bankr. P. 9037;
 * ECF Procedure 13): full Social Security numbers, full dates of birth, full financial
 * account numbers, names of minor children.
 *
 * Redaction is the filer's duty and the clerk does not review (ECF Procedure 13, note),
 * so a hit is only a warning: the scan leans towards missing an oddly written
 * identifier rather than warning about inmate numbers, case numbers, docket numbers,
 * phone numbers, ZIP+4 codes or ordinary dates. Excerpts are masked: they never carry
 * the identifier itself, since they travel in replies and the digest.
 */

export type PrivacyKind = 'ssn' | 'birth-date' | 'account-number' | 'minor-name';

export interface PrivacyHit {
  kind: PrivacyKind;
  /** 1-based page number. */
  page: number;
  /**
   * Masked, never the identifier itself: `***-**-6789`, `DOB **` + `/**` + `/1980`
   * (year only), `Account No. ****4321`, `my son J.S.`.
   */
  excerpt: string;
}

export interface PrivacyOptions {
  /** Pro se filing in a habeas case (28 U.S.C. §§ 2241, 2254, 2255): exempt under Fed. R. Civ. P. 5.2(b)(6). */
  habeasProSe?: boolean;
}

interface PageHit {
  kind: PrivacyKind;
  start: number;
  end: number;
  excerpt: string;
}

// ---------------------------------------------------------------- Social Security numbers

// A digit, or a letter OCR reads for one (O for 0, l/I for 1); repaired before checking.
const OD = '[0-9OoIl]';

function repairDigits(s: string): string {
  return s.replace(/[Oo]/g, '0').replace(/[Il]/g, '1');
}

const SSN_CUE = String.raw`\b(?:SSN|S\.[ \t]?S\.(?:[ \t]?N\.?)?|SS\s?#|SS\s?No\.?|Soc(?:ial)?\.?\s+Sec(?:urity)?\.?(?:\s+(?:Acc(?:oun)?t\.?\s+)?(?:No\.?|Number|Num\.?|#))?)`;
// With a cue any spelling counts: nine digits run together (`SSN: 123456789`), OCR's
// spaces around the dashes (`123 - 45 - 6789`) and its O/l for 0/1.
const SSN_SEP = String.raw`(?:[ \t]*[-\u2013.][ \t]*|[ \t])?`;
const SSN_CUED = new RegExp(`${SSN_CUE}\\s*[:#.]?\\s*(?:(?:is|was|of)\\s+)?(?<![0-9A-Za-z])(${OD}{3})${SSN_SEP}(${OD}{2})${SSN_SEP}(${OD}{4})(?![0-9A-Za-z])`, 'gi');
// Without one, only the 3-2-4 grouping with one consistent separator; phone numbers
// (3-3-4) and ZIP+4 (5-4) cannot take this shape.
const SSN_GROUPED = /(?<![\d-])(\d{3})([-\u2013 ])(\d{2})\2(\d{4})(?![\d-])/g;

/** SSA never issues area 000, 666 or 900–999, group 00 or serial 0000. */
function validSsn(area: string, group: string, serial: string): boolean {
  const a = Number(area);
  return a !== 0 && a !== 666 && a < 900 && group !== '00' && serial !== '0000';
}

function findSsns(text: string): PageHit[] {
  const hits: PageHit[] = [];
  for (const m of text.matchAll(SSN_CUED)) {
    const [area, group, serial] = [m[1]!, m[2]!, m[3]!].map(repairDigits) as [string, string, string];
    // OCR repair is for a stray letter: groups made mostly of letters are a word, not a number.
    if ((m[1]! + m[2]! + m[3]!).replace(/\D/g, '').length < 7) continue;
    if (validSsn(area, group, serial)) hits.push({ kind: 'ssn', start: m.index, end: m.index + m[0].length, excerpt: `***-**-${serial}` });
  }
  for (const m of text.matchAll(SSN_GROUPED)) {
    const end = m.index + m[0].length;
    // Space-separated groups inside a run of figures (a table row) are not an SSN.
    if (m[2] === ' ' && (/\d ?$/.test(text.slice(Math.max(0, m.index - 2), m.index)) || /^ ?\d/.test(text.slice(end, end + 2)))) continue;
    if (validSsn(m[1]!, m[3]!, m[4]!)) hits.push({ kind: 'ssn', start: m.index, end, excerpt: `***-**-${m[4]}` });
  }
  return hits;
}

// ---------------------------------------------------------------- dates of birth

const MONTHS = String.raw`(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?`;
// OCR puts spaces around separators (`03 / 14 / 1985`).
const SEP = String.raw`[ \t]?[/.\-\u2013][ \t]?`;
// A full date: day, month and year. A year alone, or a month and year, is not matched.
const FULL_DATE = [
  String.raw`(?<![0-9A-Za-z/])(?<m1>${OD}{1,2})${SEP}(?<d1>${OD}{1,2})${SEP}(?<y1>${OD}{4}|${OD}{2})(?![0-9A-Za-z]|[/.\-]\d)`,
  String.raw`(?<![0-9A-Za-z/])(?<y2>\d{4})-(?<m2>\d{1,2})-(?<d2>\d{1,2})(?!\d)`,
  String.raw`\b${MONTHS}[ \t]*(?<d3>\d{1,2})(?:st|nd|rd|th)?[ \t]*,?[ \t]*(?<y3>\d{4})(?!\d)`,
  String.raw`\b(?<d4>\d{1,2})(?:st|nd|rd|th)?[ \t]+(?:day[ \t]+of[ \t]+|of[ \t]+)?${MONTHS},?[ \t]+(?<y4>\d{4})(?!\d)`,
  // Prison and hospital records: `14-MAR-1985`, `14-Mar-85`.
  String.raw`\b(?<d5>\d{1,2})[ \t]?[-/][ \t]?${MONTHS}[ \t]?[-/][ \t]?(?<y5>\d{4}|\d{2})(?!\d)`,
].join('|');
const FULL_DATE_RE = new RegExp(FULL_DATE, 'i');
// Labels that name a birth date; `D O B` and `D.0.B.` as OCR reads them.
const BIRTH_LABEL = String.raw`\b(?:D\.?[ \t]?[O0]\.?[ \t]?B\b\.?|date[ \t]+of[ \t]+birth|birth[ \t]*-?[ \t]*(?:date|day))`;
const BIRTH_CUE = new RegExp(String.raw`(?<cue>${BIRTH_LABEL}|\bborn(?:[ \t]+on)?\b)`, 'gi');
// Between a cue and its date: punctuation, a format hint `(mm/dd/yyyy)`, a verb.
const FILLER = String.raw`^[\s:#,.\-]*(?:\([ \t]*[mdy]{1,4}(?:[ \t]*[/.\-][ \t]*[mdy]{1,4}){2}[ \t]*\)[\s:#,.\-]*)?(?:(?:is|was|of|on|being|the)\s+)*`;
const ADJACENT_DATE = new RegExp(`${FILLER}(?:${FULL_DATE})`, 'i');
// A label written without separators: `DOB:03141985`.
const RUN_DATE = new RegExp(String.raw`${FILLER}(?<m6>[01]\d)(?<d6>[0-3]\d)(?<y6>(?:19|20)\d{2})(?!\d)`, 'i');
// A form with labels in a row and values in the row below: what stands between a
// birth-date label and a date must not be another date's label or the end of a sentence.
const OTHER_DATE_LABEL = /\b(?:date[ds]?|on|filed|received|signed|executed|hearing|arrest\w*|admi\w*|release\w*|sentenc\w*|incident|today)\b|(?<!\bNo)[.!?][ \t]+[A-Z][a-z]/i;
const COLUMN_WINDOW = 100;

/** The year of a full date (day, month, year in either numeric order), or null when it is not one. */
function birthYear(g: Record<string, string | undefined>): string | null {
  const year = g.y1 ?? g.y2 ?? g.y3 ?? g.y4 ?? g.y5 ?? g.y6;
  // OCR repair is for a stray letter: a year needs at least two real digits.
  if (!year || (g.y1 !== undefined && !/\d.*\d/.test(g.y1))) return null;
  const m = Number(repairDigits(g.m1 ?? g.m2 ?? g.m6 ?? '1'));
  const d = Number(repairDigits(g.d1 ?? g.d2 ?? g.d3 ?? g.d4 ?? g.d5 ?? g.d6 ?? '0'));
  const y = repairDigits(year);
  if (y.length === 4 && (Number(y) < 1900 || Number(y) > 2099)) return null;
  // Numeric dates may be written day-first; either reading must make sense.
  const ok = d >= 1 && m >= 1 && ((m <= 12 && d <= 31) || (g.m1 !== undefined && d <= 12 && m <= 31));
  return ok ? y : null;
}

/** The date a birth-date cue at `cueEnd` introduces: right after it, or below it in a form's next row. */
function dateAfterCue(text: string, cueEnd: number, label: boolean): { year: string; end: number } | null {
  const after = text.slice(cueEnd);
  for (const re of [ADJACENT_DATE, RUN_DATE]) {
    const m = after.match(re);
    const year = m && birthYear(m.groups!);
    if (m && year) return { year, end: cueEnd + m[0].length };
  }
  if (!label) return null;
  // The rest of the label's line and the next line.
  const lines = after.split('\n');
  const window = lines.slice(0, 2).join('\n').slice(0, COLUMN_WINDOW);
  const m = window.match(FULL_DATE_RE);
  if (!m || OTHER_DATE_LABEL.test(window.slice(0, m.index))) return null;
  const year = birthYear(m.groups!);
  return year ? { year, end: cueEnd + m.index! + m[0].length } : null;
}

// The label after the date: `03/14/1985 (DOB)`.
const DATE_THEN_LABEL = new RegExp(`(?:${FULL_DATE})[ \\t]*[(\\[][ \\t]*(?<cue>D\\.?O\\.?B\\.?|date of birth)[ \\t]*[)\\]]`, 'gi');

function findBirthDates(text: string): PageHit[] {
  const hits: PageHit[] = [];
  for (const m of text.matchAll(BIRTH_CUE)) {
    const cue = m.groups!.cue!;
    const found = dateAfterCue(text, m.index + cue.length, !/^born/i.test(cue));
    if (found) hits.push({ kind: 'birth-date', start: m.index, end: found.end, excerpt: `${cue.replace(/\s+/g, ' ')} **/**/${found.year}` });
  }
  for (const m of text.matchAll(DATE_THEN_LABEL)) {
    const year = birthYear(m.groups!);
    if (year) hits.push({ kind: 'birth-date', start: m.index, end: m.index + m[0].length, excerpt: `${m.groups!.cue} **/**/${year}` });
  }
  return hits;
}

// ---------------------------------------------------------------- financial account numbers

const ACCOUNT = /\b(?<cue>(?:account|acct\.?|a\/c)(?:\s*(?:no\.?|number|num\.?|#))?)\s*[:#.]?\s*(?<value>[0-9Xx*•]+(?:[ -][0-9Xx*•]+)*)/gi;
// A prisoner's trust or commissary "account number" is the inmate number, and a PACER
// or CM/ECF account is a login: neither is a financial account under Rule 5.2.
const NOT_FINANCIAL = /\b(?:inmate|prisoner|trust|commissary|pacer|ecf|login)(?:\s+(?:trust|fund|funds|spending|savings))?\s*$/i;
// Card numbers: 13–19 digits, bare or in the usual groups (4-4-4-4[-3], Amex 4-6-5).
const CARD = /(?<![\d-])(?:\d{13,19}|\d{4}([ -])\d{4}\1\d{4}\1\d{1,7}|\d{4}([ -])\d{6}\2\d{4,5})(?!\d|-\d)/g;

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

function findAccounts(text: string): PageHit[] {
  const hits: PageHit[] = [];
  for (const m of text.matchAll(ACCOUNT)) {
    const digits = m.groups!.value!.replace(/\D/g, '');
    // Rule 5.2(a)(4): the last four digits may show, no more.
    if (digits.length <= 4) continue;
    if (NOT_FINANCIAL.test(text.slice(Math.max(0, m.index - 30), m.index))) continue;
    const cue = m.groups!.cue!.replace(/\s+/g, ' ');
    hits.push({ kind: 'account-number', start: m.index, end: m.index + m[0].length, excerpt: `${cue} ****${digits.slice(-4)}` });
  }
  for (const m of text.matchAll(CARD)) {
    const digits = m[0].replace(/\D/g, '');
    // Issuer prefixes 2–6 (Mastercard, Amex, Visa, Discover) and the Luhn check keep
    // long reference numbers out.
    if (digits.length < 13 || digits.length > 19 || !/^[2-6]/.test(digits) || !luhn(digits)) continue;
    hits.push({ kind: 'account-number', start: m.index, end: m.index + m[0].length, excerpt: `****${digits.slice(-4)}` });
  }
  return hits;
}

// ---------------------------------------------------------------- names of minor children

const RELATIVE = '(?:son|daughter|child|stepson|stepdaughter|grandson|granddaughter)';
const TOKEN = String.raw`(?:[A-Z]['’])?[A-Z][a-z]+(?:[-'’]?[A-Z][a-z]+)?`;
const NAME_TAIL = String.raw`${TOKEN}(?:[ \t]+[A-Z]\.)?(?:[ \t]+${TOKEN}){1,3}`;
// Cue, then the name: `minor child Jane Doe`, `my son, John Smith`, `the minor Jane Doe`.
// A bare `minor` must be lower-case: `Minor League Baseball` is a heading, not a child.
const CUE_THEN_NAME = new RegExp(
  String.raw`(?<![A-Za-z])(?<cue>[Mm]inor[ \t]+(?:[Cc]hild(?:ren)?|[Ss]on|[Dd]aughter)\b|[Mm]y[ \t]+(?:minor[ \t]+|\d{1,2}[- ]year[- ]old[ \t]+)?${RELATIVE}\b|\([Aa][ \t]+minor\)|minor\b)` +
    String.raw`(?:[ \t]*[,:][ \t]*|[ \t]+)(?:(?:named|is)[ \t]+)?(?<name>${NAME_TAIL})`,
  'g',
);
// Name, then the cue: `Jane Doe, a minor`, `Jane Doe (a minor)`, `Jane Doe, age 6`, `Jane Doe, my daughter`;
// not the adjective (`John Doe, a minor role`).
const NAME_THEN_CUE = new RegExp(
  String.raw`(?<name>${NAME_TAIL})[ \t]*,?[ \t]*\(?(?<cue>(?:a[ \t]+)?minor\b(?![ \t]+(?!child|son|daughter)[a-z])|aged?[ \t]+(?<age>\d{1,2})\b|(?<years>\d{1,2})[- ]years?[- ]old\b|my[ \t]+(?:minor[ \t]+)?${RELATIVE}\b)`,
  'g',
);
// Capitalised words that are not personal names: headings, parties, institutions.
const NOT_NAME = new Set(
  (
    'A An And Of In Is Was The This That He She They My His Her Their Our Your Mr Mrs Ms Dr Jr Sr ' +
    'Minor Child Children Son Daughter Age Aged Years Old Custody Hearing Offense Report Support Services ' +
    'Protective Probate Family Superior Court State States United District Connecticut Department Correction ' +
    'Correctional Institution Center Motion Order Judge Honorable Plaintiff Plaintiffs Defendant Defendants Petitioner ' +
    'Respondent Debtor Debtors Counsel Attorney General Public Defender Guardian Litem Inmate Prisoner Warden ' +
    'Officer Complaint Petition Exhibit Affidavit Declaration School Hospital Police Rule Rules Federal Civil ' +
    'Procedure Case No Schedule Form Official Bankruptcy Trustee Clerk Office January February March ' +
    'July August September October November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday'
  ).split(' '),
);

/** Drops heading words around the name; null unless a First Last name remains. */
function personalName(raw: string): string[] | null {
  const tokens = raw.split(/[ \t]+/);
  while (tokens.length && NOT_NAME.has(tokens[0]!)) tokens.shift();
  while (tokens.length && NOT_NAME.has(tokens[tokens.length - 1]!)) tokens.pop();
  const words = tokens.filter((t) => !/^[A-Z]\.$/.test(t));
  if (words.length < 2 || tokens.some((t) => NOT_NAME.has(t))) return null;
  return tokens;
}

function initials(tokens: string[]): string {
  return tokens.map((t) => `${t[0]}.`).join('');
}

function findMinorNames(text: string): PageHit[] {
  const hits: PageHit[] = [];
  for (const m of text.matchAll(CUE_THEN_NAME)) {
    const name = personalName(m.groups!.name!);
    if (name) hits.push({ kind: 'minor-name', start: m.index, end: m.index + m[0].length, excerpt: `${m.groups!.cue!} ${initials(name)}` });
  }
  for (const m of text.matchAll(NAME_THEN_CUE)) {
    const g = m.groups!;
    // `John Smith, age 45` is an adult.
    const age = g.age ?? g.years;
    if (age !== undefined && Number(age) >= 18) continue;
    const name = personalName(g.name!);
    if (name) hits.push({ kind: 'minor-name', start: m.index, end: m.index + m[0].length, excerpt: `${initials(name)}, ${g.cue!.replace(/\s+/g, ' ')}` });
  }
  return hits;
}

// ---------------------------------------------------------------- the scan

function scanPage(text: string, page: number): PrivacyHit[] {
  // Earlier finders win a span: an SSN written after `Account No.` is reported once.
  const taken: PageHit[] = [];
  for (const hit of [...findSsns(text), ...findBirthDates(text), ...findAccounts(text), ...findMinorNames(text)]) {
    if (taken.some((t) => hit.start < t.end && t.start < hit.end)) continue;
    taken.push(hit);
  }
  const seen = new Set<string>();
  return taken
    .sort((a, b) => a.start - b.start)
    .filter((h) => !seen.has(`${h.kind} ${h.excerpt}`) && seen.add(`${h.kind} ${h.excerpt}`))
    .map((h) => ({ kind: h.kind, page, excerpt: h.excerpt }));
}

/** I-7: personal data identifiers in each page's text (text layer or OCR), in page order. */
export function scanPrivacy(pages: readonly string[], opts: PrivacyOptions = {}): PrivacyHit[] {
  if (opts.habeasProSe) return [];
  return pages.flatMap((text, i) => scanPage(text, i + 1));
}
