import { describe, expect, it } from 'vitest';
import {
  ORDER_CATEGORIES,
  SUBJECT_FORMS,
  explainSubject,
  parseOrderSubject,
  readSubjectDate,
  resolveTwoDigitYear,
  type OrderSubject,
} from '../../src/rules/order-subject.ts';
import { zonedInstant } from '../../src/rules/time.ts';

const TZ = 'America/New_York';
/** The message's arrival: 1 March 2014, court time. */
const ARRIVAL = zonedInstant(TZ, 2014, 3, 1, 10, 0);
const opts = { reference: ARRIVAL };

const daniel = (category: OrderSubject['category'], extra: Partial<OrderSubject> = {}): OrderSubject => ({
  caseNumber: '13-30001',
  debtor: 'Daniel',
  category,
  ...extra,
});
const hearingDate = (dateText: string, iso: string) => daniel('hearing date', { dateText, hearingDate: iso });
const hearingHeld = (dateText: string, iso: string) => daniel('hearing held', { dateText, hearingDate: iso });

describe('O-1: the five forms of ECF Procedure 14(e)', () => {
  it('O-1: SUBJECT_FORMS lists one correct example per category, and each parses', () => {
    expect(SUBJECT_FORMS).toHaveLength(5);
    expect(SUBJECT_FORMS.map((f) => parseOrderSubject(f, opts)?.category)).toEqual([...ORDER_CATEGORIES]);
  });

  it('O-1: parseOrderSubject still works without options (two-digit years read as 1950–2049)', () => {
    expect(parseOrderSubject('13-30001 Daniel - hearing held 12/1/13')).toEqual(hearingHeld('12/1/13', '2013-12-01'));
    expect(parseOrderSubject('no case number here')).toBeNull();
  });
});

