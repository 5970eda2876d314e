/**
 * Combining the readings of several OCR passes over one stamp into one reading, or none
 * (P-3, P-4). Pure: no I/O.
 *
 * Two ways to agree, tried in turn:
 *
 * 1. Whole readings: at least two passes read the same date and time (three when
 *    tesseract was all but unsure of the digits in each of them), at least one of them a
 *    pass that may anchor an agreement (`trusted`), and no other reading is read as
 *    often. A pass that reads the same date without a time does not count against it.
 * 2. Field by field, when no whole reading agrees or the one that does has no time: the
 *    date as in 1; the time from the passes that read that date (or only a time: a crop
 *    of the line holding it), at least two of them the same, one of them read as a time
 *    in its own right (not only a tentative four digits) and one trusted — and then only
 *    when no pass at all reads another time. A date agreed with a time taken from a pass
 *    that read another date, or over a dissenting time, would be a guess. Tentative times
 *    alone (four digits after the date whose `HRS` is garbled) need three passes, two
 *    trusted, and every pass that read the date to read the same four digits.
 */
import type { StampCandidate } from './stamp-date.ts';

export interface TimeOfDay {
  hour: number;
  minute: number;
}

export interface Vote {
  /** The pass's stamp reading (date, maybe time), if it has one. */
  reading?: StampCandidate;
  /** A time read without a date (a crop of the stamp's time line). */
  time?: TimeOfDay;
  /**
   * A time read only tentatively — four digits after the date whose `HRS` OCR garbled:
   * it can second a time another pass reads for sure, never stand alone.
   */
  tentativeTime?: TimeOfDay;
  /** May anchor an agreement (a pass whose pixels are not suspect). */
  trusted: boolean;
  /** Tesseract was all but unsure of the digits. */
  unsure: boolean;
  /**
   * The pass's best reading when it is later than the message's arrival (`reading` is then
   * its best other one, if any). Another pass reading the same date late makes it the
   * pass's vote: a stamp dated after the arrival is read and reported, and P-4 judges it
   * (STAMP_IMPLAUSIBLE). Alone it is a misread digit (`2018` for `2016`), no vote at all.
   */
  late?: StampCandidate;
}

export interface Agreement {
  reading: StampCandidate;
  /** Indices of the votes the reading rests on. */
  voters: number[];
  /** How it was reached. */
  by: 'whole' | 'fields';
}

type Ymd = Pick<StampCandidate, 'year' | 'month' | 'day'>;

const sameDate = (a: Ymd, b: Ymd) => a.year === b.year && a.month === b.month && a.day === b.day;
const sameTime = (a: TimeOfDay, b: TimeOfDay) => a.hour === b.hour && a.minute === b.minute;
const timeOf = (c: StampCandidate): TimeOfDay | undefined => (c.hour === undefined ? undefined : { hour: c.hour, minute: c.minute ?? 0 });

/** Same calendar date and, when either has one, the same time of day. */
function sameWhole(a: StampCandidate, b: StampCandidate): boolean {
  return sameDate(a, b) && a.hour === b.hour && a.minute === b.minute;
}

/** Enough votes for one value: two, or three when every one of them was unsure; one trusted. */
function enough(votes: Vote[]): boolean {
  if (votes.length < 2 || !votes.some((v) => v.trusted)) return false;
  return votes.length >= 3 || votes.some((v) => !v.unsure);
}

export function agree(votes: Vote[]): Agreement | undefined {
  const counted = withLateReadings(votes);
  const whole = agreeWhole(counted);
  if (whole && whole.reading.hour !== undefined) return whole;
  return agreeFields(counted) ?? whole;
}

/**
 * Each pass's late reading (later than the arrival) replaces its vote where another pass
 * reads the same date late; a late reading no other pass shares stays out of the count.
 */
export function withLateReadings(votes: Vote[]): Vote[] {
  return votes.map((v, i) => {
    const late = v.late;
    if (!late || !votes.some((o, j) => j !== i && o.late && sameDate(o.late, late))) return v;
    return { ...v, reading: late, tentativeTime: late.tentativeTime };
  });
}

