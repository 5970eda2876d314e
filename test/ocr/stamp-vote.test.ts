import { describe, expect, it } from 'vitest';
import { formatReading, parseStampText } from '../../src/ocr/stamp-date.ts';
import { agree, plausible, type Vote } from '../../src/ocr/stamp-vote.ts';

/** A pass that read `text` (its best stamp reading, tentative time included). */
const pass = (text: string, o: { trusted?: boolean; unsure?: boolean } = {}): Vote => {
  const reading = parseStampText(text, { facilityCodes: ['MWCI'], referenceYear: 2016 })[0];
  return { reading, tentativeTime: reading?.tentativeTime, trusted: o.trusted ?? true, unsure: o.unsure ?? false };
};
const read = (votes: Vote[]) => {
  const a = agree(votes);
  return a ? formatReading(a.reading) : null;
};

describe('stamp-vote: whole readings (P-3, P-4)', () => {
  it('P-3: two passes reading the same date and time agree', () => {
    expect(read([pass('RECEIVED JUN 22 2016 10:32 AM'), pass('RECEIVED JUN 22 2016 10:32 AM')])).toBe('2016-06-22 10:32');
  });
  it('P-4: one pass alone is not an agreement', () => {
    expect(read([pass('RECEIVED JUN 22 2016 10:32 AM'), pass('RECEIVED JUN 2Z 2O1G')])).toBeNull();
  });
  it('P-4: two readings read as often as each other: no reading', () => {
    expect(read([pass('RECEIVED JUN 22 2016 10:32 AM'), pass('RECEIVED JUN 22 2016 10:32 AM'), pass('RECEIVED JUN 23 2016 10:32 AM'), pass('RECEIVED JUN 23 2016 10:32 AM')])).toBeNull();
  });
  it('P-4: passes that may not anchor an agreement (gated over type) cannot agree alone', () => {
    expect(read([pass('SCANNED 05.25.13 13.56', { trusted: false }), pass('SCANNED 05.25.13 13.56', { trusted: false })])).toBeNull();
    expect(read([pass('SCANNED 05.25.13 13.56', { trusted: false }), pass('SCANNED 05.25.13 13.56')])).toBe('2013-05-25 13:56');
  });
  it('P-4: passes all but unsure of their digits need a third vote', () => {
    const unsure = () => pass('RECEIVED JUN 22 2016 10:32 AM', { unsure: true });
    expect(read([unsure(), unsure()])).toBeNull();
    expect(read([unsure(), unsure(), unsure()])).toBe('2016-06-22 10:32');
  });
});

