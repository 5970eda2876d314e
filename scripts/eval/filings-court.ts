/**
 * The court data of the prisoner-filings corpus: facilities in the Prisoner Electronic
 * Filing Program (senders by address and by domain), judges, and the district's prisoner
 * cases (civil rights under 42 U.S.C. § 1983 and habeas) with their parties, registered
 * by email or served by mail.
 */

export interface Facility {
  code: string;
  name: string;
  /** As printed on the facility's stamp. */
  stampName: string;
  senders: string[];
  /** An address that sends from the facility (a domain sender gets a staff address). */
  sendAs: string;
  nefAddress: string;
  address: string;
}

export const FACILITIES: Record<string, Facility> = {
  MWCI: { code: 'MWCI', name: 'MacDougall-Walker Correctional Institution', stampName: 'MACDOUGALL-WALKER C.I.', senders: ['scanner@mwci.doc.example.org', 'legalmail@mwci.doc.example.org'], sendAs: 'scanner@mwci.doc.example.org', nefAddress: 'nef@mwci.doc.example.org', address: 'MWCI, 1153 East St S, Suffield CT 06080' },
  CCI: { code: 'CCI', name: 'Cheshire Correctional Institution', stampName: 'CHESHIRE C.I.', senders: ['@cheshire.doc.example.org'], sendAs: 'records.office@cheshire.doc.example.org', nefAddress: 'nef@cheshire.doc.example.org', address: 'Cheshire CI, 900 Highland Ave, Cheshire CT 06410' },
  OCI: { code: 'OCI', name: 'Osborn Correctional Institution', stampName: 'OSBORN C.I.', senders: ['@osborn.doc.example.org'], sendAs: 'xerox-wc7855@osborn.doc.example.org', nefAddress: 'efile@osborn.doc.example.org', address: 'Osborn CI, 335 Bilton Rd, Somers CT 06071' },
  YCI: { code: 'YCI', name: 'York Correctional Institution', stampName: 'YORK C.I.', senders: ['efile@york.doc.example.org'], sendAs: 'efile@york.doc.example.org', nefAddress: 'efile@york.doc.example.org', address: 'York CI, 201 W Main St, Niantic CT 06357' },
  GCI: { code: 'GCI', name: 'Garner Correctional Institution', stampName: 'GARNER C.I.', senders: ['@garner.doc.example.org'], sendAs: 'scan2email@garner.doc.example.org', nefAddress: 'nef@garner.doc.example.org', address: 'Garner CI, 50 Nunnawauk Rd, Newtown CT 06470' },
};

export interface CaseInfo {
  number: string;
  title: string;
  nature: 'civil-rights' | 'habeas';
  judge: string;
  prisoner: string;
  inmateNumber: string;
  facility: string;
  defendant: string;
  defendantEmail?: string;
  /** An unregistered defendant served by mail. */
  otherDefendant?: { name: string; address: string };
  openedAt: string;
}

