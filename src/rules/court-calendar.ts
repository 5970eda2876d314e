/**
 * The court's calendar: federal legal holidays (5 U.S.C. § 6103) and the O-6 deadline
 * for a proposed order before its hearing (Fed. R. Bankr. P. 9006(a), counting backward).
 *
 * Dates are ISO calendar dates (`2014-03-18`); instants are `Date`s converted to court
 * time with an explicit time zone. Nothing here reads the wall clock.
 *
 * Holidays follow the statute as it has stood since the Uniform Monday Holiday Act took
 * effect in 1971: Birthday of Martin Luther King, Jr. from 1986, Veterans Day on the
 * fourth Monday of October 1971–1977 and on November 11 otherwise, Juneteenth from 2021.
 * Before 1971 Washington's Birthday, Memorial Day and Columbus Day fall on their old fixed
 * dates (Feb 22, May 30, Oct 12). A holiday on a Saturday is observed on the Friday before
 * (New Year's Day on a Saturday: Friday December 31 of the year before); on a Sunday, the
 * Monday after (Executive Order 11582).
 *
 * Rule 9006(a)(6)(B) also makes a legal holiday of "any day declared a holiday by the
 * President" (e.g. Christmas Eve closures, national days of mourning). Those are not
 * predictable, so the functions that count days take them as `closures` (ISO dates) from
 * the court's data. State holidays (9006(a)(6)(C)) count only for periods measured
 * *after* an event, so they never affect the O-6 deadline, which is counted backward.
 */
import { isoInZone } from './time.ts';

export const COURT_TIME_ZONE = 'America/New_York';

export type HolidayName =
  | "New Year's Day"
  | 'Birthday of Martin Luther King, Jr.'
  | "Washington's Birthday"
  | 'Memorial Day'
  | 'Juneteenth National Independence Day'
  | 'Independence Day'
  | 'Labor Day'
  | 'Columbus Day'
  | 'Veterans Day'
  | 'Thanksgiving Day'
  | 'Christmas Day';

export interface Holiday {
  name: HolidayName;
  /** The day the statute names, e.g. `2020-07-04`. */
  date: string;
  /** The day federal offices and courts close for it, e.g. `2020-07-03` (Saturday → Friday). */
  observed: string;
}

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

/** Days since 1970-01-01 of a calendar date (any year: `Date.UTC` would map 0–99 to 1900–1999). */
function dayNumber(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return Math.round(d.getTime() / DAY_MS);
}

