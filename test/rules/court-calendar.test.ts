import { describe, expect, it } from 'vitest';
import {
  addDays,
  checkHearingTiming,
  dayOfWeek,
  federalHolidayOn,
  formatCourtDate,
  hearingDeadline,
  holidaysOf,
  isFederalHoliday,
  isWeekendOrHoliday,
  localDate,
} from '../../src/rules/court-calendar.ts';
import { zonedInstant } from '../../src/rules/time.ts';

const TZ = 'America/New_York';
const local = (y: number, m: number, d: number, h: number, min: number) => zonedInstant(TZ, y, m, d, h, min);

describe('5 U.S.C. § 6103: federal legal holidays', () => {
  it('§ 6103: the eleven holidays of 2014 on their statutory and observed days', () => {
    expect(holidaysOf(2014).map((h) => [h.name, h.date, h.observed])).toEqual([
      ["New Year's Day", '2014-01-01', '2014-01-01'],
      ['Birthday of Martin Luther King, Jr.', '2014-01-20', '2014-01-20'],
      ["Washington's Birthday", '2014-02-17', '2014-02-17'],
      ['Memorial Day', '2014-05-26', '2014-05-26'],
      ['Independence Day', '2014-07-04', '2014-07-04'],
      ['Labor Day', '2014-09-01', '2014-09-01'],
      ['Columbus Day', '2014-10-13', '2014-10-13'],
      ['Veterans Day', '2014-11-11', '2014-11-11'],
      ['Thanksgiving Day', '2014-11-27', '2014-11-27'],
      ['Christmas Day', '2014-12-25', '2014-12-25'],
    ]);
  });

  it('§ 6103: 2022 — Juneteenth on Sunday observed Monday June 20, Christmas on Sunday observed Monday Dec 26, New Year on Saturday observed Friday Dec 31, 2021', () => {
    const byName = Object.fromEntries(holidaysOf(2022).map((h) => [h.name, h]));
    expect(holidaysOf(2022)).toHaveLength(11);
    expect(byName["New Year's Day"]).toEqual({ name: "New Year's Day", date: '2022-01-01', observed: '2021-12-31' });
    expect(byName['Juneteenth National Independence Day']!.observed).toBe('2022-06-20');
    expect(byName['Christmas Day']!.observed).toBe('2022-12-26');
    expect(byName['Memorial Day']!.date).toBe('2022-05-30');
    expect(byName['Thanksgiving Day']!.date).toBe('2022-11-24');
  });

  const days: [rule: string, iso: string, holiday: boolean][] = [
    ['Independence Day 2020 fell on Saturday: observed Friday July 3', '2020-07-03', true],
    ['… and July 4, 2020 itself is still the statutory day', '2020-07-04', true],
    ['… but Monday July 6, 2020 is an ordinary day', '2020-07-06', false],
    ['Christmas 2022 fell on Sunday: observed Monday Dec 26', '2022-12-26', true],
    ['New Year 2022 fell on Saturday: observed Friday Dec 31, 2021', '2021-12-31', true],
    ['Dec 31 is an ordinary day when New Year is not on a Saturday (2014)', '2014-12-31', false],
    ['Juneteenth 2021 fell on Saturday: observed Friday June 18', '2021-06-18', true],
    ['Juneteenth was not a federal holiday in 2020', '2020-06-19', false],
    ['MLK Day is the third Monday of January (2014-01-20)', '2014-01-20', true],
    ['MLK Day did not exist in 1985', '1985-01-21', false],
    ['MLK Day from 1986 (1986-01-20)', '1986-01-20', true],
    ["Washington's Birthday is the third Monday of February (2021-02-15)", '2021-02-15', true],
    ['Memorial Day is the last Monday of May (2021-05-31)', '2021-05-31', true],
    ['Labor Day is the first Monday of September (2023-09-04)', '2023-09-04', true],
    ['Columbus Day is the second Monday of October (2023-10-09)', '2023-10-09', true],
    ['Veterans Day 2023 fell on Saturday: observed Friday Nov 10', '2023-11-10', true],
    ['Veterans Day 2018 fell on Sunday: observed Monday Nov 12', '2018-11-12', true],
    ['Thanksgiving is the fourth Thursday of November (2023-11-23)', '2023-11-23', true],
    ['the day after Thanksgiving is not a federal holiday (2023-11-24)', '2023-11-24', false],
    ['Christmas Eve is not a federal holiday (2014-12-24)', '2014-12-24', false],
    ['Thanksgiving when November 1 is a Thursday (2018-11-22)', '2018-11-22', true],
  ];

  it.each(days)('§ 6103: %s', (_rule, iso, holiday) => {
    expect(isFederalHoliday(iso)).toBe(holiday);
  });

  it('§ 6103: federalHolidayOn names the holiday and says when the day is the observed one', () => {
    expect(federalHolidayOn('2021-12-31')).toMatchObject({ name: "New Year's Day", date: '2022-01-01', isObserved: true });
    expect(federalHolidayOn('2014-07-04')).toMatchObject({ name: 'Independence Day', isObserved: false });
    expect(federalHolidayOn('2014-07-07')).toBeUndefined();
  });

  it('§ 6103: isWeekendOrHoliday covers Saturdays, Sundays, holidays and the court’s listed closures', () => {
    expect(isWeekendOrHoliday('2014-03-15')).toBe(true); // Saturday
    expect(isWeekendOrHoliday('2014-03-16')).toBe(true); // Sunday
    expect(isWeekendOrHoliday('2014-03-14')).toBe(false); // Friday
    expect(isWeekendOrHoliday('2014-12-25')).toBe(true);
    expect(isWeekendOrHoliday('2014-12-26')).toBe(false);
    expect(isWeekendOrHoliday('2014-12-26', ['2014-12-26'])).toBe(true); // closed by executive order
  });

  it('§ 6103: date helpers count across month, year and leap-day ends', () => {
    expect(addDays('2014-03-01', -1)).toBe('2014-02-28');
    expect(addDays('2016-03-01', -1)).toBe('2016-02-29');
    expect(addDays('2022-01-01', -1)).toBe('2021-12-31');
    expect(dayOfWeek('2014-03-18')).toBe(2);
    expect(formatCourtDate('2014-03-14')).toBe('Friday, March 14, 2014');
    expect(() => addDays('2014-02-30', 1)).toThrow(RangeError);
  });
});

