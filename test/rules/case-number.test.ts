import { describe, expect, it } from 'vitest';
import {
  caseNumberFromFiling,
  caseNumberFromSubjectOrCaption,
  findCaseNumbers,
  normaliseBankruptcyCase,
  normaliseDistrictCase,
} from '../../src/rules/case-number.ts';

describe('district case numbers in every form the office sees (P-5)', () => {
  const forms: [string, string][] = [
    ['3:16-cv-01234', '3:16-cv-01234'],
    ['3:16cv1234', '3:16-cv-01234'],
    ['3:16-cv-1234 (JCH)', '3:16-cv-01234'],
    ['3:16-CV-1234-JCH', '3:16-cv-01234'],
    ['16-cv-1234', '3:16-cv-01234'],
    ['3 16 cv 1234', '3:16-cv-01234'],
    ['No. 3:16-cv-01234', '3:16-cv-01234'],
    ['3:l6-cv-0l234', '3:16-cv-01234'],
    ['3:I6-cv-O1234', '3:16-cv-01234'],
    ['3:16–cv–1234', '3:16-cv-01234'],
    ['3:16—cv—1234', '3:16-cv-01234'],
    ['3 : 16 - cv - 1234', '3:16-cv-01234'],
    ['3:16-CV-01234', '3:16-cv-01234'],
    ['3:16Cv1234', '3:16-cv-01234'],
    ['3-16-cv-1234', '3:16-cv-01234'],
    ['16cv1234', '3:16-cv-01234'],
    ['16 CV 1234', '3:16-cv-01234'],
    ['3:16-cv-1234 (JCH)(SALM)', '3:16-cv-01234'],
    ['3:16-cv-01234-JCH-SALM', '3:16-cv-01234'],
    ['3:16-cv-1234 JCH', '3:16-cv-01234'],
    ['Case No. 3:16-cv-1234', '3:16-cv-01234'],
    ['Civil Action No. 3:16cv1234 (JCH)', '3:16-cv-01234'],
    ['Civil No.: 3:16-cv-1234', '3:16-cv-01234'],
    ['Docket No. 16-cv-1234', '3:16-cv-01234'],
    ['  3:16-cv-1234  ', '3:16-cv-01234'],
    ['3:16-cv-7', '3:16-cv-00007'],
    ['3:09-cv-12345', '3:09-cv-12345'],
    ['3:16-cr-12 (VAB)', '3:16-cr-00012'],
    ['Crim. No. 3:16CR0012', '3:16-cr-00012'],
    ['3:16-mc-5', '3:16-mc-00005'],
    ['3:16-MC-00005', '3:16-mc-00005'],
    ['CIVIL NO. 3:16CV112 (VLB)', '3:16-cv-00112'],
    ['Docket No. 3:16cv01305', '3:16-cv-01305'],
    ['Case No. 3:16-CV-01020-JCH', '3:16-cv-01020'],
    ['Civil Action No. 3:16-cv-945 (VLB)', '3:16-cv-00945'],
    ['Civ. No. 3:16-cv-1234', '3:16-cv-01234'],
    ['Prisoner Case No. 3:16-cv-1234', '3:16-cv-01234'],
    ['3;16-cv-1234', '3:16-cv-01234'],
    ['3:16-cv-1234JCH', '3:16-cv-01234'],
    ['3:16-cv-1234 [JCH]', '3:16-cv-01234'],
    ['3:16-cv-|234', '3:16-cv-01234'],
    ['3:16-c v-1234', '3:16-cv-01234'],
    ['3:16-ev-1234', '3:16-cv-01234'],
    ['3:16-cy-1234', '3:16-cv-01234'],
    ['3:16-cw-1234 (JCH)', '3:16-cv-01234'],
    ['Case No. 3:17-tv-00058 (AWT)', '3:17-cv-00058'],
  ];
  it.each(forms)('P-5: %s normalises to %s', (input, expected) => {
    expect(normaliseDistrictCase(input)).toBe(expected);
  });

  const notDistrict: [string, string][] = [
    ['1:16-cv-1234', 'another district office'],
    ['3:16-pr-1234', 'a type the court does not use'],
    ['3:16-hc-1234', 'a type the court does not use'],
    ['3:16-cv-123456', 'a six-digit sequence'],
    ['3:16-cv-0', 'sequence zero'],
    ['13-30001', 'a bankruptcy number'],
    ['3:13-bk-30001', 'a bankruptcy number'],
    ['860-240-3200', 'a phone number'],
    ['06-22-16', 'a date'],
    ['IO-cv-1234', 'letters only where the year should be'],
    ['3:16-cv-1234 and 3:17-cv-2', 'two numbers'],
    ['', 'nothing'],
    ['ECF No. 42', 'a docket number'],
    ['16-ev-1234', 'an OCR misreading of cv without the office digit'],
    ['3:16-cv-1234ABCDE', 'a sequence run into a word'],
  ];
  it.each(notDistrict)('P-5: %s is not a district case number (%s)', (input) => {
    expect(normaliseDistrictCase(input)).toBeNull();
  });
});

