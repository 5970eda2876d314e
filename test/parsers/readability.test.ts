import { describe, expect, it } from 'vitest';
import { REASONS, isEncryptedPdf, unreadableReason } from '../../src/parsers/readability.ts';
import { sniffType } from '../../src/parsers/sniff.ts';
import { encryptedPdf, minimalPdf } from '../support/pdf.ts';
import { makeCfb, makeZip, minimalDocx } from '../support/zip.ts';

const reason = (bytes: Buffer) => unreadableReason(sniffType(bytes), bytes);

describe('unreadableReason (I-5)', () => {
  it('I-5: a sound PDF is readable', () => {
    expect(reason(minimalPdf('MOTION TO COMPEL'))).toBeUndefined();
  });

  it('I-5: a PDF cut off before %%EOF is reported as truncated', () => {
    const pdf = minimalPdf('MOTION');
    expect(reason(pdf.subarray(0, pdf.length - 20))).toBe(REASONS.pdfTruncated);
    expect(reason(pdf.subarray(0, 300))).toMatch(/incomplete/);
  });

  it('I-5: trailing bytes after %%EOF (well within 1024) do not make a PDF truncated', () => {
    expect(reason(Buffer.concat([minimalPdf('x'), Buffer.alloc(500, 0)]))).toBeUndefined();
  });

  it('I-5: a PDF whose trailer names /Encrypt is reported as password-protected', () => {
    expect(reason(encryptedPdf('SEALED'))).toBe(REASONS.pdfEncrypted);
  });

  it('I-5: a PDF with /Encrypt in a cross-reference stream dictionary is reported as encrypted', () => {
    const pdf = Buffer.from(
      '%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n' +
        '9 0 obj\n<< /Type /XRef /Size 10 /W [1 2 1] /Root 1 0 R /Encrypt 8 0 R /ID [<AA> <AA>] /Length 4 >>\nstream\nabcd\nendstream\nendobj\n' +
        'startxref\n60\n%%EOF\n',
      'latin1',
    );
    expect(reason(pdf)).toBe(REASONS.pdfEncrypted);
  });

  it('I-5: the word /Encrypt in page text or a nested dictionary does not make a PDF encrypted', () => {
    const text = minimalPdf('see (/Encrypt 5 0 R) in the manual');
    expect(text.toString('latin1')).toContain('/Encrypt');
    expect(reason(text)).toBeUndefined();
    expect(isEncryptedPdf('trailer\n<< /Size 3 /Info << /Encrypt (no) >> /Root 1 0 R >>')).toBe(false);
    expect(isEncryptedPdf('trailer\n<< /Size 3 /Title (a >> b) /Encrypt 4 0 R >>')).toBe(true);
  });

  it('I-5: a PDF with no objects at all is reported as damaged', () => {
    expect(reason(Buffer.from('%PDF-1.4\nnothing here\n%%EOF\n'))).toBe(REASONS.pdfCorrupt);
  });

  it('I-5: a sound docx is readable', () => {
    expect(reason(minimalDocx('ORDER'))).toBeUndefined();
  });

  it('I-5: a docx without its end-of-central-directory record is reported as truncated', () => {
    const docx = minimalDocx('ORDER GRANTING MOTION');
    expect(reason(docx.subarray(0, docx.length - 30))).toBe(REASONS.docxTruncated);
  });

  it('I-5: a Word package without word/document.xml is reported as incomplete', () => {
    const zip = makeZip({ '[Content_Types].xml': '<Types/>', 'word/styles.xml': '<w:styles/>' });
    expect(sniffType(zip)).toBe('docx');
    expect(reason(zip)).toBe(REASONS.docxNoDocument);
  });

  it('I-5: a password-protected Word document (CFB with EncryptionInfo) is reported as such', () => {
    expect(reason(makeCfb(['EncryptionInfo', 'EncryptedPackage']))).toBe(REASONS.wordEncrypted);
    expect(reason(makeCfb(['WordDocument'], { wordEncrypted: true }))).toBe(REASONS.wordEncrypted);
    expect(reason(makeCfb(['WordDocument']))).toBeUndefined();
  });

  it('O-2 / I-5: a macro-enabled Word document is not accepted', () => {
    expect(reason(minimalDocx('ORDER', { macro: true }))).toMatch(/macro-enabled Word documents are not accepted/);
  });

  it('I-5: winmail.dat explains that Outlook must send plain or HTML format', () => {
    const why = reason(Buffer.from([0x78, 0x9f, 0x3e, 0x22, 0x01, 0x00, 0x01]));
    expect(why).toMatch(/winmail\.dat/);
    expect(why).toMatch(/HTML or plain-text format/);
  });

  it('I-5: an empty file is unreadable whatever it claims to be', () => {
    expect(unreadableReason('pdf', Buffer.alloc(0))).toBe(REASONS.empty);
  });

  it('I-5: an RTF document missing its closing brace is reported as truncated', () => {
    expect(reason(Buffer.from('{\\rtf1\\ansi ORDER}\r\n'))).toBeUndefined();
    expect(reason(Buffer.from('{\\rtf1\\ansi ORDER {\\b granted'))).toBe(REASONS.rtfTruncated);
  });

  it('I-5: every reason is a plain sentence', () => {
    for (const r of Object.values(REASONS)) expect(r).toMatch(/^[A-Z].*\.$/);
  });
});
