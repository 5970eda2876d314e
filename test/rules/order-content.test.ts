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
    expect(checkCaption(doc(GOOD), joint)[0]!.detail).toContain('debtors’ names (Mary Smith)');
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

const JUDGES = [{ name: 'Julie A. Manning' }, { name: 'Ann M. Nevins' }];
const codes = (lines: string[], extra: Partial<OrderText> = {}) => checkSignatureJudgeDate(doc(lines, extra), JUDGES).map((f) => f.code).sort();

/** The contested-matter caption as word processors lay it out: the `)` column and underscores between the blocks. */
const PAREN_CAPTION = [
  'UNITED STATES BANKRUPTCY COURT',
  'DISTRICT OF CONNECTICUT',
  'HARTFORD DIVISION',
  'IN RE:\t)\tCASE NO. 13-30001 (JAM)',
  'JOHN DANIEL,\t)\tCHAPTER 13',
  'Debtor.\t)',
  '_______________________________________)',
  'WELLS FARGO BANK, N.A.,\t)',
  'Movant,\t)',
  'v.\t)\tRE: ECF No. 42',
  'JOHN DANIEL,\t)',
  'Respondent.\t)',
  '_______________________________________)',
];
const BODY = [
  'ORDER GRANTING MOTION FOR RELIEF FROM THE AUTOMATIC STAY',
  'Upon the Motion for Relief from Stay (ECF No. 42) filed by Wells Fargo Bank, N.A., and after notice and a hearing held before the Honorable Julie A. Manning on March 3, 2014, it is hereby',
  'ORDERED: that the Motion is GRANTED.',
];
const PREPARED_BY = ['Prepared by:', 'Dated: June 3, 2014', 'THE MOVANT,', 'WELLS FARGO BANK, N.A.', 'By: /s/ Jennifer Wu', 'Jennifer Wu, Esq.', 'McCalla Raymer Leibert Pierce, LLC', '50 Weston Street', 'Hartford, CT 06120', 'Juris No. 101234', 'Its Attorneys'];
const CERTIFICATE = [
  'CERTIFICATE OF SERVICE',
  'I hereby certify that on this 3rd day of June, 2014, a copy of the foregoing was served by first-class mail on John Daniel, 12 Elm Street, Hartford, CT 06103, and electronically on all appearing parties.',
  'Dated: June 3, 2014',
  '/s/ Jennifer Wu',
  '______________________________',
  'Jennifer Wu',
];

