/**
 * Generates the prisoner-filings evaluation corpus, `eval/filings/`: court data, mail as
 * facilities' scanners and staff send it, and a manifest of what a careful clerk decides
 * for each message under SPEC §3 and the Prisoner Electronic Filing Program order.
 *
 *   npx tsx scripts/eval/filings.ts
 *
 * Seeded: the same corpus on every run. Expectations come from the rules, not from the
 * product: a legible stamp gives the filed time, anything a clerk must decide is an
 * exception with no filed time.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeManifest, type ExpectedFiling, type ManifestMessage } from './lib-corpus.ts';
import { CASES, FACILITIES, courtYaml } from './filings-court.ts';
import { buildDoc, DATE_STYLES, pickTitle, TIME_STYLES, WORDINGS, type At, type DocSpec, type StampChoice } from './filings-docs.ts';
import { buildMessage, courtTime, type Client, type FileSpec } from './scan-mail.ts';
import { between, pick, seeded, type Frame, type Ink, type Position, type StampFont } from './scan-page.ts';

const SEED = 1;
const ROOT = new URL('../../eval/filings/', import.meta.url).pathname;
const CLERK = 'prisoner-filings@ctd.example.org';
const r = seeded(SEED);

const INKS: Ink[] = ['red', 'blue', 'purple', 'black'];
const FRAMES: Frame[] = ['none', 'box', 'double', 'rounded'];
const FONTS: StampFont[] = ['sans-bold', 'mono-bold', 'serif-bold', 'condensed', 'mono'];
const POSITIONS: Position[] = ['top-right', 'top-left', 'top', 'bottom-right', 'bottom-left', 'bottom'];

/** A legible stamp with the family's fixed traits and random others. */
function stamp(at: At, fixed: Partial<StampChoice> = {}): StampChoice {
  return {
    at,
    wording: pick(r, WORDINGS),
    date: pick(r, DATE_STYLES),
    time: pick(r, TIME_STYLES),
    ink: pick(r, INKS),
    frame: pick(r, FRAMES),
    font: pick(r, FONTS),
    sizePt: Math.round(between(r, 11, 14)),
    rotation: Math.round(between(r, -6, 6)),
    position: pick(r, POSITIONS),
    ...fixed,
  };
}

const at = (y: number, mo: number, d: number, h: number, mi: number): At => ({ y, mo, d, h, mi });
/** `at` plus minutes. */
function later(a: At, minutes: number): At {
  const t = new Date(Date.UTC(a.y, a.mo - 1, a.d, a.h, a.mi) + minutes * 60_000);
  return at(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes());
}
const iso = (a: At) => courtTime(a.y, a.mo, a.d, a.h, a.mi).iso;
const instant = (a: At) => courtTime(a.y, a.mo, a.d, a.h, a.mi).date;

interface RawFile extends FileSpec {
  /** Its expected filing row, or null when it is no filing (not a PDF). */
  filing: ExpectedFiling | null;
}

interface Msg {
  id: string;
  family: string;
  note: string;
  client: Client;
  from?: string;
  subject: string;
  text?: string;
  /** Court-local arrival. */
  arrive: At;
  docs: Array<DocSpec | RawFile>;
  /** Case number the subject carries (canonical) — it wins over the caption (P-5). */
  subjectCase?: string;
  forwardedBy?: string;
  /** Message-level codes (P-1, P-2) and disposition, when not derived from the filings. */
  messageCodes?: string[];
  disposition?: string | null;
  /** Filings that repeat one already docketed (P-9). */
  duplicateOf?: number[];
  facility?: string;
}

const isRaw = (x: DocSpec | RawFile): x is RawFile => 'content' in x;
const KNOWN = new Set(Object.values(CASES).map((c) => c.number));
const MAX_AGE_DAYS = 30;

/** What a careful clerk decides for one filing (P-3, P-4, P-5, P-9, I-7). */
function expectFiling(d: DocSpec, m: Msg, index: number): ExpectedFiling {
  const codes: string[] = [];
  const arrival = instant(m.arrive);
  if (!d.stamp || d.stamp.faint) codes.push('STAMP_UNREADABLE');
  else {
    const s = instant(d.stamp.at);
    if (s.getTime() > arrival.getTime() || arrival.getTime() - s.getTime() > MAX_AGE_DAYS * 86_400_000) codes.push('STAMP_IMPLAUSIBLE');
  }
  const written = d.written === undefined ? (d.case ? CASES[d.case]!.number : null) : d.written;
  const caseNumber = m.subjectCase ?? written;
  if (!caseNumber) codes.push('NEW_CASE');
  else if (!KNOWN.has(caseNumber)) codes.push('CASE_NOT_FOUND');
  const habeas = Object.values(CASES).find((c) => c.number === caseNumber)?.nature === 'habeas';
  if (d.privacy && !habeas) codes.push('PRIVACY_IDENTIFIER');
  if (m.duplicateOf?.includes(index)) codes.push('DUPLICATE_FILING');
  const blocking = codes.some((c) => c !== 'PRIVACY_IDENTIFIER');
  const out: ExpectedFiling = { disposition: blocking ? 'exception' : 'docketed', codes };
  if (caseNumber && KNOWN.has(caseNumber)) out.caseNumber = caseNumber;
  // The deemed filing date is the stamp once it is believed, also while a clerk settles
  // the case (NEW_CASE, CASE_NOT_FOUND, DUPLICATE_FILING); an unbelieved stamp gives none.
  out.filedAt = codes.some((c) => c.startsWith('STAMP_')) ? null : iso(d.stamp!.at);
  return out;
}

