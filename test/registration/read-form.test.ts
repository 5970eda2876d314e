/**
 * The registration PDF reader (SPEC §5, R-1..R-4) on real PDFs: typed and exported
 * (pdf-lib), filled AcroForms, printed-signed-scanned pages (real OCR), Writer exports
 * (committed, made by scripts/make-registration-fixtures.sh) and the CM/ECF exam.
 */
import { describe, expect, it } from 'vitest';
import { PdfUnreadableError } from '../../src/parsers/pdf.ts';
import type { FormKind, FormFields, RegistrationPdfReading } from '../../src/registration/types.ts';
import {
  acroFormPdf,
  applicant,
  examPdf,
  letterPdf,
  registrationFixture,
  scannedFormPdf,
  textFormPdf,
  type Applicant,
  useFormReader,
} from '../support/reg-forms.ts';

const { read, once } = useFormReader();

const KINDS: FormKind[] = ['filer', 'pro-hac-vice', 'user'];

/** What the reader should find for an applicant filled in with APPLICANT's values. */
function expectedFields(a: Applicant): FormFields {
  const filer = a.form !== 'user';
  return {
    name: a.name ?? null,
    firm: a.firm ?? null,
    address: a.address?.join(', ') ?? null,
    telephone: a.telephone ?? null,
    email: a.email ?? null,
    barNumber: filer ? (a.barNumber ?? null) : null,
    declaration: filer ? (a.declaration ?? false) : null,
    pacerUsername: a.pacerUsername ?? null,
    otherCourt: a.otherCourt ?? null,
  };
}

const scanned = {
  filerTyped: () => once('scan-filer-typed', () => scannedFormPdf(applicant('filer', 'typed'), { seed: 4 })),
  phvNone: () => once('scan-phv-none', () => scannedFormPdf(applicant('pro-hac-vice', 'none', { firm: undefined, email: undefined }), { seed: 6, rotation: -1.8 })),
  userWet: () => once('scan-user-wet', () => scannedFormPdf(applicant('user', 'wet'), { seed: 5, rotation: 2 })),
  filerWetOther: () =>
    once('scan-filer-wet-other', () =>
      scannedFormPdf(applicant('filer', 'wet', { declaration: false, otherCourt: 'D. Mass. Bankruptcy Court', telephone: undefined }), { seed: 9, withExam: { answered: 10 } }),
    ),
};

describe('R-1: which form a PDF is', () => {
  it.each(KINDS)('R-1: a typed and exported %s form is recognised from its text layer', async (kind) => {
    const r = await read(textFormPdf(applicant(kind, 'wet')));
    expect(r.form?.kind).toBe(kind);
    expect(r.form?.source).toBe('text');
    expect(r.ocrPages).toEqual([]);
  });

  it.each(KINDS)('R-1: a filled AcroForm %s form is recognised', async (kind) => {
    const r = await read(acroFormPdf(applicant(kind, 'wet')));
    expect(r.form?.kind).toBe(kind);
    expect(r.form?.source).toBe('acroform');
  });

  it('R-1: scanned Filer, Pro Hac Vice and User forms are recognised by OCR', async () => {
    const [filer, phv, user] = await Promise.all([scanned.filerTyped(), scanned.phvNone(), scanned.userWet()]);
    expect(filer.form).toMatchObject({ kind: 'filer', source: 'ocr' });
    expect(phv.form).toMatchObject({ kind: 'pro-hac-vice', source: 'ocr' });
    expect(user.form).toMatchObject({ kind: 'user', source: 'ocr' });
    expect(filer.ocrPages).toEqual([1]);
    expect(filer.form!.title).toMatch(/Form No\. 1\b/);
  });

  it('R-1: forms typed in LibreOffice Writer, each laid out differently, are recognised', async () => {
    expect((await read(registrationFixture('filer-writer-slash-s.pdf'))).form?.kind).toBe('filer');
    expect((await read(registrationFixture('user-writer-signature-image.pdf'))).form?.kind).toBe('user');
    expect((await read(registrationFixture('phv-writer-with-exam.pdf'))).form?.kind).toBe('pro-hac-vice');
  });

  it('R-1: a cover letter about a registration is no form', async () => {
    const r = await read(letterPdf(), 'letter.pdf');
    expect(r.form).toBeNull();
    expect(r.exam).toBeNull();
  });

  it('R-1: the exam on its own is no form', async () => {
    const r = await read(examPdf({ answered: 10 }), 'exam.pdf');
    expect(r.form).toBeNull();
    expect(r.exam).not.toBeNull();
  });

  it('R-1: an unreadable PDF throws PdfUnreadableError, as openPdf does', async () => {
    await expect(read(Buffer.from('%PDF-1.4\nnot really a pdf'))).rejects.toBeInstanceOf(PdfUnreadableError);
  });
});

