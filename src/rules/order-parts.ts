/**
 * A proposed order read as the parts a clerk sees in it, so that each line is judged by
 * the part it belongs to (ECF Procedure 14(b), (c)):
 *
 * - `caption`: court, debtor block, case number, chapter, the contested-matter parties
 *   (`WELLS FARGO BANK, N.A., Movant, v. JOHN DANIEL, Respondent`), with the `)`, `:` or
 *   `§` column and the lines of underscores that separate the blocks;
 * - `title`: `ORDER GRANTING …`, `[PROPOSED] CONSENT ORDER …`;
 * - `body`: the order proper — recitals, decretal paragraphs and, when the sender left
 *   it in, the Court's own signature block and date line;
 * - `counsel`: the submitting lawyer's block (`Prepared by:`, `Submitted by:`,
 *   `Respectfully submitted,`, `THE MOVANT, By: /s/ …`, firm, juris number, and the date
 *   counsel put above it);
 * - `certificate`: the certificate of service and its own signature and date;
 * - `margin`: page headers, footers and text boxes, each read as a story of its own.
 *
 * The parts are found from the text alone (pure functions): the title is the first
 * `ORDER` heading after the caption; the certificate starts at its heading or at
 * `I hereby certify`; counsel's block starts at its lead-in or at a `/s/` signature that
 * is not the judge's, and takes in the few short lines above it (the date, the party,
 * `By:`). A line that marks the Court's signature block (`BY THE COURT`, `United States
 * Bankruptcy Judge`, a judge's name, a blank date line) ends counsel's block: whatever
 * the sender wrote for the judge belongs to the order proper.
 */
import type { OrderText } from './order-content.ts';

export type OrderPart = 'caption' | 'title' | 'body' | 'counsel' | 'certificate' | 'margin';

export interface OrderLine {
  text: string;
  part: OrderPart;
  /** Lines of one story (the main text, one header, one text box) share a story number. */
  story: number;
}

