/**
 * Prisoner filings of the corpus: what the prisoner typed (caption in the form given,
 * title, body with its own dates, signature, certificate of service), the facility's
 * receipt stamp in its house wording, and how the pages reach the court (scanned through
 * the facility's scanner, or typed at a kiosk that pastes the stamp as an image).
 */
import { CASES, FACILITIES } from './filings-court.ts';
import { between, drawPage, imagePdf, kioskPdf, pick, scan, seeded, type PageSpec, type Rand, type ScanLook, type StampSpec } from './scan-page.ts';

export interface At {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
}

export type DateStyle = 'MON DD YYYY' | 'Mon. D, YYYY' | 'M-D-YY' | 'MM/DD/YYYY' | 'DD MON YYYY' | 'MONTH D, YYYY';
export type TimeStyle = 'h:mm AM' | 'h:mmA' | 'HHmm HRS' | 'HH:mm';
export type Wording = 'received3' | 'received2' | 'scanned1' | 'filed3' | 'facility4' | 'by3' | 'legalmail3' | 'forfiling3' | 'efile4' | 'timefirst2';

export const DATE_STYLES: DateStyle[] = ['MON DD YYYY', 'Mon. D, YYYY', 'M-D-YY', 'MM/DD/YYYY', 'DD MON YYYY', 'MONTH D, YYYY'];
export const TIME_STYLES: TimeStyle[] = ['h:mm AM', 'h:mmA', 'HHmm HRS', 'HH:mm'];
export const WORDINGS: Wording[] = ['received3', 'received2', 'scanned1', 'filed3', 'facility4', 'by3', 'legalmail3', 'forfiling3', 'efile4', 'timefirst2'];

const MON = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
export const MONTH = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const p2 = (n: number) => String(n).padStart(2, '0');

export function stampDate(at: At, s: DateStyle): string {
  const mon = MON[at.mo - 1]!;
  switch (s) {
    case 'MON DD YYYY':
      return `${mon} ${p2(at.d)} ${at.y}`;
    case 'Mon. D, YYYY':
      return `${mon.charAt(0)}${mon.slice(1).toLowerCase()}${mon === 'MAY' ? '' : '.'} ${at.d}, ${at.y}`;
    case 'M-D-YY':
      return `${at.mo}-${at.d}-${p2(at.y % 100)}`;
    case 'MM/DD/YYYY':
      return `${p2(at.mo)}/${p2(at.d)}/${at.y}`;
    case 'DD MON YYYY':
      return `${p2(at.d)} ${mon} ${at.y}`;
    case 'MONTH D, YYYY':
      return `${MONTH[at.mo - 1]!.toUpperCase()} ${at.d}, ${at.y}`;
  }
}

export function stampTime(at: At, s: TimeStyle): string {
  const h12 = at.h % 12 === 0 ? 12 : at.h % 12;
  switch (s) {
    case 'h:mm AM':
      return `${h12}:${p2(at.mi)} ${at.h < 12 ? 'AM' : 'PM'}`;
    case 'h:mmA':
      return `${h12}:${p2(at.mi)}${at.h < 12 ? 'A' : 'P'}`;
    case 'HHmm HRS':
      return `${p2(at.h)}${p2(at.mi)} HRS`;
    case 'HH:mm':
      return `${p2(at.h)}:${p2(at.mi)}`;
  }
}

/** The stamp's lines in a facility's house wording. */
export function stampWords(w: Wording, date: string, time: string, facility: string): string[] {
  const f = FACILITIES[facility]!;
  switch (w) {
    case 'received3':
      return ['RECEIVED', date, time];
    case 'received2':
      return ['RECEIVED', `${date}  ${time}`];
    case 'scanned1':
      return [`SCANNED ${date} ${time}`];
    case 'filed3':
      return ['FILED', date, time];
    case 'facility4':
      return [f.stampName, 'RECEIVED', date, time];
    case 'by3':
      return ['RECEIVED', `${date}  ${time}`, 'BY ________'];
    case 'legalmail3':
      return [`${f.code} LEGAL MAIL`, date, time];
    case 'forfiling3':
      return ['RECEIVED FOR FILING', `${date}  ${time}`, f.code];
    case 'efile4':
      return [f.code, 'SCANNED FOR E-FILING', date, time];
    case 'timefirst2':
      return [`RECEIVED ${time}`, date];
  }
}