const messages: Msg[] = [];
const add = (m: Omit<Msg, 'id'>) => messages.push({ ...m, id: `f-${String(messages.length + 1).padStart(3, '0')}` });
let docSeed = 100;
const doc = (d: Omit<DocSpec, 'seed' | 'title' | 'filename' | 'kind'> & Partial<Pick<DocSpec, 'title' | 'filename' | 'kind'>>): DocSpec => ({ kind: 'scan', title: pickTitle(r), filename: 'filing.pdf', seed: docSeed++, ...d });
const fac = (k: keyof typeof CASES) => FACILITIES[CASES[k]!.facility]!;
const scanName = (a: At) => `Scan_${a.y}${String(a.mo).padStart(2, '0')}${String(a.d).padStart(2, '0')}_${String(a.h).padStart(2, '0')}${String(a.mi).padStart(2, '0')}00.pdf`;

// ------------------------------------------------------------------ stamps, one family each
{
  const fam = (family: string, note: string, fixed: Partial<StampChoice>, cases: Array<keyof typeof CASES>, times: At[], look: DocSpec['look'] = {}, client: Client = 'xerox') => {
    cases.forEach((k, i) => {
      const s = times[i]!;
      const arrive = later(s, Math.round(between(r, 20, 300)));
      add({ family, note, client, from: fac(k).sendAs, subject: i % 2 ? `${CASES[k]!.number} ${CASES[k]!.prisoner.split(' ')[1]} filing` : 'Scanned from a Xerox Multifunction Printer', text: i % 2 ? '' : 'Please open the attached document. It was scanned and sent to you using a Xerox multifunction printer.', arrive, docs: [doc({ case: k, stamp: stamp(s, fixed), look, filename: scanName(s) })], subjectCase: i % 2 ? CASES[k]!.number : undefined });
    });
  };
  fam('scan-red-received-boxed', 'RECEIVED / date / time in red, boxed, top right: docketed at the stamp time (P-3)', { wording: 'received3', ink: 'red', frame: 'box', date: 'MON DD YYYY', time: 'h:mm AM', position: 'top-right' }, ['smith', 'rivera', 'brown'], [at(2016, 6, 22, 10, 32), at(2016, 7, 11, 9, 5), at(2016, 8, 3, 14, 47)], { dpi: 200, jpegQuality: 60, noise: 3 });
  fam('scan-blue-scanned-oneline', 'one-line SCANNED stamp in blue, numeric date, 24-hour time, no frame', { wording: 'scanned1', ink: 'blue', frame: 'none', date: 'MM/DD/YYYY', time: 'HH:mm' }, ['wilson', 'smith', 'garcia'], [at(2016, 7, 19, 13, 12), at(2016, 9, 6, 8, 41), at(2016, 10, 12, 15, 58)]);
  fam('scan-purple-filed-double', 'FILED with "Jun. 22, 2016" dates in purple, double box', { wording: 'filed3', ink: 'purple', frame: 'double', date: 'Mon. D, YYYY', time: 'h:mm AM' }, ['brown', 'jones'], [at(2016, 8, 22, 11, 20), at(2016, 9, 29, 16, 2)]);
  fam('scan-black-military', 'RECEIVED FOR FILING, "22 JUN 2016 1432 HRS" military time, black ink', { wording: 'forfiling3', ink: 'black', date: 'DD MON YYYY', time: 'HHmm HRS' }, ['rivera', 'taylor', 'davis'], [at(2016, 10, 4, 14, 32), at(2016, 12, 1, 7, 55), at(2017, 1, 17, 13, 6)]);
  fam('scan-facility-name-shorttime', 'facility name stamp with a "10:32A" time', { wording: 'facility4', time: 'h:mmA', date: 'MON DD YYYY' }, ['smith', 'wilson', 'moore'], [at(2016, 11, 2, 10, 32), at(2016, 11, 21, 14, 15), at(2017, 3, 8, 9, 48)]);
  fam('scan-legalmail-dashdate', 'LEGAL MAIL stamp with a "6-22-16" date and a 12-hour time', { wording: 'legalmail3', date: 'M-D-YY', time: 'h:mm AM' }, ['garcia', 'brown', 'jackson'], [at(2016, 7, 27, 8, 10), at(2016, 10, 26, 13, 44), at(2017, 2, 14, 15, 21)]);
  fam('scan-by-initials', 'RECEIVED with a "BY ____" line initialled by hand', { wording: 'by3', ink: 'blue', frame: 'box' }, ['jones', 'davis'], [at(2016, 12, 12, 9, 30), at(2017, 1, 30, 10, 55)]);
  fam('scan-rotated-15', 'stamp pressed at a steep angle (±12–15°)', {}, ['rivera', 'smith', 'wilson'], [at(2016, 8, 15, 9, 14), at(2016, 12, 20, 11, 8), at(2017, 4, 4, 14, 40)], { dpi: 200, jpegQuality: 55 });
  // Steep angles: override after the fact, so the other traits stay random.
  for (const [i, m] of messages.slice(-3).entries()) ((m.docs[0] as DocSpec).stamp!).rotation = [14, -13, 12][i]!;
  fam('scan-efile-time-first', 'four-line SCANNED FOR E-FILING stamp, and a time-first two-line stamp', { wording: 'efile4' }, ['taylor', 'moore'], [at(2017, 3, 22, 12, 5), at(2017, 5, 9, 8, 22)]);
  (messages[messages.length - 1]!.docs[0] as DocSpec).stamp!.wording = 'timefirst2';
  fam('scan-bilevel-300', '1-bit black-and-white scan at 300 dpi (the scanner\'s text mode)', { ink: 'black', frame: 'box', sizePt: 13 }, ['smith', 'jackson', 'brown'], [at(2017, 2, 2, 10, 10), at(2017, 3, 1, 13, 33), at(2017, 4, 19, 9, 2)], { bilevel: true, dpi: 300 });
  fam('scan-grey-heavy-toner', 'grey recycled paper and heavy toner, more speckle', { sizePt: 13 }, ['davis', 'rivera'], [at(2017, 5, 15, 11, 11), at(2017, 6, 6, 14, 28)], { paper: 212, toner: 'heavy', specks: 600, noise: 4, dpi: 200 });
  fam('scan-150dpi-low-jpeg', '150 dpi scan saved at low JPEG quality', { sizePt: 13, frame: 'box' }, ['wilson', 'garcia'], [at(2016, 9, 19, 10, 45), at(2016, 10, 31, 15, 3)], { dpi: 150, jpegQuality: 40 });
  fam('scan-dst-days', 'stamps on the days clocks change (Nov 6 2016, Mar 12 2017): the offset follows the stamp\'s day', { sizePt: 13 }, ['smith', 'moore'], [at(2016, 11, 6, 10, 32), at(2017, 3, 12, 9, 15)]);
  fam('scan-winter-offset', 'winter stamps: filedAt carries -05:00', {}, ['jones', 'taylor'], [at(2016, 12, 28, 16, 40), at(2017, 1, 9, 8, 5)]);
}