function fromDayNumber(n: number): string {
  const d = new Date(n * DAY_MS);
  const y = d.getUTCFullYear();
  if (y < 0 || y > 9999) throw new RangeError(`date out of range: day ${n}`);
  return `${String(y).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

/** The number of days in a month (1–12) of a year. */
export function daysInMonth(year: number, month: number): number {
  return dayNumber(year, month + 1, 1) - dayNumber(year, month, 1);
}

/** True for a real calendar date written `YYYY-MM-DD` (not `2014-02-30`). */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

function parse(iso: string): number {
  if (!isIsoDate(iso)) throw new RangeError(`not an ISO calendar date: ${JSON.stringify(iso)}`);
  return dayNumber(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
}

/** `iso` moved by `n` days (negative: earlier). */
export function addDays(iso: string, n: number): string {
  return fromDayNumber(parse(iso) + n);
}

/** Day of the week, 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(iso: string): number {
  return (((parse(iso) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

/** `Friday, March 14, 2014`: how notices name a day. */
export function formatCourtDate(iso: string): string {
  parse(iso);
  return `${WEEKDAYS[dayOfWeek(iso)]}, ${MONTHS[Number(iso.slice(5, 7)) - 1]} ${Number(iso.slice(8, 10))}, ${Number(iso.slice(0, 4))}`;
}

/** The calendar date of an instant in `timezone` (court time by default). */
export function localDate(instant: Date, timezone: string = COURT_TIME_ZONE): string {
  return isoInZone(instant, timezone).slice(0, 10);
}

function ymd(year: number, month: number, day: number): string {
  return fromDayNumber(dayNumber(year, month, day));
}

/** The n-th `weekday` (0 = Sunday) of a month; n = -1 for the last. */
function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  if (n > 0) {
    const first = ymd(year, month, 1);
    return addDays(first, ((weekday - dayOfWeek(first) + 7) % 7) + (n - 1) * 7);
  }
  const last = ymd(year, month, daysInMonth(year, month));
  return addDays(last, -((dayOfWeek(last) - weekday + 7) % 7));
}

/** Saturday → the Friday before, Sunday → the Monday after. */
function observedOn(iso: string): string {
  const wd = dayOfWeek(iso);
  return wd === 6 ? addDays(iso, -1) : wd === 0 ? addDays(iso, 1) : iso;
}

const MON = 1;
const THU = 4;

/**
 * The federal legal holidays whose statutory day falls in `year`, in calendar order, each
 * with the day it is observed. The observed day of New Year's Day can be December 31 of
 * the year before (2022's is `2021-12-31`).
 */
export function holidaysOf(year: number): Holiday[] {
  if (!Number.isInteger(year) || year < 1 || year > 9998) throw new RangeError(`year out of range: ${year}`);
  const monday = year >= 1971; // Uniform Monday Holiday Act, Pub. L. 90-363
  const list: [HolidayName, string | null][] = [
    ["New Year's Day", ymd(year, 1, 1)],
    ['Birthday of Martin Luther King, Jr.', year >= 1986 ? nthWeekday(year, 1, MON, 3) : null],
    ["Washington's Birthday", monday ? nthWeekday(year, 2, MON, 3) : ymd(year, 2, 22)],
    ['Memorial Day', monday ? nthWeekday(year, 5, MON, -1) : ymd(year, 5, 30)],
    ['Juneteenth National Independence Day', year >= 2021 ? ymd(year, 6, 19) : null],
    ['Independence Day', ymd(year, 7, 4)],
    ['Labor Day', nthWeekday(year, 9, MON, 1)],
    ['Columbus Day', monday ? nthWeekday(year, 10, MON, 2) : ymd(year, 10, 12)],
    ['Veterans Day', year >= 1971 && year <= 1977 ? nthWeekday(year, 10, MON, 4) : ymd(year, 11, 11)],
    ['Thanksgiving Day', nthWeekday(year, 11, THU, 4)],
    ['Christmas Day', ymd(year, 12, 25)],
  ];
  const out: Holiday[] = [];
  for (const [name, date] of list) if (date) out.push({ name, date, observed: observedOn(date) });
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * The federal holiday on `isoDate`, either its statutory day or the day observed in its
 * place (`2020-07-03` → Independence Day, observed); undefined when there is none.
 */
export function federalHolidayOn(isoDate: string): (Holiday & { isObserved: boolean }) | undefined {
  parse(isoDate);
  const year = Number(isoDate.slice(0, 4));
  // December 31 can be the observed New Year's Day of the year after.
  const candidates = year < 9998 ? [...holidaysOf(year), ...holidaysOf(year + 1)] : holidaysOf(year);
  const observed = candidates.find((h) => h.observed === isoDate);
  if (observed) return { ...observed, isObserved: observed.observed !== observed.date };
  const statutory = candidates.find((h) => h.date === isoDate);
  return statutory ? { ...statutory, isObserved: false } : undefined;
}

/** 5 U.S.C. § 6103: true on a holiday's statutory day and on the day observed in its place. */
export function isFederalHoliday(isoDate: string): boolean {
  return federalHolidayOn(isoDate) !== undefined;
}

/** Saturday, Sunday, a federal holiday (statutory or observed), or one of `closures`. */
export function isWeekendOrHoliday(isoDate: string, closures: readonly string[] = []): boolean {
  const wd = dayOfWeek(isoDate);
  return wd === 0 || wd === 6 || isFederalHoliday(isoDate) || closures.includes(isoDate);
}

/** Days counted back from the hearing (O-6, ECF Procedure 14(e)(1): "at least three days prior"). */
export const HEARING_NOTICE_DAYS = 3;

/**
 * O-6, Fed. R. Bankr. P. 9006(a)(1), (5): leave out the hearing day, count back three
 * days; if that day is a Saturday, Sunday or legal holiday, keep going back to the first
 * day that is none of these. Returns that day: the order must arrive before midnight
 * court time at its end. Hearing Tuesday `2014-03-18` → `2014-03-14` (the count lands on
 * Saturday the 15th). `closures`: days declared holidays by the President (9006(a)(6)(B)).
 */
export function hearingDeadline(hearingIsoDate: string, closures: readonly string[] = []): string {
  let day = addDays(hearingIsoDate, -HEARING_NOTICE_DAYS);
  while (isWeekendOrHoliday(day, closures)) day = addDays(day, -1);
  return day;
}

export type HearingTiming =
  | { ok: true; deadline: string }
  | { ok: false; code: 'HEARING_TOO_SOON' | 'HEARING_PASSED'; detail: string; deadline: string };

function clockTime(instant: Date, timezone: string): string {
  const [h, m] = isoInZone(instant, timezone).slice(11, 16).split(':').map(Number) as [number, number];
  return `${h % 12 === 0 ? 12 : h % 12}:${String(m).padStart(2, '0')} ${h < 12 ? 'a.m.' : 'p.m.'}`;
}

/**
 * O-6 for a `hearing date` order arriving at `arrival`: `HEARING_PASSED` when the hearing
 * day is before the arrival's court-local date; `HEARING_TOO_SOON` when it arrived after
 * the end of the 9006(a) deadline day (a hearing today is too soon); otherwise ok.
 */
export function checkHearingTiming(
  hearingIsoDate: string,
  arrival: Date,
  timezone: string = COURT_TIME_ZONE,
  closures: readonly string[] = [],
): HearingTiming {
  const deadline = hearingDeadline(hearingIsoDate, closures);
  const arrived = localDate(arrival, timezone);
  const hearing = formatCourtDate(hearingIsoDate);
  if (hearingIsoDate < arrived) {
    return {
      ok: false,
      code: 'HEARING_PASSED',
      deadline,
      detail: `the hearing on ${hearing} has already taken place: the order arrived on ${formatCourtDate(arrived)}. After a hearing, submit the order as “hearing held <date>”`,
    };
  }
  if (arrived > deadline) {
    const when = arrived === hearingIsoDate ? 'on the day of the hearing' : `on ${formatCourtDate(arrived)}`;
    return {
      ok: false,
      code: 'HEARING_TOO_SOON',
      deadline,
      detail:
        `for a hearing on ${hearing} the order had to arrive by the end of ${formatCourtDate(deadline)} ` +
        `(three days before the hearing, counted back past weekends and legal holidays, Fed. R. Bankr. P. 9006(a)); ` +
        `it arrived ${when} at ${clockTime(arrival, timezone)}`,
    };
  }
  return { ok: true, deadline };
}