/** A stamp as the corpus chooses it: the impression's look plus the date, time and wording it prints. */
export interface StampChoice extends Omit<StampSpec, 'lines' | 'initials'> {
  at: At;
  wording: Wording;
  date: DateStyle;
  time: TimeStyle;
}

export interface DocSpec {
  kind: 'scan' | 'kiosk';
  /** Case whose parties fill the caption; absent: a new case by `newParties`. */
  case?: keyof typeof CASES;
  newParties?: { plaintiff: string; defendant: string; habeas: boolean; facility: string };
  /** The case number written in the caption (canonical), null for none. Default: the case's. */
  written?: string | null;
  /** The caption's case line as written. Default `Case No. <number> (<judge>)`. */
  caseLine?: string | null;
  title: string;
  stamp: StampChoice | null;
  stampPage?: 'first' | 'last';
  pages?: number;
  look?: Partial<ScanLook>;
  /** Sentences added to the first paragraph (identifiers, or dates that are not). */
  extra?: string[];
  /** The extra text holds a personal identifier a clerk would flag (I-7). */
  privacy?: boolean;
  filename: string;
  seed: number;
  kioskImage?: 'png' | 'jpeg';
}

const TITLES = ['MOTION FOR APPOINTMENT OF COUNSEL', 'MOTION FOR EXTENSION OF TIME', 'AMENDED COMPLAINT', 'MOTION TO COMPEL DISCOVERY', 'OBJECTION TO MOTION TO DISMISS', 'MOTION FOR PRELIMINARY INJUNCTION', 'NOTICE OF CHANGE OF ADDRESS', 'REPLY TO RESPONSE TO ORDER TO SHOW CAUSE'];
export const pickTitle = (r: Rand) => pick(r, TITLES);

function shift(at: At, days: number): { y: number; mo: number; d: number } {
  const t = new Date(Date.UTC(at.y, at.mo - 1, at.d + days));
  return { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate() };
}
const long = (x: { y: number; mo: number; d: number }) => `${MONTH[x.mo - 1]} ${x.d}, ${x.y}`;
const num = (x: { y: number; mo: number; d: number }) => `${x.mo}/${x.d}/${x.y}`;

function paragraphs(r: Rand, at: At, who: string, against: string, facility: string): string[] {
  const a = shift(at, -Math.floor(between(r, 30, 200)));
  const b = shift(at, -Math.floor(between(r, 6, 40)));
  const c = shift(at, -Math.floor(between(r, 2, 5)));
  const f = FACILITIES[facility]!.name;
  return [
    `The ${who.includes('Petitioner') ? 'petitioner' : 'plaintiff'} respectfully asks the Court for the relief set out below. On ${long(a)} he was moved to ${f} and has not had his legal papers since that date.`,
    `Since ${num(b)} he has written to ${against} several times without an answer. A grievance was filed on ${c.mo}-${c.d}-${p2(c.y % 100)} at 3:15 PM and is still pending with the unit administrator.`,
    'The law library is open two hours a week and the plaintiff cannot reach witnesses or investigate the facts from his cell. The issues in the case are complex and turn on medical records.',
    `The present deadline of ${long(shift(at, 21))} cannot be met for these reasons, and the plaintiff asks that it be extended by sixty days. No party will be prejudiced by the extension.`,
    'Wherefore the plaintiff asks that the Court grant this motion and enter such further orders as are just and proper in the circumstances of this case.',
    'The plaintiff has made good faith efforts to resolve the matter without the Court, as the Local Rules require, and attaches his letters as exhibits to this filing.',
  ];
}

interface Built {
  pages: PageSpec[];
}