// -------------------------------------------------------- multi-page, stamp on the last page
{
  const k: Array<[keyof typeof CASES, At, number, 'first' | 'last']> = [
    ['brown', at(2016, 9, 13, 10, 2), 3, 'last'],
    ['smith', at(2016, 10, 18, 13, 27), 2, 'last'],
    ['davis', at(2017, 2, 21, 9, 40), 4, 'first'],
    ['wilson', at(2017, 6, 13, 14, 5), 2, 'first'],
  ];
  for (const [c, s, pages, where] of k) {
    add({ family: where === 'last' ? 'scan-multipage-stamp-last' : 'scan-multipage-stamp-first', note: `${pages}-page filing, the stamp on the ${where} page only (P-3: some staff stamp the last page)`, client: 'ricoh', from: fac(c).sendAs, subject: 'Message from "RNP0026737A8B2C"', text: '', arrive: later(s, 95), docs: [doc({ case: c, pages, stampPage: where, stamp: stamp(s, { sizePt: 13 }), look: { jpegQuality: 50 }, filename: `${s.y}${String(s.mo).padStart(2, '0')}${String(s.d).padStart(2, '0')}${String(s.h).padStart(2, '0')}${String(s.mi).padStart(2, '0')}.pdf` })] });
  }
}

// ------------------------------------------------------- text PDFs with a pasted stamp image
{
  const k: Array<[keyof typeof CASES, At, 'png' | 'jpeg']> = [
    ['smith', at(2016, 7, 5, 9, 12), 'png'],
    ['jones', at(2016, 8, 9, 14, 2), 'jpeg'],
    ['moore', at(2017, 4, 25, 10, 50), 'png'],
    ['jackson', at(2017, 5, 31, 15, 17), 'jpeg'],
  ];
  for (const [c, s, kind] of k) {
    add({ family: 'text-pdf-stamp-image', note: `kiosk PDF: caption in a real text layer, the stamp pasted as a ${kind.toUpperCase()} image (P-3 reads the image)`, client: 'plain', from: fac(c).sendAs, subject: `E-filing kiosk submission ${CASES[c]!.prisoner}`, text: 'Submitted from the law library kiosk.', arrive: later(s, 40), docs: [doc({ kind: 'kiosk', kioskImage: kind, case: c, stamp: stamp(s, { sizePt: 12, rotation: Math.round(between(r, -4, 4)) }), filename: `kiosk-${CASES[c]!.inmateNumber}.pdf` })] });
  }
}

// ------------------------------------------------------ caption case numbers, in every form
{
  const forms: Array<[string, keyof typeof CASES, string, 'scan' | 'kiosk']> = [
    ['caption-civil-no-compact', 'rivera', 'CIVIL NO. 3:16CV112 (VLB)', 'scan'],
    ['caption-civil-no-compact', 'rivera', 'CIVIL NO. 3:16CV112 (VLB)', 'kiosk'],
    ['caption-docket-no', 'jones', 'Docket No. 3:16cv01305', 'scan'],
    ['caption-docket-no', 'jones', 'Docket No. 3:16cv01305', 'kiosk'],
    ['caption-case-no-judge-suffix', 'brown', 'Case No. 3:16-CV-01020-JCH', 'scan'],
    ['caption-case-no-judge-suffix', 'brown', 'Case No. 3:16-CV-01020-JCH', 'kiosk'],
    ['caption-civil-action-short-seq', 'wilson', 'Civil Action No. 3:16-cv-945 (VLB)', 'scan'],
    ['caption-civil-action-short-seq', 'wilson', 'Civil Action No. 3:16-cv-945 (VLB)', 'kiosk'],
    ['caption-bare-judge', 'smith', '3:16-cv-1234 (JCH)', 'scan'],
    ['caption-no-office', 'smith', 'No. 16-cv-1234', 'kiosk'],
    ['caption-no-office', 'davis', 'PRISONER 16-cv-2011 (SRU)', 'scan'],
  ];
  let t = at(2016, 12, 6, 9, 0);
  for (const [family, c, line, kind] of forms) {
    t = later(t, 60 * 24 * 9 + 37);
    const s = { ...t, h: 8 + Math.floor(r() * 8) };
    add({ family, note: `caption written "${line}"; the subject has no case number, so the caption gives ${CASES[c]!.number} (P-5)`, client: kind === 'kiosk' ? 'plain' : 'canon', from: fac(c).sendAs, subject: kind === 'kiosk' ? 'Kiosk filing' : 'Attached Image', text: '', arrive: later(s, 120), docs: [doc({ kind, case: c, caseLine: line, stamp: stamp(s, { sizePt: 13 }), filename: kind === 'kiosk' ? 'filing.pdf' : `${s.y}${s.mo}${s.d}${s.h}${s.mi}.pdf` })] });
  }
}