describe('stamp-vote: date and time voted field by field (P-3, P-4)', () => {
  it('P-3: the date from passes that read no time, the time from two others that read the same date', () => {
    const votes = [pass('RECEIVED NOV 09 2013.1:29 PM'), pass('RECEIVED NOV 09 2013.1:29 PM'), pass('RECEIVED NOV 09 2013 1:29 PM'), pass('RECEIVED NOV 09 2013 1:29 PM')];
    expect(read(votes)).toBe('2013-11-09 13:29');
    // One of each: not enough for the time.
    expect(read([pass('RECEIVED NOV 09 2013.1:29 PM'), pass('RECEIVED NOV 09 2013.1:29 PM'), pass('RECEIVED NOV 09 2013 1:29 PM')])).toBe('2013-11-09');
  });
  it('P-3: a time read by only one pass is not trusted when another pass reads a different time', () => {
    const votes = [pass('RECEIVED NOV 09 2013'), pass('RECEIVED NOV 09 2013'), pass('RECEIVED NOV 09 2013 1:29 PM'), pass('RECEIVED NOV 09 2013 1:28 PM')];
    expect(read(votes)).toBe('2013-11-09');
  });
  it('P-3: a time read by only one pass is not trusted even when no other pass reads a time', () => {
    expect(read([pass('RECEIVED NOV 09 2013'), pass('RECEIVED NOV 09 2013'), pass('RECEIVED NOV 09 2013 1:29 PM')])).toBe('2013-11-09');
  });
  it('P-4: a time from a pass that read another date does not complete the date', () => {
    const votes = [pass('RECEIVED NOV 09 2013'), pass('RECEIVED NOV 09 2013'), pass('RECEIVED NOV 08 2013 1:29 PM'), pass('RECEIVED NOV 09 2013 1:29 PM')];
    expect(read(votes)).toBe('2013-11-09');
  });
  it('P-4: any pass reading another time vetoes the field vote, even one that read another date', () => {
    const votes = [pass('NOV 09 2013'), pass('NOV 09 2013'), pass('RECEIVED NOV 09 2013 1:29 PM'), pass('RECEIVED NOV 09 2013 1:29 PM'), pass('RECEIVED NOV 06 2013 7:29 PM')];
    // The whole reading still has its majority (2 against 1), as before; the field vote adds nothing.
    expect(read(votes)).toBe('2013-11-09 13:29');
    const split = [pass('NOV 09 2013'), pass('NOV 09 2013'), pass('RECEIVED NOV 09 2013 1:29 PM'), pass('RECEIVED NOV 09 2013 1:29 PM'), pass('RECEIVED NOV 09 2013 7:29 PM'), pass('RECEIVED NOV 09 2013 7:29 PM')];
    expect(read(split)).toBeNull();
  });
  it('P-3: a time read alone from a line crop seconds the time of a pass that read the date', () => {
    const votes: Vote[] = [pass('RECEIVED NOV 09 2013'), pass('RECEIVED NOV 09 2013 1:29 PM'), { time: { hour: 13, minute: 29 }, trusted: true, unsure: false }];
    expect(agree(votes)?.by).toBe('fields');
    expect(read(votes)).toBe('2013-11-09 13:29');
  });
});

describe('stamp-vote: tentative times (`1738UNRS`) (P-3, P-4)', () => {
  it('P-3: four digits after the date with a garbled HRS are a tentative time, not a time', () => {
    const [c] = parseStampText('RECEIVED FOR FILING\n25 OCT 2022 1738UNRS:', { referenceYear: 2024 });
    expect(formatReading(c!)).toBe('2022-10-25');
    expect(c!.tentativeTime).toEqual({ hour: 17, minute: 38 });
    expect(parseStampText('25 OCT 2022 1778UNRS', { referenceYear: 2024 })[0]!.tentativeTime).toBeUndefined();
    expect(parseStampText('25 OCT 2022 17384', { referenceYear: 2024 })[0]!.tentativeTime).toBeUndefined();
  });
  it('P-3: a tentative time seconds a time another pass reads for sure', () => {
    expect(read([pass('25 OCT 2022 1738UNRS'), pass('25 OCT 2022 1738 HRS')])).toBe('2022-10-25 17:38');
  });
  it('P-4: two tentative times alone are not enough', () => {
    expect(read([pass('RECEIVED 25 OCT 2022 1738UNRS'), pass('RECEIVED 25 OCT 2022 17 38UNRIE')])).toBe('2022-10-25');
  });
  it('P-3: three passes with the same tentative time, two trusted, and none without it, agree', () => {
    const votes = [pass('RECEIVED 25 OCT 2022 1738UNRS'), pass('RECEIVED 25 OCT 2022 17 38UNRIE'), pass("RECEIVED 25 OCT 2022 1738 I'RT", { trusted: false })];
    expect(read(votes)).toBe('2022-10-25 17:38');
  });
  it('P-4: tentative times are not trusted when another pass read the date without those digits', () => {
    const votes = [pass('RECEIVED 25 OCT 2022 1738UNRS'), pass('RECEIVED 25 OCT 2022 17 38UNRIE'), pass('RECEIVED 25 OCT 2022 1738UNRS'), pass('RECEIVED 25 OCT 2022 ~ UNRS')];
    expect(read(votes)).toBe('2022-10-25');
  });
  it('P-4: a tentative time that differs from another pass\'s time vetoes it', () => {
    expect(read([pass('25 OCT 2022 1736UNRS'), pass('25 OCT 2022 1738 HRS'), pass('25 OCT 2022 1738 HRS')])).toBe('2022-10-25 17:38');
    expect(read([pass('25 OCT 2022'), pass('25 OCT 2022'), pass('25 OCT 2022 1736UNRS'), pass('25 OCT 2022 1738 HRS')])).toBe('2022-10-25');
  });
});

