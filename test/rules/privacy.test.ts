import { describe, expect, it } from 'vitest';
import { scanPrivacy, type PrivacyHit } from '../../src/rules/privacy.ts';

type Case = [name: string, text: string, expected: Omit<PrivacyHit, 'page'>[]];

const findings: Case[] = [
  // Social Security numbers
  ['a full SSN 123-45-6789', 'Plaintiff John Smith, SSN 123-45-6789, states', [{ kind: 'ssn', excerpt: '***-**-6789' }]],
  ['an SSN with spaces 123 45 6789', 'my number is 123 45 6789 as shown', [{ kind: 'ssn', excerpt: '***-**-6789' }]],
  ['nine digits after "SSN:"', 'SSN: 123456789', [{ kind: 'ssn', excerpt: '***-**-6789' }]],
  ['nine digits after "Social Security No."', 'Social Security No. 234567890 on file', [{ kind: 'ssn', excerpt: '***-**-7890' }]],
  ['an SSN with en dashes', 'S.S.N. 123–45–6789', [{ kind: 'ssn', excerpt: '***-**-6789' }]],
  ['"SSN:" with dashes', 'SSN: 123-45-6789', [{ kind: 'ssn', excerpt: '***-**-6789' }]],
  ['"Social Security No." with spaces', 'Social Security No. 123 45 6789', [{ kind: 'ssn', excerpt: '***-**-6789' }]],
  ['OCR spaces around the dashes after a cue', 'SSN: 123 - 45 - 6789', [{ kind: 'ssn', excerpt: '***-**-6789' }]],
  ['OCR l for 1 after a cue', 'SSN: l23-45-6789', [{ kind: 'ssn', excerpt: '***-**-6789' }]],
  ['the number on the line after "social security number"', 'my social security number\n123456789', [{ kind: 'ssn', excerpt: '***-**-6789' }]],
  // dates of birth
  ['DOB with a numeric date', 'Name: John Smith  DOB: 03/15/1980', [{ kind: 'birth-date', excerpt: 'DOB **/**/1980' }]],
  ['D.O.B. with a two-digit year', 'D.O.B. 3-15-80', [{ kind: 'birth-date', excerpt: 'D.O.B. **/**/80' }]],
  ['"date of birth" with a spelled-out date', 'his date of birth is March 15, 1980.', [{ kind: 'birth-date', excerpt: 'date of birth **/**/1980' }]],
  ['"born on" with day-month-year', 'I was born on 15 March 1980 in Hartford.', [{ kind: 'birth-date', excerpt: 'born on **/**/1980' }]],
  ['"Birthdate" with an ISO date', 'Birthdate: 1980-03-15', [{ kind: 'birth-date', excerpt: 'Birthdate **/**/1980' }]],
  ['"Date of Birth:" with a numeric date', 'Date of Birth: 03/14/1985', [{ kind: 'birth-date', excerpt: 'Date of Birth **/**/1985' }]],
  ['"D.O.B.:" with a spelled-out date', 'D.O.B.: March 14, 1985', [{ kind: 'birth-date', excerpt: 'D.O.B. **/**/1985' }]],
  ['"birthdate" with day month year', 'birthdate 14 March 1985', [{ kind: 'birth-date', excerpt: 'birthdate **/**/1985' }]],
  ['the date on the line after the label', 'DATE OF BIRTH:\n03/14/1985', [{ kind: 'birth-date', excerpt: 'DATE OF BIRTH **/**/1985' }]],
  ['a format hint between label and date', 'Date of Birth (mm/dd/yyyy): 03/14/1985', [{ kind: 'birth-date', excerpt: 'Date of Birth **/**/1985' }]],
  ['OCR spacing in label and date', 'D O B : 03 / 14 / 1985', [{ kind: 'birth-date', excerpt: 'D O B **/**/1985' }]],
  ['OCR letters for digits', 'DOB: O3/l4/1985', [{ kind: 'birth-date', excerpt: 'DOB **/**/1985' }]],
  ['a prison record date 14-MAR-1985', 'DOB: 14-MAR-1985', [{ kind: 'birth-date', excerpt: 'DOB **/**/1985' }]],
  ['eight digits run together after the label', 'DOB:03141985', [{ kind: 'birth-date', excerpt: 'DOB **/**/1985' }]],
  ['"the 14th day of March, 1985"', 'I was born on the 14th day of March, 1985.', [{ kind: 'birth-date', excerpt: 'born on **/**/1985' }]],
  ['a form row of labels over a row of values', 'Name Date of Birth Inmate No.\nJohn Smith 03/14/1985 412345', [{ kind: 'birth-date', excerpt: 'Date of Birth **/**/1985' }]],
  ['the label after the date', 'John Smith, 03/14/1985 (DOB)', [{ kind: 'birth-date', excerpt: 'DOB **/**/1985' }]],
  // financial account numbers
  ['an account number after "Account No."', 'Bank of America Account No. 123456789012', [{ kind: 'account-number', excerpt: 'Account No. ****9012' }]],
  ['an account number after "acct #"', 'checking acct # 0012-3456-78', [{ kind: 'account-number', excerpt: 'acct # ****5678' }]],
  ['a card number passing Luhn', 'paid with card 4111 1111 1111 1111 exp 12/25', [{ kind: 'account-number', excerpt: '****1111' }]],
  ['a run-together card number', 'Visa 4012888888881881.', [{ kind: 'account-number', excerpt: '****1881' }]],
  ['a partly masked account with six digits showing', 'Account Number: XXXX123456', [{ kind: 'account-number', excerpt: 'Account Number ****3456' }]],
  // names of minor children
  ['"my son" followed by a full name', 'my son John Smith Jr visits me', [{ kind: 'minor-name', excerpt: 'my son J.S.' }]],
  ['"minor child" followed by a full name', 'custody of the minor child, Jane Marie Doe, was', [{ kind: 'minor-name', excerpt: 'minor child J.M.D.' }]],
  ['a name followed by "(a minor)"', 'on behalf of Emily Jones (a minor)', [{ kind: 'minor-name', excerpt: 'E.J., a minor' }]],
  ['a name followed by "age 6"', 'Tommy Lee Smith, age 6, lives with', [{ kind: 'minor-name', excerpt: 'T.L.S., age 6' }]],
  ['"my daughter" followed by a full name', 'My daughter: Sarah O’Neil', [{ kind: 'minor-name', excerpt: 'My daughter S.O.' }]],
];