/** Rule 1: the same date and time from enough passes, and no other reading as often. */
export function agreeWhole(votes: Vote[]): Agreement | undefined {
  const idx = votes.map((_, i) => i).filter((i) => votes[i]!.reading);
  let best: number[] = [];
  for (const i of idx) {
    const agreeing = idx.filter((j) => sameWhole(votes[j]!.reading!, votes[i]!.reading!));
    if (!enough(agreeing.map((j) => votes[j]!))) continue;
    // More votes; as many: the reading with a time (the same date without one is no rival).
    const longer = agreeing.length > best.length;
    const timed = agreeing.length === best.length && votes[i]!.reading!.hour !== undefined && votes[best[0]!]!.reading!.hour === undefined;
    if (longer || timed) best = agreeing;
  }
  if (best.length === 0) return undefined;
  const agreed = votes[best[0]!]!.reading!;
  // Another reading as often: no majority. The same date with a time and without one are
  // no rivals of each other.
  const others = idx.filter((j) => {
    const r = votes[j]!.reading!;
    return !sameWhole(r, agreed) && !(sameDate(r, agreed) && (r.hour === undefined || agreed.hour === undefined));
  });
  const rival = others.some((o) => others.filter((q) => sameWhole(votes[q]!.reading!, votes[o]!.reading!)).length >= best.length);
  if (rival) return undefined;
  return { reading: bestScored(best.map((j) => votes[j]!.reading!)), voters: best, by: 'whole' };
}

/** Rule 2: the date from the passes that agree on it, the time from those that agree on it. */
export function agreeFields(votes: Vote[]): Agreement | undefined {
  const dated = votes.map((_, i) => i).filter((i) => votes[i]!.reading);
  // The date: enough votes and more than any other date.
  let dateVoters: number[] = [];
  for (const i of dated) {
    const same = dated.filter((j) => sameDate(votes[j]!.reading!, votes[i]!.reading!));
    if (enough(same.map((j) => votes[j]!)) && same.length > dateVoters.length) dateVoters = same;
  }
  if (dateVoters.length === 0) return undefined;
  const date = votes[dateVoters[0]!]!.reading!;
  const otherDates = dated.filter((j) => !sameDate(votes[j]!.reading!, date));
  if (otherDates.some((o) => otherDates.filter((q) => sameDate(votes[q]!.reading!, votes[o]!.reading!)).length >= dateVoters.length)) return undefined;

  // The time: from passes that read this date, or a time alone. Any other time, from any
  // pass (even one that read another date), vetoes it.
  const times: Array<{ i: number; t: TimeOfDay; sure: boolean }> = [];
  votes.forEach((v, i) => {
    const own = v.reading ? timeOf(v.reading) : undefined;
    if (own) times.push({ i, t: own, sure: true });
    else if (v.time) times.push({ i, t: v.time, sure: true });
    else if (v.tentativeTime) times.push({ i, t: v.tentativeTime, sure: false });
  });
  const eligible = times.filter((x) => !votes[x.i]!.reading || sameDate(votes[x.i]!.reading!, date));
  const first = eligible.find((x) => x.sure) ?? eligible[0];
  if (!first) return undefined;
  if (times.some((x) => !sameTime(x.t, first.t))) return undefined;
  const timeVoters = eligible.filter((x) => sameTime(x.t, first.t));
  if (!enough(timeVoters.map((x) => votes[x.i]!))) return undefined;
  // Only tentative readings of the time: every pass that read the date must read those
  // same four digits, at least three of them, two trusted.
  if (!timeVoters.some((x) => x.sure)) {
    const trusted = timeVoters.filter((x) => votes[x.i]!.trusted).length;
    if (timeVoters.length < 3 || trusted < 2 || dateVoters.some((i) => !timeVoters.some((x) => x.i === i))) return undefined;
  }

  const base = bestScored(dateVoters.map((j) => votes[j]!.reading!));
  const reading: StampCandidate = { ...base, cues: [...base.cues], hour: first.t.hour, minute: first.t.minute };
  if (base.hour === undefined && !reading.cues.includes('time')) {
    reading.cues.push('time');
    reading.score = Math.min(1, Math.round((reading.score + 0.2) * 100) / 100);
  }
  const voters = [...new Set([...dateVoters, ...timeVoters.map((x) => x.i)])].sort((a, b) => a - b);
  return { reading, voters, by: 'fields' };
}

function bestScored(cs: StampCandidate[]): StampCandidate {
  return cs.reduce((x, c) => (c.score > x.score ? c : x));
}

/**
 * A stamp is not dated after the message arrived: a reading later than the day after
 * `latest` (the arrival; a day of slack for time zones) is a misread digit (`2316` for
 * `2016`), not a vote for any date. No limit without `latest`.
 */
export function plausible(c: Ymd, latest: Date | undefined): boolean {
  if (!latest) return true;
  const limit = new Date(latest.getTime() + 36 * 3600 * 1000);
  const y = limit.getUTCFullYear();
  const m = limit.getUTCMonth() + 1;
  const d = limit.getUTCDate();
  return c.year < y || (c.year === y && (c.month < m || (c.month === m && c.day <= d)));
}