// ------------------------------------------------------------- the subject gives the number
{
  const subj: Array<[keyof typeof CASES, string, string | null]> = [
    ['smith', '3:16-cv-01234 Smith motion', null],
    ['jones', '3:16cv1305 Jones reply', 'Docket No. ______'],
    ['rivera', 'Rivera 16-cv-112 objection', null],
  ];
  subj.forEach(([c, subject, line], i) => {
    const s = at(2017, 1 + i * 2, 10 + i, 11, 4 + i * 9);
    add({ family: 'subject-case-number', note: `staff typed the case number in the subject (${subject}); P-5 takes it${line ? ', though the caption leaves the number blank' : ''}`, client: 'outlook', from: c === 'smith' || c === 'jones' ? 'MWCI Legal Mail <legalmail@mwci.doc.example.org>' : `Records Office <${fac(c).sendAs}>`, subject, text: 'Please see the attached filing from the inmate named in the subject line.\n\nThank you,\nRecords Office', arrive: later(s, 75), subjectCase: CASES[c]!.number, docs: [doc({ case: c, caseLine: line ?? undefined, written: line ? null : undefined, stamp: stamp(s), filename: `${CASES[c]!.prisoner.split(' ')[1]!.toLowerCase()}.pdf` })] });
  });
}

// --------------------------------------------------------- unknown cases and new cases (P-5)
{
  add({ family: 'case-not-found-caption', note: 'caption number 3:16-cv-02999 is not a case on file → CASE_NOT_FOUND exception', client: 'xerox', from: FACILITIES.CCI!.sendAs, subject: 'Scanned from a Xerox Multifunction Printer', text: '', arrive: at(2016, 11, 15, 14, 20), docs: [doc({ case: 'rivera', written: '3:16-cv-02999', caseLine: 'Case No. 3:16-cv-02999 (VLB)', stamp: stamp(at(2016, 11, 15, 9, 41)) })] });
  add({ family: 'case-not-found-caption', note: 'caption "Civil No. 3:17cv0450 (MPS)" names no case on file → CASE_NOT_FOUND', client: 'plain', from: FACILITIES.MWCI!.sendAs, subject: 'kiosk filing', text: '', arrive: at(2017, 4, 11, 11, 2), docs: [doc({ kind: 'kiosk', case: 'moore', written: '3:17-cv-00450', caseLine: 'Civil No. 3:17cv0450 (MPS)', stamp: stamp(at(2017, 4, 11, 8, 37)) })] });
  add({ family: 'case-not-found-subject', note: 'the subject carries an unknown case (3:16-cv-01243, digits swapped); the subject wins (P-5) → CASE_NOT_FOUND, not a guess at the caption', client: 'outlook', from: 'legalmail@mwci.doc.example.org', subject: '3:16-cv-01243 Smith', text: 'Attached.', arrive: at(2016, 10, 5, 15, 30), subjectCase: '3:16-cv-01243', docs: [doc({ case: 'smith', stamp: stamp(at(2016, 10, 5, 13, 3)) })] });
  const newCases: Array<[string, string, boolean, string, string]> = [
    ['PETER NOVAK', 'COMMISSIONER OF CORRECTION', true, 'CCI', 'PETITION FOR WRIT OF HABEAS CORPUS UNDER 28 U.S.C. § 2254'],
    ['DARNELL HAYES', 'WARDEN MULLIGAN', false, 'OCI', 'COMPLAINT UNDER 42 U.S.C. § 1983'],
    ['SAMUEL ORTIZ', 'DR. PILLAI', false, 'GCI', 'PRISONER CIVIL RIGHTS COMPLAINT'],
  ];
  newCases.forEach(([p, d, habeas, f, title], i) => {
    const s = [at(2016, 8, 2, 10, 15), at(2016, 11, 7, 11, 22), at(2017, 2, 12, 12, 29)][i]!;
    add({ family: 'new-case-no-number', note: `${title.toLowerCase()} with a blank case number: a new case → NEW_CASE exception for a clerk to open it (P-5)`, client: i === 1 ? 'hp' : 'xerox', from: FACILITIES[f]!.sendAs, subject: i === 1 ? 'DOC081616.pdf' : 'New complaint', text: '', arrive: later(s, 180), docs: [doc({ newParties: { plaintiff: p, defendant: d, habeas, facility: f }, written: null, title, stamp: stamp(s, { sizePt: 13 }), pages: i === 2 ? 2 : 1, look: { dpi: 150 } })] });
  });
}

