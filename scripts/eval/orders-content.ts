/**
 * The parts real bankruptcy proposed orders are made of: the court heading, captions in
 * the five layouts attorneys use (a `)`, `:` or `§` column, a two-cell table, centred
 * lines), contested-matter parties, decretal paragraphs naming the motion in the ways
 * filers write a docket number, and the endings (counsel's "Prepared by" block, a
 * certificate of service, or the judge's signature and date lines a proposed order must
 * not carry, ECF Procedure 14(c)).
 */
import { p, type Block } from './orders-doc.ts';

export type CaptionStyle = 'paren' | 'colon' | 'section' | 'tabs' | 'table' | 'table-borders' | 'table-rows' | 'table-paren3' | 'centered';

export interface CaptionSpec {
  style: CaptionStyle;
  inRe?: string;
  /** The debtor block as broken over lines, e.g. ['JOHN DANIEL and', 'MARY DANIEL,']. */
  debtor: string[];
  label?: string;
  /** `Case No. 13-30001 (JAM)`; null leaves the case number out. */
  caseNo: string | null;
  /** `Chapter 13`; null leaves the chapter out. */
  chapter: string | null;
  contested?: { movant: string[]; respondent: string[] };
  /** A line of underscores under the debtor block. */
  underscore?: boolean;
  /** `RE: ECF No. 42` under the case number. */
  re?: string;
  division?: string;
  /** The chapter above the case number. */
  chapterFirst?: boolean;
  /** Each caption cell as one paragraph with line breaks (Shift+Enter), not one paragraph a line. */
  joinLines?: boolean;
}

export function courtHeading(division?: string): Block[] {
  return [p('**UNITED STATES BANKRUPTCY COURT**', 'center'), p('**DISTRICT OF CONNECTICUT**', 'center'), ...(division ? [p(`**${division}**`, 'center')] : []), p('')];
}

function columns(c: CaptionSpec): { left: string[]; right: string[] } {
  // In a column caption the label sits indented under the name.
  const indent = c.style === 'paren' || c.style === 'colon' || c.style === 'section' || c.style === 'tabs' ? '        ' : '';
  const left = [c.inRe ?? 'In re:', '', ...c.debtor, '', `${indent}${c.label ?? 'Debtor.'}`];
  if (c.underscore) left.push('______________________________');
  if (c.contested) left.push('', ...c.contested.movant, '        Movant,', '', 'v.', '', ...c.contested.respondent, '        Respondent.');
  if (c.contested && c.underscore) left.push('______________________________');
  const numbers = [...(c.caseNo ? [c.caseNo] : []), '', ...(c.chapter ? [c.chapter] : [])];
  const right = ['', '', ...(c.chapterFirst ? numbers.reverse() : numbers), ...(c.re ? ['', c.re] : [])];
  return { left, right };
}

export function caption(c: CaptionSpec): Block[] {
  const { left, right } = columns(c);
  if (c.style === 'table' || c.style === 'table-borders') {
    const cells = [left, right.filter((x, i) => x || i > 1)];
    return [{ kind: 'table', rows: [c.joinLines ? cells.map((cell) => [cell.join('\n')]) : cells], borders: c.style === 'table-borders' }, p('')];
  }
  if (c.style === 'table-rows' || c.style === 'table-paren3') {
    // One table row per caption line; the `)` column, when there is one, is a column of its own.
    const n = Math.max(left.length, right.length);
    const rows: string[][][] = [];
    for (let i = 0; i < n; i++) rows.push(c.style === 'table-paren3' ? [[left[i] ?? ''], [')'], [right[i] ?? '']] : [[left[i] ?? ''], [right[i] ?? '']]);
    return [{ kind: 'table', rows }, p('')];
  }
  if (c.style === 'centered') {
    const lines = [c.inRe ?? 'In re:', ...c.debtor, c.label ?? 'Debtor.'];
    if (c.contested) lines.push('', ...c.contested.movant, 'Movant,', 'v.', ...c.contested.respondent, 'Respondent.');
    return [...lines.map((l) => p(l, 'center')), p(''), ...(c.caseNo ? [p(c.caseNo, 'center')] : []), ...(c.chapter ? [p(c.chapter, 'center')] : []), ...(c.re ? [p(c.re, 'center')] : []), p('')];
  }
  const sep = c.style === 'paren' ? ')' : c.style === 'colon' ? ':' : c.style === 'section' ? '§' : '';
  const n = Math.max(left.length, right.length);
  const rows: Block[] = [];
  for (let i = 0; i < n; i++) rows.push(p(`${left[i] ?? ''}\t${sep}\t${right[i] ?? ''}`.replace(/\t\t$/, ''), 'left', { captionTabs: true }));
  return [...rows, p('')];
}