describe('bankruptcy case numbers (P-5, O-1)', () => {
  const forms: [string, string | null][] = [
    ['13-30001', '13-30001'],
    ['3:13-bk-30001', '13-30001'],
    ['13-bk-30001', '13-30001'],
    ['Case No. 13-30001 (JAM)', '13-30001'],
    ['3:13-BK-30001', '13-30001'],
    ['13 – 30001', '13-30001'],
    ['13-bk-301', '13-00301'],
    ['3:16-cv-01234', null],
    ['13-3001', null],
    ['860-240-3200', null],
    ['06103-1234', null],
  ];
  it.each(forms)('P-5: %s normalises to %s', (input, expected) => {
    expect(normaliseBankruptcyCase(input)).toBe(expected);
  });
});

describe('case numbers in free text (P-5)', () => {
  it('P-5: finds every number in order, once each, with its raw text, index and court', () => {
    const text = 'Smith v. Semple, 3:16-cv-1234 (JCH); In re Daniel 13-30001; again 3:16cv1234; and 3:13-bk-30002.';
    expect(findCaseNumbers(text)).toEqual([
      { caseNumber: '3:16-cv-01234', raw: '3:16-cv-1234', index: text.indexOf('3:16-cv-1234'), court: 'district' },
      { caseNumber: '13-30001', raw: '13-30001', index: text.indexOf('13-30001'), court: 'bankruptcy' },
      { caseNumber: '13-30002', raw: '3:13-bk-30002', index: text.indexOf('3:13-bk-30002'), court: 'bankruptcy' },
    ]);
  });

  it('P-5: reads an OCR caption with dashes, spaces and misread digits', () => {
    expect(findCaseNumbers('CIVIL NO. 3 : l6 – CV – 0l234 (JCH)').map((f) => f.caseNumber)).toEqual(['3:16-cv-01234']);
  });

  it('P-5: a number split over two OCR lines is still found', () => {
    expect(findCaseNumbers('Case No. 3:16-\ncv-1234').map((f) => f.caseNumber)).toEqual(['3:16-cv-01234']);
  });

  const traps: [string, string][] = [
    ['a phone number', 'Call the clerk at 860-240-3200 or (203) 773-2140.'],
    ['a date', 'Received 06-22-16 and 2016-06-22 and 06/22/2016.'],
    ['an inmate number', 'John Smith, Inmate #123456, Inmate No. 412345.'],
    ['a ZIP code and ZIP+4', 'Suffield, CT 06080 and Hartford, CT 06103-1234.'],
    ['a docket number', 'See ECF No. 42 and Doc. #17 and Dkt. 105-2.'],
    ['statute cites', 'Petition under 28 U.S.C. § 2254; claims under 42 U.S.C. 1983 and 42 U.S.C. § 1983; Conn. Gen. Stat. § 53a-54.'],
    ['an SSN', 'SSN 123-45-6789.'],
    ["another district's case", 'See Doe v. Roe, No. 1:15-cv-999 (S.D.N.Y. 2015) and 2:14-cv-1.'],
    ['a long reference number', 'Tracking 12-345678 and 9400-1234-5678.'],
    ['a habeas statute cite', 'Petition for a writ of habeas corpus, 28 U.S.C. 2254, and 28 U.S.C. § 2241.'],
    ['a stamp with date and time', 'RECEIVED JUN 22 2016 10:32 AM MWCI 06/22/16'],
    ['an inmate number with a dash', 'Inmate No. 16-1234, Prisoner ID 161234.'],
  ];
  it.each(traps)('P-5: %s is not a case number', (_what, text) => {
    expect(findCaseNumbers(text)).toEqual([]);
  });
});

