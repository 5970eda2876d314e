import { describe, expect, it } from 'vitest';
import { formatReading, normalizeOcrText, parseStampText, STAMP_SCORE_MIN } from '../../src/ocr/stamp-date.ts';

const FAC = ['MWCI', 'CCI', 'OCI'];
const parse = (text: string, referenceYear = 2016) => parseStampText(text, { facilityCodes: FAC, referenceYear });
/** The best stamp-like reading, formatted, or null. */
const stamp = (text: string, referenceYear?: number) => {
  const best = parse(text, referenceYear)[0];
  return best && best.score >= STAMP_SCORE_MIN ? formatReading(best) : null;
};

describe('stamp-date: the forms facility stamps use (P-3)', () => {
  const forms: Array<[string, string]> = [
    ['RECEIVED JUN 22 2016 10:32 AM MWCI', '2016-06-22 10:32'],
    ['SCANNED 06/22/2016 10:32', '2016-06-22 10:32'],
    ['FILED Jun. 22, 2016 1:05 PM', '2016-06-22 13:05'],
    ['6-22-16 @ 1032', '2016-06-22 10:32'],
    ['RECEIVED\nJUN 22 2016\n10:32 AM\nMWCI', '2016-06-22 10:32'],
    ['RECEIVED 2016 JUN 22 AM 10:32', '2016-06-22 10:32'],
    ['RECEIVED 2016 JUN 22 PM 1:05', '2016-06-22 13:05'],
    ['10:32 AM JUN 22 2016', '2016-06-22 10:32'],
    ['RECEIVED\n10:32 AM\nJUN 22 2016', '2016-06-22 10:32'],
    ['RECD 22 JUN 2016 1032 HRS', '2016-06-22 10:32'],
    ['SCANNED 06.22.16 10.32', '2016-06-22 10:32'],
    ['RECEIVED JUNE 22, 2016 AT 10:32 A.M.', '2016-06-22 10:32'],
    ["REC'D 6/22/16 10:32AM", '2016-06-22 10:32'],
    ['received jun 22 2016 10:32 am', '2016-06-22 10:32'],
    ['LEGAL MAIL\n6-22-16 @ 0932\nMWCI', '2016-06-22 09:32'],
    ['RECEIVED 22JUN2016 1032 HRS', '2016-06-22 10:32'],
    ['RECEIVED JUN22 2016 10:32', '2016-06-22 10:32'],
    ['SCANNED 2016-06-22 10:32', '2016-06-22 10:32'],
    ['RECEIVED SEP 5 2016 3:07 PM', '2016-09-05 15:07'],
    ['RECEIVED SEPT. 5, 2016 3:07 PM', '2016-09-05 15:07'],
    ["RECEIVED JUN 22 '16 10:32", '2016-06-22 10:32'],
    ['RECEIVED FEB 29 2016 10:00 AM', '2016-02-29 10:00'],
    ['SCANNED 06/22/2016 10:32:15', '2016-06-22 10:32'],
    ['FILED JUN 22 2016 12:05 AM', '2016-06-22 00:05'],
    ['FILED JUN 22 2016 12:30 PM', '2016-06-22 12:30'],
    ['DATE STAMP 6.22.2016 @ 10:32', '2016-06-22 10:32'],
    ['RECEIVED 2016 JUN 22 10:32', '2016-06-22 10:32'],
    ['SCANNED - MWCI\n06/22/2016\n10:32', '2016-06-22 10:32'],
    ['RECEIVED FOR FILING\n22 JUN 2016 1032 HRS\nCCI', '2016-06-22 10:32'],
    ['RECEIVED JUN 22 2016', '2016-06-22'],
  ];
  it.each(forms)('P-3: reads %j as %s', (text, want) => {
    expect(stamp(text)).toBe(want);
  });

  const ocrSlips: Array<[string, string]> = [
    ['RECEIVED JUN 22 2O16 l0:32 AM', '2016-06-22 10:32'],
    ['SCANNED O6/22/2O16 1O:32', '2016-06-22 10:32'],
    ['SCANNED O6/2S/2016 l0:3B', '2016-06-25 10:38'],
    ['RECE1VED JUN 22 2016 10:32 AM', '2016-06-22 10:32'],
    ['RECEIVED 0CT 03 2016 9:15 AM', '2016-10-03 09:15'],
    ['RECEIVED JU1 04 2016 9:15 AM', '2016-07-04 09:15'],
  ];
  it.each(ocrSlips)('P-3: repairs the OCR slip in %j → %s', (text, want) => {
    expect(stamp(text)).toBe(want);
  });

  it('P-3: two-digit years go to the century closest to the reference year', () => {
    expect(stamp('SCANNED 06/22/99 10:32', 2016)).toBe('1999-06-22 10:32');
    expect(stamp('SCANNED 06/22/16 10:32', 2024)).toBe('2016-06-22 10:32');
    expect(stamp('SCANNED 06/22/30 10:32', 2024)).toBe('2030-06-22 10:32');
  });

  it('P-3: a stamp outranks the signature date and body dates in the same text', () => {
    const text = [
      'On May 3, 2016, the plaintiff was transferred to another facility and lost his papers.',
      'Dated: June 20, 2016',
      'RECEIVED',
      'JUN 22 2016',
      '10:32 AM MWCI',
    ].join('\n');
    const all = parse(text);
    expect(all.map(formatReading)).toEqual(expect.arrayContaining(['2016-05-03', '2016-06-20', '2016-06-22 10:32']));
    expect(formatReading(all[0]!)).toBe('2016-06-22 10:32');
    expect(all[0]!.cues).toEqual(expect.arrayContaining(['keyword:RECEIVED', 'time', 'facility:MWCI']));
  });

  it('P-3: the facility code and stamp keyword raise the score', () => {
    const bare = parse('JUN 22 2016 10:32')[0]!;
    const full = parse('RECEIVED JUN 22 2016 10:32 MWCI')[0]!;
    expect(full.score).toBeGreaterThan(bare.score);
  });
});

