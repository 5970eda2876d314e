/**
 * What ECF Procedure 14 asks of a proposed order's content (SPEC O-3, O-4, O-5, O-9,
 * O-10), as pure functions of the document's text. Each returns findings, so a rejection
 * lists every defect at once (O-12).
 *
 * Every line is judged by the part of the order it sits in (order-parts.ts): the
 * caption, the title, the order proper, counsel's block, the certificate of service.
 *
 * How 14(c) ("Proposed order should not contain a signature line, the name of the judge,
 * or a date line") is read, because the Court adds its own signature and date:
 * - SIGNATURE_LINE is the line for the judge to sign: a rule (`_____`) or `/s/` with
 *   `BY THE COURT`, a judge's title (`United States Bankruptcy Judge`), `Hon.` or a judge
 *   of this court beside or under it, or the judge's title standing alone as the signer's
 *   designation. Counsel's `/s/` and signature rules (counsel's block, the certificate of
 *   service) and the rules a caption is drawn with are not the judge's signature line.
 * - JUDGE_NAME is a judge's name standing as the signer: a line that is the name of a
 *   judge of this court (court data `judges[]`: `Hon. Julie A. Manning`, `JULIE A.
 *   MANNING`, `Judge Manning`, `Chief Judge Manning`, `Manning, J.`), alone or with only
 *   signature furniture around it (a rule, `/s/`, a title, `BY THE COURT`), in the order
 *   proper or in the caption (this Court's captions carry the judge's initials, `(JAM)`,
 *   never the name), or `Hon. <any name>` in the judge's signature block. A judge named in a sentence of the order
 *   ("the hearing held before the Honorable Julie A. Manning on March 3") is a recital,
 *   not the name of the judge on the order, and passes. A bare title is a signature line,
 *   not a name.
 * - DATE_LINE is the order's date left for the Court (`Dated: ____`, `Dated at Hartford,
 *   Connecticut this ___ day of ____`, `Entered: ____`, a bare `Dated:`), or a date filled
 *   in for the Court (`SO ORDERED this 3rd day of June, 2014`, a filled `Dated:` at the
 *   Court's signature block). Dates in counsel's block and in the certificate of service
 *   are counsel's, and blanks the Court fills inside a decretal sentence ("a hearing shall
 *   be held on the ___ day of ____") are not a date line.
 */
import type { Finding } from './codes.ts';
import { E_SIGNATURE, isBlankDateLine, isFilledDateLine, norm, orderParts, type OrderLine } from './order-parts.ts';
import { debtorNames, debtorsMissing } from './party-names.ts';

export { debtorMatches } from './party-names.ts';

export interface OrderText {
  /** Paragraphs of the main text, in reading order (table cells included). */
  paragraphs: string[];
  /** Caption tables, text boxes, headers: places a caption may sit. */
  tables: string[][][];
  textBoxes: string[];
  headers: string[];
  footers: string[];
}

/** A judge of this court, as court data names them. */
export interface Judge {
  name: string;
}

const CAPTION_TABLE = /\bin\s+re\b|\bcase\s*(?:no|number)|\bchapter\b|\bdebtors?\b/i;

/** The caption region: caption and title lines, headers, text boxes, and tables that hold a caption. */
function captionText(doc: OrderText, lines: OrderLine[]): string {
  const own = lines.filter((l) => l.story === 0 && (l.part === 'caption' || l.part === 'title')).map((l) => l.text);
  const tables = doc.tables.filter((t) => CAPTION_TABLE.test(t.flat().join('\n'))).flat(2);
  return norm([...doc.headers, ...doc.textBoxes, ...tables, ...own].join('\n'));
}

/** O-3: debtor name(s), case number and chapter in the caption. */
export function checkCaption(doc: OrderText, c: { number: string; debtor: string | null; chapter: number | null }): Finding[] {
  const cap = captionText(doc, orderParts(doc, () => false));
  const missing: string[] = [];
  const [yy, seq] = c.number.split('-');
  if (!new RegExp(`(?<![\\d-])(?:\\d\\s*:\\s*)?${yy}\\s*-\\s*(?:bk\\s*-\\s*)?0*${Number(seq)}(?!\\d)`, 'i').test(cap)) missing.push('the case number');
  if (!/\bchapter\s*:?\s*(?:7|9|11|12|13|15|seven|nine|eleven|twelve|thirteen|fifteen)\b|\bch\.\s*(?:7|9|11|12|13|15)\b/i.test(cap)) missing.push('the chapter');
  const absent = c.debtor ? debtorsMissing(c.debtor, cap) : [];
  const joint = c.debtor ? debtorNames(c.debtor).length > 1 : false;
  if (!c.debtor || absent.length) missing.push(`${joint ? 'the debtors’ names' : 'the debtor’s name'}${absent.length ? ` (${absent.join('; ')})` : ''}`);
  return missing.length ? [{ code: 'CAPTION_INCOMPLETE', rule: 'O-3', detail: `the caption lacks ${missing.join(', ')}` }] : [];
}