describe('O-6: Fed. R. Bankr. P. 9006(a), counting back three days from the hearing', () => {
  const deadlines: [rule: string, hearing: string, deadline: string][] = [
    ['O-6: a hearing on Tuesday 2014-03-18 must be submitted by the end of Friday 2014-03-14 (the count lands on Saturday)', '2014-03-18', '2014-03-14'],
    ['O-6: a hearing on Thursday 2014-03-20 must be submitted by the end of Monday 2014-03-17 (no weekend in the way)', '2014-03-20', '2014-03-17'],
    ['O-6: a hearing on Friday 2014-03-21 must be submitted by the end of Tuesday 2014-03-18', '2014-03-21', '2014-03-18'],
    ['O-6: a hearing on Monday 2014-03-17 must be submitted by the end of Friday 2014-03-14 (the count lands on Friday)', '2014-03-17', '2014-03-14'],
    ['O-6: a hearing on Wednesday 2014-03-19 must be submitted by the end of Friday 2014-03-14 (the count lands on Sunday)', '2014-03-19', '2014-03-14'],
    ['O-6: a hearing on Thursday 2014-10-16 must be submitted by the end of Friday 2014-10-10 (Columbus Day, then the weekend)', '2014-10-16', '2014-10-10'],
    ['O-6: a hearing on Thursday 2014-01-23 must be submitted by the end of Friday 2014-01-17 (MLK Day)', '2014-01-23', '2014-01-17'],
    ['O-6: a hearing on Thursday 2014-05-29 must be submitted by the end of Friday 2014-05-23 (Memorial Day)', '2014-05-29', '2014-05-23'],
    ['O-6: a hearing on Thursday 2014-09-04 must be submitted by the end of Friday 2014-08-29 (Labor Day)', '2014-09-04', '2014-08-29'],
    ['O-6: a hearing on Friday 2014-11-14 must be submitted by the end of Monday 2014-11-10 (Veterans Day Tuesday)', '2014-11-14', '2014-11-10'],
    ['O-6: a hearing on Sunday 2014-11-30 would be due by the end of Wednesday 2014-11-26 (Thanksgiving)', '2014-11-30', '2014-11-26'],
    ['O-6: a hearing on Monday 2014-12-01 must be submitted by the end of Friday 2014-11-28 (the day after Thanksgiving is a court day)', '2014-12-01', '2014-11-28'],
    ['O-6: a hearing on Monday 2020-07-06 must be submitted by the end of Thursday 2020-07-02 (July 4 on Saturday, observed Friday July 3)', '2020-07-06', '2020-07-02'],
    ['O-6: a hearing on Tuesday 2020-07-07 must be submitted by the end of Thursday 2020-07-02 (Saturday July 4, then the observed Friday)', '2020-07-07', '2020-07-02'],
    ['O-6: a hearing on Thursday 2022-12-29 must be submitted by the end of Friday 2022-12-23 (Christmas on Sunday, observed Monday Dec 26)', '2022-12-29', '2022-12-23'],
    ['O-6: a hearing on Monday 2022-01-03 must be submitted by the end of Thursday 2021-12-30 (New Year on Saturday, observed Friday Dec 31 2021)', '2022-01-03', '2021-12-30'],
    ['O-6: a hearing on Tuesday 2022-01-04 must be submitted by the end of Thursday 2021-12-30 (Saturday New Year, observed Friday before)', '2022-01-04', '2021-12-30'],
    ['O-6: a hearing on Monday 2021-06-21 must be submitted by the end of Thursday 2021-06-17 (Juneteenth observed Friday June 18)', '2021-06-21', '2021-06-17'],
    ['O-6: a hearing on Monday 2020-06-22 must be submitted by the end of Friday 2020-06-19 (Juneteenth not yet a holiday in 2020)', '2020-06-22', '2020-06-19'],
    ['O-6: a hearing on Friday 2015-01-02 must be submitted by the end of Tuesday 2014-12-30 (across the year end)', '2015-01-02', '2014-12-30'],
    ['O-6: a hearing on Monday 2015-01-05 must be submitted by the end of Friday 2015-01-02 (the count lands on a court day just after New Year)', '2015-01-05', '2015-01-02'],
    ['O-6: a hearing on Tuesday 2015-01-06 must be submitted by the end of Friday 2015-01-02 (the count lands on Saturday)', '2015-01-06', '2015-01-02'],
    ['O-6: a hearing on Thursday 2017-12-28 must be submitted by the end of Friday 2017-12-22 (Christmas on Monday, then the weekend)', '2017-12-28', '2017-12-22'],
    ['O-6: a hearing on Wednesday 2014-03-12 (DST began Sunday 03-09) must be submitted by the end of Friday 2014-03-07', '2014-03-12', '2014-03-07'],
    ['O-6: a hearing on Thursday 2014-03-13 (DST week) must be submitted by the end of Monday 2014-03-10', '2014-03-13', '2014-03-10'],
    ['O-6: a hearing on Wednesday 2014-11-05 (DST ended Sunday 11-02) must be submitted by the end of Friday 2014-10-31', '2014-11-05', '2014-10-31'],
    ['O-6: a hearing on Thursday 2016-03-03 must be submitted by the end of Monday 2016-02-29 (leap day)', '2016-03-03', '2016-02-29'],
  ];

  it.each(deadlines)('%s', (_rule, hearing, deadline) => {
    expect(hearingDeadline(hearing)).toBe(deadline);
    expect(isWeekendOrHoliday(deadline)).toBe(false);
  });

  it('O-6: a day the President closes the courts (9006(a)(6)(B)) is skipped when listed — hearing Monday 2014-12-29, Dec 26 closed → Wednesday 2014-12-24', () => {
    expect(hearingDeadline('2014-12-29')).toBe('2014-12-26');
    expect(hearingDeadline('2014-12-29', ['2014-12-26'])).toBe('2014-12-24');
  });

  it('O-6: a hearing date that is not a calendar date is a programming error', () => {
    expect(() => hearingDeadline('2014-02-30')).toThrow(RangeError);
  });
});

