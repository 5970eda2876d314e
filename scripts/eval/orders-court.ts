/**
 * The court of the proposed-orders corpus: three bankruptcy judges with a mailbox each,
 * the filers who send orders (and a limited User), and cases whose debtors are of every
 * kind captions carry: one person, joint debtors, companies (Inc., P.C., LLC, L.L.C.,
 * Corp., Co.), a/k/a and d/b/a names, middle initials, `&`.
 */
import type { Client } from './lib-mime.ts';
import type { Counsel } from './orders-content.ts';

export const JUDGES = [
  { initials: 'JAM', name: 'Julie A. Manning', mailbox: 'orders-jam', address: 'jamorders@ctb.example.org' },
  { initials: 'AMN', name: 'Ann M. Nevins', mailbox: 'orders-amn', address: 'amnorders@ctb.example.org' },
  { initials: 'JJT', name: 'James J. Tancredi', mailbox: 'orders-jjt', address: 'jjtorders@ctb.example.org' },
] as const;

export type JudgeInitials = (typeof JUDGES)[number]['initials'];

export interface Sender extends Counsel {
  address: string;
  client: Client;
  role: 'filer' | 'user' | 'none';
}

const counsel = (c: Omit<Sender, 'for'> & { for?: string }): Sender => ({ for: 'the Debtor', ...c });

export const SENDERS = {
  wu: counsel({ name: 'Jennifer Wu', juris: 'ct401122', firm: 'Wu & Associates, LLC', street: '100 Pearl Street, 14th Floor', city: 'Hartford, CT 06103', phone: '(860) 555-0142', email: 'jwu@wulawct.example.com', address: 'jwu@wulawct.example.com', client: 'outlook', role: 'filer' }),
  lee: counsel({ name: 'Ann Lee', juris: 'ct12345', firm: 'Lee Bankruptcy Law LLC', street: '55 Church Street', city: 'New Haven, CT 06510', phone: '(203) 555-0177', email: 'alee@lawfirm.example.com', address: 'alee@lawfirm.example.com', client: 'outlook', role: 'filer', for: 'Wells Fargo Bank, N.A.' }),
  kaplan: counsel({ name: 'Robert M. Kaplan', juris: 'ct298811', firm: 'Kaplan Barnes LLP', street: '1 Landmark Square, Suite 900', city: 'Stamford, CT 06901', phone: '(203) 555-0110', email: 'rkaplan@kaplanbarnes.example.com', address: 'rkaplan@kaplanbarnes.example.com', client: 'outlook', role: 'filer' }),
  santos: counsel({ name: 'Maria Santos', juris: 'ct305566', firm: 'Santos Legal Group', street: '350 Fairfield Avenue', city: 'Bridgeport, CT 06604', phone: '(203) 555-0199', email: 'msantos@santoslegal.example.com', address: 'msantos@santoslegal.example.com', client: 'thunderbird', role: 'filer' }),
  okafor: counsel({ name: 'David Okafor', juris: 'ct310042', firm: 'Okafor Law Office', street: '12 Main Street', city: 'Middletown, CT 06457', phone: '(860) 555-0123', email: 'okafor.lawoffice@gmail.example.com', address: 'okafor.lawoffice@gmail.example.com', client: 'gmail', role: 'filer' }),
  brodsky: counsel({ name: 'Ellen Brodsky', juris: 'ct287733', firm: 'Brodsky Law', street: '8 Wall Street', city: 'Madison, CT 06443', phone: '(203) 555-0188', email: 'ebrodsky@brodskylaw.example.com', address: 'ebrodsky@brodskylaw.example.com', client: 'apple', role: 'filer' }),
  trustee: counsel({ name: 'Karen Oduya', juris: 'ct277001', firm: 'Office of the Chapter 7 Trustee', street: '20 Trumbull Street', city: 'New Haven, CT 06511', phone: '(203) 555-0150', email: 'trustee@ch7trustee-ct.example.org', address: 'trustee@ch7trustee-ct.example.org', client: 'plain', role: 'filer', for: 'the Chapter 7 Trustee' }),
  user: counsel({ name: 'Patricia Quinn', juris: 'n/a', firm: 'Quinn Claims Services', street: '4 Elm Court', city: 'Albany, NY 12207', phone: '(518) 555-0101', email: 'pquinn@quinnclaims.example.com', address: 'pquinn@quinnclaims.example.com', client: 'gmail', role: 'user' }),
  paralegal: counsel({ name: 'Jennifer Wu', juris: 'ct401122', firm: 'Wu & Associates, LLC', street: '100 Pearl Street, 14th Floor', city: 'Hartford, CT 06103', phone: '(860) 555-0142', email: 'jwu@wulawct.example.com', address: 'paralegal@wulawct.example.com', client: 'outlook', role: 'none' }),
  personal: counsel({ name: 'Jennifer Wu', juris: 'ct401122', firm: 'Wu & Associates, LLC', street: '100 Pearl Street, 14th Floor', city: 'Hartford, CT 06103', phone: '(860) 555-0142', email: 'jwu@wulawct.example.com', address: 'jennifer.wu.1972@gmail.example.com', client: 'gmail', role: 'none' }),
} satisfies Record<string, Sender>;