export type RefStyle = 'ecf' | 'doc' | 'hash' | 'entry' | 'dkt' | 'ecf-hash' | 'ecf-bare' | 'docket-no' | 'dkt-hash' | 'ecf-doc' | 'link' | 'none';

/** How the motion's docket number appears in the decretal text. */
export function refText(style: RefStyle, n: number): string {
  switch (style) {
    case 'ecf':
      return ` (ECF No. ${n})`;
    case 'doc':
      return ` (Doc. No. ${n})`;
    case 'hash':
      return ` (Doc. #${n})`;
    case 'entry':
      return `, Docket Entry No. ${n},`;
    case 'dkt':
      return ` [Dkt. No. ${n}]`;
    case 'ecf-hash':
      return ` (ECF #${n})`;
    case 'ecf-bare':
      return ` (ECF ${n})`;
    case 'docket-no':
      return ` (Docket No. ${n})`;
    case 'dkt-hash':
      return ` (Dkt. #${n})`;
    case 'ecf-doc':
      return ` (ECF Doc. No. ${n})`;
    case 'link':
      return ` ({{link:ECF No. ${n}|https://ecf.ctb.uscourts.gov/doc1/040${n}}})`;
    default:
      return '';
  }
}

export interface Matter {
  title: string;
  /** Paragraphs; `{REF}` is replaced by the motion reference, `{MOVANT}` by the movant. */
  paras: string[];
}