describe('O-6: checkHearingTiming — midnight court time at the end of the deadline day', () => {
  const cases: [rule: string, hearing: string, arrival: Date, expected: 'ok' | 'HEARING_TOO_SOON' | 'HEARING_PASSED'][] = [
    ['O-6: hearing Tuesday 2014-03-18, arriving Friday 2014-03-14 at 23:59 is in time', '2014-03-18', local(2014, 3, 14, 23, 59), 'ok'],
    ['O-6: hearing Tuesday 2014-03-18, arriving Saturday 2014-03-15 at 00:01 is too soon', '2014-03-18', local(2014, 3, 15, 0, 1), 'HEARING_TOO_SOON'],
    ['O-6: hearing Tuesday 2014-03-18, arriving Monday 2014-03-10 is in time', '2014-03-18', local(2014, 3, 10, 9, 0), 'ok'],
    ['O-6: hearing Tuesday 2014-03-18, arriving Monday 2014-03-17 is too soon', '2014-03-18', local(2014, 3, 17, 9, 0), 'HEARING_TOO_SOON'],
    ['O-6: a hearing today is too soon, not passed', '2014-03-18', local(2014, 3, 18, 8, 0), 'HEARING_TOO_SOON'],
    ['O-6: a hearing at 23:59 the day before is too soon', '2014-03-18', local(2014, 3, 17, 23, 59), 'HEARING_TOO_SOON'],
    ['O-6: a hearing yesterday has passed (arriving 00:01)', '2014-03-18', local(2014, 3, 19, 0, 1), 'HEARING_PASSED'],
    ['O-6: a hearing last week has passed', '2014-03-10', local(2014, 3, 18, 12, 0), 'HEARING_PASSED'],
    // DST weeks: the local date, not the UTC date, decides.
    ['O-6: DST week — hearing Thursday 2014-03-13, arriving Monday 2014-03-10 23:59 EDT (03:59 UTC Tuesday) is in time', '2014-03-13', local(2014, 3, 10, 23, 59), 'ok'],
    ['O-6: DST week — hearing Thursday 2014-03-13, arriving Tuesday 2014-03-11 00:01 EDT is too soon', '2014-03-13', local(2014, 3, 11, 0, 1), 'HEARING_TOO_SOON'],
    ['O-6: DST end — hearing Wednesday 2014-11-05, arriving Friday 2014-10-31 23:59 EDT is in time', '2014-11-05', local(2014, 10, 31, 23, 59), 'ok'],
    ['O-6: DST end — hearing Wednesday 2014-11-05, arriving Saturday 2014-11-01 00:01 EDT is too soon', '2014-11-05', local(2014, 11, 1, 0, 1), 'HEARING_TOO_SOON'],
    ['O-6: winter — hearing Monday 2022-01-03, arriving Thursday 2021-12-30 23:59 EST (04:59 UTC Friday) is in time', '2022-01-03', local(2021, 12, 30, 23, 59), 'ok'],
    ['O-6: winter — hearing Monday 2022-01-03, arriving on the observed holiday Friday 2021-12-31 00:01 is too soon', '2022-01-03', local(2021, 12, 31, 0, 1), 'HEARING_TOO_SOON'],
  ];

  it.each(cases)('%s', (_rule, hearing, arrival, expected) => {
    const r = checkHearingTiming(hearing, arrival);
    if (expected === 'ok') expect(r).toEqual({ ok: true, deadline: hearingDeadline(hearing) });
    else expect(r).toMatchObject({ ok: false, code: expected });
  });

  it('O-6: the UTC instants in the DST cases really fall on the next UTC day', () => {
    expect(local(2014, 3, 10, 23, 59).toISOString()).toBe('2014-03-11T03:59:00.000Z');
    expect(local(2021, 12, 30, 23, 59).toISOString()).toBe('2021-12-31T04:59:00.000Z');
    expect(localDate(local(2014, 3, 10, 23, 59))).toBe('2014-03-10');
  });

  it('O-6: HEARING_TOO_SOON says when the order was due and when it came', () => {
    expect(checkHearingTiming('2014-03-18', local(2014, 3, 15, 0, 1))).toEqual({
      ok: false,
      code: 'HEARING_TOO_SOON',
      deadline: '2014-03-14',
      detail:
        'for a hearing on Tuesday, March 18, 2014 the order had to arrive by the end of Friday, March 14, 2014 ' +
        '(three days before the hearing, counted back past weekends and legal holidays, Fed. R. Bankr. P. 9006(a)); ' +
        'it arrived on Saturday, March 15, 2014 at 12:01 a.m.',
    });
  });

  it('O-6: HEARING_PASSED names the hearing and the arrival', () => {
    expect(checkHearingTiming('2014-03-10', local(2014, 3, 12, 9, 0))).toMatchObject({
      code: 'HEARING_PASSED',
      detail: 'the hearing on Monday, March 10, 2014 has already taken place: the order arrived on Wednesday, March 12, 2014. After a hearing, submit the order as “hearing held <date>”',
    });
  });

  it('O-6: another time zone moves the day boundary (timezone parameter)', () => {
    const instant = new Date('2014-03-15T03:30:00Z'); // 23:30 Friday in New York, 03:30 Saturday in UTC
    expect(checkHearingTiming('2014-03-18', instant)).toMatchObject({ ok: true });
    expect(checkHearingTiming('2014-03-18', instant, 'UTC')).toMatchObject({ code: 'HEARING_TOO_SOON' });
  });
});