describe('stamp-date: traps are never read as the stamp (P-4)', () => {
  const notStamps: Array<[string, string]> = [
    ['a signature line', 'Dated: June 20, 2016'],
    ['a signature line with a slash date', 'Dated: 6/20/2016'],
    ['the "day of" form', 'Signed this 20th day of June, 2016.'],
    ['an "executed on" line', 'Executed on June 20, 2016'],
    ['a body date in prose', 'On May 3, 2016, the plaintiff was transferred to MacDougall-Walker and has not received his legal materials.'],
    ['a body date with a time in prose', 'A grievance was filed on 4-7-16 at 3:15 PM and is still pending before the unit administrator.'],
    ['a caption date under the case number', 'Case No. 3:16-cv-01234 (JCH)\nJune 20, 2016'],
  ];
  it.each(notStamps)('P-4: %s scores below the stamp threshold', (_name, text) => {
    const all = parse(text);
    expect(all.length).toBeGreaterThan(0);
    expect(all[0]!.score).toBeLessThan(STAMP_SCORE_MIN);
  });

  const noDate: Array<[string, string]> = [
    ['February 30th', 'RECEIVED FEB 30 2016 10:32'],
    ['June 31st', 'RECEIVED JUN 31 2016'],
    ['month 13', 'SCANNED 13/22/2016 10:32'],
    ['day/month order (not swapped)', 'SCANNED 22/06/2016 10:32'],
    ['a case number', 'Case No. 3:16-cv-01234 (JCH)'],
    ['a statute', '28 U.S.C. § 2254 and 42 U.S.C. § 1983'],
    ['an inmate number', 'Inmate No. 123456'],
    ['a social security number', 'SSN 123-45-6789'],
    ['a telephone number', 'Tel. (860) 240-3200'],
    ['February 29th of a common year', 'RECEIVED FEB 29 2015 10:00'],
  ];
  it.each(noDate)('P-4: %s yields no date', (_name, text) => {
    expect(parse(text)).toEqual([]);
  });

  it('P-4: an impossible time is dropped, the date kept', () => {
    const [c] = parse('RECEIVED JUN 22 2016 25:32');
    expect(c && formatReading(c)).toBe('2016-06-22');
    const [d] = parse('RECEIVED JUN 22 2016 10:62');
    expect(d && formatReading(d)).toBe('2016-06-22');
  });

  it('P-4: the case number\'s "3:16" is not taken for a time', () => {
    const [c] = parse('RECEIVED\nCase No. 3:16-cv-01234\nJUN 22 2016');
    expect(c!.hour).toBeUndefined();
  });

  it('P-4: a time-stamp machine\'s time is not read as a year (2016 JUN 22 10:32 is not 2010)', () => {
    expect(parse('2016 JUN 22 10:32').map(formatReading)).toEqual(['2016-06-22 10:32']);
  });

  it('P-4: letters are repaired into digits only inside numbers', () => {
    expect(normalizeOcrText('SCANNED BOS 2O16')).toBe('SCANNED BOS 2016');
    expect(normalizeOcrText('IS SO')).toBe('IS SO');
  });
});

