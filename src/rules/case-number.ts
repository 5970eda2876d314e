/**
 * P-5 case numbers for the District of Connecticut.
 *
 * District court: `3:YY-tt-NNNNN` — office 3, two-digit year, case type, five-digit
 * sequence. Habeas and civil-rights cases are `cv` cases; `cr` and `mc` are accepted
 * and kept. Types used elsewhere (`pr`, `hc`, `civ`) are not mapped to `cv`: the
 * court has no such cases, so guessing could dock a filing in someone else's case
 * (P-4: never guess); the filing then goes to a clerk as NEW_CASE.
 *
 * Bankruptcy court: `YY-NNNNN`, also written `3:YY-bk-NNNNN` or `YY-bk-NNNNN`
 * (ECF Procedure 14(e), O-1).
 *
 * Other offices (`1:16-cv-1234`) are other districts' cases — cited precedent, not the
 * filing's own case — and are not recognised.
 */

export type CaseCourt = 'district' | 'bankruptcy';

export interface FoundCaseNumber {
  /** Canonical form: `3:16-cv-01234` or `13-30001`. */
  caseNumber: string;
  /** The text as it stood in the input (without judge initials). */
  raw: string;
  /** UTF-16 offset of `raw` in the input. */
  index: number;
  court: CaseCourt;
}

export interface CaseNumberChoice {
  caseNumber: string;
  source: 'subject' | 'caption';
}

const DISTRICT_OFFICE = '3';
const DISTRICT_TYPES = ['cv', 'cr', 'mc'] as const;

// Hyphen, the Unicode dashes (en, em, figure, minus...) word processors substitute.
const DASH = '[-\\u2010-\\u2015\\u2212\\uFE58\\uFE63\\uFF0D]';
// A digit, or a letter OCR commonly reads for one (l/I/| for 1, O/o for 0).
const D = '[0-9lIOo|]';
// Between year, type and sequence: a dash, spaces, or nothing (`3:16cv1234`).
const GAP = `(?:\\s*${DASH}\\s*|\\s+)?`;
// `3:`, `3 -`, `3 ` before the year.
// OCR reads the colon as `;` at times.
const OFFICE = `(?<![0-9A-Za-z])(${DISTRICT_OFFICE})\\s*(?::|;|${DASH}|\\s)\\s*`;
// No office written: the year must not follow another office digit (`1:16-cv-...`).
const NO_OFFICE = `(?<![0-9A-Za-z:]|\\d\\s*${DASH}\\s*|\\d\\s*:\\s*|\\d[ \\t]+)`;

/** `cv` → `[cC][vV]`: the digit class must stay case-sensitive, so no `i` flag. */
function anyCase(word: string): string {
  return [...word].map((ch) => `[${ch.toLowerCase()}${ch.toUpperCase()}]`).join('');
}

// After the sequence: nothing alphanumeric, except judge initials typed or read
// without a space (`3:16-cv-1234JCH`): two to four capitals, then no letter.
const SEQ_END = '(?![0-9a-z]|[A-Z](?![A-Z]{1,3}(?![A-Za-z])))';

function typedSource(types: readonly string[]): string {
  return `(?:${OFFICE}|${NO_OFFICE})(${D}{2})${GAP}(${types.join('|')})${GAP}(${D}{1,5})${SEQ_END}`;
}

// OCR reads a scanned `cv` as `c v`, `cy`, `cw`, `cu`, `ev`, `ov`, `tv` or `(v`; only
// accepted after the office digit (`3:16-ev-1234`), where nothing else has this shape
// (`cr` and `mc` stay what they are).
const CV_MISREAD = '[cCeEoOtT(][ \\t]?[vVyYwWuU]';
const DISTRICT_SRC = typedSource([...DISTRICT_TYPES.map(anyCase), CV_MISREAD]);
const BK_TYPED_SRC = typedSource([anyCase('bk')]);
// Bare `13-30001`: real digits only and exactly five in the sequence, so phone numbers
// (860-240-3200), dates (06-22-16), ZIP+4 (06103-1234) and SSNs cannot match.
const BK_BARE_SRC =
  `(?<![0-9A-Za-z#$/]|\\d[.,:]|[0-9A-Za-z]${DASH}|\\d[ \\t]*${DASH}[ \\t]*|\\d[ \\t]+)` +
  `(\\d{2})[ \\t]*${DASH}[ \\t]*(\\d{5})(?![0-9A-Za-z]|[ \\t]*${DASH}[ \\t]*\\d|[/.,]\\d)`;