export type SenderKey = keyof typeof SENDERS;

export interface DocketItem {
  number: number;
  filedAt: string;
  text: string;
  filer?: SenderKey;
  /** Documents on file, generated into eval/orders/docs/. */
  documents?: { description: string; file: string }[];
}

export interface CaseInfo {
  number: string;
  title: string;
  debtor: string;
  chapter: number;
  judge: JudgeInitials;
  /** The debtor block of the caption as counsel breaks it over lines. */
  captionDebtor: string[];
  label: string;
  division: string;
  docket: DocketItem[];
}

export const CASES = {
  daniel: {
    number: '13-30001', title: 'In re John Daniel', debtor: 'John Daniel', chapter: 13, judge: 'JAM', captionDebtor: ['JOHN DANIEL,'], label: 'Debtor.', division: 'HARTFORD DIVISION',
    docket: [
      { number: 42, filedAt: '2014-03-01T10:00:00-05:00', text: 'Motion for Relief from Stay re: 42 Elm Street, Enfield, filed by Wells Fargo Bank, N.A.', filer: 'lee', documents: [{ description: 'Main Document', file: 'docs/13-30001-42.pdf' }, { description: 'Proposed Order', file: 'docs/13-30001-42-1.pdf' }] },
      { number: 44, filedAt: '2014-03-02T16:00:00-05:00', text: 'Objection to Motion for Relief from Stay (ECF No. 42) filed by John Daniel.', filer: 'wu' },
      { number: 45, filedAt: '2014-03-03T09:30:00-05:00', text: 'Notice of Hearing on Motion for Relief from Stay (ECF No. 42). Hearing set for 3/18/2014 at 10:00 AM.' },
      { number: 48, filedAt: '2014-03-20T11:12:00-04:00', text: 'Motion to Modify Confirmed Chapter 13 Plan filed by John Daniel.', filer: 'wu' },
    ],
  },
  danielJoint: {
    number: '14-30112', title: 'In re John Daniel and Mary Daniel', debtor: 'John Daniel and Mary Daniel', chapter: 13, judge: 'JAM', captionDebtor: ['JOHN DANIEL and', 'MARY DANIEL,'], label: 'Debtors.', division: 'HARTFORD DIVISION',
    docket: [
      { number: 23, filedAt: '2014-04-01T14:20:00-04:00', text: 'Motion to Avoid Judicial Lien of Capital One Bank (USA), N.A. filed by John Daniel, Mary Daniel.', filer: 'wu', documents: [{ description: 'Main Document', file: 'docs/14-30112-23.pdf' }, { description: 'Proposed Order', file: 'docs/14-30112-23-1.pdf' }] },
      { number: 27, filedAt: '2014-04-15T10:05:00-04:00', text: 'Motion to Value Collateral filed by John Daniel, Mary Daniel.', filer: 'wu' },
    ],
  },
  eastshore: {
    number: '14-50233', title: 'In re Eastshore Diner, Inc.', debtor: 'Eastshore Diner, Inc.', chapter: 11, judge: 'AMN', captionDebtor: ['EASTSHORE DINER, INC.,'], label: 'Debtor.', division: 'BRIDGEPORT DIVISION',
    docket: [
      { number: 15, filedAt: '2014-05-02T09:00:00-04:00', text: 'Motion for Authority to Use Cash Collateral filed by Eastshore Diner, Inc.', filer: 'kaplan' },
      { number: 22, filedAt: '2014-05-09T15:30:00-04:00', text: 'Supplement to Motion to Use Cash Collateral (ECF No. 15) filed by Eastshore Diner, Inc.', filer: 'kaplan' },
      { number: 32, filedAt: '2014-05-20T09:35:00-04:00', text: 'Motion for Authority to Pay Pre-Petition Wages filed by Eastshore Diner, Inc.', filer: 'kaplan' },
      { number: 33, filedAt: '2014-05-20T09:40:00-04:00', text: 'Motion for Expedited Hearing on Motion to Pay Pre-Petition Wages (ECF No. 32) filed by Eastshore Diner, Inc.', filer: 'kaplan' },
    ],
  },
  lakeside: {
    number: '14-21004', title: 'In re Lakeside Dental Group, P.C.', debtor: 'Lakeside Dental Group, P.C.', chapter: 11, judge: 'JJT', captionDebtor: ['LAKESIDE DENTAL GROUP, P.C.,'], label: 'Debtor-in-Possession.', division: 'HARTFORD DIVISION',
    docket: [
      { number: 40, filedAt: '2014-06-02T13:00:00-04:00', text: 'Application to Employ Kaplan Barnes LLP as Counsel for the Debtor filed by Lakeside Dental Group, P.C.', filer: 'kaplan', documents: [{ description: 'Main Document', file: 'docs/14-21004-40.pdf' }, { description: 'Proposed Order', file: 'docs/14-21004-40-1.docx' }] },
      { number: 52, filedAt: '2014-06-10T16:10:00-04:00', text: 'Motion to Sell Dental Equipment Free and Clear of Liens filed by Lakeside Dental Group, P.C.', filer: 'kaplan' },
    ],
  },
  harbor: {
    number: '14-31567', title: 'In re Harbor View Properties, LLC', debtor: 'Harbor View Properties, LLC', chapter: 11, judge: 'JAM', captionDebtor: ['HARBOR VIEW PROPERTIES, LLC,'], label: 'Debtor.', division: 'NEW HAVEN DIVISION',
    docket: [
      { number: 18, filedAt: '2014-06-16T10:00:00-04:00', text: 'Motion to Extend Exclusive Periods filed by Harbor View Properties, LLC.', filer: 'wu' },
      { number: 61, filedAt: '2014-07-08T21:30:00-04:00', text: 'Ex Parte Motion to Shorten Time filed by Harbor View Properties, LLC.', filer: 'wu' },
    ],
  },
  nutmeg: {
    number: '14-20876', title: 'In re Nutmeg Landscaping L.L.C.', debtor: 'Nutmeg Landscaping L.L.C.', chapter: 7, judge: 'JJT', captionDebtor: ['NUTMEG LANDSCAPING L.L.C.,'], label: 'Debtor.', division: 'HARTFORD DIVISION',
    docket: [
      { number: 9, filedAt: '2014-07-01T10:00:00-04:00', text: 'Trustee’s Motion to Sell Vehicle filed by Karen Oduya, Chapter 7 Trustee.', filer: 'trustee' },
      { number: 14, filedAt: '2014-07-22T11:05:00-04:00', text: 'Ex Parte Motion for Rule 2004 Examination filed by Karen Oduya, Chapter 7 Trustee.', filer: 'trustee' },
    ],
  },
  oneill: {
    number: '14-51220', title: "In re Robert J. O'Neill", debtor: "Robert J. O'Neill", chapter: 7, judge: 'AMN', captionDebtor: ["ROBERT J. O'NEILL,", "a/k/a BOB O'NEILL,"], label: 'Debtor.', division: 'BRIDGEPORT DIVISION',
    docket: [{ number: 11, filedAt: '2014-09-02T12:00:00-04:00', text: "Motion for Relief from Stay re: 2011 Ford F-150 filed by Ally Financial Inc.", filer: 'kaplan' }],
  },
  santiago: {
    number: '14-30455', title: 'In re Maria Elena Santiago-Ruiz', debtor: 'Maria Elena Santiago-Ruiz', chapter: 13, judge: 'JAM', captionDebtor: ['MARIA ELENA SANTIAGO-RUIZ,'], label: 'Debtor.', division: 'NEW HAVEN DIVISION',
    docket: [
      { number: 12, filedAt: '2014-04-08T09:15:00-04:00', text: 'Ex Parte Motion to Extend Time to File Schedules filed by Maria Elena Santiago-Ruiz.', filer: 'santos' },
      { number: 20, filedAt: '2014-04-25T10:40:00-04:00', text: 'Motion to Value Collateral filed by Maria Elena Santiago-Ruiz.', filer: 'santos' },
    ],
  },
  kowalski: {
    number: '14-20311', title: 'In re Thomas Kowalski', debtor: 'Thomas Kowalski', chapter: 13, judge: 'JJT', captionDebtor: ['THOMAS KOWALSKI', 'd/b/a KOWALSKI PLUMBING,'], label: 'Debtor.', division: 'HARTFORD DIVISION',
    docket: [
      { number: 33, filedAt: '2014-10-01T09:20:00-04:00', text: 'Motion to Modify Confirmed Chapter 13 Plan filed by Thomas Kowalski.', filer: 'okafor' },
      { number: 36, filedAt: '2014-10-20T14:00:00-04:00', text: 'Motion for Relief from Stay filed by Citizens Bank, N.A.', filer: 'lee' },
    ],
  },
  smithSons: {
    number: '14-50987', title: 'In re Smith & Sons Roofing Corp.', debtor: 'Smith & Sons Roofing Corp.', chapter: 7, judge: 'AMN', captionDebtor: ['SMITH & SONS ROOFING CORP.,'], label: 'Debtor.', division: 'BRIDGEPORT DIVISION',
    docket: [{ number: 7, filedAt: '2014-11-03T10:00:00-05:00', text: 'Trustee’s Application to Employ Auctioneer filed by Karen Oduya, Chapter 7 Trustee.', filer: 'trustee' }],
  },
  precision: {
    number: '14-31002', title: 'In re Precision Tool Co.', debtor: 'Precision Tool Co.', chapter: 11, judge: 'JAM', captionDebtor: ['PRECISION TOOL CO.,'], label: 'Debtor.', division: 'NEW HAVEN DIVISION',
    docket: [
      { number: 25, filedAt: '2014-11-10T11:00:00-05:00', text: 'Motion to Reject Unexpired Lease of Non-Residential Real Property filed by Precision Tool Co.', filer: 'kaplan' },
      { number: 29, filedAt: '2014-11-24T14:00:00-05:00', text: 'Motion for Expedited Hearing on Motion to Reject Lease filed by Precision Tool Co.', filer: 'kaplan' },
      { number: 33, filedAt: '2014-12-03T09:00:00-05:00', text: 'Emergency Motion for Turnover of Property filed by Precision Tool Co.', filer: 'kaplan' },
    ],
  },
  chen: {
    number: '14-20555', title: 'In re Linda M. Chen', debtor: 'Linda M. Chen', chapter: 7, judge: 'JJT', captionDebtor: ['LINDA M. CHEN,'], label: 'Debtor.', division: 'HARTFORD DIVISION',
    docket: [{ number: 16, filedAt: '2014-12-01T09:45:00-05:00', text: 'Motion to Redeem Personal Property filed by Linda M. Chen.', filer: 'brodsky' }],
  },
  duffy: {
    number: '14-51100', title: 'In re Patrick Duffy and Susan Duffy', debtor: 'Patrick Duffy and Susan Duffy', chapter: 13, judge: 'AMN', captionDebtor: ['PATRICK DUFFY and', 'SUSAN DUFFY,'], label: 'Debtors.', division: 'BRIDGEPORT DIVISION',
    docket: [
      { number: 19, filedAt: '2014-12-05T09:00:00-05:00', text: 'Motion to Approve Loan Modification filed by Patrick Duffy, Susan Duffy.', filer: 'okafor' },
      { number: 24, filedAt: '2014-12-05T10:00:00-05:00', text: 'Motion for Expedited Hearing on Motion to Approve Loan Modification (ECF No. 19) filed by Patrick Duffy, Susan Duffy.', filer: 'okafor' },
    ],
  },
  alvarez: {
    number: '14-30789', title: 'In re Gregory T. Alvarez', debtor: 'Gregory T. Alvarez', chapter: 13, judge: 'JAM', captionDebtor: ['GREGORY T. ALVAREZ,'], label: 'Debtor.', division: 'NEW HAVEN DIVISION',
    docket: [
      { number: 30, filedAt: '2014-04-14T13:30:00-04:00', text: 'Motion to Incur Debt filed by Gregory T. Alvarez.', filer: 'santos' },
      { number: 35, filedAt: '2014-05-22T10:00:00-04:00', text: 'Ex Parte Application for Order Shortening Notice filed by Gregory T. Alvarez.', filer: 'santos' },
      { number: 38, filedAt: '2014-06-02T09:00:00-04:00', text: 'Motion to Extend Time to File Chapter 13 Plan filed by Gregory T. Alvarez.', filer: 'santos' },
    ],
  },
  ramirez: {
    number: '14-21560', title: 'In re José Ramírez', debtor: 'José Ramírez', chapter: 7, judge: 'JJT', captionDebtor: ['JOSÉ RAMÍREZ,'], label: 'Debtor.', division: 'HARTFORD DIVISION',
    docket: [{ number: 8, filedAt: '2014-08-04T10:00:00-04:00', text: 'Motion to Avoid Judicial Lien filed by José Ramírez.', filer: 'santos' }],
  },
  foster: {
    number: '14-51377', title: 'In re William H. Foster, Jr.', debtor: 'William H. Foster, Jr.', chapter: 13, judge: 'AMN', captionDebtor: ['WILLIAM H. FOSTER, JR.,'], label: 'Debtor.', division: 'BRIDGEPORT DIVISION',
    docket: [{ number: 21, filedAt: '2014-08-11T10:00:00-04:00', text: 'Motion to Modify Confirmed Chapter 13 Plan filed by William H. Foster, Jr.', filer: 'okafor' }],
  },
} satisfies Record<string, CaseInfo>;