describe('case number from the subject or the caption (P-5)', () => {
  const caption = [
    'UNITED STATES DISTRICT COURT',
    'DISTRICT OF CONNECTICUT',
    'JOHN SMITH, Plaintiff, v. SCOTT SEMPLE, Defendant.',
    'Civil No. 3:16-cv-1234 (JCH)',
    'MOTION FOR APPOINTMENT OF COUNSEL',
    'The plaintiff, a prisoner, asks the court to appoint counsel. '.repeat(8),
    'See Doe v. Roe, No. 3:10-cv-555 (D. Conn. 2011).',
  ].join('\n');

  it('P-5: the subject wins over the caption (staff type it)', () => {
    expect(caseNumberFromSubjectOrCaption('Smith 3:17cv42 motion', caption)).toEqual({ caseNumber: '3:17-cv-00042', source: 'subject' });
  });

  it('P-5: without one in the subject the caption number is used, not a case cited in the body', () => {
    expect(caseNumberFromSubjectOrCaption('Scan from MWCI', caption)).toEqual({ caseNumber: '3:16-cv-01234', source: 'caption' });
  });

  it('P-5: a number labelled "Case No." is preferred over an unlabelled related case', () => {
    const text = 'Related to 3:15-cv-100. Case No. 3:16-cv-1234 (JCH). Motion.';
    expect(caseNumberFromSubjectOrCaption('', text)).toEqual({ caseNumber: '3:16-cv-01234', source: 'caption' });
  });

  it('P-5: a number in the first third beats a labelled one further down', () => {
    const text = `SMITH v. SEMPLE 3:16-cv-1234 ${'body text '.repeat(60)} No. 3:10-cv-555`;
    expect(caseNumberFromSubjectOrCaption('', text)?.caseNumber).toBe('3:16-cv-01234');
  });

  it('P-5: no number anywhere means a new complaint (null)', () => {
    expect(caseNumberFromSubjectOrCaption('New complaint', 'COMPLAINT under 42 U.S.C. § 1983. Inmate #123456. Call 860-240-3200.')).toBeNull();
  });
});

describe('case number of a whole filing (P-5)', () => {
  const captioned = ['UNITED STATES DISTRICT COURT', 'DISTRICT OF CONNECTICUT', 'JOHN DOE v. WARDEN', 'CIVIL NO. 3:16CV112 (VLB)', 'MOTION FOR APPOINTMENT OF COUNSEL'].join('\n');
  const letter = 'Dear Clerk,\nPlease file the enclosed motion.\nThank you, John Doe, Inmate No. 412345';

  it('P-5: the caption on page 2, after a cover letter, gives the case number', () => {
    expect(caseNumberFromFiling('Scan from MWCI', [letter, captioned])).toEqual({ caseNumber: '3:16-cv-00112', source: 'caption' });
  });

  it('P-5: page 1 wins over a later page', () => {
    expect(caseNumberFromFiling('', ['Case No. 3:16-cv-1234 (JCH)', captioned])?.caseNumber).toBe('3:16-cv-01234');
  });

  it('P-5: a soft hyphen or zero-width space inside the number does not hide it', () => {
    expect(caseNumberFromFiling('', ['Docket No. 3:16-cv-01\u00AD305\u200B (JCH)'])?.caseNumber).toBe('3:16-cv-01305');
  });

  it('P-5: a district number in the caption beats a bankruptcy-shaped number in the subject', () => {
    expect(caseNumberFromFiling('Batch 16-30001', [captioned])).toEqual({ caseNumber: '3:16-cv-00112', source: 'caption' });
  });

  it('P-5: a statute, an inmate number, a phone number and the stamp are not a case number (NEW_CASE)', () => {
    const page = 'RECEIVED JUN 22 2016 10:32 AM MWCI\nCOMPLAINT under 42 U.S.C. § 1983\nJohn Doe, Inmate No. 412345\nMWCI, 1153 East St S, Suffield CT 06080\n(860) 627-2100';
    expect(caseNumberFromFiling('new complaint', [page, letter])).toBeNull();
  });
});