describe('stamp-date: cut-off readings (P-4)', () => {
  it('P-4: a four-digit year cut short by the crop is not read as a two-digit year', () => {
    expect(parse('RECEIVED FOR FILING\n25 OCT 20?', 2024)).toEqual([]);
    expect(parse('AUG 11 20°', 2024)).toEqual([]);
    expect(stamp('6-22-16 @ 1032')).toBe('2016-06-22 10:32');
    expect(stamp("RECEIVED JUN 22 '16, 10:32")).toBe('2016-06-22 10:32');
  });
});

describe('stamp-date: specks and punctuation OCR adds (P-3)', () => {
  it('P-3: a speck read as ° or " between fields does not hide the date', () => {
    expect(stamp('RECEIVED OCT 22° 2022 4:01 PM', 2024)).toBe('2022-10-22 16:01');
    expect(stamp('RECEIVED "OCT 22 2022 4:01 PM', 2024)).toBe('2022-10-22 16:01');
  });
  it('P-3: a period after a four-digit year is punctuation, not a decimal', () => {
    expect(stamp('FILED Jul. 2, 2023. 9:30 AM', 2024)).toBe('2023-07-02 09:30');
  });
});

describe('stamp-date: a speck after a two-digit year (P-3)', () => {
  it('P-3: `1-21-18’@ 0932` is read, `25 OCT 20?` is not', () => {
    expect(stamp('1-21-18’@ 0932.', 2024)).toBe('2018-01-21 09:32');
    expect(stamp('1-21-18/@ 0932.', 2024)).toBe('2018-01-21 09:32');
    expect(parse('25 OCT 20?', 2024)).toEqual([]);
    expect(parse('6/22/16/5', 2016)).toEqual([]);
  });
});

describe('stamp-date: debris next to numbers (P-3, P-4)', () => {
  it('P-3: a speck between the time and AM/PM, or after @, is skipped', () => {
    expect(stamp('5:47°PM JAN 29.2021', 2024)).toBe('2021-01-29 17:47');
    expect(stamp('7-7-18 @.0924', 2024)).toBe('2018-07-07 09:24');
  });
  it('P-4: a number right after debris may be a cut or invented digit and is not read', () => {
    // `RECD 19 JAN` cut by the crop; a box edge read as “1 before `1:29 PM`.
    expect(stamp('.9 JAN 2021 1536 HRS', 2024)).toBeNull();
    expect(parse('RECEIVED\nDEC 22 2023\n“11:29 PM GCI', 2024)[0]!.hour).toBeUndefined();
    expect(parse('|06/22/2016 10:32', 2024)).toEqual([]);
  });
});