describe('R-2: the fields of a form', () => {
  it('R-2: every field of a typed Filer form is read from the text layer', async () => {
    const a = applicant('filer', 'wet');
    expect((await read(textFormPdf(a))).form?.fields).toEqual(expectedFields(a));
  });

  it('R-2: every field of a filled AcroForm is read, Text1-style fields by their printed label', async () => {
    const a = applicant('pro-hac-vice', 'wet', { otherCourt: 'U.S. Bankruptcy Court, D. Mass.' });
    const r = await read(acroFormPdf(a));
    expect(r.form?.fields).toEqual(expectedFields(a));
  });

  it('R-2: every field of a scanned form is read by OCR (labels printed under the rules)', async () => {
    const r = await scanned.filerTyped();
    expect(r.form?.fields).toEqual(expectedFields(applicant('filer', 'typed')));
  });

  const FIELDS = ['name', 'firm', 'address', 'telephone', 'email', 'barNumber', 'pacerUsername'] as const;
  it.each(FIELDS)('R-2: a typed form with %s left blank reads that field as missing, the rest present', async (field) => {
    const a = applicant('filer', 'typed', { [field]: undefined });
    const fields = (await read(textFormPdf(a))).form!.fields;
    expect(fields[field]).toBeNull();
    expect(fields).toEqual(expectedFields(a));
  });

  it.each(['name', 'email', 'barNumber'] as const)('R-2: an AcroForm with %s left empty reads it as missing', async (field) => {
    const a = applicant('filer', 'typed', { [field]: undefined });
    const fields = (await read(acroFormPdf(a))).form!.fields;
    expect(fields[field]).toBeNull();
    expect(fields).toEqual(expectedFields(a));
  });

  it('R-2: a scanned form with firm and email left blank reads both as missing', async () => {
    const fields = (await scanned.phvNone()).form!.fields;
    expect(fields.firm).toBeNull();
    expect(fields.email).toBeNull();
    expect(fields.name).toBe('Jane Roe');
    expect(fields.barNumber).toBe('ct99887');
  });

  it('R-2: the practise declaration: checked box true, empty box false, none on a User form', async () => {
    expect((await read(textFormPdf(applicant('filer', 'wet')))).form!.fields.declaration).toBe(true);
    expect((await read(textFormPdf(applicant('filer', 'wet', { declaration: false })))).form!.fields.declaration).toBe(false);
    expect((await read(acroFormPdf(applicant('filer', 'wet', { declaration: false })))).form!.fields.declaration).toBe(false);
    expect((await read(textFormPdf(applicant('user', 'wet')))).form!.fields.declaration).toBeNull();
    expect((await scanned.filerWetOther()).form!.fields.declaration).toBe(false);
    expect((await scanned.filerTyped()).form!.fields.declaration).toBe(true);
  });

  it('R-2: fields of Writer forms: a two-column table, "Label: value" paragraphs with City/State/Zip', async () => {
    const table = (await read(registrationFixture('filer-writer-slash-s.pdf'))).form!.fields;
    expect(table).toEqual({ ...expectedFields(applicant('filer', 'typed')) });
    const paras = (await read(registrationFixture('user-writer-signature-image.pdf'))).form!.fields;
    expect(paras).toEqual(expectedFields(applicant('user', 'wet')));
    const phv = (await read(registrationFixture('phv-writer-with-exam.pdf'))).form!.fields;
    expect(phv).toMatchObject({ barNumber: 'NY 4455667', address: '100 Pearl Street, Hartford, CT 06103', declaration: true });
  });
});

