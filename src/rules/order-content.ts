/**
 * What ECF Procedure 14 asks of a proposed order's content (SPEC O-3, O-4, O-5, O-9,
 * O-10), as pure functions of the document's text. Each returns findings, so a rejection
 * lists every defect at once (O-12).
 */
import type { Finding } from './codes.ts';

export interface OrderText {
  /** Paragraphs of the main text, in reading order (table cells included). */
  paragraphs: string[];
  /** Caption tables, text boxes, headers: places a caption may sit. */
  tables: string[][][];
  textBoxes: string[];
  headers: string[];
  footers: string[];
}

const norm = (s: string) => s.replace(/[\u2010-\u2015]/g, '-').replace(/\s+/g, ' ').trim();

/** The caption region: tables, text boxes, headers and the paragraphs before the order's title. */
function captionText(doc: OrderText): string {
  const head: string[] = [];
  for (const p of doc.paragraphs) {
    head.push(p);
    if (/^\s*(?:\[?PROPOSED\]?\s*)?ORDER\b/i.test(p) || head.length >= 25) break;
  }
  return norm([...doc.headers, ...doc.textBoxes, ...doc.tables.flat(2), ...head].join('\n'));
}

/** O-3: debtor name(s), case number and chapter in the caption. */
export function checkCaption(doc: OrderText, c: { number: string; debtor: string | null; chapter: number | null }): Finding[] {
  const cap = captionText(doc);
  const missing: string[] = [];
  const [yy, seq] = c.number.split('-');
  if (!new RegExp(`\\b(?:\\d:)?${yy}-(?:bk-)?0*${Number(seq)}\\b`, 'i').test(cap)) missing.push('the case number');
  if (!/\bchapter\s+(?:7|9|11|12|13|15|seven|eleven|twelve|thirteen)\b/i.test(cap)) missing.push('the chapter');
  const surnames = (c.debtor ?? '').split(/\s+(?:and|&)\s+|,\s*/i).map((n) => n.trim().split(/\s+/).pop()!).filter(Boolean);
  if (!surnames.length || !surnames.every((s) => new RegExp(`\\b${escape(s)}\\b`, 'i').test(cap))) missing.push(surnames.length > 1 ? 'the debtors’ names' : 'the debtor’s name');
  return missing.length ? [{ code: 'CAPTION_INCOMPLETE', rule: 'O-3', detail: `the caption lacks ${missing.join(', ')}` }] : [];
}