export const MATTERS: Record<string, Matter> = {
  relief: {
    title: 'ORDER GRANTING MOTION FOR RELIEF FROM THE AUTOMATIC STAY',
    paras: [
      'Upon the Motion for Relief from the Automatic Stay{REF} filed by {MOVANT} (the “Movant”) with respect to the real property known as {PROPERTY} (the “Property”), and after notice and a hearing, it is hereby',
      '**ORDERED**, that the automatic stay of 11 U.S.C. § 362(a) is modified to permit the Movant, its successors and assigns, to pursue its rights and remedies under applicable non-bankruptcy law with respect to the Property; and it is further',
      '**ORDERED**, that the fourteen-day stay of Fed. R. Bankr. P. 4001(a)(3) is waived.',
    ],
  },
  lien: {
    title: 'ORDER GRANTING MOTION TO AVOID JUDICIAL LIEN',
    paras: [
      'Upon the Debtors’ Motion to Avoid Judicial Lien{REF} pursuant to 11 U.S.C. § 522(f)(1)(A), the Court finds that the judicial lien of Capital One Bank (USA), N.A., recorded in Volume 2214 at Page 118 of the Enfield Land Records, impairs an exemption to which the Debtors would otherwise be entitled; accordingly, it is hereby',
      '**ORDERED**, that the Motion is GRANTED and the judicial lien is avoided in its entirety.',
    ],
  },
  cash: {
    title: 'ORDER AUTHORIZING USE OF CASH COLLATERAL',
    paras: [
      'Upon the Motion of the Debtor-in-Possession for Authority to Use Cash Collateral{REF}, and the Court having found that due notice was given and that the use of cash collateral is necessary to avoid immediate and irreparable harm, it is hereby',
      '**ORDERED**, that the Debtor is authorized to use cash collateral in accordance with the budget annexed hereto as Exhibit A through and including the date of the final hearing; and it is further',
      '**ORDERED**, that People’s United Bank is granted a replacement lien on post-petition receivables to the extent of any diminution in the value of its collateral.',
    ],
  },
  employ: {
    title: 'ORDER AUTHORIZING EMPLOYMENT OF COUNSEL FOR THE DEBTOR',
    paras: [
      'Upon the Application of the Debtor for an Order Authorizing the Employment of Kaplan Barnes LLP as Counsel{REF}, and the Court being satisfied that the firm represents no interest adverse to the estate and is disinterested within the meaning of 11 U.S.C. § 101(14), it is hereby',
      '**ORDERED**, that the Application is GRANTED and the Debtor is authorized to employ Kaplan Barnes LLP as its counsel effective as of the petition date, with compensation subject to application under 11 U.S.C. §§ 330 and 331.',
    ],
  },
  extend: {
    title: 'ORDER EXTENDING TIME TO FILE SCHEDULES AND STATEMENT OF FINANCIAL AFFAIRS',
    paras: [
      'Upon the Ex Parte Motion of the Debtor to Extend the Time to File Schedules and Statement of Financial Affairs{REF}, and for cause shown, it is hereby',
      '**ORDERED**, that the time within which the Debtor shall file her schedules, statement of financial affairs and related documents is extended to and including April 22, 2014.',
    ],
  },
  sell: {
    title: 'ORDER AUTHORIZING SALE OF EQUIPMENT FREE AND CLEAR OF LIENS',
    paras: [
      'Upon the Motion to Sell Dental Equipment Free and Clear of Liens, Claims and Encumbrances{REF}, and after due notice and a hearing, the Court finds that the sale is in the best interest of the estate; it is hereby',
      '**ORDERED**, that the Debtor is authorized to sell the equipment listed on Schedule 1 to Shoreline Orthodontics, LLC for $48,500.00, free and clear of all liens, with liens attaching to the proceeds in the order of their priority.',
    ],
  },
  exam: {
    title: 'ORDER AUTHORIZING EXAMINATION PURSUANT TO FED. R. BANKR. P. 2004',
    paras: [
      'Upon the Ex Parte Motion of the Chapter 7 Trustee for an Order Authorizing the Examination of the Debtor’s Principal{REF}, it is hereby',
      '**ORDERED**, that the Debtor’s principal shall appear for examination under oath at the offices of the Trustee at 10:00 a.m. on a date within thirty days of the entry of this order, and shall produce the documents described in Schedule A.',
    ],
  },
  modify: {
    title: 'ORDER APPROVING POST-CONFIRMATION MODIFICATION OF CHAPTER 13 PLAN',
    paras: [
      'Upon the Debtor’s Motion to Modify Confirmed Chapter 13 Plan{REF}, no objection having been filed, it is hereby',
      '**ORDERED**, that the modified plan is APPROVED, and the Debtor shall pay the Chapter 13 Trustee $425.00 per month for the remaining thirty-eight months of the plan.',
    ],
  },
  value: {
    title: 'ORDER DETERMINING VALUE OF COLLATERAL',
    paras: [
      'Upon the Debtor’s Motion to Value Collateral pursuant to 11 U.S.C. § 506(a){REF} concerning a 2009 Honda Accord, and after notice and a hearing, it is hereby',
      '**ORDERED**, that the value of the vehicle is determined to be $6,200.00, and the claim of Santander Consumer USA Inc. is allowed as a secured claim in that amount, with the balance allowed as a general unsecured claim.',
    ],
  },
  lease: {
    title: 'ORDER AUTHORIZING REJECTION OF NON-RESIDENTIAL REAL PROPERTY LEASE',
    paras: [
      'Upon the Motion of the Debtor to Reject an Unexpired Lease of Non-Residential Real Property{REF} pursuant to 11 U.S.C. § 365(a), it is hereby',
      '**ORDERED**, that the lease of the premises at 77 Industrial Park Road, Waterbury, Connecticut is rejected effective as of the date of this order.',
    ],
  },
  expedite: {
    title: 'ORDER GRANTING MOTION FOR EXPEDITED HEARING',
    paras: [
      'Upon the Motion for Expedited Hearing{REF}, the Court finding that cause exists to shorten the notice period under Fed. R. Bankr. P. 9006(c), it is hereby',
      '**ORDERED**, that a hearing on the underlying motion shall be held on shortened notice, and the Debtor shall serve this order and the underlying motion by overnight delivery and electronic mail on the parties entitled to notice.',
    ],
  },
  wages: {
    title: 'ORDER AUTHORIZING PAYMENT OF PRE-PETITION WAGES',
    paras: [
      'Upon the Motion of the Debtor for Authority to Pay Pre-Petition Wages and Related Taxes{REF}, the Court finding that the payments are necessary to preserve the value of the estate, it is hereby',
      '**ORDERED**, that the Debtor is authorized to pay pre-petition wages to its employees in an amount not exceeding $12,850.00 per employee as provided in 11 U.S.C. § 507(a)(4).',
    ],
  },
  loanmod: {
    title: 'ORDER APPROVING LOAN MODIFICATION',
    paras: [
      'Upon the Debtors’ Motion to Approve Loan Modification with Nationstar Mortgage LLC{REF}, and after due notice, it is hereby',
      '**ORDERED**, that the loan modification agreement annexed to the Motion is APPROVED, and the Debtors are authorized to execute it.',
    ],
  },
  redeem: {
    title: 'ORDER GRANTING MOTION TO REDEEM PERSONAL PROPERTY',
    paras: ['Upon the Debtor’s Motion to Redeem Personal Property pursuant to 11 U.S.C. § 722{REF}, it is hereby', '**ORDERED**, that the Debtor may redeem the 2010 Toyota Corolla by paying Ally Financial the sum of $5,400.00 within thirty days.'],
  },
  incur: {
    title: 'ORDER AUTHORIZING DEBTOR TO INCUR DEBT',
    paras: ['Upon the Debtor’s Motion to Incur Debt{REF} for the purchase of a replacement vehicle, the Chapter 13 Trustee having no objection, it is hereby', '**ORDERED**, that the Debtor may incur secured debt not exceeding $14,000.00 at an interest rate not exceeding 6.9% per annum.'],
  },
  exclusivity: {
    title: 'ORDER EXTENDING EXCLUSIVE PERIODS',
    paras: ['Upon the Debtor’s Motion to Extend the Exclusive Periods{REF} under 11 U.S.C. § 1121(d), it is hereby', '**ORDERED**, that the exclusive period to file a plan is extended through October 14, 2014, and the exclusive period to solicit acceptances through December 15, 2014.'],
  },
  shorten: {
    title: 'ORDER SHORTENING TIME',
    paras: ['Upon the Ex Parte Motion to Shorten Time{REF}, and for cause shown, it is hereby', '**ORDERED**, that the hearing on the Debtor’s Motion to Approve Bidding Procedures shall be held on shortened notice, with objections due one business day before the hearing.'],
  },
  auctioneer: {
    title: 'ORDER AUTHORIZING EMPLOYMENT OF AUCTIONEER',
    paras: ['Upon the Chapter 7 Trustee’s Application to Employ Auctioneer{REF}, it is hereby', '**ORDERED**, that the Trustee is authorized to employ Nutmeg Auction Services, Inc. as auctioneer, compensated at ten percent of gross sale proceeds subject to Court approval.'],
  },
  vehicle: {
    title: 'ORDER AUTHORIZING TRUSTEE TO SELL VEHICLE',
    paras: ['Upon the Chapter 7 Trustee’s Motion to Sell a 2012 Ford F-250 Pickup Truck{REF}, no objection having been filed, it is hereby', '**ORDERED**, that the Trustee may sell the vehicle to Coastal Landscape Supply for $21,000.00.'],
  },
};