/** The filing's pages, stamp included, before scanning. */
function layout(d: DocSpec): Built {
  const r = seeded(d.seed);
  const c = d.case ? CASES[d.case]! : undefined;
  const facility = c?.facility ?? d.newParties!.facility;
  const habeas = c ? c.nature === 'habeas' : d.newParties!.habeas;
  const plaintiff = (c?.prisoner ?? d.newParties!.plaintiff).toUpperCase();
  const defendant = (c?.defendant ?? d.newParties!.defendant).toUpperCase();
  const written = d.written === undefined ? (c?.number ?? null) : d.written;
  const caseLine = d.caseLine !== undefined ? d.caseLine : written ? `Case No. ${written} (${c?.judge ?? 'JCH'})` : null;
  const at = d.stamp?.at ?? { y: 2016, mo: 9, d: 14, h: 10, mi: 0 };
  const signed = shift(at, -Math.floor(between(r, 1, 4)));
  const paras = paragraphs(r, at, habeas ? 'Petitioner' : 'Plaintiff', c?.defendant ?? d.newParties!.defendant, facility);
  if (d.extra?.length) paras[0] = `${paras[0]} ${d.extra.join(' ')}`;
  const stamp: StampSpec | undefined = d.stamp
    ? { lines: stampWords(d.stamp.wording, stampDate(d.stamp.at, d.stamp.date), stampTime(d.stamp.at, d.stamp.time), facility), ink: d.stamp.ink, frame: d.stamp.frame, font: d.stamp.font, sizePt: d.stamp.sizePt, rotation: d.stamp.rotation, position: d.stamp.position, faint: d.stamp.faint, initials: d.stamp.wording === 'by3' }
    : undefined;
  const n = d.pages ?? 1;
  const onLast = d.stampPage === 'last' && n > 1;
  const signature = { name: c?.prisoner ?? titleCase(d.newParties!.plaintiff), inmateNumber: c?.inmateNumber ?? String(300000 + Math.floor(r() * 99999)), facility: FACILITIES[facility]!.name, dated: long(signed) };
  const certificate = `CERTIFICATION: I certify that a copy of the foregoing was mailed on ${long(signed)} to all counsel and parties of record.`;
  const pages: PageSpec[] = [];
  for (let i = 0; i < n; i++) {
    const first = i === 0;
    const last = i === n - 1;
    const share = first ? paras.slice(0, n === 1 ? 4 : 3) : paras.slice(3 + (i - 1) * 1, 3 + i * 1).concat(i === n - 1 ? [] : [paras[5]!]);
    pages.push({
      caption: first ? { plaintiff, defendant: `${defendant}${habeas ? '' : ', et al.'}`, caseLine, style: r() < 0.6 ? 'colon' : 'paren', dateLine: long(signed), habeas } : undefined,
      title: first ? d.title : undefined,
      paragraphs: last ? [...share, certificate] : share,
      signature: last ? signature : undefined,
      stamp: (first && !onLast) || (last && onLast) ? stamp : undefined,
      footer: n > 1 ? `Page ${i + 1} of ${n}` : undefined,
    });
  }
  return { pages };
}

function titleCase(s: string): string {
  return s.toLowerCase().replace(/\b[a-z]/g, (ch) => ch.toUpperCase());
}

export const DEFAULT_LOOK: ScanLook = { dpi: 150, skew: 0.4, noise: 1.2, specks: 150, paper: 240, toner: 'normal', blur: 0.4, jpegQuality: 55 };

/** The PDF as it reaches the court. `lookSeed` varies only the scanner (a rescan). */
export async function buildDoc(d: DocSpec, lookSeed = d.seed): Promise<Buffer> {
  const { pages } = layout(d);
  if (d.kind === 'kiosk') return kioskPdf(pages, seeded(d.seed + 5), d.kioskImage ?? 'png');
  const look = { ...DEFAULT_LOOK, ...d.look };
  const r = seeded(d.seed + 1);
  const sr = seeded(lookSeed * 7 + 3);
  const images = [];
  for (const p of pages) images.push(await scan(drawPage(p, r, look.dpi), { ...look, skew: look.skew * (0.5 + sr()) * (sr() < 0.5 ? -1 : 1) }, sr));
  return imagePdf(images, { producer: 'Xerox WorkCentre 7855', creator: 'Scan to Email' });
}
