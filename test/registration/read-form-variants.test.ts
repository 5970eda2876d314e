/**
 * The registration reader (SPEC §5, R-1..R-4) on forms made by other hands than the
 * reader's own fixtures: Writer forms with other titles, labels above their values in table
 * cells, City/State/Zip asked one by one, slashed labels ("Name of Firm/Organization"), a
 * Yes/No pair for other courts' privileges, the signature under or over the line, an exam
 * as a table with an "Answer" column (committed, made by scripts/make-registration-fixtures.sh);
 * a PDF editor's fillable form (`Text1`, `Check Box3`, `Group1` radio, an ink-annotation
 * signature, an exam of radio buttons); and such forms printed, marked by pen and scanned
 * skewed, sideways or upside down (test/support/reg-variants.ts).
 */
import { describe, expect, it } from 'vitest';
import { createCanvas } from '@napi-rs/canvas';
import { binarize, estimateSkew, inkKind, rotateImage, turnImage } from '../../src/registration/ink.ts';
import { matchLabel } from '../../src/registration/labels.ts';
import type { FormFields, RegistrationPdfReading } from '../../src/registration/types.ts';
import { letterPdf, registrationFixture, useFormReader } from '../support/reg-forms.ts';
import { ACRO_VALUES, acroVariantPdf, circleExamPdf, paperScanPdf } from '../support/reg-variants.ts';

const { read, once } = useFormReader();

const JANE: Omit<FormFields, 'declaration' | 'otherCourt' | 'barNumber'> = {
  name: 'Jane Roe',
  firm: 'Roe & Partners LLP',
  address: '100 Pearl Street, Hartford, CT 06103',
  telephone: '(860) 555-0100',
  email: 'jroe@roelaw.example.com',
  pacerUsername: 'janeroe60',
};
const MARIA: Omit<FormFields, 'declaration' | 'otherCourt'> = {
  name: ACRO_VALUES.name,
  firm: ACRO_VALUES.firm,
  address: `${ACRO_VALUES.street}, ${ACRO_VALUES.cityStateZip}`,
  telephone: ACRO_VALUES.telephone,
  email: ACRO_VALUES.email,
  barNumber: ACRO_VALUES.barNumber,
  pacerUsername: ACRO_VALUES.pacer,
};

const writer = {
  labelsAbove: () => read(registrationFixture('filer-writer-labels-above.pdf')),
  limitedTyped: () => read(registrationFixture('user-writer-limited-typed.pdf')),
  phvExam: () => read(registrationFixture('phv-writer-attorney-exam.pdf')),
};

describe('Writer forms laid out by another hand', () => {
  it('R-1: titles worded otherwise are recognised: "… REGISTRATION FORM — FILER (ECF Form No. 1)", "Application for CM/ECF Limited User (Form 2)", "PRO HAC VICE ATTORNEY REGISTRATION"', async () => {
    expect((await writer.labelsAbove()).form?.kind).toBe('filer');
    expect((await writer.limitedTyped()).form).toMatchObject({ kind: 'user', title: 'Application for CM/ECF Limited User (Form 2)' });
    expect((await writer.phvExam()).form?.kind).toBe('pro-hac-vice');
  });

  it('R-2: a Writer form with labels above the values in table cells gives every field (Street, City, State, Zip in cells of their own)', async () => {
    expect((await writer.labelsAbove()).form!.fields).toEqual({ ...JANE, barNumber: 'ct99887', declaration: true, otherCourt: null });
  });

  it('R-2: label-above paragraphs in another order, "Name of Firm/Organization" and one "Street Address / City / State / Zip" label over two lines', async () => {
    expect((await writer.limitedTyped()).form!.fields).toEqual({ ...JANE, name: 'Roe, Jane', barNumber: null, declaration: null, otherCourt: 'U.S. Bankruptcy Court, D. Mass.' });
  });

  it('R-2: "State Bar No. & State:" and "City / State / Zip:" labels, the declaration "I certify … before this Court" without a box', async () => {
    expect((await writer.phvExam()).form!.fields).toEqual({ ...JANE, barNumber: '4455667 New York', declaration: true, otherCourt: null });
  });

  it('R-4: a Yes/No pair of boxes: ☒ No is not stated (the empty "If yes" line is no court), ☒ Yes names the court written under it', async () => {
    expect((await writer.labelsAbove()).form!.fields.otherCourt).toBeNull();
    expect((await writer.limitedTyped()).form!.fields.otherCourt).toBe('U.S. Bankruptcy Court, D. Mass.');
  });

  it('R-3: a pen signature image dragged over "Signature: ______ Date: ____" is wet; inline after "Signature:" too', async () => {
    expect((await writer.labelsAbove()).form!.signature.kind).toBe('wet');
    expect((await writer.phvExam()).form!.signature.kind).toBe('wet');
  });

  it('R-3: a name typed on the line with "Applicant\'s Signature" printed under it is typed', async () => {
    const sig = (await writer.limitedTyped()).form!.signature;
    expect(sig.kind).toBe('typed');
    expect(sig.detail).toContain('Jane Roe');
  });

  it('R-4: an exam as a table, "Question 1" rows and the letter in an "Answer" column, one left blank (5 of 6)', async () => {
    expect((await writer.phvExam()).exam).toEqual({ complete: false, answered: 5, questions: 6, pages: [2] });
  });
});