export function decree(kind: string, ref: string, vars: Record<string, string> = {}): Block[] {
  const m = MATTERS[kind];
  if (!m) throw new Error(`no matter ${kind}`);
  const fill = (s: string) => s.replace('{REF}', ref).replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? (k === 'MOVANT' ? 'Wells Fargo Bank, N.A.' : k === 'PROPERTY' ? '42 Elm Street, Enfield, Connecticut' : `{${k}}`));
  return [p(`**${vars.TITLE ?? m.title}**`, 'center'), p(''), ...m.paras.map((x) => p(fill(x), 'justify'))];
}

export interface Counsel {
  name: string;
  juris: string;
  firm: string;
  street: string;
  city: string;
  phone: string;
  email: string;
  for: string;
}

export function counselBlock(c: Counsel, heading: 'Prepared by:' | 'Submitted by:' | 'THE MOVANT,'): Block[] {
  return [
    p(''),
    p(heading, 'left', { indent: true }),
    ...(heading === 'THE MOVANT,' ? [p(c.for.toUpperCase(), 'left', { indent: true }), p('By: /s/ ' + c.name, 'left', { indent: true })] : [p(`/s/ ${c.name}`, 'left', { indent: true })]),
    p(`${c.name}, Esq. (${c.juris})`, 'left', { indent: true }),
    p(c.firm, 'left', { indent: true }),
    p(c.street, 'left', { indent: true }),
    p(c.city, 'left', { indent: true }),
    p(`Tel.: ${c.phone}`, 'left', { indent: true }),
    p(c.email, 'left', { indent: true }),
    p(`Counsel for ${c.for}`, 'left', { indent: true }),
  ];
}