// ------------------------------------------------------------------------ I-7 privacy
{
  const cases: Array<[string, keyof typeof CASES, string[], boolean, 'scan' | 'kiosk', string]> = [
    ['privacy-ssn', 'smith', ["The medical unit keeps his records under his Social Security number, 041-62-7719."], true, 'kiosk', 'a full SSN in the text layer'],
    ['privacy-ssn', 'brown', ['SSN: 212-55-8841.'], true, 'scan', 'a full SSN on a scanned page'],
    ['privacy-dob', 'wilson', ['Date of Birth: 03/14/1985.'], true, 'kiosk', 'a full date of birth "Date of Birth: 03/14/1985"'],
    ['privacy-dob', 'rivera', ['Inmate No. 298812, DOB 3-14-85.'], true, 'scan', 'a full date of birth "DOB 3-14-85" on a scanned page'],
    ['privacy-dob', 'moore', ['The plaintiff was born on March 14, 1985 and has asthma.'], true, 'kiosk', 'a full date of birth in prose ("born on March 14, 1985")'],
    ['privacy-trap-dates', 'davis', ['This motion is dated June 1, 2017.', 'A hearing was held on May 30, 2017 at 10:00 AM.'], false, 'kiosk', 'ordinary dates (a dated line, a hearing date): not birth dates, no warning'],
    ['privacy-trap-partial', 'jackson', ['DOB: 1985.', 'SSN xxx-xx-7719.', 'Inmate No. 389901, telephone (860) 555-0147.'], false, 'kiosk', 'only the year of birth and the last four of the SSN, an inmate and phone number: what the rule allows, no warning'],
    ['privacy-trap-partial', 'smith', ['DOB: 1979.', 'Last four of SSN: 4471.'], false, 'scan', 'year of birth and last four on a scanned page: no warning'],
    ['privacy-habeas-exempt', 'jones', ['Date of Birth: 07/02/1981.'], true, 'kiosk', 'pro se habeas filing with a full date of birth: exempt under Fed. R. Civ. P. 5.2(b)(6), no warning'],
    ['privacy-habeas-exempt', 'taylor', ['SSN: 041-62-7719.'], true, 'scan', 'pro se habeas filing with a full SSN: exempt, no warning'],
  ];
  cases.forEach(([family, c, extra, hit, kind, what], i) => {
    const s = at(2017, 5 + (i % 2), 1 + i * 2, 9 + (i % 6), 3 + i * 5);
    add({ family, note: `${what} (I-7: a warning only, the filing is docketed)`, client: kind === 'kiosk' ? 'plain' : 'konica', from: fac(c).sendAs, subject: kind === 'kiosk' ? 'Kiosk filing' : `SKM_C458${String(s.y).slice(2)}${String(s.mo).padStart(2, '0')}${String(s.d).padStart(2, '0')}`, text: '', arrive: later(s, 50), docs: [doc({ kind, case: c, extra, privacy: hit, stamp: stamp(s, { sizePt: 13 }), filename: kind === 'kiosk' ? 'kiosk.pdf' : `SKM_C45817${i}.pdf` })] });
  });
}

