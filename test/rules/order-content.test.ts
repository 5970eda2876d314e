import { describe, expect, it } from 'vitest';
import { checkCaption, checkMotionReference, checkSignatureJudgeDate, debtorMatches, explainsDiscrepancy, hasCertificateOfService, motionReferences, textSimilarity, type OrderText } from '../../src/rules/order-content.ts';

const CASE = { number: '13-30001', debtor: 'John Daniel', chapter: 13 };
const doc = (paragraphs: string[], extra: Partial<OrderText> = {}): OrderText => ({ paragraphs, tables: [], textBoxes: [], headers: [], footers: [], ...extra });
const GOOD = [
  'UNITED STATES BANKRUPTCY COURT',
  'DISTRICT OF CONNECTICUT',
  'In re: John Daniel, Debtor.',
  'Case No. 13-30001 (JAM)',
  'Chapter 13',
  'ORDER GRANTING MOTION FOR RELIEF FROM STAY',
  'Upon the Motion for Relief from Stay (ECF No. 42), and after notice and a hearing held on March 15, 2014, it is hereby ORDERED that the motion is GRANTED.',
];

describe('proposed order content (ECF Procedure 14)', () => {
  it('O-3: a complete caption passes, also when laid out in a table', () => {
    expect(checkCaption(doc(GOOD), CASE)).toEqual([]);
    const table = doc(['ORDER', 'It is ORDERED (Doc. No. 42).'], { tables: [[['In re: JOHN DANIEL, Debtor', 'Case No. 3:13-bk-30001\nChapter 13']]] });
    expect(checkCaption(table, CASE)).toEqual([]);
  });

  it('O-3: a caption without the chapter or the case number is CAPTION_INCOMPLETE naming what is missing', () => {
    const [f] = checkCaption(doc(['In re: John Daniel', 'ORDER']), CASE);
    expect(f).toMatchObject({ code: 'CAPTION_INCOMPLETE' });
    expect(f!.detail).toContain('the case number');
    expect(f!.detail).toContain('the chapter');
    expect(f!.detail).not.toContain('name');
  });

  it('O-3: joint debtors must both be named', () => {
    const joint = { ...CASE, debtor: 'John Daniel and Mary Smith' };
    expect(checkCaption(doc(GOOD), joint)[0]!.detail).toContain('debtors’ names');
  });

  it.each([
    ['ECF No. 42', [42]],
    ['(Doc. 42)', [42]],
    ['Doc. No. 42', [42]],
    ['Docket #42', [42]],
    ['Docket No. 42 and ECF No. 43', [42, 43]],
    ['Document No. 7', [7]],
    ['Dkt. 42', [42]],
    ['filed on March 15, 2014 in Chapter 13', []],
  ])('O-4: “%s” names docket numbers %j', (text, expected) => {
    expect(motionReferences(text)).toEqual(expected);
  });

  it('O-4: no reference is MOTION_REFERENCE_MISSING; a number not on the docket is MOTION_NOT_ON_DOCKET', () => {
    expect(checkMotionReference(doc(['ORDER granting the motion.']), new Set([42]))[0]!.code).toBe('MOTION_REFERENCE_MISSING');
    expect(checkMotionReference(doc(['ORDER on the motion (ECF No. 99).']), new Set([42]))[0]!.code).toBe('MOTION_NOT_ON_DOCKET');
    expect(checkMotionReference(doc(GOOD), new Set([42]))).toEqual([]);
  });

  it('O-5: a clean order has no signature line, judge’s name or date line, and “the Court” or a date in the body is fine', () => {
    expect(checkSignatureJudgeDate(doc([...GOOD, 'The Court finds that notice was proper.']), { name: 'Julie A. Manning' })).toEqual([]);
  });

  it('O-5: a signature line, the judge’s name and a date line are each reported with the offending text', () => {
    const bad = doc([...GOOD, 'Dated at Hartford, Connecticut this ___ day of ________, 2014.', '______________________________', 'Julie A. Manning', 'United States Bankruptcy Judge']);
    const found = checkSignatureJudgeDate(bad, { name: 'Julie A. Manning' });
    expect(found.map((f) => f.code).sort()).toEqual(['DATE_LINE', 'JUDGE_NAME', 'SIGNATURE_LINE']);
    expect(found.find((f) => f.code === 'JUDGE_NAME')!.detail).toContain('Manning');
    expect(found.find((f) => f.code === 'DATE_LINE')!.detail).toContain('day of');
  });

  it('O-5: “Dated:” with a blank and /s/ signatures are caught; “Honorable Julie A. Manning” is the judge’s name', () => {
    const f = checkSignatureJudgeDate(doc(['Dated: ____________', '/s/ Ann Lee', 'BY THE COURT', 'Honorable Julie A. Manning']), { name: 'Julie A. Manning' });
    expect(f.map((x) => x.code).sort()).toEqual(['DATE_LINE', 'JUDGE_NAME', 'SIGNATURE_LINE']);
  });

  it('O-9: a certificate of service is recognised by its heading or its certification', () => {
    expect(hasCertificateOfService('CERTIFICATE OF SERVICE\nI certify …')).toBe(true);
    expect(hasCertificateOfService('I hereby certify that on March 20, 2014 a copy was served by first-class mail on all parties.')).toBe(true);
    expect(hasCertificateOfService(GOOD.join('\n'))).toBe(false);
  });

  it('O-10: text similarity ignores formatting and measures real differences', () => {
    expect(textSimilarity(GOOD.join('\n'), GOOD.join('  ').toUpperCase())).toBe(1);
    expect(textSimilarity(GOOD.join(' '), GOOD.join(' ').replace('GRANTED', 'DENIED'))).toBeLessThan(1);
    expect(textSimilarity(GOOD.join(' '), 'An entirely different order about something else.')).toBeLessThan(0.3);
    expect(explainsDiscrepancy('The attached order was revised after the hearing to add a payment date.')).toBe(true);
    expect(explainsDiscrepancy('Please see the attached proposed order.')).toBe(false);
  });

  it.each([
    ['Daniel', 'John Daniel', true],
    ['John Daniel', 'John Daniel', true],
    ['Daniel', 'John Daniel and Mary Daniel', true],
    ['Smith', 'John Daniel and Mary Smith', true],
    ['Danielson', 'John Daniel', false],
    ['Jones', 'John Daniel', false],
  ])('O-7: subject debtor “%s” vs case debtor “%s” → %s', (s, c, ok) => {
    expect(debtorMatches(s, c)).toBe(ok);
  });
});