const MOTION_REF = /(?:\bECF\s*(?:No\.?|#)?|\bDoc(?:ument)?\.?\s*(?:No\.?|#)?|\bDocket\s*(?:No\.?|#|Entry\s*(?:No\.?)?)|\bDkt\.?\s*(?:No\.?|#)?|\bD\.E\.?)\s*#?\s*(\d{1,5})\b/gi;

/** O-4: docket numbers the order names (`ECF No. 42`, `Doc. No. 42`, `Docket #42`, `(Doc. 42)`). */
export function motionReferences(text: string): number[] {
  return [...new Set([...norm(text).matchAll(MOTION_REF)].map((m) => Number(m[1])))];
}

export function checkMotionReference(doc: OrderText, docketNumbers: Set<number>): Finding[] {
  const refs = motionReferences(doc.paragraphs.join('\n'));
  if (!refs.length) return [{ code: 'MOTION_REFERENCE_MISSING', rule: 'O-4', detail: 'no “ECF No.” or “Doc. No.” reference to the motion was found in the order' }];
  const unknown = refs.filter((n) => !docketNumbers.has(n));
  if (unknown.length === refs.length) return [{ code: 'MOTION_NOT_ON_DOCKET', rule: 'O-4', detail: `docket number${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not on the case’s docket` }];
  return [];
}

/** O-5: a signature line, the judge's name, a date line: the Court adds its own. */
export function checkSignatureJudgeDate(doc: OrderText, judge: { name: string } | null): Finding[] {
  const out: Finding[] = [];
  const lines = [...doc.paragraphs, ...doc.footers, ...doc.textBoxes, ...doc.tables.flat(2).flatMap((c) => c.split('\n'))].map(norm).filter(Boolean);
  const sig = lines.find((l) => /_{6,}/.test(l) && !/\b(?:day of|dated?|date)\b/i.test(l) || /(?:^|\s)\/s\/\s*\S/i.test(l));
  if (sig) out.push({ code: 'SIGNATURE_LINE', rule: 'O-5', detail: `“${clip(sig)}”` });
  const surname = judge?.name.split(/\s+/).pop();
  const judgeLine = lines.find(
    (l) =>
      (judge && new RegExp(`\\b${escape(judge.name)}\\b`, 'i').test(l)) ||
      (surname && new RegExp(`\\bJudge\\s+(?:[A-Z]\\.\\s*)*${escape(surname)}\\b|\\b${escape(surname)},?\\s+(?:U\\.S\\.|United States)?\\s*Bankruptcy Judge\\b`, 'i').test(l)) ||
      /^(?:(?:Chief\s+)?United States Bankruptcy Judge|(?:Chief\s+)?U\.S\. Bankruptcy Judge|Bankruptcy Judge)$/i.test(l),
  );
  if (judgeLine) out.push({ code: 'JUDGE_NAME', rule: 'O-5', detail: `“${clip(judgeLine)}”` });
  const dateLine = lines.find((l) => /^(?:Dated?|Entered)\s*(?:at\b[^:]*)?[:,]?\s*(?:_{2,}|$|[A-Z][a-z]+ _{2,}|this\b)/i.test(l) || /\bthis\s+_{2,}\s*day\s+of\b/i.test(l) || /\bday of\s+_{3,}/i.test(l));
  if (dateLine) out.push({ code: 'DATE_LINE', rule: 'O-5', detail: `“${clip(dateLine)}”` });
  return out;
}

/** O-9: an order submitted after a hearing carries a certificate of service. */
export function hasCertificateOfService(text: string): boolean {
  const t = norm(text);
  return /\bCERTIFICATE\s+OF\s+SERVICE\b/i.test(t) || /\bI\s+(?:hereby\s+)?certify\s+that\b[^.]{0,300}\b(?:served|mailed|sent)\b/i.test(t);
}

/** O-10: how alike two orders read, ignoring formatting: 1 = the same words in the same order. */
export function textSimilarity(a: string, b: string): number {
  const words = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim().split(' ').filter(Boolean);
  const x = words(a);
  const y = words(b);
  if (!x.length && !y.length) return 1;
  // Longest common subsequence over words: insertions, deletions and changes all count.
  let prev = new Uint16Array(y.length + 1);
  for (let i = 1; i <= x.length; i++) {
    const cur = new Uint16Array(y.length + 1);
    for (let j = 1; j <= y.length; j++) cur[j] = x[i - 1] === y[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    prev = cur;
  }
  return (2 * prev[y.length]!) / (x.length + y.length);
}

/** O-10: does the email explain why the order differs from the one filed with the motion? */
export function explainsDiscrepancy(emailText: string): boolean {
  return /\b(?:differ|differs|different|difference|discrepanc|revised|revision|modified|modification|changed|changes|amended|updated|correct(?:ed|s|ion)|instead of|redline)/i.test(emailText);
}

/** O-7: "Daniel" matches "John Daniel"; joint debtors match by either surname. */
export function debtorMatches(subjectDebtor: string, caseDebtor: string | null): boolean {
  if (!caseDebtor) return false;
  const tokens = (s: string) => s.toLowerCase().replace(/[^a-z\s'-]+/g, ' ').split(/\s+/).filter((t) => t.length > 1 && !['and', 'jr', 'sr', 'ii', 'iii', 'the', 'in', 're'].includes(t));
  const have = new Set(tokens(caseDebtor));
  const want = tokens(subjectDebtor);
  return want.length > 0 && want.every((t) => have.has(t));
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function clip(s: string): string {
  return s.length > 120 ? `${s.slice(0, 117)}…` : s;
}