// ------------------------------------------------------------------ P-4 stamps not believed
{
  add({ family: 'stamp-later-than-arrival', note: 'a legible stamp dated the day after the email arrived → STAMP_IMPLAUSIBLE (not unreadable, never the arrival date)', client: 'xerox', from: FACILITIES.OCI!.sendAs, subject: 'Scan', text: '', arrive: at(2016, 9, 7, 15, 10), docs: [doc({ case: 'brown', stamp: stamp(at(2016, 9, 8, 9, 20), { sizePt: 13, ink: 'red', frame: 'box' }) })] });
  add({ family: 'stamp-later-than-arrival', note: 'stamp time 10:32 AM, the email arrived at 9:58 AM the same day → STAMP_IMPLAUSIBLE', client: 'canon', from: FACILITIES.CCI!.sendAs, subject: 'Attached Image', text: '', arrive: at(2016, 11, 30, 9, 58), docs: [doc({ case: 'rivera', stamp: stamp(at(2016, 11, 30, 10, 32), { sizePt: 13, wording: 'received3', time: 'h:mm AM' }) })] });
  add({ family: 'stamp-too-old', note: 'stamp 45 days before arrival → STAMP_IMPLAUSIBLE (over the 30-day limit)', client: 'xerox', from: FACILITIES.YCI!.sendAs, subject: 'late scan', text: '', arrive: at(2016, 12, 14, 10, 0), docs: [doc({ case: 'wilson', stamp: stamp(at(2016, 10, 30, 13, 45), { sizePt: 13 }) })] });
  add({ family: 'stamp-too-old', note: 'stamp a year earlier than the email (staff set the wrong year on the dater) → STAMP_IMPLAUSIBLE', client: 'ricoh', from: FACILITIES.GCI!.sendAs, subject: 'Scan', text: '', arrive: at(2017, 3, 3, 11, 30), docs: [doc({ case: 'jackson', stamp: stamp(at(2016, 3, 3, 9, 10), { sizePt: 13, date: 'MON DD YYYY' }) })] });
  add({ family: 'stamp-within-limit', note: 'stamp 27 days before arrival (inside 30 days, held in the mail room): docketed at the stamp time (trap)', client: 'xerox', from: FACILITIES.MWCI!.sendAs, subject: 'Scan', text: '', arrive: at(2017, 5, 26, 9, 30), docs: [doc({ case: 'moore', stamp: stamp(at(2017, 4, 29, 10, 5), { sizePt: 13 }) })] });
  add({ family: 'stamp-faint', note: 'faint, smudged impression no one could read with confidence → STAMP_UNREADABLE, never a guessed date', client: 'xerox', from: FACILITIES.CCI!.sendAs, subject: 'Scan', text: '', arrive: at(2016, 10, 20, 12, 0), docs: [doc({ case: 'taylor', stamp: stamp(at(2016, 10, 20, 9, 0), { faint: true, ink: 'red' }) })] });
  add({ family: 'stamp-faint', note: 'faint blue stamp on a faint-toner scan → STAMP_UNREADABLE', client: 'hp', from: FACILITIES.OCI!.sendAs, subject: 'DOC102716.pdf', text: '', arrive: at(2016, 10, 27, 14, 0), docs: [doc({ case: 'garcia', stamp: stamp(at(2016, 10, 27, 10, 44), { faint: true, ink: 'blue' }), look: { toner: 'faint' } })] });
  add({ family: 'stamp-missing', note: 'scanned without a stamp; the body has other dates and a signature date → STAMP_UNREADABLE', client: 'xerox', from: FACILITIES.MWCI!.sendAs, subject: 'Scan', text: '', arrive: at(2017, 1, 24, 10, 10), docs: [doc({ case: 'smith', stamp: null })] });
  add({ family: 'stamp-missing', note: 'kiosk PDF with no stamp image: the text layer has dates, none a stamp → STAMP_UNREADABLE', client: 'plain', from: FACILITIES.GCI!.sendAs, subject: 'kiosk', text: '', arrive: at(2017, 2, 7, 13, 0), docs: [doc({ kind: 'kiosk', case: 'davis', stamp: null })] });
  add({ family: 'stamp-body-claims-time', note: 'the email body asks for another filed time; P-3: the stamp alone gives it', client: 'outlook', from: 'legalmail@mwci.doc.example.org', subject: 'Moore motion - please file as of 06/01/2017 9:00 AM', text: 'Inmate Moore asks that this be filed as of 06/01/2017 9:00 AM, the day he handed it to staff.', arrive: at(2017, 6, 5, 14, 12), docs: [doc({ case: 'moore', stamp: stamp(at(2017, 6, 5, 11, 26), { sizePt: 13 }) })] });
}

// --------------------------------------------------------------------- P-9 duplicates
let dupBase: DocSpec;
let dupBytes: Buffer;
let rescanBase: DocSpec;
{
  dupBase = doc({ case: 'garcia', stamp: stamp(at(2017, 6, 20, 10, 12), { sizePt: 13 }), filename: 'Scan_20170620_101200.pdf' });
  add({ family: 'dup-original', note: 'a filing docketed normally; the next message resends its PDF', client: 'xerox', from: FACILITIES.OCI!.sendAs, subject: 'Scanned from a Xerox Multifunction Printer', text: '', arrive: at(2017, 6, 20, 11, 5), docs: [dupBase] });
  add({ family: 'dup-same-pdf-resent', note: 'the same PDF sent again in a new email (new Message-ID) after it was docketed → DUPLICATE_FILING (P-9)', client: 'outlook', from: 'Records <records@osborn.doc.example.org>', subject: 'resending scan', text: 'Resending in case the first one did not go through.', arrive: at(2017, 6, 20, 15, 40), docs: [dupBase], duplicateOf: [0] });
  rescanBase = doc({ case: 'rivera', pages: 2, stamp: stamp(at(2017, 6, 22, 9, 48), { sizePt: 13 }), filename: 'rivera.pdf' });
  add({ family: 'dup-original', note: 'a two-page filing docketed normally; it is rescanned below', client: 'xerox', from: FACILITIES.CCI!.sendAs, subject: 'Scan', text: '', arrive: at(2017, 6, 22, 10, 30), docs: [rescanBase] });
  add({ family: 'dup-rescanned', note: 'the same pages scanned again (different bytes): same case, stamp date and time, page count → DUPLICATE_FILING (P-9)', client: 'xerox', from: FACILITIES.CCI!.sendAs, subject: 'Scan', text: '', arrive: at(2017, 6, 22, 13, 15), docs: [{ ...rescanBase, filename: 'rivera-rescan.pdf', seed: rescanBase.seed }], duplicateOf: [0] });
  add({ family: 'dup-trap-same-day', note: 'another filing in the same case the same day, stamped at a different time: not a duplicate, docketed (P-9 trap)', client: 'xerox', from: FACILITIES.CCI!.sendAs, subject: 'Scan', text: '', arrive: at(2017, 6, 22, 16, 2), docs: [doc({ case: 'rivera', pages: 2, stamp: stamp(at(2017, 6, 22, 14, 51), { sizePt: 13 }) })] });
}