/** Dashes, no-break and odd spaces, tabs: one plain space; curly quotes kept. */
export function norm(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** One line per paragraph and per manual line break inside one. */
function splitLines(paragraphs: string[]): string[] {
  return paragraphs.flatMap((p) => p.split(/[\n\r\u000b\u2028\u2029]+/)).map(norm).filter(Boolean);
}

// ---- what marks each part

/** `ORDER …`, `[PROPOSED] AMENDED ORDER …`, `STIPULATION AND ORDER …`, `CONSENT ORDER`. */
const TITLE_START = /^(?:\[?\s*proposed\s*\]?\s*)?(?:(?:amended|revised|modified|interim|final|agreed|consent(?:ed)?|stipulated|supplemental|bridge|further|second|third|corrected)\s+)*(?:(?:stipulation|memorandum|findings\s+of\s+fact)\s+(?:and|&)\s+)?order\b/i;

/** A line a caption is made of (used when an order has no recognisable title). */
const CAPTION_MARK = /^(?:in\s+re\b|re\s*:)|\bcase\s*(?:no|number|#)|\bchapter\s*:?\s*(?:\d|[a-z]+teen\b|seven\b|eleven\b|twelve\b)|\bdebtors?\s*[.,]?\s*\)?$|\b(?:movant|respondent|plaintiff|defendant)s?\s*[.,]?\s*\)?$|\badv(?:ersary)?\.?\s*(?:pro(?:c|ceeding)\.?\s*)?no\b/i;

function isTitle(line: string): boolean {
  if (/\bin\s+re\b|\bcase\s*no\b/i.test(line) || line.length > 240) return false;
  if (TITLE_START.test(line)) return true;
  // An all-capitals heading naming an order: `STIPULATED ORDER RESOLVING MOTION …`.
  const letters = line.replace(/[^A-Za-z]/g, '');
  return /\bORDER\b/.test(line) && letters.length > 4 && letters.replace(/[^A-Z]/g, '').length / letters.length > 0.85;
}

const CERTIFICATE_START = /^(?:(?:amended\s+)?certificat(?:e|ion)\s+of\s+(?:service|mailing)|proof\s+of\s+service|affidavit\s+of\s+service|declaration\s+of\s+service)\b|^(?:I|the\s+undersigned)\s*,?\s+(?:[A-Z][\w.'’-]*,?\s+){0,5}(?:hereby\s+|further\s+)?certif(?:y|ies)\b/i;

/** Counsel's lead-in: `Prepared by:`, `Submitted by`, `Respectfully submitted,`, `Approved as to form:`. */
const COUNSEL_LEAD = /^(?:order\s+)?(?:prepared|submitted|presented|drafted|respectfully\s+submitted|approved(?:\s+as\s+to\s+form(?:\s+and\s+(?:content|substance))?)?|consented\s+to|agreed(?:\s+(?:to|and\s+consented(?:\s+to)?))?(?:\s+as\s+to\s+form)?|stipulated(?:\s+and\s+agreed)?(?:\s+to)?|seen\s+and\s+agreed|so\s+stipulated)(?:\s+(?:by|and\s+\w+\s+by))?\s*(?:[:,]|$|\s+(?:by\s*:?|[A-Z]))/i;

/** A lawyer's identification: juris or bar number, `Attorneys for …`, `Esq.`. */
const COUNSEL_ID = /\b(?:juris|fed(?:eral)?\.?\s*bar|bar\s*(?:no|#|roll))\b|\battorneys?\s+for\b|\bcounsel\s+(?:for|to)\b|\bits\s+(?:attorneys?|counsel)\b|,\s*esq\.?$/i;

/** An electronic signature: `/s/ Jennifer Wu`, `By: /s/Jennifer Wu`, `s/ Jennifer Wu`. */
export const E_SIGNATURE = /(?:^|[\s:(])\/s\/\s*\S|^(?:by\s*:?\s*)?s\/\s*[A-Z]/i;

/** A date filled in: `June 3, 2014`, `3rd day of June, 2014`, `6/3/2014`, `2014-06-03`. */
const FILLED_DATE = /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b|\b\d{1,2}(?:st|nd|rd|th)?\s+day\s+of\s+[a-z]+\.?,?\s+\d{4}\b|\b\d{1,2}\/\d{1,2}\/\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b/i;

/** A line that is only a date formula, filled in: `Dated: June 3, 2014`, `Dated at Hartford, Connecticut this 3rd day of June, 2014.` */
export function isFilledDateLine(line: string): boolean {
  return /^(?:(?:it\s+is\s+)?so\s+ordered|dated|date|entered|signed|done)\b/i.test(line) && FILLED_DATE.test(line) && line.split(' ').length <= 16;
}

const BLANK = String.raw`(?:_{2,}|\[\s*\]|\.{4,}|…)`;
const DATE_WORD = /^(?:(?:it\s+is\s+)?so\s+ordered[,.:]?\s*)?(?:dated|date|entered|signed|done|given)\b/i;

/** A date line left blank for the Court. */
export function isBlankDateLine(line: string): boolean {
  if (DATE_WORD.test(line) && new RegExp(String.raw`^[^_]{0,80}?${BLANK}`).test(line)) return true;
  // `Dated:` or `Dated at Hartford, Connecticut` alone: the date is to follow.
  if (/^(?:dated|date|entered|signed)(?:\s+at\s+[\p{L} .]+(?:,\s*[\p{L} .]+)?)?\s*[:,]?\s*$/iu.test(line)) return true;
  // `this ___ day of ____` as a date formula, not a blank inside a decretal sentence.
  const day = new RegExp(String.raw`\b(?:this|the)\s+${BLANK}\s*(?:day\s+)?of\b|\bday\s+of\s+${BLANK}`, 'i').exec(line);
  return !!day && (DATE_WORD.test(line) || /^(?:it\s+is\s+)?so\s+ordered\b/i.test(line) || line.slice(0, day.index).split(' ').length <= 6);
}

/** A short line of a signature block: the party (`THE MOVANT,`), `By:`, a name, a rule. */
function isBlockLine(line: string): boolean {
  const words = line.split(' ').length;
  return words <= 8 && !/[.;]$/.test(line.replace(/\b(?:[A-Z]|inc|co|corp|ltd|n\.a|p\.c|jr|sr|esq|l\.l\.c)\.$/i, '')) && !/\bordered\b/i.test(line);
}

/** Does this line stand for the Court as signer (`BY THE COURT`, a judge's title or name)? */
export type CourtMark = (line: string) => boolean;

/**
 * Splits one story after its caption: the order proper, counsel's block, the
 * certificate of service.
 */
function tailParts(lines: string[], courtMark: CourtMark): OrderPart[] {
  const parts: OrderPart[] = [];
  let state: OrderPart = 'body';
  const signerAhead = (i: number, n: number) => lines.slice(i + 1, i + 1 + n).some(courtMark);
  lines.forEach((line, i) => {
    if (state !== 'certificate' && CERTIFICATE_START.test(line)) state = 'certificate';
    else if (state !== 'certificate' && courtMark(line)) state = 'body';
    // A blank date after counsel's block is the Court's when the Court's signature follows it or nothing does.
    else if (state === 'counsel' && isBlankDateLine(line) && (signerAhead(i, 3) || i === lines.length - 1)) state = 'body';
    else if (state === 'body' && line.length <= 160 && (COUNSEL_LEAD.test(line) || (E_SIGNATURE.test(line) && !signerAhead(i, 2)) || (COUNSEL_ID.test(line) && line.split(' ').length <= 10))) {
      state = 'counsel';
      // The date, party and `By:` lines just above a signature are counsel's too. Above a
      // lead-in (`Prepared by:`) the block has not begun, so a blank date there is the Court's.
      const lead = COUNSEL_LEAD.test(line);
      const counsels = (l: string, d: number) => isFilledDateLine(l) || (!lead && d <= 3 && isBlankDateLine(l)) || (isBlockLine(l) && !isBlankDateLine(l));
      for (let j = i - 1; j >= 0 && i - j <= 6 && parts[j] === 'body' && counsels(lines[j]!, i - j) && !courtMark(lines[j]!); j--) parts[j] = 'counsel';
    }
    parts.push(state);
  });
  return parts;
}

/** Where the caption ends: the title's index, or −1 with the caption's last line when there is no title. */
function findTitle(lines: string[]): { title: number; captionEnd: number } {
  const head = Math.min(lines.length, 60);
  const candidates: number[] = [];
  for (let i = 0; i < head; i++) if (isTitle(lines[i]!)) candidates.push(i);
  // A `PROPOSED ORDER` label above the caption is not the title: the title comes after the caption.
  const title = candidates.find((c) => !lines.slice(c + 1, c + 5).some((l) => CAPTION_MARK.test(l))) ?? candidates[0];
  if (title !== undefined) return { title, captionEnd: title - 1 };
  let captionEnd = -1;
  for (let i = 0; i < Math.min(lines.length, 30); i++) if (CAPTION_MARK.test(lines[i]!)) captionEnd = i;
  return { title: -1, captionEnd };
}

/** The document's lines, each with its part. */
export function orderParts(doc: OrderText, courtMark: CourtMark): OrderLine[] {
  const out: OrderLine[] = [];
  const lines = splitLines(doc.paragraphs);
  const { title, captionEnd } = findTitle(lines);
  const tailStart = Math.max(title, captionEnd) + 1;
  const tail = tailParts(lines.slice(tailStart), courtMark);
  lines.forEach((text, i) => {
    const part: OrderPart = i === title ? 'title' : i <= captionEnd ? 'caption' : tail[i - tailStart]!;
    out.push({ text, part, story: 0 });
  });
  // Headers, footers and text boxes: each its own story, read like the order's tail.
  [...doc.headers, ...doc.footers, ...doc.textBoxes].forEach((story, s) => {
    const ls = splitLines([story]);
    tailParts(ls, courtMark).forEach((p, i) => out.push({ text: ls[i]!, part: p === 'body' ? 'margin' : p, story: s + 1 }));
  });
  return out;
}