export type CaseKey = keyof typeof CASES;

/** court.yaml of the corpus, in the CONTRACT.md format. */
export function courtYaml(): string {
  const q = (s: string) => JSON.stringify(s);
  const lines: string[] = [
    '# Court data of the proposed-orders evaluation corpus (CONTRACT.md format).',
    '# Made by scripts/eval/orders-make.ts; edit there, not here.',
    'court:',
    '  name: United States Bankruptcy Court, District of Connecticut',
    '  timezone: America/New_York',
    'mailboxes:',
    ...JUDGES.map((j) => `  - { id: ${j.mailbox}, kind: orders, judge: ${j.initials}, address: ${j.address} }`),
    'judges:',
    ...JUDGES.map((j) => `  - { initials: ${j.initials}, name: ${j.name} }`),
    'filers:',
    ...Object.values(SENDERS)
      .filter((s) => s.role !== 'none')
      .map((s) => `  - { name: ${q(s.name)}, email: ${s.address}, barNumber: ${s.juris}, role: ${s.role}${s.role === 'filer' ? `, firm: ${q(s.firm)}` : ''} }`),
    'cases:',
  ];
  for (const c of Object.values(CASES) as CaseInfo[]) {
    lines.push(`  - number: ${q(c.number)}`, '    court: bankruptcy', `    title: ${q(c.title)}`, `    debtor: ${q(c.debtor)}`, `    chapter: ${c.chapter}`, `    judge: ${c.judge}`, '    docket:');
    for (const d of c.docket) {
      lines.push(`      - number: ${d.number}`, `        filedAt: ${q(d.filedAt)}`, `        text: ${q(d.text)}`);
      if (d.filer) lines.push(`        filer: ${SENDERS[d.filer].address}`);
      if (d.documents) {
        lines.push('        documents:');
        for (const doc of d.documents) lines.push(`          - { description: ${q(doc.description)}, file: ${doc.file} }`);
      }
    }
  }
  return lines.join('\n') + '\n';
}