export const CASES: Record<string, CaseInfo> = {
  smith: { number: '3:16-cv-01234', title: 'Smith v. Semple', nature: 'civil-rights', judge: 'JCH', prisoner: 'John Smith', inmateNumber: '123456', facility: 'MWCI', defendant: 'Scott Semple', defendantEmail: 'aag.semple@ct.example.gov', otherDefendant: { name: 'Lt. Roberts', address: '24 Wolcott Hill Rd, Wethersfield CT 06109' }, openedAt: '2016-05-20T09:00:00-04:00' },
  rivera: { number: '3:16-cv-00112', title: 'Rivera v. Erfe', nature: 'civil-rights', judge: 'VLB', prisoner: 'Carlos Rivera', inmateNumber: '298812', facility: 'CCI', defendant: 'Warden Erfe', defendantEmail: 'aag.erfe@ct.example.gov', openedAt: '2016-01-25T10:00:00-05:00' },
  jones: { number: '3:16-cv-01305', title: 'Jones v. Commissioner of Correction', nature: 'habeas', judge: 'MPS', prisoner: 'Robert Jones', inmateNumber: '223344', facility: 'MWCI', defendant: 'Commissioner of Correction', defendantEmail: 'habeas.unit@ct.example.gov', openedAt: '2016-07-06T09:00:00-04:00' },
  brown: { number: '3:16-cv-01020', title: 'Brown v. Naqvi', nature: 'civil-rights', judge: 'JCH', prisoner: 'Michael Brown', inmateNumber: '310077', facility: 'OCI', defendant: 'Dr. Naqvi', defendantEmail: 'medical.defense@ct.example.gov', otherDefendant: { name: 'Nurse Kelly', address: '1 Main St, Somers CT 06071' }, openedAt: '2016-06-14T09:00:00-04:00' },
  wilson: { number: '3:16-cv-00945', title: 'Wilson v. Watson', nature: 'civil-rights', judge: 'VLB', prisoner: 'Maria Wilson', inmateNumber: '401122', facility: 'YCI', defendant: 'Captain Watson', defendantEmail: 'aag.watson@ct.example.gov', openedAt: '2016-06-08T09:00:00-04:00' },
  taylor: { number: '3:16-cv-01877', title: 'Taylor v. Warden', nature: 'habeas', judge: 'SRU', prisoner: 'James Taylor', inmateNumber: '255019', facility: 'CCI', defendant: 'Warden, Cheshire Correctional Institution', defendantEmail: 'habeas.unit@ct.example.gov', openedAt: '2016-11-14T09:00:00-05:00' },
  moore: { number: '3:17-cv-00221', title: 'Moore v. Roberts', nature: 'civil-rights', judge: 'MPS', prisoner: 'Anthony Moore', inmateNumber: '367450', facility: 'MWCI', defendant: 'Lt. Roberts', defendantEmail: 'aag.roberts@ct.example.gov', openedAt: '2017-02-09T09:00:00-05:00' },
  jackson: { number: '3:17-cv-00058', title: 'Jackson v. Kelly', nature: 'civil-rights', judge: 'AWT', prisoner: 'Kevin Jackson', inmateNumber: '389901', facility: 'GCI', defendant: 'Nurse Kelly', otherDefendant: { name: 'Nurse Kelly', address: '50 Nunnawauk Rd, Newtown CT 06470' }, openedAt: '2017-01-12T09:00:00-05:00' },
  garcia: { number: '3:16-cv-00731', title: 'Garcia v. Commissioner', nature: 'habeas', judge: 'AWT', prisoner: 'Luis Garcia', inmateNumber: '277310', facility: 'OCI', defendant: 'Commissioner of Correction', defendantEmail: 'habeas.unit@ct.example.gov', openedAt: '2016-05-03T09:00:00-04:00' },
  davis: { number: '3:16-cv-02011', title: 'Davis v. Faneuff', nature: 'civil-rights', judge: 'SRU', prisoner: 'Tyrone Davis', inmateNumber: '342288', facility: 'GCI', defendant: 'Warden Faneuff', defendantEmail: 'aag.faneuff@ct.example.gov', openedAt: '2016-12-05T09:00:00-05:00' },
};

export const JUDGES: Record<string, string> = {
  JCH: 'Janet C. Hall',
  VLB: 'Vanessa L. Bryant',
  MPS: 'Michael P. Shea',
  SRU: 'Stefan R. Underhill',
  AWT: 'Alvin W. Thompson',
};

const q = (s: string) => JSON.stringify(s);

/** The court data file (CONTRACT.md format) for the clerk mailbox. */
export function courtYaml(): string {
  const out: string[] = [
    '# Court data of the prisoner-filings evaluation corpus (generated by scripts/eval/filings.ts).',
    'court:',
    '  name: United States District Court, District of Connecticut',
    '  timezone: America/New_York',
    'mailboxes:',
    '  - { id: clerk, kind: clerk, address: prisoner-filings@ctd.example.org }',
    'judges:',
    ...Object.entries(JUDGES).map(([i, n]) => `  - { initials: ${i}, name: ${q(n)} }`),
    'facilities:',
  ];
  for (const f of Object.values(FACILITIES)) {
    out.push(`  - code: ${f.code}`, `    name: ${q(f.name)}`, `    senders: [${f.senders.map(q).join(', ')}]`, `    nefAddress: ${f.nefAddress}`, '    authenticated: false');
  }
  out.push('cases:');
  for (const c of Object.values(CASES)) {
    const role = c.nature === 'habeas' ? ['petitioner', 'respondent'] : ['plaintiff', 'defendant'];
    out.push(
      `  - number: ${q(c.number)}`,
      '    court: district',
      `    title: ${q(c.title)}`,
      `    nature: ${c.nature}`,
      `    judge: ${c.judge}`,
      `    prisoner: { name: ${q(c.prisoner)}, inmateNumber: ${q(c.inmateNumber)}, facility: ${c.facility} }`,
      '    parties:',
      `      - { name: ${q(c.prisoner)}, role: ${role[0]}, address: ${q(FACILITIES[c.facility]!.address)} }`,
    );
    if (c.defendantEmail) out.push(`      - { name: ${q(c.defendant)}, role: ${role[1]}, email: ${c.defendantEmail} }`);
    if (c.otherDefendant) out.push(`      - { name: ${q(c.otherDefendant.name)}, role: ${role[1]}, address: ${q(c.otherDefendant.address)} }`);
    const what = c.nature === 'habeas' ? `PETITION for Writ of Habeas Corpus filed by ${c.prisoner}.` : `COMPLAINT against ${c.defendant}, filed by ${c.prisoner}.`;
    out.push('    docket:', `      - { number: 1, filedAt: ${q(c.openedAt)}, text: ${q(what)} }`);
  }
  return out.join('\n') + '\n';
}