describe('O-1: subjects accepted, with what is read from them', () => {
  const accepted: [rule: string, subject: string, expected: OrderSubject][] = [
    // The five forms as the procedure prints them.
    ['the hearing-date form', '13-30001 Daniel - hearing date March 15, 2014', hearingDate('March 15, 2014', '2014-03-15')],
    ['the request-filed form', '13-30001 Daniel - request filed', daniel('request filed')],
    ['the hearing-held form, a two-digit year', '13-30001 Daniel - hearing held 12/1/13', hearingHeld('12/1/13', '2013-12-01')],
    ['the ex-parte form', '13-30001 Daniel - ex parte', daniel('ex parte')],
    ['the expedited form', '13-30001 Daniel - expedited', daniel('expedited')],
    // Case numbers.
    ['the long case number 3:13-bk-30001 is normalised', '3:13-bk-30001 Daniel - ex parte', daniel('ex parte')],
    ['13-bk-30001 is normalised', '13-bk-30001 Daniel - expedited', daniel('expedited')],
    ['upper-case BK', '3:13-BK-30001 Daniel - request filed', daniel('request filed')],
    ['judge initials after the case number', '3:13-bk-30001 (AMN) Daniel - ex parte', daniel('ex parte')],
    ['a labelled case number', 'Case No. 13-30001 Daniel - expedited', daniel('expedited')],
    ['no space between the case number and the name', '13-30001Daniel - expedited', daniel('expedited')],
    // Case, spaces, dashes.
    ['upper case', '13-30001 DANIEL - EX PARTE', { ...daniel('ex parte'), debtor: 'DANIEL' }],
    ['mixed case category', '13-30001 Daniel - Hearing Date March 15, 2014', hearingDate('March 15, 2014', '2014-03-15')],
    ['extra spaces and a tab', '  13-30001   Daniel \t -   request   filed  ', daniel('request filed')],
    ['an en dash', '13-30001 Daniel – expedited', daniel('expedited')],
    ['an em dash', '13-30001 Daniel — ex parte', daniel('ex parte')],
    ['an em dash with no spaces', '13-30001 Daniel—hearing held 12/1/13', hearingHeld('12/1/13', '2013-12-01')],
    ['a minus sign and a non-breaking space', '13\u221230001 Daniel\u00A0\u2212 expedited', daniel('expedited')],
    ['a non-breaking hyphen in the case number', '13\u201130001 Daniel - expedited', daniel('expedited')],
    ['no space before the dash', '13-30001 Daniel- ex parte', daniel('ex parte')],
    ['no space after the dash', '13-30001 Daniel -ex parte', daniel('ex parte')],
    ['no space either side', '13-30001 Daniel-request filed', daniel('request filed')],
    ['a doubled dash', '13-30001 Daniel -- expedited', daniel('expedited')],
    ['a hyphenated debtor name keeps its hyphen', '13-30001 Smith-Jones - ex parte', { ...daniel('ex parte'), debtor: 'Smith-Jones' }],
    ['two debtors', '13-30001 John and Mary Daniel - request filed', { ...daniel('request filed'), debtor: 'John and Mary Daniel' }],
    ['a debtor whose name holds a category word', '13-30001 Expedited Freight, Inc - request filed', { ...daniel('request filed'), debtor: 'Expedited Freight, Inc' }],
    // Prefixes and punctuation.
    ['Re:', 'Re: 13-30001 Daniel - ex parte', daniel('ex parte')],
    ['RE: FW: Fwd:', 'RE: FW: Fwd: 13-30001 Daniel - expedited', daniel('expedited')],
    ['a trailing period', '13-30001 Daniel - expedited.', daniel('expedited')],
    ['a trailing period after a date', '13-30001 Daniel - hearing date Mar. 15, 2014.', hearingDate('Mar. 15, 2014', '2014-03-15')],
    ['the category in quotation marks', '13-30001 Daniel - “ex parte”', daniel('ex parte')],
    ['ex-parte', '13-30001 Daniel - ex-parte', daniel('ex parte')],
    ['exparte', '13-30001 Daniel - exparte', daniel('ex parte')],
    ['Ex-Parte with an en dash', '13-30001 Daniel - Ex–Parte', daniel('ex parte')],
    ['a colon after the category', '13-30001 Daniel - hearing date: March 15, 2014', hearingDate('March 15, 2014', '2014-03-15')],
    ['a docket reference in parentheses after the category', '13-30001 Daniel - request filed (ECF No. 42)', daniel('request filed')],
    ['a bracketed docket reference after the date', '13-30001 Daniel - hearing date March 15, 2014 [Doc. 42]', hearingDate('March 15, 2014', '2014-03-15')],
    ['"re ECF No." after the category', '13-30001 Daniel - ex parte re ECF No. 51', daniel('ex parte')],
    // Date spellings.
    ['Mar. 15, 2014', '13-30001 Daniel - hearing date Mar. 15, 2014', hearingDate('Mar. 15, 2014', '2014-03-15')],
    ['Mar 15 2014', '13-30001 Daniel - hearing date Mar 15 2014', hearingDate('Mar 15 2014', '2014-03-15')],
    ['Sept. 9, 2014', '13-30001 Daniel - hearing date Sept. 9, 2014', hearingDate('Sept. 9, 2014', '2014-09-09')],
    ['March 15th, 2014', '13-30001 Daniel - hearing date March 15th, 2014', hearingDate('March 15th, 2014', '2014-03-15')],
    ['3/15/14', '13-30001 Daniel - hearing date 3/15/14', hearingDate('3/15/14', '2014-03-15')],
    ['03/15/2014', '13-30001 Daniel - hearing date 03/15/2014', hearingDate('03/15/2014', '2014-03-15')],
    ['3-15-14', '13-30001 Daniel - hearing date 3-15-14', hearingDate('3-15-14', '2014-03-15')],
    ['2014-03-15', '13-30001 Daniel - hearing date 2014-03-15', hearingDate('2014-03-15', '2014-03-15')],
    ['2014–03–15 with en dashes', '13-30001 Daniel – hearing date 2014–03–15', hearingDate('2014-03-15', '2014-03-15')],
    ['15 March 2014', '13-30001 Daniel - hearing date 15 March 2014', hearingDate('15 March 2014', '2014-03-15')],
    ['15-Mar-2014', '13-30001 Daniel - hearing date 15-Mar-2014', hearingDate('15-Mar-2014', '2014-03-15')],
    ['a weekday before the date', '13-30001 Daniel - hearing date Tuesday, March 18, 2014', hearingDate('Tuesday, March 18, 2014', '2014-03-18')],
    ['a time after the date', '13-30001 Daniel - hearing date March 18, 2014 at 10:00 a.m.', hearingDate('March 18, 2014', '2014-03-18')],
    ['February 29 in a leap year', '13-30001 Daniel - hearing date 2/29/16', hearingDate('2/29/16', '2016-02-29')],
    ['February 29, 2000 (a leap year: divisible by 400)', '13-30001 Daniel - hearing held 2/29/2000', hearingHeld('2/29/2000', '2000-02-29')],
  ];

  it.each(accepted)('O-1: %s — %j', (_rule, subject, expected) => {
    expect(explainSubject(subject, opts)).toEqual({ ok: true, value: expected });
    expect(parseOrderSubject(subject, opts)).toEqual(expected);
  });
});