describe('a PDF editor\'s fillable form (Text1…, Check Box3, Group1)', () => {
  it('R-2: a fillable form with Text1-style fields and the labels printed above the boxes gives every field', async () => {
    const r = await read(acroVariantPdf({ signature: 'ink', otherCourt: 'no' }));
    expect(r.form).toMatchObject({ kind: 'filer', source: 'acroform' });
    expect(r.form!.fields).toEqual({ ...MARIA, declaration: true, otherCourt: null });
  });

  it('R-2: an unchecked Check Box3 declaration is false, an empty Text6 (E-Mail Address) is missing', async () => {
    const f = (await read(acroVariantPdf({ signature: 'none', otherCourt: 'unset', declaration: false, blank: ['email'] }))).form!.fields;
    expect(f).toEqual({ ...MARIA, email: null, declaration: false, otherCourt: null });
  });

  it('R-4: a Group1 Yes/No radio pair: Yes with the court typed in Text9 names it; No is not stated', async () => {
    expect((await read(acroVariantPdf({ signature: 'ink', otherCourt: 'yes' }))).form!.fields.otherCourt).toBe(ACRO_VALUES.court);
    expect((await read(acroVariantPdf({ signature: 'ink', otherCourt: 'no' }))).form!.fields.otherCourt).toBeNull();
  });

  it('R-3: a signature drawn as an ink annotation is wet; the name typed in the signature field is typed; nothing is none', async () => {
    expect((await read(acroVariantPdf({ signature: 'ink' }))).form!.signature.kind).toBe('wet');
    const typed = (await read(acroVariantPdf({ signature: 'typed' }))).form!.signature;
    expect(typed.kind).toBe('typed');
    expect(typed.detail).toContain(ACRO_VALUES.name);
    expect((await read(acroVariantPdf({ signature: 'none' }))).form!.signature.kind).toBe('none');
  });

  it('R-4: an exam answered with radio groups, "Q1." numbering: all 5 complete, 3 of 5 incomplete', async () => {
    expect((await read(acroVariantPdf({ signature: 'ink', examAnswered: 5 }))).exam).toEqual({ complete: true, answered: 5, questions: 5, pages: [2] });
    expect((await read(acroVariantPdf({ signature: 'ink', examAnswered: 3 }))).exam).toEqual({ complete: false, answered: 3, questions: 5, pages: [2] });
  });
});