export function certificateOfService(c: Counsel, servedOn: string[], dated: string, opts: { heading?: string } = {}): Block[] {
  // An empty heading: the certification as a closing paragraph of the order, no page of its own.
  const head: Block[] = opts.heading === '' ? [p('')] : [{ kind: 'pagebreak' }, p(`**${opts.heading ?? 'CERTIFICATE OF SERVICE'}**`, 'center'), p('')];
  return [
    ...head,
    p(`I hereby certify that on ${dated}, a copy of the foregoing proposed order was served electronically through the Court’s CM/ECF system on all parties registered to receive electronic notice, and by first-class United States mail, postage prepaid, on the following:`, 'justify'),
    ...servedOn.map((s) => p(s, 'left', { indent: true })),
    p(''),
    p(`Dated: ${dated}`, 'left'),
    p(`/s/ ${c.name}`, 'left', { indent: true }),
    p(c.name, 'left', { indent: true }),
    p(c.firm, 'left', { indent: true }),
  ];
}

/** Endings a proposed order must not carry (ECF Procedure 14(c)), by name. */
export const JUDGE_ENDINGS: Record<string, (judge: string) => Block[]> = {
  'sig-title': () => [p(''), p('______________________________', 'left', { indent: true }), p('United States Bankruptcy Judge', 'left', { indent: true })],
  'by-the-court': () => [p(''), p('BY THE COURT:', 'left', { indent: true }), p(''), p('______________________________', 'left', { indent: true })],
  'hon-typed': (j) => [p(''), p(`Hon. ${j}`, 'left', { indent: true })],
  'sig-name-title': (j) => [p(''), p('______________________________', 'left', { indent: true }), p(`${j}, United States Bankruptcy Judge`, 'left', { indent: true })],
  'sig-name-lines': (j) => [p(''), p('__________________________________', 'left', { indent: true }), p(j, 'left', { indent: true }), p('United States Bankruptcy Judge', 'left', { indent: true })],
  'usbj-typed': (j) => [p(''), p(`${j}, U.S.B.J.`, 'left', { indent: true })],
  'chief-judge': (j) => [p(''), p(`Chief Judge ${j.split(' ').pop()}`, 'left', { indent: true })],
  'date-blank': () => [p(''), p('Dated: ____________________', 'left')],
  'entered-blank': () => [p(''), p('Entered: ______________', 'left', { indent: true })],
  'so-ordered-dated': () => [p(''), p('SO ORDERED this 3rd day of June, 2014, at Hartford, Connecticut.', 'left')],
  'so-ordered': () => [p(''), p('**SO ORDERED.**', 'left')],
  'leader-title': () => [p(''), p('\t', 'left', { indent: true, ruleLeader: true }), p('United States Bankruptcy Judge', 'left', { indent: true })],
  'border-title': () => [p(''), p(''), p('United States Bankruptcy Judge', 'left', { indent: true, borderTop: true })],
  'upper-name': (j) => [p(''), p('______________________________', 'left', { indent: true }), p(j.toUpperCase(), 'left', { indent: true }), p('UNITED STATES BANKRUPTCY JUDGE', 'left', { indent: true })],
  'honorable-typed': (j) => [p(''), p(`Honorable ${j}`, 'left', { indent: true })],
  'tracked-deleted': () => [p(''), p('[-BY THE COURT:-]', 'left', { indent: true }), p('[-______________________________-]', 'left', { indent: true }), p('[-Dated: ____________-]', 'left')],
  'tracked-inserted-date': () => [p(''), p('[+Dated: ____________+]', 'left')],
  'date-day-of': () => [p(''), p('Dated at Hartford, Connecticut, this _____ day of _______________, 2014.', 'left')],
  'full-block': (j) => [
    p(''),
    p('Dated at Hartford, Connecticut, this _____ day of April, 2014.', 'left'),
    p(''),
    p('BY THE COURT', 'left', { indent: true }),
    p(''),
    p('______________________________', 'left', { indent: true }),
    p(j, 'left', { indent: true }),
    p('United States Bankruptcy Judge', 'left', { indent: true }),
  ],
};