const DASHES = new RegExp(DASH, 'g');
const DISTRICT_ANCHORED = new RegExp(`^${DISTRICT_SRC}$`);
const BK_TYPED_ANCHORED = new RegExp(`^${BK_TYPED_SRC}$`);
const BK_BARE_ANCHORED = new RegExp(`^${BK_BARE_SRC}$`);

// `No.`, `Case No.`, `Civil Action No.`, `Docket No.:` ... before a number typed alone.
const LABEL_PREFIX =
  /^(?:(?:prisoner|case|civil|civ\.?|criminal|crim\.?|cr\.?|docket|action|bankruptcy|bankr\.?|bk\.?|misc\.?|miscellaneous)\s*)*(?:no\.?|number|#)\s*[:.]?\s*/i;
// Judge initials after the number: `(JCH)`, `[JCH]`, `-JCH`, ` JCH`, `1234JCH`, possibly two (`(JCH)(SALM)`).
const JUDGE_SUFFIX = /(?:\s*[([]\s*[A-Za-z]{2,4}\s*[)\]]|\s*-\s*[A-Za-z]{2,4}|\s+[A-Z]{2,4}|(?<=\d)[A-Z]{2,4})+\s*$/;

/** l/I/| → 1, O/o → 0: only ever applied inside the digit groups. */
function repairDigits(s: string): string {
  return s.replace(/[lI|]/g, '1').replace(/[Oo]/g, '0');
}

/** OCR repair needs at least one real digit in each group, else it is just letters. */
function digitGroups(year: string, seq: string): boolean {
  return /\d/.test(year) && /\d/.test(seq) && Number(repairDigits(seq)) > 0;
}

function district(office: string | undefined, year: string, type: string, seq: string): string | null {
  if (!digitGroups(year, seq)) return null;
  let t = type.toLowerCase();
  if (!(DISTRICT_TYPES as readonly string[]).includes(t)) {
    if (!office) return null;
    t = 'cv';
  }
  const y = repairDigits(year);
  const n = repairDigits(seq);
  return `${DISTRICT_OFFICE}:${y}-${t}-${n.padStart(5, '0')}`;
}

function bankruptcy(year: string, seq: string): string | null {
  if (!digitGroups(year, seq)) return null;
  return `${repairDigits(year)}-${repairDigits(seq).padStart(5, '0')}`;
}

/** Tidies a string that should hold one case number and nothing else. */
function bareNumber(s: string): string {
  return s.normalize('NFKC').replace(DASHES, '-').replace(/\s+/g, ' ').trim().replace(LABEL_PREFIX, '').replace(JUDGE_SUFFIX, '').trim();
}

/**
 * P-5: a district case number in any form staff or filers write it → `3:16-cv-01234`;
 * null when the string is not (only) a D. Conn. district case number.
 */
export function normaliseDistrictCase(s: string): string | null {
  const m = bareNumber(s).match(DISTRICT_ANCHORED);
  return m ? district(m[1], m[2]!, m[3]!, m[4]!) : null;
}

/** O-1: a bankruptcy case number (`13-30001`, `3:13-bk-30001`, `13-bk-30001`) → `13-30001`. */
export function normaliseBankruptcyCase(s: string): string | null {
  const t = bareNumber(s);
  const typed = t.match(BK_TYPED_ANCHORED);
  if (typed) return bankruptcy(typed[2]!, typed[4]!);
  const bare = t.match(BK_BARE_ANCHORED);
  return bare ? bankruptcy(bare[1]!, bare[2]!) : null;
}

interface Candidate extends FoundCaseNumber {
  end: number;
}

function scan(text: string, source: string, build: (m: RegExpExecArray) => [string | null, CaseCourt]): Candidate[] {
  const out: Candidate[] = [];
  for (const m of text.matchAll(new RegExp(source, 'g'))) {
    const [caseNumber, court] = build(m);
    if (caseNumber) out.push({ caseNumber, raw: m[0], index: m.index, end: m.index + m[0].length, court });
  }
  return out;
}

/**
 * P-5: every case number in free text (a subject, a caption's text layer or OCR), in
 * order of appearance, each case once (at its first appearance).
 */
export function findCaseNumbers(text: string): FoundCaseNumber[] {
  const candidates = [
    ...scan(text, DISTRICT_SRC, (m) => [district(m[1], m[2]!, m[3]!, m[4]!), 'district']),
    ...scan(text, BK_TYPED_SRC, (m) => [bankruptcy(m[2]!, m[4]!), 'bankruptcy']),
    ...scan(text, BK_BARE_SRC, (m) => [bankruptcy(m[1]!, m[2]!), 'bankruptcy']),
  ].sort((a, b) => a.index - b.index || b.end - a.end);

  const found: FoundCaseNumber[] = [];
  const seen = new Set<string>();
  let covered = 0;
  for (const c of candidates) {
    if (c.index < covered) continue;
    covered = c.end;
    const key = `${c.court} ${c.caseNumber}`;
    if (seen.has(key)) continue;
    seen.add(key);
    found.push({ caseNumber: c.caseNumber, raw: c.raw, index: c.index, court: c.court });
  }
  return found;
}

// A caption labels its own number; a cited case usually sits in the body.
const CAPTION_CUE =
  /\b(?:(?:prisoner|case|civil|civ\.?|criminal|crim\.?|docket|action|bankruptcy|bankr\.?|misc\.?)\s*)*(?:no\.?|number|#)\s*[:.]?\s*$/i;
const CUE_WINDOW = 40;
// "First third" of a short page would be a line or two; a caption fills at least this many characters.
const TOP_MIN_CHARS = 400;

/** Best caption number of one page's text: a district one, near the top, labelled, earliest. */
function captionNumber(captionText: string): FoundCaseNumber | null {
  const top = Math.max(captionText.length / 3, TOP_MIN_CHARS);
  let best: { found: FoundCaseNumber; score: number } | null = null;
  for (const c of findCaseNumbers(captionText)) {
    const before = captionText.slice(Math.max(0, c.index - CUE_WINDOW), c.index);
    const score = (c.court === 'district' ? 4 : 0) + (c.index <= top ? 2 : 0) + (CAPTION_CUE.test(before) ? 1 : 0);
    if (!best || score > best.score) best = { found: c, score };
  }
  return best?.found ?? null;
}

/**
 * Prisoner filings are district cases: a number of bankruptcy shape only counts when
 * no district number is there (it is then looked up, and CASE_NOT_FOUND if unknown).
 */
function districtFirst(found: FoundCaseNumber[]): FoundCaseNumber[] {
  return [...found.filter((f) => f.court === 'district'), ...found.filter((f) => f.court !== 'district')];
}

/**
 * P-5: the subject wins (staff type it); otherwise the caption's number. A number near
 * the top (first third, or first 400 characters) outranks one further down, a number
 * labelled `Case No.`/`Civil No.`/`Docket No.`/`No.` outranks an unlabelled one, and
 * ties go to the earliest. Null means no case number at all (NEW_CASE).
 */
export function caseNumberFromSubjectOrCaption(subject: string, captionText: string): CaseNumberChoice | null {
  return caseNumberFromFiling(subject, [captionText]);
}

// Invisible characters word processors and PDF writers put inside words (soft hyphen,
// zero-width space and joiners, word joiner, BOM): they split a number for the pattern.
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;
/** A cover letter, a notice or a form often comes before the captioned page. */
export const CAPTION_PAGES = 3;

/**
 * P-5 for a whole filing: the subject, else the caption of page 1, else of the next
 * pages (up to CAPTION_PAGES), each page's text being its text layer or its OCR.
 * A district number in the subject wins; a subject holding only a number of another
 * shape yields to a district number in the caption.
 */
export function caseNumberFromFiling(subject: string, pageTexts: readonly string[]): CaseNumberChoice | null {
  const fromSubject = districtFirst(findCaseNumbers(subject.replace(INVISIBLE, '')))[0];
  if (fromSubject?.court === 'district') return { caseNumber: fromSubject.caseNumber, source: 'subject' };
  for (const text of pageTexts.slice(0, CAPTION_PAGES)) {
    const found = captionNumber(text.replace(INVISIBLE, ''));
    if (found && (!fromSubject || found.court === 'district')) return { caseNumber: found.caseNumber, source: 'caption' };
  }
  return fromSubject ? { caseNumber: fromSubject.caseNumber, source: 'subject' } : null;
}