// ------------------------------------------------------------- several attachments (P-2)
{
  add({ family: 'multi-pdf-both-docketed', note: 'two PDFs in one email: two filings, each docketed at its own stamp', client: 'outlook', from: 'legalmail@mwci.doc.example.org', subject: 'two filings', text: 'Two filings attached.', arrive: at(2017, 7, 11, 15, 0), docs: [doc({ case: 'smith', stamp: stamp(at(2017, 7, 11, 9, 14), { sizePt: 13 }), filename: 'smith-1.pdf' }), doc({ case: 'moore', kind: 'kiosk', stamp: stamp(at(2017, 7, 11, 10, 2), { sizePt: 12 }), filename: 'moore-2.pdf' })] });
  add({ family: 'multi-pdf-one-exception', note: 'two PDFs, one without a stamp: the message is an exception, the other filing is still docketed', client: 'gmail', from: 'staff.lee@cheshire.doc.example.org', subject: 'Filings for Rivera and Taylor', text: 'Attached two filings.', arrive: at(2017, 7, 13, 14, 30), docs: [doc({ case: 'rivera', stamp: stamp(at(2017, 7, 13, 11, 40), { sizePt: 13 }), filename: 'rivera.pdf' }), doc({ case: 'taylor', stamp: null, filename: 'taylor.pdf' })] });
}

// ------------------------------------------------ attachments that are not filings (P-2, I-5)
async function rawFiles(): Promise<void> {
  const jpeg = await (await import('@napi-rs/canvas')).createCanvas(400, 300).encode('jpeg', 70);
  const good = doc({ case: 'brown', stamp: stamp(at(2017, 8, 1, 9, 5), { sizePt: 13 }), filename: 'brown.pdf' });
  add({ family: 'not-pdf-beside-pdf', note: 'a JPEG photo beside a filing: NOT_PDF for the photo, the PDF is still docketed (P-2)', client: 'apple', from: 'kiosk.staff@osborn.doc.example.org', subject: 'Brown filing', text: 'Filing and a photo of the envelope.', arrive: at(2017, 8, 1, 11, 0), docs: [good, { filename: 'envelope.jpg', content: jpeg, contentType: 'image/jpeg', filing: null }], messageCodes: ['NOT_PDF'], disposition: null });
  const word = readFileSync(new URL('../../test/fixtures/word/caption-table.docx', import.meta.url));
  add({ family: 'not-pdf-only', note: 'only a Word file named .pdf (I-4: bytes decide): NOT_PDF and NO_PDF_ATTACHMENT, rejected', client: 'outlook', from: 'legalmail@mwci.doc.example.org', subject: 'Smith motion', text: 'Attached.', arrive: at(2017, 8, 2, 10, 0), docs: [{ filename: 'smith-motion.pdf', content: word, contentType: 'application/pdf', filing: null }], messageCodes: ['NOT_PDF', 'NO_PDF_ATTACHMENT'], disposition: 'rejected' });
  add({ family: 'no-pdf', note: 'staff forgot the attachment → NO_PDF_ATTACHMENT, rejected', client: 'outlook', from: 'legalmail@mwci.doc.example.org', subject: '3:16-cv-01234 Smith motion', text: 'Please file the attached motion.', arrive: at(2017, 8, 2, 10, 5), docs: [], messageCodes: ['NO_PDF_ATTACHMENT'], disposition: 'rejected' });
  const plain = await buildDoc(doc({ case: 'jackson', kind: 'kiosk', stamp: stamp(at(2017, 8, 3, 9, 0)) }));
  add({ family: 'sender-not-facility', note: 'a prisoner\'s relative writes from a personal address with a facility-like display name → SENDER_NOT_FACILITY, rejected (P-1)', client: 'gmail', from: 'Garner CI Records <kj.family@gmail.example.com>', subject: 'Kevin Jackson filing', text: 'Please file this for my brother.', arrive: at(2017, 8, 3, 12, 0), docs: [{ filename: 'jackson.pdf', content: plain, filing: null }], messageCodes: ['SENDER_NOT_FACILITY'], disposition: 'rejected' });
  add({ family: 'sender-not-facility', note: 'a look-alike domain (mwci.doc.example.org.mail.example.net) is no facility → SENDER_NOT_FACILITY', client: 'plain', from: 'scanner@mwci.doc.example.org.mail.example.net', subject: 'Scan', text: '', arrive: at(2017, 8, 3, 12, 30), docs: [{ filename: 'scan.pdf', content: plain, filing: null }], messageCodes: ['SENDER_NOT_FACILITY'], disposition: 'rejected' });
  const full = await buildDoc(doc({ case: 'wilson', stamp: stamp(at(2017, 8, 4, 9, 30), { sizePt: 13 }) }));
  add({ family: 'unreadable-truncated', note: 'the scan was cut off in transit (truncated PDF) → ATTACHMENT_UNREADABLE (I-5)', client: 'xerox', from: FACILITIES.YCI!.sendAs, subject: 'Scan', text: '', arrive: at(2017, 8, 4, 10, 0), docs: [{ filename: 'Scan_20170804_093000.pdf', content: full.subarray(0, Math.floor(full.length * 0.45)), filing: { disposition: 'rejected', codes: ['ATTACHMENT_UNREADABLE'] } }] });
  add({ family: 'unreadable-encrypted', note: 'a password-protected PDF (qpdf, AES-256 with a user password) → ATTACHMENT_UNREADABLE (I-5)', client: 'outlook', from: 'legalmail@mwci.doc.example.org', subject: 'protected scan', text: 'Attached.', arrive: at(2017, 8, 4, 11, 0), docs: [{ filename: 'protected.pdf', content: encrypt(full), filing: { disposition: 'rejected', codes: ['ATTACHMENT_UNREADABLE'] } }] });
}