describe('R-4: privileges from another court (no exam needed)', () => {
  it('R-4: the court named on a typed form is read', async () => {
    const r = await read(textFormPdf(applicant('filer', 'wet', { otherCourt: 'U.S. Bankruptcy Court, D. Mass.' })));
    expect(r.form!.fields.otherCourt).toBe('U.S. Bankruptcy Court, D. Mass.');
  });

  it('R-4: a checked box without a court named reads as "yes"; an empty box as not stated', async () => {
    const a = applicant('filer', 'wet', { otherCourt: '' });
    expect((await read(acroFormPdf(a))).form!.fields.otherCourt).toBe('yes');
    expect((await read(textFormPdf(a))).form!.fields.otherCourt).toBe('yes');
    expect((await read(textFormPdf(applicant('filer', 'wet')))).form!.fields.otherCourt).toBeNull();
  });

  it('R-4: the court written on a scanned form is read by OCR', async () => {
    expect((await scanned.filerWetOther()).form!.fields.otherCourt).toBe('D. Mass. Bankruptcy Court');
    expect((await scanned.filerTyped()).form!.fields.otherCourt).toBeNull();
  });

  it('R-4: Writer forms: an unchecked ☐ statement is not stated, a checked ☒ one names the court', async () => {
    expect((await read(registrationFixture('filer-writer-slash-s.pdf'))).form!.fields.otherCourt).toBeNull();
    expect((await read(registrationFixture('phv-writer-with-exam.pdf'))).form!.fields.otherCourt).toBe('U.S. District Court, S.D.N.Y.');
  });
});

describe('R-3: the signature', () => {
  it('R-3: a pen-stroke path on the signature line of a typed form is a wet signature', async () => {
    expect((await read(textFormPdf(applicant('filer', 'wet')))).form!.signature).toMatchObject({ kind: 'wet', page: 1 });
  });

  it('R-3: a pasted image of a pen signature is a wet signature', async () => {
    expect((await read(textFormPdf(applicant('filer', 'wet', { wetAs: 'image' })))).form!.signature.kind).toBe('wet');
    expect((await read(registrationFixture('user-writer-signature-image.pdf'))).form!.signature.kind).toBe('wet');
    expect((await read(registrationFixture('phv-writer-with-exam.pdf'))).form!.signature.kind).toBe('wet');
  });

  it('R-3: "/s/ Jane Roe" typed on the line is typed', async () => {
    const sig = (await read(textFormPdf(applicant('filer', 'typed')))).form!.signature;
    expect(sig.kind).toBe('typed');
    expect(sig.detail).toContain('/s/ Jane Roe');
    expect((await read(registrationFixture('filer-writer-slash-s.pdf'))).form!.signature.kind).toBe('typed');
  });

  it('R-3: a typed name in a script-like font is typed, because it is in the text layer', async () => {
    const sig = (await read(textFormPdf(applicant('filer', 'typed', { typedAs: 'script' })))).form!.signature;
    expect(sig.kind).toBe('typed');
    expect(sig.detail).toContain('Jane Roe');
  });

  it('R-3: an empty signature line is no signature', async () => {
    expect((await read(textFormPdf(applicant('filer', 'none')))).form!.signature.kind).toBe('none');
  });

  it('R-3: AcroForm: pen strokes over the signature field are wet, "/s/" typed into it is typed, empty is none', async () => {
    expect((await read(acroFormPdf(applicant('filer', 'wet')))).form!.signature.kind).toBe('wet');
    const typed = (await read(acroFormPdf(applicant('filer', 'typed')))).form!.signature;
    expect(typed.kind).toBe('typed');
    expect(typed.detail).toContain('/s/ Jane Roe');
    expect((await read(acroFormPdf(applicant('filer', 'none')))).form!.signature.kind).toBe('none');
  });

  it('R-3: pen strokes in the signature area of a scanned form are a wet signature', async () => {
    expect((await scanned.userWet()).form!.signature).toMatchObject({ kind: 'wet', page: 1 });
    expect((await scanned.filerWetOther()).form!.signature.kind).toBe('wet');
  });

  it('R-3: "/s/ Jane Roe" typed on a scanned form is typed', async () => {
    const sig = (await scanned.filerTyped()).form!.signature;
    expect(sig.kind).toBe('typed');
    expect(sig.detail).toMatch(/\/s\/ Jane Roe/);
  });

  it('R-3: a scanned form with nothing on the signature line is unsigned', async () => {
    expect((await scanned.phvNone()).form!.signature.kind).toBe('none');
  });
});