describe('the parts of a proposed order (ECF Procedure 14(b), (c))', () => {
  it('O-5: the `)` column and the underscores of a contested-matter caption are not a SIGNATURE_LINE', () => {
    expect(codes([...PAREN_CAPTION, ...BODY])).toEqual([]);
    expect(checkCaption(doc([...PAREN_CAPTION, ...BODY]), CASE)).toEqual([]);
  });

  it('O-5: a `:` and `§` column caption with an underscore separator passes', () => {
    const colon = ['In re:\t:\tChapter 13', '\t:', 'JOHN DANIEL,\t:\tCase No. 13-30001 (JAM)', '\t:', 'Debtor.\t:', '---------------------------------------x', '§ WELLS FARGO BANK, N.A., Movant §', '§ v. § Re: Doc. No. 42', '§ JOHN DANIEL, Respondent §', '_______________________________________'];
    expect(codes([...colon, ...BODY])).toEqual([]);
    expect(checkCaption(doc([...colon, ...BODY]), CASE)).toEqual([]);
  });

  it('O-5: counsel’s “Prepared by:” block signed /s/ and dated above the signature is counsel’s, not a SIGNATURE_LINE or DATE_LINE', () => {
    expect(codes([...PAREN_CAPTION, ...BODY, ...PREPARED_BY])).toEqual([]);
    expect(codes([...PAREN_CAPTION, ...BODY, 'Submitted by: /s/ Jennifer Wu (ct101234)', 'Attorney for the Movant'])).toEqual([]);
    expect(codes([...PAREN_CAPTION, ...BODY, 'Respectfully submitted,', 'THE DEBTOR,', 'By: ____________________', 'Ann Lee, Esq.', 'Federal Bar No. ct12345'])).toEqual([]);
  });

  it('O-5: a certificate of service signed /s/ by counsel, dated “this 3rd day of June, 2014”, is not a SIGNATURE_LINE or DATE_LINE', () => {
    expect(codes([...PAREN_CAPTION, ...BODY, ...PREPARED_BY, ...CERTIFICATE])).toEqual([]);
    expect(codes([...PAREN_CAPTION, ...BODY, 'I, Jennifer Wu, hereby certify that on June 3, 2014 the foregoing was served on the Chapter 13 Trustee.', 'Dated: ____________', '/s/ Jennifer Wu'])).toEqual([]);
  });

  it('O-5: a date left blank directly above counsel’s /s/ is counsel’s; above “Prepared by:” or the Court’s signature it is the order’s DATE_LINE', () => {
    expect(codes([...PAREN_CAPTION, ...BODY, 'Dated: June ___, 2014', 'THE MOVANT,', 'By: /s/ Jennifer Wu', 'Its Attorneys'])).toEqual([]);
    expect(codes([...PAREN_CAPTION, ...BODY, 'Dated: ____________', ...PREPARED_BY])).toEqual(['DATE_LINE']);
    expect(codes([...PAREN_CAPTION, ...BODY, ...PREPARED_BY, 'Dated: ____________', 'BY THE COURT'])).toEqual(['DATE_LINE']);
    expect(codes([...PAREN_CAPTION, ...BODY, ...PREPARED_BY, 'Entered: ____________'])).toEqual(['DATE_LINE']);
  });

  it('O-5: the judge’s signature block is caught even after counsel’s block', () => {
    expect(codes([...PAREN_CAPTION, ...BODY, ...PREPARED_BY, 'BY THE COURT', '______________________________', 'United States Bankruptcy Judge'])).toEqual(['SIGNATURE_LINE']);
  });

  it('O-5: a bare title under a line is SIGNATURE_LINE only, not JUDGE_NAME', () => {
    expect(codes([...BODY, '______________________________', 'United States Bankruptcy Judge'])).toEqual(['SIGNATURE_LINE']);
    expect(codes([...BODY, 'Chief United States Bankruptcy Judge'])).toEqual(['SIGNATURE_LINE']);
  });

  it.each([
    ['Hon. Julie A. Manning'],
    ['Julie A. Manning'],
    ['JULIE A. MANNING'],
    ['Julie Manning, Chief United States Bankruptcy Judge'],
    ['Judge Manning'],
    ['Chief Judge Manning'],
    ['Manning, J.'],
    ['/s/ Ann M. Nevins'],
    ['Honorable Ann Nevins'],
  ])('O-5: “%s” as the signer is JUDGE_NAME', (name) => {
    expect(codes([...BODY, name])).toContain('JUDGE_NAME');
  });

  it('O-5: the judge’s name standing in the caption is JUDGE_NAME; the judge’s initials after the case number are not', () => {
    expect(codes([...PAREN_CAPTION.slice(0, 4), 'Hon. Julie A. Manning', ...BODY])).toEqual(['JUDGE_NAME']);
    expect(codes([...PAREN_CAPTION, ...BODY])).toEqual([]);
  });

  it('O-5: a judge named in a recital is not JUDGE_NAME; an unknown “Hon.” in the signature block is', () => {
    expect(codes([...PAREN_CAPTION, ...BODY, 'IT IS FURTHER ORDERED that the stay shall remain in effect as to the co-debtor, as Judge Manning ruled at the hearing.'])).toEqual([]);
    expect(codes([...BODY, '____________________', 'Hon. Robert L. Krechevsky'])).toEqual(['JUDGE_NAME', 'SIGNATURE_LINE']);
  });

  it.each([
    ['Dated: ____________'],
    ['Dated at Hartford, Connecticut this ___ day of ________, 2014.'],
    ['Entered: __________'],
    ['SO ORDERED this _____ day of __________, 2014.'],
    ['Dated:'],
    ['Dated at Bridgeport, Connecticut'],
    ['SO ORDERED this 15th day of March, 2014.'],
    ['Date: [ ]'],
  ])('O-5: “%s” in the order proper is DATE_LINE', (line) => {
    expect(codes([...PAREN_CAPTION, ...BODY, line])).toContain('DATE_LINE');
  });

  it('O-5: a filled “Dated:” at the Court’s signature block is DATE_LINE; a blank the Court fills inside a decretal sentence is not', () => {
    expect(codes([...BODY, 'Dated: March 15, 2014', 'BY THE COURT'])).toEqual(['DATE_LINE']);
    expect(codes([...BODY, 'ORDERED: that a continued hearing on the Motion shall be held on the ____ day of __________, 2014 at 10:00 a.m. at 450 Main Street, Hartford, Connecticut.'])).toEqual([]);
    expect(codes([...BODY, 'ORDERED: that the Debtor shall pay $______ to the Trustee on or before ____________.'])).toEqual([]);
  });

  it('O-5: the signature block in a table row, with the date line beside it, is caught', () => {
    const tables = [[['Dated: ____________', 'BY THE COURT\n______________________\nJulie A. Manning']]];
    expect(codes([...BODY, 'Dated: ____________', 'BY THE COURT', '______________________', 'Julie A. Manning'], { tables })).toEqual(['DATE_LINE', 'JUDGE_NAME', 'SIGNATURE_LINE']);
  });

  it('O-5: a text box holding counsel’s “Submitted by” block is counsel’s', () => {
    expect(codes([...PAREN_CAPTION, ...BODY], { textBoxes: ['Submitted by Attorney Renée Roe\n/s/ Renée Roe\nJuris No. ct12345'] })).toEqual([]);
  });
});