// `ECF No. 42`, `ECF Doc. No. 42`, `Doc. No. 42`, `(Doc. #42)`, `Docket Entry No. 42`,
// `[ECF No. 42]`, `Dkt. 42`, `D.E. 42`, `Document Number 42`, `ECF Nos. 42 and 43`.
const MOTION_LABEL = String.raw`(?:\bECF(?:\s+Doc(?:ument)?\.?)?|\bDoc(?:ument)?s?\.?|\bDocket(?:\s+(?:Entry|Entries|Item|Index))?|\bDkt\.?|\bD\.\s?E\.?)`;
const MOTION_NUMBER = String.raw`\s*(?:(?:Nos?|Nbr|Num(?:ber)?s?)\.?|#|ID\s*(?:No\.?)?)?\s*[:.]?\s*#?\s*`;
const MOTION_REF = new RegExp(String.raw`${MOTION_LABEL}${MOTION_NUMBER}(\d{1,5})((?:\s*(?:,|and|&|through)\s*\d{1,5}\b)*)`, 'gi');

/** O-4: docket numbers the order names. */
export function motionReferences(text: string): number[] {
  const out = new Set<number>();
  for (const m of norm(text).matchAll(MOTION_REF)) {
    out.add(Number(m[1]));
    for (const more of (m[2] ?? '').matchAll(/\d+/g)) out.add(Number(more[0]));
  }
  return [...out];
}

export function checkMotionReference(doc: OrderText, docketNumbers: Set<number>): Finding[] {
  const refs = motionReferences(doc.paragraphs.join('\n'));
  if (!refs.length) return [{ code: 'MOTION_REFERENCE_MISSING', rule: 'O-4', detail: 'no “ECF No.” or “Doc. No.” reference to the motion was found in the order' }];
  const unknown = refs.filter((n) => !docketNumbers.has(n));
  if (unknown.length === refs.length) return [{ code: 'MOTION_NOT_ON_DOCKET', rule: 'O-4', detail: `docket number${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not on the case’s docket` }];
  return [];
}

// ---- O-5: the Court's signature block, the judge's name, the date line