describe('O-1: subjects rejected, with the sentence for the notice', () => {
  const rejected: [rule: string, subject: string, problem: string][] = [
    ['an empty subject', '   ', 'the subject is empty'],
    ['no case number', 'Daniel - ex parte', 'the subject has no case number'],
    ['only "proposed order"', 'Fwd: Proposed order', 'the subject has no case number'],
    ['the case number after the name', 'Daniel 13-30001 - ex parte', "the subject must begin with the case number, 13-30001, before the debtor's name"],
    ['a district court case number', '3:13-cv-01234 Daniel - ex parte', '“3:13-cv-01234” is a District Court case number; a proposed order for the Bankruptcy Court needs the bankruptcy case number, such as 13-30001'],
    ['a four-digit sequence', '13-3001 Daniel - ex parte', '“13-3001” is not a bankruptcy case number: write the two-digit year, a dash and the five-digit number, such as 13-30001 or 3:13-bk-30001'],
    ['a six-digit sequence', '13-300011 Daniel - ex parte', '“13-300011” is not a bankruptcy case number: write the two-digit year, a dash and the five-digit number, such as 13-30001 or 3:13-bk-30001'],
    ['only a case number', '13-30001', "the subject has only the case number: add the debtor's name, a dash and the category"],
    ['no debtor name before the dash', '13-30001 - ex parte', 'the subject has no debtor name between the case number and the dash'],
    ['no debtor name and no dash', '13-30001 ex parte', 'the subject has no debtor name between the case number and the category'],
    ['no dash before "hearing date"', '13-30001 Daniel hearing date March 15, 2014', "“13-30001 Daniel hearing date …” lacks the dash between the debtor's name and the category"],
    ['no dash before "ex parte"', '13-30001 Daniel ex parte', "“13-30001 Daniel ex parte” lacks the dash between the debtor's name and the category"],
    ['a colon instead of the dash', '13-30001 Daniel: expedited', "“13-30001 Daniel: expedited” lacks the dash between the debtor's name and the category"],
    ['no category', '13-30001 Daniel', '“13-30001 Daniel” has no category: after the debtor\'s name add a dash and one of “hearing date <date>”, “request filed”, “hearing held <date>”, “ex parte”, “expedited”'],
    ['nothing after the dash', '13-30001 Daniel -', 'the category is missing after the dash: use one of “hearing date <date>”, “request filed”, “hearing held <date>”, “ex parte”, “expedited”'],
    ['an unknown category', '13-30001 Daniel - motion', 'unknown category “motion”'],
    ['an unknown category after a hyphenated name', '13-30001 Smith-Jones - motion to sell', 'unknown category “motion to sell”'],
    ['a misspelt category', '13-30001 Daniel - expidited', 'unknown category “expidited” (did you mean “expedited”?)'],
    ['"hearing" without date/held', '13-30001 Daniel - hearing March 15, 2014', 'unknown category “hearing March 15, 2014”: before a hearing write “hearing date <date>”, after it “hearing held <date>”'],
    ['"hearing date" without a date', '13-30001 Daniel - hearing date', '“hearing date” must be followed by the hearing\'s date'],
    ['"hearing held" without a date', '13-30001 Daniel - hearing held.', '“hearing held” must be followed by the date the hearing was held'],
    ['text after "ex parte"', '13-30001 Daniel - ex parte motion to extend', 'nothing may follow “ex parte” in the subject (found “motion to extend”)'],
    ['a date after "request filed"', '13-30001 Daniel - request filed 3/1/14', 'nothing may follow “request filed” in the subject (found “3/1/14”)'],
    ['February 30', '13-30001 Daniel - hearing date Feb 30, 2014', '“Feb 30, 2014” is not a real date: February 2014 has 28 days'],
    ['April 31', '13-30001 Daniel - hearing date 4/31/14', '“4/31/14” is not a real date: April 2014 has 30 days'],
    ['February 29 in a common year', '13-30001 Daniel - hearing held 2/29/2014', '“2/29/2014” is not a real date: February 2014 has 28 days'],
    ['February 29, 1900 (not a leap year)', '13-30001 Daniel - hearing held 2/29/1900', '“2/29/1900” is not a real date: February 1900 has 28 days'],
    ['day 0', '13-30001 Daniel - hearing date 3/0/14', '“3/0/14” is not a real date: there is no day 0'],
    ['a day-first numeric date', '13-30001 Daniel - hearing date 15/03/2014', '“15/03/2014” is not a real date: there is no month 15 (dates are written month/day/year)'],
    ['a date without a year', '13-30001 Daniel - hearing date March 15', 'the date “March 15” has no year'],
    ['a numeric date without a year', '13-30001 Daniel - hearing date 3/15', 'the date “3/15” has no year'],
    ['words for a date', '13-30001 Daniel - hearing date next Tuesday', '“next Tuesday” is not a date: write it like March 15, 2014 or 3/15/14'],
    ['an unknown month', '13-30001 Daniel - hearing date Marhc 15, 2014', '“Marhc 15, 2014” is not a date: write it like March 15, 2014 or 3/15/14'],
    ['a weekday that does not match', '13-30001 Daniel - hearing date Monday, March 18, 2014', 'the date “Monday, March 18, 2014” names the wrong day of the week: it is Tuesday, March 18, 2014'],
  ];

  it.each(rejected)('O-1: %s — %j', (_rule, subject, problem) => {
    expect(explainSubject(subject, opts)).toEqual({ ok: false, problem });
    expect(parseOrderSubject(subject, opts)).toBeNull();
  });
});