describe('debtor names compared as a clerk compares them (O-3, O-7)', () => {
  const company = { number: '13-30001', debtor: 'Eastshore Diner, Inc.', chapter: 11 };
  const caption = (...names: string[]) => doc(['UNITED STATES BANKRUPTCY COURT', 'In re:', ...names, 'Case No. 13-30001 (JAM)', 'Chapter 11', 'ORDER', 'Upon the motion (ECF No. 42) it is ORDERED.']);

  it.each([
    ['Eastshore Diner, Inc.', ['EASTSHORE DINER, INC.,', 'Debtor.']],
    ['Eastshore Diner, Inc.', ['Eastshore Diner Inc', 'Debtor-in-Possession.']],
    ['Lakeside Dental Group, P.C.', ['LAKESIDE DENTAL GROUP, PC,']],
    ['Harbor Point Holdings, L.L.C.', ['HARBOR POINT', 'HOLDINGS, LLC,']],
    ['Smith & Sons Co.', ['SMITH AND SONS COMPANY']],
    ['John A. Daniel and Mary B. Daniel', ['JOHN DANIEL and', 'MARY DANIEL,', 'Debtors.']],
    ['John Daniel and Mary Daniel', ['JOHN AND MARY DANIEL,']],
    ['John Daniel a/k/a Jack Daniel', ['JACK DANIEL,']],
    ['Maria Nuñez-O’Brien', ['MARIA NUNEZ-OBRIEN,']],
    ['John Daniel', ['DANIEL, JOHN M.,']],
    ['Robert Smith Jr.', ['ROBERT SMITH, JR.']],
  ])('O-3: case debtor “%s” is named by caption lines %j', (debtor, names) => {
    expect(checkCaption(caption(...names), { ...company, debtor })).toEqual([]);
  });

  it('O-7: judge initials after the case number (`13-30001-JAM Daniel`) are not part of the debtor’s name', () => {
    expect(debtorMatches('JAM Daniel', 'John Daniel', ['JAM'])).toBe(true);
    expect(debtorMatches('AMN Daniel', 'John Daniel', ['JAM'])).toBe(false);
  });

  it('O-3: a company caption naming another company is CAPTION_INCOMPLETE naming the debtor', () => {
    const [f] = checkCaption(caption('WESTSHORE DINER, INC.,'), company);
    expect(f!.detail).toContain('the debtor’s name (Eastshore Diner, Inc.)');
  });

  it('O-3: a caption laid out in a table with the names broken over cells passes', () => {
    const tables = [[['In re:\nLAKESIDE DENTAL\nGROUP, P.C.,\nDebtor.', ')\n)\n)', 'Case No. 13-30001 (JAM)\nChapter 11']]];
    expect(checkCaption(doc(['ORDER', 'It is ORDERED (Doc. No. 42).'], { tables }), { ...company, debtor: 'Lakeside Dental Group, P.C.' })).toEqual([]);
  });

  it.each([
    ['Eastshore Diner', 'Eastshore Diner, Inc.', true],
    ['EASTSHORE DINER INC', 'Eastshore Diner, Inc.', true],
    ['Lakeside Dental', 'Lakeside Dental Group, P.C.', true],
    ['Daniel & Daniel', 'John Daniel and Mary Daniel', true],
    ['Jack Daniel', 'John Daniel a/k/a Jack Daniel', true],
    ['Daniel, Chapter 13', 'John Daniel', true],
    ['In re Daniel', 'John Daniel', true],
    ['Eastshore Diner', 'Westshore Diner, Inc.', false],
    ['Eastshore Grill', 'Eastshore Diner, Inc.', false],
  ])('O-7: subject debtor “%s” vs case debtor “%s” → %s', (s, c, ok) => {
    expect(debtorMatches(s, c)).toBe(ok);
  });
});

describe('motion references and certificates as real orders write them (O-4, O-9)', () => {
  it.each([
    ['ECF No. 42'],
    ['Doc. No. 42'],
    ['(Doc. #42)'],
    ['Docket Entry No. 42'],
    ['ECF Doc. No. 42'],
    ['[ECF No. 42]'],
    ['Dkt. 42'],
    ['Dkt. No. 42'],
    ['ECF #42'],
    ['Doc. No.: 42'],
    ['ECF No. 42-1'],
    ['Document Number 42'],
    ['D.E. 42'],
  ])('O-4: “%s” names docket number 42', (ref) => {
    expect(motionReferences(`Upon the motion (${ref}) it is ORDERED`)).toEqual([42]);
  });

  it('O-4: a list of docket numbers is read whole', () => {
    expect(motionReferences('the Motion and Supplement (ECF Nos. 42 and 45)')).toEqual([42, 45]);
  });

  it.each([
    ['CERTIFICATION OF SERVICE\nThe undersigned certifies that the order was mailed on June 3, 2014.'],
    ['Certificate of Mailing'],
    ['I, Jennifer Wu, hereby certify that on June 3, 2014, I caused a copy of the foregoing to be served by first-class mail.'],
    ['I certify that a copy of this order was sent by e-mail and through the Court’s CM/ECF system to all appearing parties.'],
  ])('O-9: “%s” is a certificate of service', (text) => {
    expect(hasCertificateOfService(text)).toBe(true);
  });
});