const JUDGE_TITLE = /\b(?:chief\s+)?(?:(?:united\s+states|u\.\s?s\.)\s+)?bankruptcy\s+judge\b|\bU\.\s?S\.\s?B\.\s?J\b\.?|\b(?:chief\s+)?(?:united\s+states|u\.\s?s\.)\s+(?:district|magistrate)\s+judge\b|\bjudge,?\s+(?:of\s+the\s+)?united\s+states\s+bankruptcy\s+court\b/gi;
const BY_THE_COURT = /\b(?:by|for)\s+the\s+court\b/gi;
// `Hon. Jane Roe`, `The Honorable Jane Roe`, `Judge Roe`, `Chief Judge Roe`: names start with a capital.
const HON_NAME = /\b(?:[Tt]he\s+|THE\s+)?(?:[Hh]on\.?|HON\.?|[Hh]onou?rable|HONOU?RABLE|(?:[Cc]hief\s+|CHIEF\s+)?(?:[Jj]udge|JUDGE))\s+(?:[A-Z][\w'’-]*\.?\s*){1,4}/g;
const RULE = /_{5,}|\.{10,}|-{10,}/;
/** Words that are only signature furniture. */
const FURNITURE = /\b(?:by|the|court|hon|honorable|honourable|chief|judge|dated?|entered|signed|so|ordered|it|is)\b|\/s\/|_+|[^\p{L}\s]/giu;

/** The name of each judge in the forms people write it: `Julie A. Manning`, `Judge Manning`, `Manning, J.`. */
function judgeNamePattern(judges: Judge[]): RegExp | null {
  const forms: string[] = [];
  for (const j of judges) {
    const words = j.name.replace(/,?\s+(?:jr|sr|ii|iii|iv)\.?$/i, '').split(/\s+/).filter(Boolean);
    if (words.length < 2) continue;
    const first = esc(words[0]!);
    const last = esc(words.at(-1)!);
    const middle = words.slice(1, -1).map((w) => String.raw`(?:${esc(w.replace(/\.$/, ''))}\.?\s+)?`).join('');
    const jr = String.raw`(?:,?\s+(?:jr|sr|ii|iii|iv)\b\.?)?`;
    forms.push(
      String.raw`\b${first}\s+${middle}${last}\b${jr}`,
      String.raw`\b${esc(words[0]![0]!)}\.\s*${middle}${last}\b`,
      String.raw`\b(?:chief\s+)?(?:(?:united\s+states|u\.\s?s\.)\s+)?(?:bankruptcy\s+)?judge\s+${last}\b`,
      String.raw`\b${last},\s*(?:(?:C\.\s*)?J\.|U\.\s?S\.\s?B\.\s?J\b\.?|(?:chief\s+)?(?:(?:united\s+states|u\.\s?s\.)\s+)?bankruptcy\s+judge\b)`,
    );
  }
  return forms.length ? new RegExp(forms.join('|'), 'gi') : null;
}

/** What a line of a signature block holds, and how much else. */
interface SignatureLook {
  rule: boolean;
  esig: boolean;
  title: boolean;
  byCourt: boolean;
  /** A judge of this court named. */
  judge: boolean;
  /** `Hon. …` or `Judge …`, any name. */
  hon: boolean;
  /** Nothing but the name, title and signature furniture: the line stands as a signer's. */
  standing: boolean;
}

function look(line: string, judgeName: RegExp | null): SignatureLook {
  let rest = line;
  const take = (re: RegExp | null): boolean => {
    if (!re) return false;
    const before = rest;
    rest = rest.replace(re, ' ');
    return rest !== before;
  };
  const rule = RULE.test(line);
  const esig = E_SIGNATURE.test(line);
  const judge = take(judgeName);
  const title = take(JUDGE_TITLE);
  const byCourt = take(BY_THE_COURT);
  const hon = take(HON_NAME);
  const words = rest.replace(FURNITURE, ' ').split(/\s+/).filter((w) => w.length > 1);
  return { rule, esig, title, byCourt, judge, hon, standing: words.length <= 2 };
}

const ORDER_PROPER = new Set(['title', 'body', 'margin']);

/** O-5: a signature line for the judge, the judge's name, a date line: the Court adds its own. */
export function checkSignatureJudgeDate(doc: OrderText, judges: Judge[] | Judge | null): Finding[] {
  const judgeName = judgeNamePattern(judges === null ? [] : Array.isArray(judges) ? judges : [judges]);
  const looks = new Map<string, SignatureLook>();
  const seen = (text: string) => looks.get(text) ?? looks.set(text, look(text, judgeName)).get(text)!;
  const marksCourt = (text: string) => {
    const l = seen(text);
    return l.standing && (l.title || l.byCourt || l.judge || l.hon);
  };
  const lines = orderParts(doc, marksCourt);
  const proper = (i: number) => !!lines[i] && ORDER_PROPER.has(lines[i]!.part);
  /** Lines of the same story and part near line i (within `before` above, `after` below). */
  const near = (i: number, before: number, after: number) =>
    lines.slice(Math.max(0, i - before), i + after + 1).filter((l, k) => l !== lines[i] && l.story === lines[i]!.story && proper(Math.max(0, i - before) + k));
  const courtSigner = (l: OrderLine) => {
    const x = seen(l.text);
    return x.standing && (x.title || x.byCourt || x.judge || x.hon);
  };

  let signature: string | undefined;
  let name: string | undefined;
  let date: string | undefined;
  lines.forEach((l, i) => {
    const x = seen(l.text);
    if (l.part === 'caption') {
      if (x.judge && x.standing) name ??= l.text;
      return;
    }
    if (!proper(i)) return;
    const signatureLine = (x.rule || x.esig) && x.standing && !isBlankDateLine(l.text);
    if (!signature && signatureLine && (courtSigner(l) || near(i, 2, 2).some(courtSigner))) signature = l.text;
    if (!signature && x.title && x.standing) signature = l.text;
    if (!name && x.standing && (x.judge || (x.hon && (signatureLine || near(i, 2, 2).some((n) => { const y = seen(n.text); return y.rule || y.esig || y.title || y.byCourt; }))))) name = l.text;
    if (!date) {
      if (isBlankDateLine(l.text)) date = l.text;
      else if (isFilledDateLine(l.text) && (/^(?:(?:it\s+is\s+)?so\s+ordered|entered|signed)\b/i.test(l.text) || near(i, 2, 4).some(courtSigner))) date = l.text;
    }
  });
  const out: Finding[] = [];
  if (signature) out.push({ code: 'SIGNATURE_LINE', rule: 'O-5', detail: `“${clip(signature)}”` });
  if (name) out.push({ code: 'JUDGE_NAME', rule: 'O-5', detail: `“${clip(name)}”` });
  if (date) out.push({ code: 'DATE_LINE', rule: 'O-5', detail: `“${clip(date)}”` });
  return out;
}

// `CERTIFICATE OF SERVICE`, `CERTIFICATION OF SERVICE`, `Certificate of Mailing`, `Proof of Service`.
const COS_HEADING = /\bcertificat(?:e|ion)\s+of\s+(?:service|mailing)\b|\b(?:proof|affidavit|declaration)\s+of\s+service\b/i;
// `I hereby certify that on June 3, 2014 … was served …`, `The undersigned certifies that … mailed …`.
const COS_STATEMENT = /\b(?:I|the\s+undersigned)\b[^.]{0,80}?\bcertif(?:y|ies)\b[^]{0,400}?\b(?:served|serve|service|mailed|sent|e-?mailed|delivered|transmitted|electronic\s+filing|CM\/ECF)\b/i;

/** O-9: an order submitted after a hearing carries a certificate of service. */
export function hasCertificateOfService(text: string): boolean {
  const t = norm(text);
  return COS_HEADING.test(t) || COS_STATEMENT.test(t);
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

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function clip(s: string): string {
  return s.length > 120 ? `${s.slice(0, 117)}…` : s;
}