describe('R-4: the CM/ECF exam', () => {
  it('R-4: a typed exam with every question answered is complete', async () => {
    expect((await read(examPdf({ answered: 10 }))).exam).toEqual({ complete: true, answered: 10, questions: 10, pages: [1, 2] });
  });

  it('R-4: a typed exam with unanswered questions is incomplete, answered ones counted', async () => {
    expect((await read(examPdf({ answered: 7 }))).exam).toEqual({ complete: false, answered: 7, questions: 10, pages: [1, 2] });
    expect((await read(examPdf({ answered: 0, questions: 6 }))).exam).toEqual({ complete: false, answered: 0, questions: 6, pages: [1] });
  });

  it('R-4: a form without the exam has none', async () => {
    expect((await read(textFormPdf(applicant('filer', 'wet')))).exam).toBeNull();
  });

  it('R-4: the exam as further pages of the form PDF is read with the form', async () => {
    const r = await read(textFormPdf(applicant('filer', 'wet'), { withExam: { answered: 10 } }));
    expect(r.form?.kind).toBe('filer');
    expect(r.exam).toEqual({ complete: true, answered: 10, questions: 10, pages: [2, 3] });
    const part = await read(textFormPdf(applicant('user', 'wet'), { withExam: { answered: 3, questions: 5 } }));
    expect(part.exam).toEqual({ complete: false, answered: 3, questions: 5, pages: [2] });
  });

  it('R-4: a scanned exam marked by hand: complete and incomplete', async () => {
    const done = await read(examPdf({ answered: 10, scanned: true, seed: 8 }));
    expect(done.exam).toEqual({ complete: true, answered: 10, questions: 10, pages: [1, 2] });
    const part = await read(examPdf({ answered: 4, questions: 8, scanned: true, seed: 12 }));
    expect(part.exam).toEqual({ complete: false, answered: 4, questions: 8, pages: [1] });
    expect(part.ocrPages).toEqual([1]);
  });

  it('R-4: a scanned form with the exam scanned after it', async () => {
    const r = await scanned.filerWetOther();
    expect(r.form?.kind).toBe('filer');
    expect(r.exam).toEqual({ complete: true, answered: 10, questions: 10, pages: [2, 3] });
    expect(r.ocrPages).toEqual([1, 2, 3]);
  });

  it('R-4: a Writer form with the exam on page 2 marked with ☒ characters (5 of 6)', async () => {
    expect((await read(registrationFixture('phv-writer-with-exam.pdf'))).exam).toEqual({ complete: false, answered: 5, questions: 6, pages: [2] });
  });
});