const notFindings: [name: string, text: string][] = [
  ['xxx-xx-6789', 'SSN xxx-xx-6789'],
  ['XXX-XX-6789', 'Social Security No. XXX-XX-6789'],
  ['***-**-6789', 'SSN: ***-**-6789'],
  ['an SSN with area 000', '000-12-3456'],
  ['an SSN with area 666', '666-12-3456'],
  ['an SSN with area 9xx', '912-34-5678'],
  ['an SSN with group 00', '123-00-4567'],
  ['an SSN with serial 0000', '123-45-0000'],
  ['a phone number', 'Call 860-240-3200 or (203) 773-2140 or 860 240 3200.'],
  ['an inmate number', 'John Smith, Inmate #123456, Inmate No. 412345, inmate trust account no. 412345'],
  ['a case number', 'Smith v. Semple, No. 3:16-cv-01234 (JCH); In re Daniel, 13-30001'],
  ['a docket number', 'See ECF No. 42 and Doc. #17-3.'],
  ['a ZIP+4 code', 'MWCI, 1153 East St S, Suffield CT 06080-1234'],
  ['dates that are not birth dates', 'Filed 06/22/2016; hearing March 15, 2014; received 2016-06-22.'],
  ['a year of birth alone', 'DOB: 1980. Born in 1980.'],
  ['"born in 1985" beside a later date', 'I was born in 1985. On June 1, 2016 I was transferred.'],
  ['a signing date after a year-only DOB', 'DOB: 1985 Dated: June 1, 2016'],
  ['a birth date masked but for the year', 'Date of Birth: XX/XX/1985; DOB **/**/1985'],
  ['a blank birth-date line beside the signing date', 'Date of Birth: ________ Dated: 06/22/2016'],
  ['a signing date and a hearing date', 'dated June 1, 2016; the hearing on March 14, 2016'],
  ['a stamp date', 'RECEIVED JUN 22 2016 10:32 AM MWCI'],
  ['SSN masked with asterisks', 'SSN: ***-**-6789, Social Security No. xxx-xx-6789'],
  ['a birth month and year without the day', 'date of birth: 03/1980'],
  ['an account masked to the last four', 'Account No. ****1234, acct # XXXX-XXXX-1234, account ending in 1234'],
  ['a long number failing Luhn', 'Reference 4111 1111 1111 1112'],
  ['a statute cite', '28 U.S.C. § 2254 and 42 U.S.C. 1983'],
  ['initials of a minor', 'my son J.S., age 6, and the minor child A.B. (a minor)'],
  ['an adult with an age', 'John Smith, age 45, was transferred'],
  ['"minor" in ordinary prose', 'a minor infraction; the Minor Offense Report; minor injuries to Officer Brown'],
  ['a single first name', 'my daughter Emily writes to me'],
  ['"minor" as an adjective after a name', 'Officer John Doe, a minor role in the assault'],
  ['a title-case heading after "Minor"', 'Minor League Baseball'],
  ['numbers in a table row', 'Totals 125 45 6789 100'],
  ['a nine-digit number without an SSN cue', 'Bates 123456789 and ZIP 061031234'],
];