describe('printed, marked by pen and scanned', () => {
  const scans = {
    upsideDown: () => once('above-180', () => paperScanPdf(registrationFixture('filer-writer-labels-above.pdf'), { seed: 3, turn: 180, skew: 0.6 })),
    sideways: () => once('above-90', () => paperScanPdf(registrationFixture('filer-writer-labels-above.pdf'), { seed: 4, turn: 90, skew: -0.8 })),
    typedName: () => once('limited-typed', () => paperScanPdf(registrationFixture('user-writer-limited-typed.pdf'), { seed: 5, skew: 1.3 })),
    acroSigned: () =>
      once('acro-signed', async () =>
        paperScanPdf(await acroVariantPdf({ signature: 'none', otherCourt: 'yes' }), { seed: 6, skew: -1.1, marks: [{ page: 1, kind: 'signature', x: 125, y: 432, w: 170, h: 32, seed: 40 }] }),
      ),
  };

  it('R-1: a form scanned upside down is turned upright and read: kind, fields, wet signature', async () => {
    const r = await scans.upsideDown();
    expect(r.form).toMatchObject({ kind: 'filer', source: 'ocr' });
    expect(r.form!.fields).toMatchObject({ name: 'Jane Roe', firm: 'Roe & Partners LLP', email: 'jroe@roelaw.example.com', telephone: '(860) 555-0100', barNumber: 'ct99887', declaration: true, otherCourt: null });
    expect(r.form!.fields.address).toMatch(/^100 Pearl Street, Hartford\b.*06103$/);
    expect(r.form!.signature.kind).toBe('wet');
  });

  it('R-1: a form scanned sideways (the sheet fed turned 90°) is turned upright and read', async () => {
    const r = await scans.sideways();
    expect(r.form?.kind).toBe('filer');
    expect(r.form!.fields).toMatchObject({ name: 'Jane Roe', email: 'jroe@roelaw.example.com', telephone: '(860) 555-0100', barNumber: 'ct99887' });
    expect(r.form!.signature.kind).toBe('wet');
  });

  it('R-3: a name typed above the line of a skewed scan is typed, never wet (the skewed rule is no pen stroke)', async () => {
    const r = await scans.typedName();
    expect(r.form?.kind).toBe('user');
    expect(r.form!.signature.kind).toBe('typed');
    expect(r.form!.fields).toMatchObject({ email: 'jroe@roelaw.example.com', telephone: '(860) 555-0100', address: '100 Pearl Street, Hartford, CT 06103' });
  });

  it('R-2/R-3/R-4: a fillable form printed, signed by pen and scanned skewed: fields under their labels, wet signature, the court after "If yes, which court?"', async () => {
    const r = await scans.acroSigned();
    expect(r.form!.fields).toMatchObject({ ...MARIA, declaration: true, otherCourt: ACRO_VALUES.court });
    expect(r.form!.signature.kind).toBe('wet');
  });

  it('R-4: a scanned exam numbered "1)" with the letters circled by pen (5 of 6)', async () => {
    const { pdf, letters } = await circleExamPdf(6);
    const marks = letters.slice(0, 5).map((row, k) => ({ page: 1, kind: 'circle' as const, ...row[k % 3]!, seed: k }));
    const r = await read(paperScanPdf(pdf, { seed: 7, skew: 0.9, marks }));
    expect(r.form).toBeNull();
    expect(r.exam).toEqual({ complete: false, answered: 5, questions: 6, pages: [1] });
  });

  it('R-1: a cover letter scanned upside down is still no form', async () => {
    const r = await read(paperScanPdf(await letterPdf(), { seed: 9, turn: 180 }));
    expect(r.form).toBeNull();
    expect(r.exam).toBeNull();
  });
});

describe('the pieces', () => {
  it('R-2: slashed, "&" and one-by-one address labels name their fields', () => {
    expect(matchLabel('Name of Firm/Organization')).toBe('firm');
    expect(matchLabel('Street Address / City / State / Zip')).toBe('address');
    expect(matchLabel('City / State / Zip:')).toBe('addressMore');
    expect(matchLabel('State Bar No. & State')).toBe('barNumber');
    expect(matchLabel('Bar #')).toBe('barNumber');
    expect(matchLabel('Zip')).toBe('zip');
    expect(matchLabel('Fax No.')).toBe('other');
  });

  it('R-1: a scan skewed by 1.3° is measured as such (rows sampled without aliasing), and turned pages come back', () => {
    const dpi = 100;
    const c = createCanvas(850, 1100);
    const ctx = c.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, 850, 1100);
    ctx.fillStyle = '#000';
    ctx.font = '14px "DejaVu Serif"';
    for (let y = 100; y < 1000; y += 22) ctx.fillText('The quick brown fox jumps over the lazy dog, again and again.', 80, y);
    const img = { width: 850, height: 1100, data: ctx.getImageData(0, 0, 850, 1100).data };
    expect(estimateSkew(binarize(img, dpi))).toBe(0);
    const skewed = rotateImage(img, -1.3); // turned clockwise: text runs downhill
    expect(estimateSkew(binarize(skewed, dpi))).toBeCloseTo(1.3, 0);
    const back = turnImage(turnImage(img, 90), 270);
    expect(back.width).toBe(850);
    expect(Buffer.from(back.data).equals(Buffer.from(img.data))).toBe(true);
  });

  it('R-3: a long flat stroke (a skewed rule) is no pen stroke; a signature loop is', () => {
    const em = 25;
    expect(inkKind({ x0: 0, y0: 0, x1: 280, y1: 7, pixels: 370 }, em)).toBe('rule');
    expect(inkKind({ x0: 0, y0: 0, x1: 120, y1: 60, pixels: 900 }, em)).toBe('pen');
  });
});