describe('stamp-date: what stamps and OCR really do to the text (P-3)', () => {
  const shapes: Array<[string, string, string, number?]> = [
    ['day and year run together after the month', 'OCT 052016 8:58 AM', '2016-10-05 08:58'],
    ['day and year run together after a dotted month', 'RECEIVED OCT. 052016 8:58 AM', '2016-10-05 08:58'],
    ['day and year run together, time on the line above', 'RECEIVED\n8:58 AM\nOCT 052016', '2016-10-05 08:58'],
    ['no space after the comma', 'Oct. 18,2016 1:05 PM', '2016-10-18 13:05'],
    ['a tight stamp: no spaces at all around the day', 'RECEIVED Oct.18,2016 1:05PM', '2016-10-18 13:05'],
    ['the stamp word glued to the month', 'RECEIVEDJUN 22 2016 10:32AM', '2016-06-22 10:32'],
    ['the stamp word glued to a numeric date', 'SCANNED06/22/2016 10:32', '2016-06-22 10:32'],
    ['the year glued to a 24-hour time', 'SCANNED 06/22/201610:32', '2016-06-22 10:32'],
    ['the year glued to a 12-hour time', 'RECEIVED JUN 22 20161:05 PM', '2016-06-22 13:05'],
    ['O for 0 and l for 1 and S for 5', 'RECEIVED 0CT O5 2Ol6 8:S8 AM', '2016-10-05 08:58'],
    ['B for 8 in the minutes', 'RECEIVED JUN 22 2016 10:3B AM', '2016-06-22 10:38'],
    ['I for 1 in the hour', 'RECEIVED JUN 22 2016 I0:32 AM', '2016-06-22 10:32'],
    ['the colon of the time lost, AM kept', 'RECEIVED OCT 05 2016 8 58 AM', '2016-10-05 08:58'],
    ['the colon and space lost, PM kept', 'RECEIVED OCT 5 2016 1058 PM', '2016-10-05 22:58'],
    ['@ read as ©', 'RECEIVED 6-28-16 © 1032', '2016-06-28 10:32'],
    ['@ glued to the date and the time', 'LEGAL MAIL 6-28-16@1032', '2016-06-28 10:32'],
    ['AT before a four-digit time', 'RECEIVED JUN 22 2016 AT 1432', '2016-06-22 14:32'],
    ['AT glued to the time', 'RECEIVED JUN 22 2016 AT10:32 AM', '2016-06-22 10:32'],
    ['a military time with HRS', 'RCVD 14 JUN 2016 1432 HRS', '2016-06-14 14:32'],
    ['a military time with HRS glued', 'RCVD 14 JUN 2016 1432HRS', '2016-06-14 14:32'],
    ['a military time with HR5', 'RCVD 14 JUN 2016 1432 HR5', '2016-06-14 14:32'],
    ['a 24-hour time with a colon', 'RCVD 14 JUN 2016 14:32', '2016-06-14 14:32'],
    ['date over time, 24-hour', 'RECEIVED\nJUN 22 2016\n14:32', '2016-06-22 14:32'],
    ['date over time, no stamp word', 'OCT 05 2016\n8:58 AM', '2016-10-05 08:58'],
    ['time first, on its own line', '8:58 AM\nOCT 05 2016', '2016-10-05 08:58'],
    ['dotted month and date', 'RECEIVED JUN.22.2016 10:32AM', '2016-06-22 10:32'],
    ['caption text on the stamp’s line', 'JOHN SMITH, : Case No. 3:16-cv-01234 (JCH)  SCANNED 06/22/2016 10:32', '2016-06-22 10:32'],
    ['caption words before the stamp word', 'PLAINTIFF, : RECEIVED JUN 22 2016 10:32 AM', '2016-06-22 10:32'],
    ['the stamp’s lines mixed with the heading, the time on the next mixed line', 'SCANNED ) 103 UNITED STATES DISTRICT COURT 6-28-16 (@\nDISTRICT OF CONNECTICUT 10:32', '2016-06-28 10:32'],
    ['each stamp line run into a caption line', 'UNITED STATES DISTRICT COURT RECEIVED\nDISTRICT OF CONNECTICUT JUN 22 2016\nJOHN SMITH, : 10:32 AM MWCI', '2016-06-22 10:32'],
    ['a slash date with one-digit month and day', 'SCANNED 6/7/16 10:32', '2016-06-07 10:32'],
    ['a month split by the stamp’s letter spacing', 'RECEIVED J UN 22 2016 10:32 AM', '2016-06-22 10:32'],
    ['a month split after two letters', 'RECEIVED 22 OC T 2016 10:32 AM', '2016-10-22 10:32'],
  ];
  it.each(shapes)('P-3: %s (%j) reads as %s', (_name, text, want, year) => {
    expect(stamp(text, year)).toBe(want);
  });
});

describe('stamp-date: run-together digits that could be two dates are never split (P-4)', () => {
  const ambiguous: Array<[string, string]> = [
    ['day and a two-digit year glued, then two more digits', 'OCT 0520 16 8:58 AM'],
    ['a one-digit day glued to the year (5 2016, or 52 cut?)', 'RECEIVED OCT 52016 8:58 AM'],
    ['a bare six-digit run (052016: 05/20/16? 05/2016?)', 'SCANNED 052016 10:32'],
    ['a bare eight-digit run', 'SCANNED 06222016 10:32'],
    ['seven digits after the month', 'RECEIVED JUN 2220166 10:32'],
  ];
  it.each(ambiguous)('P-4: %s (%j) yields no date', (_name, text) => {
    expect(parse(text).filter((c) => c.score >= STAMP_SCORE_MIN)).toEqual([]);
  });

  it('P-4: a time in prose on the next line is not the stamp’s time, however the line is cut', () => {
    const [c] = parse('RECEIVED JUN 22 2016\nA grievance was filed on the same day at 3:15 PM and is still pending before the unit administrator.');
    expect(c!.hour).toBeUndefined();
  });

  it('P-4: four bare digits after a date stay a tentative time, not a time', () => {
    const [c] = parse('SCANNED 06/22/2016 1032');
    expect(c!.hour).toBeUndefined();
    expect(c!.tentativeTime).toEqual({ hour: 10, minute: 32 });
  });

  it('P-4: digits without AM/PM and without a colon are not a 12-hour time', () => {
    expect(parse('RECEIVED OCT 05 2016 8 58')[0]!.hour).toBeUndefined();
    expect(parse('RECEIVED OCT 05 2016 1358 PM')[0]!.hour).toBeUndefined();
  });

  it('P-3: a two-digit year is read against the arrival’s year', () => {
    expect(stamp('SCANNED 6/7/16 10:32', 2017)).toBe('2016-06-07 10:32');
    expect(stamp('SCANNED 12/30/99 10:32', 2000)).toBe('1999-12-30 10:32');
  });
});