/** A real password-protected PDF, made by qpdf. */
function encrypt(pdf: Buffer): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'eval-qpdf-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    execFileSync('qpdf', ['--encrypt', 'inmate', 'facility', '256', '--', join(dir, 'in.pdf'), join(dir, 'out.pdf')]);
    return readFileSync(join(dir, 'out.pdf'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------ MIME as devices send it
{
  const mime: Array<[string, Client, keyof typeof CASES, string, string | undefined, Partial<{ contentType: string; filename: string; forwardedBy: string }>]> = [
    ['mime-octet-stream', 'ricoh', 'rivera', 'Message from "RNP0026737A8B2C"', '', { contentType: 'application/octet-stream', filename: '20170815094512.pdf' }],
    ['mime-octet-stream', 'konica', 'davis', 'SKM_C45817081510', undefined, { contentType: 'application/octet-stream', filename: 'SKM_C45817081510320.pdf' }],
    ['mime-no-extension', 'hp', 'garcia', 'Scan', '', { contentType: 'application/octet-stream', filename: 'SCAN0001' }],
    ['mime-apple-inline', 'apple', 'brown', 'Brown objection', 'Attached.\n\nSent from my iPad', {}],
    ['mime-gmail', 'gmail', 'jackson', 'Jackson motion', 'Please see attached.', {}],
    ['mime-thunderbird-rfc2231', 'thunderbird', 'wilson', 'Wilson – Antrag', 'Attached.', { filename: 'Wilson – Motion für Fristverlängerung.pdf' }],
    ['mime-forwarded-rfc822', 'xerox', 'smith', 'Scanned from a Xerox Multifunction Printer', '', { forwardedBy: 'Records Office <legalmail@mwci.doc.example.org>' }],
    ['mime-forwarded-rfc822', 'canon', 'taylor', 'Attached Image', '', { forwardedBy: 'Lt. Diaz <s.diaz@cheshire.doc.example.org>' }],
  ];
  mime.forEach(([family, client, c, subject, text, o], i) => {
    const s = at(2017, 8, 15 + i, 9 + (i % 6), 45 - i * 3);
    const fromDevice = o.forwardedBy ? 'scanner-3f@copyroom.example.net' : fac(c).sendAs;
    add({ family, note: `${client} mail${o.contentType ? ` labelling the PDF ${o.contentType}` : ''}${o.forwardedBy ? ', forwarded by facility staff as message/rfc822 (the PDF inside is the filing)' : ''}: docketed at the stamp (I-4, PITFALLS)`, client, from: fromDevice, subject, text, arrive: later(s, 70), forwardedBy: o.forwardedBy, facility: o.forwardedBy ? undefined : CASES[c]!.facility, docs: [{ ...doc({ case: c, stamp: stamp(s, { sizePt: 13 }), filename: o.filename ?? `${c}.pdf` }), contentType: o.contentType } as DocSpec & { contentType?: string }] });
  });
}

// ---------------------------------------------------------------------------- writing
async function main(): Promise<void> {
  await rawFiles();
  rmSync(ROOT, { recursive: true, force: true });
  mkdirSync(join(ROOT, 'mail'), { recursive: true });
  writeFileSync(join(ROOT, 'court.yaml'), courtYaml());
  const out: ManifestMessage[] = [];
  let total = 0;
  for (const m of messages) {
    const files: FileSpec[] = [];
    const filings: ExpectedFiling[] = [];
    for (const [i, d] of m.docs.entries()) {
      if (isRaw(d)) {
        files.push(d);
        if (d.filing) filings.push(d.filing);
        continue;
      }
      const bytes = d === dupBase && dupBytes ? dupBytes : d.seed === rescanBase.seed && d.filename === 'rivera-rescan.pdf' ? await buildDoc(d, d.seed + 1000) : await buildDoc(d);
      if (d === dupBase) dupBytes = bytes;
      files.push({ filename: d.filename, content: bytes, contentType: (d as DocSpec & { contentType?: string }).contentType });
      filings.push(expectFiling(d, m, i));
    }
    const raw = await buildMessage({ id: m.id, from: m.from!, to: CLERK, subject: m.subject, text: m.text, client: m.client, files, receivedAt: instant(m.arrive), forwardedBy: m.forwardedBy });
    writeFileSync(join(ROOT, 'mail', `${m.id}.eml`), raw);
    total += raw.length;
    const codes = [...new Set([...(m.messageCodes ?? []), ...filings.flatMap((f) => f.codes ?? [])])];
    const rank = ['docketed', 'rejected', 'exception'];
    const derived = filings.reduce((acc, f) => (rank.indexOf(f.disposition!) > rank.indexOf(acc) ? f.disposition! : acc), 'docketed');
    const expect: ManifestMessage['expect'] = { codes };
    if (m.disposition !== null) expect.disposition = m.disposition ?? derived;
    // P-1 rejects the whole message unread: its filings are not compared.
    if (!m.messageCodes?.includes('SENDER_NOT_FACILITY')) expect.filings = filings;
    // A resend (P-9) is only a duplicate of the message just before it, its original.
    const after = m.duplicateOf ? { after: [messages[messages.indexOf(m) - 1]!.id] } : {};
    out.push({ id: m.id, file: `mail/${m.id}.eml`, mailbox: 'clerk', receivedAt: iso(m.arrive), family: m.family, note: m.note, ...after, expect });
  }
  writeManifest(ROOT, { area: 'filings', seed: SEED, messages: out });
  process.stdout.write(`eval/filings: ${out.length} messages, ${(total / 1e6).toFixed(1)} MB\n`);
}

await main();