describe('stamp-vote: plausibility (P-4)', () => {
  const arrival = new Date('2016-07-01T16:00:00Z');
  it('P-4: a reading dated after the arrival (a misread 2316 for 2016) is not a vote', () => {
    expect(plausible({ year: 2316, month: 4, day: 25 }, arrival)).toBe(false);
    expect(plausible({ year: 2016, month: 7, day: 5 }, arrival)).toBe(false);
    expect(plausible({ year: 2016, month: 4, day: 25 }, arrival)).toBe(true);
    // The arrival day and the next (time zones) are possible.
    expect(plausible({ year: 2016, month: 7, day: 1 }, arrival)).toBe(true);
    expect(plausible({ year: 2016, month: 7, day: 2 }, arrival)).toBe(true);
    expect(plausible({ year: 2316, month: 4, day: 25 }, undefined)).toBe(true);
  });
});

describe('stamp-vote: readings later than the arrival (P-4)', () => {
  const arrival = new Date('2016-07-01T16:00:00Z');
  /** A pass as stamp.ts builds it: a reading later than the arrival is its `late` reading. */
  const seen = (text: string, o: { trusted?: boolean } = {}): Vote => {
    const [top] = parseStampText(text, { facilityCodes: ['MWCI'], referenceYear: 2016 });
    const late = top && !plausible(top, arrival) ? top : undefined;
    return { reading: late ? undefined : top, tentativeTime: late ? undefined : top?.tentativeTime, late, trusted: o.trusted ?? true, unsure: false };
  };

  it('P-4: a stamp dated after the arrival that two passes read alike is read, for P-4 to judge', () => {
    const a = agree([seen('RECEIVED AUG 22 2016 10:32 AM'), seen('RECEIVED AUG 22 2016 10:32 AM')]);
    expect(a && formatReading(a.reading)).toBe('2016-08-22 10:32');
    expect(plausible(a!.reading, arrival)).toBe(false);
  });

  it('P-4: one pass reading a later date than the others is a misread, not a rival', () => {
    const votes = [seen('RECEIVED JUN 22 2016 10:32 AM'), seen('RECEIVED JUN 22 2018 10:32 AM'), seen('RECEIVED JUN 22 2016 10:32 AM')];
    expect(read(votes)).toBe('2016-06-22 10:32');
    // Its time does not veto the others' either.
    expect(read([seen('RECEIVED JUN 22 2016'), seen('RECEIVED JUN 22 2016 10:32 AM'), seen('RECEIVED JUN 22 2018 4:32 PM'), seen('RECEIVED JUN 22 2016 10:32 AM')])).toBe('2016-06-22 10:32');
  });

  it('P-4: one pass alone reading a later date is no reading at all', () => {
    expect(read([seen('RECEIVED AUG 22 2016 10:32 AM'), seen('RECEIVED AU6 2Z 2O1G')])).toBeNull();
  });

  it('P-4: two passes reading a later date against two reading an earlier one: no reading', () => {
    const votes = [seen('RECEIVED JUN 22 2016 10:32 AM'), seen('RECEIVED JUN 22 2018 10:32 AM'), seen('RECEIVED JUN 22 2016 10:32 AM'), seen('RECEIVED JUN 22 2018 10:32 AM')];
    expect(read(votes)).toBeNull();
  });

  it('P-4: passes that may not anchor an agreement cannot agree on a later date alone', () => {
    expect(read([seen('RECEIVED AUG 22 2016 10:32 AM', { trusted: false }), seen('RECEIVED AUG 22 2016 10:32 AM', { trusted: false })])).toBeNull();
  });
});
