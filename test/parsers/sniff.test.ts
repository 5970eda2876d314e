import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cfbEncryption, extensionFor, isEncryptedOfficeFile, sniffType } from '../../src/parsers/sniff.ts';
import { minimalPdf } from '../support/pdf.ts';
import { makeCfb, makeZip, minimalDocx } from '../support/zip.ts';

const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32)]);

describe('sniffType decides by content (I-4)', () => {
  it('I-4: a PDF is typed pdf whatever it is called', () => {
    expect(sniffType(minimalPdf('hello'))).toBe('pdf');
  });

  it('I-4: a PDF with leading junk (up to 1024 bytes, as readers allow) is typed pdf', () => {
    expect(sniffType(Buffer.concat([Buffer.alloc(1000, 0x20), minimalPdf('x')]))).toBe('pdf');
    expect(sniffType(Buffer.concat([Buffer.alloc(2000, 0x00), minimalPdf('x')]))).not.toBe('pdf');
  });

  it('I-4: a zip holding word/document.xml is a docx', () => {
    expect(sniffType(minimalDocx('ORDER'))).toBe('docx');
  });

  it('I-4: a docx with vbaProject.bin or the macro-enabled content type is a docm', () => {
    expect(sniffType(minimalDocx('ORDER', { macro: true }))).toBe('docm');
    const ct = '<Types><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>';
    expect(sniffType(makeZip({ '[Content_Types].xml': ct, 'word/document.xml': '<w:document/>' }))).toBe('docm');
  });

  it('I-4: a docx whose [Content_Types].xml is deflated is still read', () => {
    const ct = '<Types><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>';
    const deflated = deflateRawSync(Buffer.from(ct));
    const name = Buffer.from('[Content_Types].xml');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(deflated.length, 18);
    local.writeUInt32LE(ct.length, 22);
    local.writeUInt16LE(name.length, 26);
    // Local headers only (no central directory): the walker has to find it.
    const docName = Buffer.from('word/document.xml');
    const docBody = Buffer.from('<w:document/>');
    const docLocal = Buffer.alloc(30);
    docLocal.writeUInt32LE(0x04034b50, 0);
    docLocal.writeUInt32LE(docBody.length, 18);
    docLocal.writeUInt32LE(docBody.length, 22);
    docLocal.writeUInt16LE(docName.length, 26);
    expect(sniffType(Buffer.concat([local, name, deflated, docLocal, docName, docBody]))).toBe('docm');
  });

  it('I-4: any other zip is a zip', () => {
    expect(sniffType(makeZip({ 'xl/workbook.xml': '<workbook/>' }))).toBe('zip');
    expect(sniffType(makeZip({ 'scan1.pdf': minimalPdf('a') }))).toBe('zip');
  });

  it('I-4: a truncated docx (no central directory) is still recognised from its local headers', () => {
    const docx = minimalDocx('ORDER');
    expect(sniffType(docx.subarray(0, docx.length - 40))).toBe('docx');
  });

  it('I-4: an OLE compound file with a WordDocument stream is a doc', () => {
    const doc = makeCfb(['WordDocument', '\x01CompObj']);
    expect(sniffType(doc)).toBe('doc');
    expect(cfbEncryption(doc)).toBeNull();
  });

  it('I-5: an encrypted .docx (a CFB with EncryptionInfo) is typed doc and reported as encrypted', () => {
    const enc = makeCfb(['EncryptionInfo', 'EncryptedPackage', '\x06DataSpaces']);
    expect(sniffType(enc)).toBe('doc');
    expect(cfbEncryption(enc)).toBe('ooxml');
    expect(isEncryptedOfficeFile(enc)).toBe(true);
  });

  it('I-5: a password-protected legacy .doc (FIB fEncrypted) is reported as encrypted', () => {
    expect(cfbEncryption(makeCfb(['WordDocument'], { wordEncrypted: true }))).toBe('doc');
  });

  it('I-4: a compound file that is not Word (a spreadsheet, an Outlook .msg) is unknown', () => {
    expect(sniffType(makeCfb(['Workbook']))).toBe('unknown');
    expect(sniffType(makeCfb(['__substg1.0_0037001F']))).toBe('unknown');
  });

  it('I-4: the word "EncryptionInfo" in a document is not mistaken for an encrypted package', () => {
    const doc = makeCfb(['WordDocument']);
    const text = Buffer.from('EncryptionInfo', 'utf16le');
    text.copy(doc, 1024 + 200); // inside the WordDocument stream, not a directory entry
    expect(cfbEncryption(doc)).toBeNull();
  });

  it('I-4: RTF, TNEF and images are recognised by their signatures', () => {
    expect(sniffType(Buffer.from('{\\rtf1\\ansi Hello}'))).toBe('rtf');
    expect(sniffType(Buffer.from([0x78, 0x9f, 0x3e, 0x22, 0x01, 0x00]))).toBe('tnef');
    expect(sniffType(png)).toBe('image');
    expect(sniffType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('image');
    expect(sniffType(Buffer.from('GIF89a\x01\x00', 'latin1'))).toBe('image');
    expect(sniffType(Buffer.from('II*\x00\x08\x00', 'latin1'))).toBe('image');
    expect(sniffType(Buffer.from('MM\x00*\x00\x08', 'latin1'))).toBe('image');
  });

  it('I-4: UTF-8 text is text, HTML is html, binary is unknown', () => {
    expect(sniffType(Buffer.from('Dear Clerk,\r\nplease file — thank you. ✓\n'))).toBe('text');
    expect(sniffType(Buffer.from('<!DOCTYPE html><html><body>x</body></html>'))).toBe('html');
    expect(sniffType(Buffer.from([0x00, 0x01, 0x02, 0xfe, 0xff, 0x10]))).toBe('unknown');
    expect(sniffType(Buffer.from('caf\xe9 latin-1', 'latin1'))).toBe('unknown');
    expect(sniffType(Buffer.alloc(0))).toBe('unknown');
  });

  it('I-4: a long UTF-8 text cut at the sample edge mid-character is still text', () => {
    const s = Buffer.from('é'.repeat(40000)); // 80000 bytes, 2 per character
    expect(sniffType(Buffer.concat([Buffer.from('a'), s]))).toBe('text');
  });

  it('gives made-up names a fitting extension', () => {
    expect(extensionFor('pdf', Buffer.alloc(0))).toBe('pdf');
    expect(extensionFor('image', png)).toBe('png');
    expect(extensionFor('text', Buffer.from('x'))).toBe('txt');
    expect(extensionFor('unknown', Buffer.from([0]))).toBe('bin');
  });
});