describe('personal data identifiers (I-7, Fed. R. Civ. P. 5.2)', () => {
  it.each(findings)('I-7: %s is reported, masked', (_name, text, expected) => {
    expect(scanPrivacy([text])).toEqual(expected.map((e) => ({ ...e, page: 1 })));
  });

  it.each(notFindings)('I-7: %s is not a finding', (_name, text) => {
    expect(scanPrivacy([text])).toEqual([]);
  });

  it('I-7: a full SSN 123-45-6789 on page 2 is reported with only the last four shown', () => {
    const hits = scanPrivacy(['Page one: nothing here.', 'Plaintiff SSN 123-45-6789.']);
    expect(hits).toEqual([{ kind: 'ssn', page: 2, excerpt: '***-**-6789' }]);
    expect(JSON.stringify(hits)).not.toContain('123-45');
  });

  it('I-7: xxx-xx-6789 is not a finding', () => {
    expect(scanPrivacy(['SSN: xxx-xx-6789'])).toEqual([]);
  });

  it('I-7: every kind on several pages is reported in page order, none twice', () => {
    const hits = scanPrivacy([
      'SSN 123-45-6789 and again 123-45-6789',
      'DOB: 01/02/1975',
      'nothing',
      'Account No. 987654321 and my daughter Sarah Brown',
    ]);
    expect(hits).toEqual([
      { kind: 'ssn', page: 1, excerpt: '***-**-6789' },
      { kind: 'birth-date', page: 2, excerpt: 'DOB **/**/1975' },
      { kind: 'account-number', page: 4, excerpt: 'Account No. ****4321' },
      { kind: 'minor-name', page: 4, excerpt: 'my daughter S.B.' },
    ]);
  });

  it('I-7: an SSN written after "Account No." is reported once', () => {
    expect(scanPrivacy(['Account No. 123-45-6789'])).toEqual([{ kind: 'ssn', page: 1, excerpt: '***-**-6789' }]);
  });

  it('I-7: no excerpt ever carries the full identifier', () => {
    const texts = findings.map(([, text]) => text);
    for (const hit of scanPrivacy(texts)) {
      const source = texts[hit.page - 1]!;
      const digits = hit.excerpt.replace(/\D/g, '');
      expect(digits.length).toBeLessThanOrEqual(4);
      expect(source).not.toBe(hit.excerpt);
    }
  });

  it('I-7: pro se habeas filings are exempt (Fed. R. Civ. P. 5.2(b)(6))', () => {
    const pages = ['SSN 123-45-6789, DOB 03/15/1980, Account No. 123456789, my son John Smith'];
    expect(scanPrivacy(pages)).toHaveLength(4);
    expect(scanPrivacy(pages, { habeasProSe: true })).toEqual([]);
  });
});