describe('O-1: two-digit years are read in the century nearest the arrival', () => {
  const at = (y: number, m = 6, d = 15, h = 12) => ({ reference: zonedInstant(TZ, y, m, d, h, 0) });
  const years: [rule: string, date: string, reference: { reference?: Date }, iso: string][] = [
    ['12/1/13 in 2014 is 2013', '12/1/13', at(2014), '2013-12-01'],
    ['12/31/99 in 2001 is 1999 (across the century)', '12/31/99', at(2001), '1999-12-31'],
    ['1/5/01 in 1999 is 2001 (across the century)', '1/5/01', at(1999), '2001-01-05'],
    ['1/5/01 in 2099 is 2101', '1/5/01', at(2099), '2101-01-05'],
    ['3/1/99 in 2050 is 2099 (49 years away, not 51)', '3/1/99', at(2050), '2099-03-01'],
    ['3/1/99 in 2049 is 1999 (a 50-year tie goes to the earlier century)', '3/1/99', at(2049), '1999-03-01'],
    ['1/2/49 arriving at 11 p.m. on 31 Dec 2099 in Hartford (already 2100 in UTC) is 2049', '1/2/49', at(2099, 12, 31, 23), '2049-01-02'],
    ["Mar 15 '14 in 2014", "Mar 15, '14", at(2014), '2014-03-15'],
    ['without a reference, 3/15/49 is 2049', '3/15/49', {}, '2049-03-15'],
    ['without a reference, 3/15/50 is 1950', '3/15/50', {}, '1950-03-15'],
    ['a four-digit year is taken as written', '3/15/1914', at(2014), '1914-03-15'],
  ];

  it.each(years)('O-1: %s', (_rule, text, reference, iso) => {
    expect(readSubjectDate(text, reference)).toMatchObject({ ok: true, iso });
  });

  it('O-1: resolveTwoDigitYear picks the nearest century, the earlier one on a tie', () => {
    expect(resolveTwoDigitYear(13, 2014)).toBe(2013);
    expect(resolveTwoDigitYear(63, 2014)).toBe(2063);
    expect(resolveTwoDigitYear(64, 2014)).toBe(1964); // 50 years either way
    expect(resolveTwoDigitYear(65, 2014)).toBe(1965);
    expect(resolveTwoDigitYear(0, 2099)).toBe(2100);
    expect(resolveTwoDigitYear(99, 2000)).toBe(1999);
  });

  it('O-1: the hearing-held form carries the resolved year into hearingDate', () => {
    expect(parseOrderSubject('13-30001 Daniel - hearing held 12/31/99', at(2001))).toEqual(hearingHeld('12/31/99', '1999-12-31'));
  });
});
