/**
 * Debtor names compared as a clerk compares them (O-3 caption, O-7 subject): letter case,
 * punctuation and accents do not count; neither do entity suffixes (`Inc.`, `LLC`,
 * `L.L.C.`, `P.C.`, `Corp.`, `Co.`, `Ltd.`, `LLP`, `N.A.` …), middle initials,
 * generational suffixes or `&` for `and`. A case's debtor field may hold joint debtors
 * (`John Daniel and Mary Daniel`, `;`-separated) and other names (`a/k/a`, `f/k/a`,
 * `d/b/a`). Names are compared as sets of words, so a name broken over lines, laid out
 * `Daniel, John` or spread over caption table cells still matches.
 */

/** Words that carry no identity: entity forms, generations, caption words. */
const NOISE = new Set([
  // entity suffixes, with their dots already gone (L.L.C. → llc, N.A. → na)
  'inc', 'incorporated', 'llc', 'lc', 'pllc', 'llp', 'lllp', 'lp', 'pc', 'pa', 'psc', 'corp', 'corporation', 'co', 'company', 'ltd', 'limited', 'na', 'plc', 'gmbh', 'sa',
  // generations and honorifics
  'jr', 'sr', 'ii', 'iii', 'iv', 'v', 'mr', 'mrs', 'ms', 'dr', 'esq',
  // caption words and joiners
  'the', 'of', 'and', 'in', 're', 'et', 'al', 'debtor', 'debtors', 'joint', 'jointly', 'chapter', 'case',
]);

const ALIAS = /\b(?:[afdnt]\/[kbna]\/a|t\/a|a\.?k\.?a|f\.?k\.?a|d\.?b\.?a|n\.?k\.?a)\b\.?|\b(?:(?:also|formerly|now)\s+known\s+as|doing\s+business\s+as|trading\s+as)\b/gi;
const JOINT = /\s+(?:and|&)\s+|\s*&\s*|;|\n/i;

/** Lower case, no accents, no dots or apostrophes (so `L.L.C.` is `llc`, `O’Brien` is `obrien`), `&` spelled `and`. */
function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[.'’‘`]/g, '')
    .replace(/&/g, ' and ');
}

/** All words, single letters included (a caption may write `J. Daniel`). */
export function nameWords(s: string): string[] {
  return fold(s.replace(ALIAS, ' '))
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** The words that identify a name: no noise words, no initials, no bare numbers (`Chapter 13`). */
function keyWords(s: string): string[] {
  return nameWords(s).filter((w) => w.length > 1 && !NOISE.has(w) && !/^\d+$/.test(w));
}

export interface DebtorName {
  /** The name as the case data writes it. */
  name: string;
  /** The name and its other names (a/k/a, f/k/a, d/b/a), each as its key words. */
  forms: string[][];
}

/** The case's debtors: joint debtors split, each with its other names. */
export function debtorNames(caseDebtor: string): DebtorName[] {
  const out: DebtorName[] = [];
  for (const part of caseDebtor.split(JOINT)) {
    const forms = part.split(ALIAS).map(keyWords).filter((f) => f.length);
    if (forms.length) out.push({ name: part.replace(/^[\s,]+|[\s,]+$/g, ''), forms });
  }
  return out;
}

/** A form is present when each of its words is, a first name also as its initial. */
function formPresent(form: string[], have: Set<string>): boolean {
  return form.every((w, i) => have.has(w) || (i < form.length - 1 && have.has(w[0]!)));
}

/**
 * O-3: the debtors the text does not name. A debtor is named by its own name or any of
 * its other names; when the joint debtors' names were run together in the case data
 * (`John and Mary Daniel`), the surname shared at the end counts for each.
 */
export function debtorsMissing(caseDebtor: string, text: string): string[] {
  const have = new Set(nameWords(text));
  const debtors = debtorNames(caseDebtor);
  const shared = debtors.at(-1)?.forms[0]?.at(-1);
  return debtors
    .filter((d) => !d.forms.some((f) => formPresent(f, have) || (f.length === 1 && shared !== undefined && formPresent([f[0]!, shared], have))))
    .map((d) => d.name);
}

/**
 * O-7: every identifying word of the subject's debtor is a word of the case's debtors'
 * names. `judgeInitials` are not name words: `13-30001-JAM Daniel` carries them.
 */
export function debtorMatches(subjectDebtor: string, caseDebtor: string | null, judgeInitials: string[] = []): boolean {
  if (!caseDebtor) return false;
  const have = new Set(debtorNames(caseDebtor).flatMap((d) => d.forms.flat()));
  const initials = new Set(judgeInitials.map((i) => i.toLowerCase()));
  const want = keyWords(subjectDebtor.replace(/\b[A-Z]{2,4}\b/g, (w) => (initials.has(w.toLowerCase()) && !have.has(w.toLowerCase()) ? ' ' : w)));
  return want.length > 0 && want.every((w) => have.has(w));
}
