/**
 * readWord: proposed orders as Word documents (O-2..O-5), read from fixtures that
 * LibreOffice made (scripts/make-word-fixtures.sh; CI has no LibreOffice and reads the
 * committed files), from documents the `docx` package makes here, and from hand-made
 * OOXML for the corners generators reach differently. Unreadable files throw
 * WordUnreadableError with a reason for the sender (I-5).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import {
  AlignmentType,
  DeletedTextRun,
  Document,
  ExternalHyperlink,
  FootnoteReferenceRun,
  Footer,
  Header,
  HeadingLevel,
  InsertedTextRun,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  Textbox,
  WidthType,
} from 'docx';
import { describe, expect, it } from 'vitest';
import { REASONS } from '../../src/parsers/readability.ts';
import { WORD_REASONS, WordUnreadableError, readWord, type WordDocument } from '../../src/parsers/word.ts';
import { makeCfb, makeZip, minimalDocx } from '../support/zip.ts';

const FIXTURES = new URL('../fixtures/word/', import.meta.url).pathname;
const fixture = (name: string) => readFileSync(FIXTURES + name);

const CAPTION_ROW = ['In re:\nJohn Daniel,\nDebtor', 'Case No. 13-30001 (JAM)\nChapter 13'];
const TITLE = 'ORDER GRANTING MOTION TO EXTEND THE AUTOMATIC STAY';
const BODY = 'Upon the “Motion to Extend the Automatic Stay” under 11 U.S.C. § 362(c)(3) filed by the Debtor (ECF No. 42), and after notice and a hearing, it is hereby';

async function unreadable(bytes: Buffer): Promise<WordUnreadableError> {
  const err = await readWord(bytes).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WordUnreadableError);
  const w = err as WordUnreadableError;
  expect(w.code).toBe('ATTACHMENT_UNREADABLE');
  // A sentence for a paralegal: capitalised, ends with a full stop, no jargon from the reader.
  expect(w.reason).toMatch(/^[A-Z].*\.$/);
  expect(w.reason).not.toMatch(/undefined|Error|sector|FIB|CRC|XML/);
  return w;
}

/** What every LibreOffice fixture carries: the caption table, the title, the body naming ECF No. 42. */
function expectProposedOrder(doc: WordDocument): void {
  expect(doc.tables[0]).toEqual([CAPTION_ROW]);
  const caption = doc.paragraphs.filter((p) => p.inTable).map((p) => p.text);
  expect(caption.slice(0, 5)).toEqual(['In re:', 'John Daniel,', 'Debtor', 'Case No. 13-30001 (JAM)', 'Chapter 13']);

  const title = doc.paragraphs.find((p) => p.text === TITLE);
  expect(title).toEqual({ text: TITLE, style: 'Title', align: 'center', bold: true });
  const body = doc.paragraphs.find((p) => p.text.includes('ECF No. 42'));
  expect(body).toEqual({ text: BODY, style: 'Normal', align: 'justify' });
  // "ORDERED" alone is bold: the paragraph is not.
  expect(doc.paragraphs.find((p) => p.text.startsWith('ORDERED'))).toEqual({ text: 'ORDERED: that the Motion is GRANTED.', style: 'Normal', align: 'justify' });
  expect(doc.paragraphs.find((p) => p.text === 'BY THE COURT')?.align).toBe('right');
  expect(doc.paragraphs.at(-1)?.text).toBe('______________________________');

  const lines = doc.text.split('\n');
  expect(lines).toEqual(expect.arrayContaining(['In re:', 'John Daniel,', 'Debtor', 'Case No. 13-30001 (JAM)', 'Chapter 13', TITLE, BODY]));
  // Reading order: the caption comes before the title, the title before the body.
  expect(lines.indexOf('Chapter 13')).toBeLessThan(lines.indexOf(TITLE));
  expect(lines.indexOf(TITLE)).toBeLessThan(lines.indexOf(BODY));
}

describe.each(['docx', 'doc', 'rtf'] as const)('LibreOffice .%s fixtures', (format) => {
  const name = { docx: 'a LibreOffice .docx', doc: 'a LibreOffice .doc', rtf: 'a LibreOffice .rtf' }[format];

  it(`O-2: ${name} proposed order is read, caption table included`, async () => {
    const doc = await readWord(fixture(`caption-table.${format}`));
    expect(doc.format).toBe(format);
    expectProposedOrder(doc);
    expect(doc.tables).toHaveLength(1);
    expect(doc.headers).toEqual([]);
    expect(doc.footers).toEqual([]);
    expect(doc.textBoxes).toEqual([]);
  });

  it(`O-3: ${name} caption gives the debtor, the case number and the chapter from its table cells`, async () => {
    const doc = await readWord(fixture(`caption-table.${format}`));
    const [left, right] = doc.tables[0]![0]!;
    expect(left).toMatch(/In re:\s+John Daniel,\s+Debtor/);
    expect(right).toMatch(/Case No\. 13-30001 \(JAM\)/);
    expect(right).toMatch(/Chapter 13/);
  });

  it(`O-4: ${name} body names ECF No. 42 in its text`, async () => {
    const doc = await readWord(fixture(`caption-table.${format}`));
    expect(doc.text).toMatch(/\(ECF No\. 42\)/);
  });

  it(`O-3: ${name} text box is read apart from the body and placed in the text`, async () => {
    const doc = await readWord(fixture(`text-box.${format}`));
    expectProposedOrder(doc);
    expect(doc.textBoxes).toEqual(['Submitted by Attorney Renée Roe\nJuris No. ct12345']);
    expect(doc.text).toContain('Submitted by Attorney Renée Roe\nJuris No. ct12345');
    expect(doc.paragraphs.map((p) => p.text)).not.toContain('Submitted by Attorney Renée Roe');
    expect(doc.paragraphs[0]).toEqual({ text: 'UNITED STATES BANKRUPTCY COURT', style: 'Normal', align: 'left' });
  });

  it(`O-3: ${name} header and footer are read, the page number field as its result`, async () => {
    const doc = await readWord(fixture(`header-footer.${format}`));
    expectProposedOrder(doc);
    expect(doc.headers).toEqual(['UNITED STATES BANKRUPTCY COURT, DISTRICT OF CONNECTICUT']);
    expect(doc.footers).toEqual(['Proposed order, Case No. 13-30001 (JAM), page 1']);
    const lines = doc.text.split('\n');
    expect(lines[0]).toBe('UNITED STATES BANKRUPTCY COURT, DISTRICT OF CONNECTICUT');
    expect(lines.at(-1)).toBe('Proposed order, Case No. 13-30001 (JAM), page 1');
  });

  it(`O-3: ${name} table inside a table cell is a table of its own and text of its cell`, async () => {
    const doc = await readWord(fixture(`nested-table.${format}`));
    expectProposedOrder(doc);
    expect(doc.tables).toEqual([
      [CAPTION_ROW],
      [['Schedule of payments', 'Month\tAmount\nMarch 2014\t$450.00']],
      [
        ['Month', 'Amount'],
        ['March 2014', '$450.00'],
      ],
    ]);
    expect(doc.paragraphs.find((p) => p.text === '$450.00')).toMatchObject({ inTable: true });
    expect(doc.paragraphs.find((p) => p.text === 'BY THE COURT')).not.toHaveProperty('inTable');
  });
});

// ---- documents made by the docx package

async function pack(doc: Document): Promise<Buffer> {
  return Buffer.from(await Packer.toBuffer(doc));
}

const cell = (lines: string[], children: (Paragraph | Table)[] = []) =>
  new TableCell({ width: { size: 4680, type: WidthType.DXA }, children: [...lines.map((l) => new Paragraph(l)), ...children] });

function captionTable(): Table {
  return new Table({
    width: { size: 9360, type: WidthType.DXA },
    rows: [new TableRow({ children: [cell(['In re:', 'John Daniel,', 'Debtor']), cell(['Case No. 13-30001 (JAM)', 'Chapter 13'])] })],
  });
}

describe('documents made by the docx package', () => {
  it('O-2: a docx-package proposed order is read: caption table, heading, bold, alignment, ECF No. 42', async () => {
    const bytes = await pack(
      new Document({
        footnotes: { 1: { children: [new Paragraph('See 11 U.S.C. § 362(c)(3).')] } },
        sections: [
          {
            children: [
              captionTable(),
              new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun({ text: TITLE, bold: true })] }),
              new Paragraph({ alignment: AlignmentType.JUSTIFIED, children: [new TextRun(BODY), new FootnoteReferenceRun(1)] }),
              new Paragraph({ children: [new TextRun({ text: 'ORDERED', bold: true }), new TextRun(': that the Motion is GRANTED.')] }),
              new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun('Julie A. Manning'), new TextRun({ text: 'United States Bankruptcy Judge', break: 1 })] }),
            ],
          },
        ],
      }),
    );
    const doc = await readWord(bytes);
    expect(doc.format).toBe('docx');
    expect(doc.tables).toEqual([[CAPTION_ROW]]);
    expect(doc.paragraphs.find((p) => p.text === TITLE)).toEqual({ text: TITLE, style: 'Title', align: 'center', bold: true });
    expect(doc.paragraphs.find((p) => p.text === BODY)?.align).toBe('justify');
    expect(doc.paragraphs.find((p) => p.text.startsWith('ORDERED'))?.bold).toBeUndefined();
    // A line break inside a paragraph stays a line break in its text.
    expect(doc.paragraphs.at(-1)).toMatchObject({ text: 'Julie A. Manning\nUnited States Bankruptcy Judge', align: 'right' });
    expect(doc.text).toMatch(/ECF No\. 42/);
    // Footnotes follow the main text.
    expect(doc.text.split('\n').at(-1)).toBe('See 11 U.S.C. § 362(c)(3).');
  });

  it('O-3: a docx-package header and footer are read, page number field included', async () => {
    const bytes = await pack(
      new Document({
        sections: [
          {
            headers: { default: new Header({ children: [new Paragraph('UNITED STATES BANKRUPTCY COURT')] }) },
            footers: { default: new Footer({ children: [new Paragraph({ children: [new TextRun('Case No. 13-30001, page '), new TextRun({ children: [PageNumber.CURRENT] })] })] }) },
            children: [captionTable(), new Paragraph(BODY)],
          },
        ],
      }),
    );
    const doc = await readWord(bytes);
    expect(doc.headers).toEqual(['UNITED STATES BANKRUPTCY COURT']);
    // The docx package writes the PAGE field without a cached result: the footer has no number.
    expect(doc.footers).toEqual(['Case No. 13-30001, page']);
    expect(doc.text.split('\n')[0]).toBe('UNITED STATES BANKRUPTCY COURT');
    expect(doc.text).not.toMatch(/PAGE/);
  });

  it('O-3: a docx-package text box (VML) is read apart from the body', async () => {
    const bytes = await pack(
      new Document({
        sections: [
          {
            children: [
              new Paragraph({
                children: [
                  new TextRun('UNITED STATES BANKRUPTCY COURT'),
                  new Textbox({ style: { width: '2in', height: '1in' }, children: [new Paragraph('Case No. 13-30001 (JAM)'), new Paragraph('Chapter 13')] }),
                ],
              }),
              new Paragraph(BODY),
            ],
          },
        ],
      }),
    );
    const doc = await readWord(bytes);
    expect(doc.textBoxes).toEqual(['Case No. 13-30001 (JAM)\nChapter 13']);
    expect(doc.paragraphs.map((p) => p.text)).toEqual(['UNITED STATES BANKRUPTCY COURT', BODY]);
    expect(doc.text).toBe(`UNITED STATES BANKRUPTCY COURT\nCase No. 13-30001 (JAM)\nChapter 13\n${BODY}`);
  });

  it('O-3: a docx-package caption with a nested table gives both tables', async () => {
    const inner = new Table({ rows: [new TableRow({ children: [cell(['Case No.']), cell(['13-30001 (JAM)'])] }), new TableRow({ children: [cell(['Chapter']), cell(['13'])] })] });
    const bytes = await pack(
      new Document({ sections: [{ children: [new Table({ rows: [new TableRow({ children: [cell(['In re: John Daniel, Debtor']), cell([], [inner, new Paragraph('')])] })] }), new Paragraph(BODY)] }] }),
    );
    const doc = await readWord(bytes);
    expect(doc.tables).toEqual([
      [['In re: John Daniel, Debtor', 'Case No.\t13-30001 (JAM)\nChapter\t13']],
      [
        ['Case No.', '13-30001 (JAM)'],
        ['Chapter', '13'],
      ],
    ]);
  });

  it('O-4: tracked changes count as accepted: inserted text is read, deleted text is not', async () => {
    const date = '2014-03-01T00:00:00Z';
    const bytes = await pack(
      new Document({
        sections: [
          {
            children: [
              new Paragraph({
                children: [
                  new TextRun('Upon the Motion (ECF No. '),
                  new DeletedTextRun({ text: '41', id: 1, author: 'Clerk', date }),
                  new InsertedTextRun({ text: '42', id: 2, author: 'Clerk', date }),
                  new TextRun(')'),
                ],
              }),
              new Paragraph({ children: [new ExternalHyperlink({ link: 'https://ecf.ctb.uscourts.gov', children: [new TextRun('the docket')] })] }),
            ],
          },
        ],
      }),
    );
    const doc = await readWord(bytes);
    expect(doc.paragraphs.map((p) => p.text)).toEqual(['Upon the Motion (ECF No. 42)', 'the docket']);
  });
});

// ---- hand-made OOXML: what Word writes and the docx package does not

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const docxOf = (body: string, ns = `xmlns:w="${W}"`, extra: Record<string, string | Buffer> = {}) =>
  makeZip({
    '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
    'word/document.xml': `<?xml version="1.0" encoding="UTF-8"?><w:document ${ns} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml"><w:body>${body}</w:body></w:document>`,
    ...extra,
  });
const p = (text: string) => `<w:p><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;

describe('OOXML as Word writes it', () => {
  it('O-3: a text box in mc:AlternateContent is read once, from the branch the reader understands', async () => {
    const box = `<w:txbxContent>${p('Chapter 13')}</w:txbxContent>`;
    const doc = await readWord(
      docxOf(
        `<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx>${box}</wps:txbx></wps:wsp></w:drawing></mc:Choice>` +
          `<mc:Fallback><w:pict><v:shape><v:textbox>${box}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>` +
          // A choice needing a namespace this reader does not know falls back.
          `<w:p><w:r><mc:AlternateContent xmlns:x99="urn:example:future"><mc:Choice Requires="x99"><x99:thing>ignored</x99:thing></mc:Choice>` +
          `<mc:Fallback><w:t>Case No. 13-30001 (JAM)</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>`,
      ),
    );
    expect(doc.textBoxes).toEqual(['Chapter 13']);
    expect(doc.text).toBe('Chapter 13\nCase No. 13-30001 (JAM)');
  });

  it('O-4: field codes are left out and their results kept; content controls and smart tags are read through', async () => {
    const doc = await readWord(
      docxOf(
        `<w:p><w:r><w:t xml:space="preserve">See ECF No. </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DOCPROPERTY Motion </w:instrText></w:r>` +
          `<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>42</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>` +
          `<w:sdt><w:sdtPr><w:alias w:val="Debtor"/></w:sdtPr><w:sdtContent>${p('In re: John Daniel')}</w:sdtContent></w:sdt>` +
          `<w:p><w:smartTag w:uri="urn:x" w:element="place"><w:r><w:t>Hartford</w:t></w:r></w:smartTag><w:r><w:tab/><w:t>Connecticut</w:t></w:r></w:p>`,
      ),
    );
    expect(doc.paragraphs.map((x) => x.text)).toEqual(['See ECF No. 42', 'In re: John Daniel', 'Hartford\tConnecticut']);
  });

  it('O-2: namespace prefixes other than w: are understood', async () => {
    const doc = await readWord(docxOf('<ns0:p><ns0:r><ns0:t>Chapter 13</ns0:t></ns0:r></ns0:p>', `xmlns:w="${W}" xmlns:ns0="${W}"`));
    expect(doc.text).toBe('Chapter 13');
  });

  it('O-3: style names, alignment and bold come from the style sheet when the paragraph does not say', async () => {
    const styles =
      `<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="${W}">` +
      `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>` +
      `<w:style w:type="paragraph" w:styleId="OrderTitle"><w:name w:val="Order Title"/><w:basedOn w:val="Heading"/></w:style>` +
      `<w:style w:type="paragraph" w:styleId="Heading"><w:name w:val="heading 1"/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:b/></w:rPr></w:style></w:styles>`;
    const rels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`;
    const doc = await readWord(
      docxOf(`<w:p><w:pPr><w:pStyle w:val="OrderTitle"/></w:pPr><w:r><w:t>ORDER</w:t></w:r></w:p>${p('plain')}<w:p><w:pPr><w:pStyle w:val="OrderTitle"/><w:jc w:val="left"/></w:pPr><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t>not bold</w:t></w:r></w:p>`, undefined, {
        'word/styles.xml': styles,
        'word/_rels/document.xml.rels': rels,
      }),
    );
    expect(doc.paragraphs).toEqual([
      { text: 'ORDER', style: 'Order Title', align: 'center', bold: true },
      { text: 'plain', style: 'Normal' },
      { text: 'not bold', style: 'Order Title', align: 'left' },
    ]);
  });
});

// ---- RTF as Word and WordPad write it

describe('RTF as Word writes it', () => {
  const rtf = String.raw`{\rtf1\ansi\ansicpg1252\deff0\nouicompat\deflang1033{\fonttbl{\f0\fnil\fcharset0 Calibri;}{\f1\fnil\fcharset204 Times New Roman Cyr;}}
{\stylesheet{\s0 Normal;}{\s1\qc\b heading 1;}{\*\cs10 Default Paragraph Font;}}
{\*\generator Riched20 10.0.19041}\viewkind4\uc1
{\header \pard\plain\qc UNITED STATES BANKRUPTCY COURT\par}
{\footerf \pard\plain First page footer\par}
\pard\s1\sa200\qc\b\f0\fs22 ORDER\b0\par
\pard\s0\qj Upon the Motion {\field{\*\fldinst {HYPERLINK "https://ecf.example/42"}}{\fldrslt {\ul (ECF No.\~42)}}} of Jos\'e9 \u1044?\u1072?\f1\'e4\f0  \uc1\u8226\'95 done.
{\pict\wmetafile8\picw10\pich10 0100090000037800000000}{\*\shppict{\pict\pngblip 89504e47}}{\nonshppict{\pict\wmetafile8 0100}}\par
Footnote{\super\chftn}{\footnote\pard\plain{\super\chftn} See 11 U.S.C. \'a7 362.}\par
\trowd\cellx4000\cellx8000 \pard\intbl In re:\line John Daniel\cell Case No. 13-30001\par Chapter 13\cell\row
\pard between\par
\trowd\cellx8000 \pard\intbl\itap2 Month\nestcell Amount\nestcell{\*\nesttableprops\trowd\cellx2000\cellx4000\nestrow}{\nonesttables\par}\pard\intbl outer\cell\row
\pard\plain {\*\bkmkstart x}signed{\*\bkmkend x}\par
{\object\objemb{\*\objclass Word.Document.8}{\*\objdata 0102}{\result {\pard after object\par}}}
}`;

  it('O-2: an RTF order in Word\'s style is read: code pages, \\u escapes, fields, footnotes, pictures left out', async () => {
    const doc = await readWord(Buffer.from(rtf, 'latin1'));
    expect(doc.format).toBe('rtf');
    expect(doc.paragraphs[0]).toEqual({ text: 'ORDER', style: 'heading 1', align: 'center', bold: true });
    expect(doc.paragraphs[1]).toEqual({ text: 'Upon the Motion (ECF No.\u00a042) of Jos\u00e9 \u0414\u0430\u0434 \u2022 done.', style: 'Normal', align: 'justify' });
    expect(doc.text).toMatch(/ECF No\.\s42/);
    expect(doc.headers).toEqual(['UNITED STATES BANKRUPTCY COURT']);
    expect(doc.footers).toEqual(['First page footer']);
    expect(doc.text).toContain('See 11 U.S.C. \u00a7 362.');
    expect(doc.text).not.toMatch(/HYPERLINK|0100|89504e47|Calibri|Default Paragraph Font/);
    expect(doc.paragraphs.map((p) => p.text)).toContain('signed');
    expect(doc.paragraphs.map((p) => p.text)).toContain('after object');
  });

  it('O-3: RTF tables, nested ones included, keep their rows and cells', async () => {
    const doc = await readWord(Buffer.from(rtf, 'latin1'));
    expect(doc.tables).toEqual([[['In re:\nJohn Daniel', 'Case No. 13-30001\nChapter 13']], [['Month\tAmount\nouter']], [['Month', 'Amount']]]);
    expect(doc.paragraphs.find((p) => p.text === 'between')).not.toHaveProperty('inTable');
  });
});

// ---- unreadable

describe('unreadable Word attachments (I-5)', () => {
  it('I-5: a password-protected .docx (LibreOffice, encrypted package) is refused as password-protected', async () => {
    const err = await unreadable(fixture('encrypted.docx'));
    expect(err.kind).toBe('encrypted');
    expect(err.reason).toBe(REASONS.wordEncrypted);
  });

  it('I-5: a password-protected LibreOffice .doc (fEncrypted) is refused as password-protected', async () => {
    const err = await unreadable(fixture('encrypted.doc'));
    expect(err.kind).toBe('encrypted');
    expect(err.reason).toBe(REASONS.wordEncrypted);
    expect((await unreadable(makeCfb(['WordDocument'], { wordEncrypted: true }))).kind).toBe('encrypted');
  });

  it('O-2: a macro-enabled LibreOffice .docm is refused, and so is a .docx carrying a vbaProject', async () => {
    const err = await unreadable(fixture('macro-enabled.docm'));
    expect(err.kind).toBe('macro-enabled');
    expect(err.reason).toBe(REASONS.docm);
    expect((await unreadable(minimalDocx('Chapter 13', { macro: true }))).kind).toBe('macro-enabled');
    const sneaky = docxOf(p('Chapter 13'), undefined, { 'word/vbaProject.bin': 'x' });
    expect((await unreadable(sneaky)).reason).toBe(REASONS.docm);
  });

  it('I-5: a .docx cut off before its end is reported as incomplete', async () => {
    const bytes = fixture('caption-table.docx');
    for (const cut of [bytes.length - 10, Math.floor(bytes.length / 2), 200]) {
      const err = await unreadable(bytes.subarray(0, cut));
      expect(err.kind).toBe('truncated');
      expect(err.reason).toBe(REASONS.docxTruncated);
    }
  });

  it('I-5: a .doc or .rtf cut off before its end is refused', async () => {
    const doc = fixture('caption-table.doc');
    for (const cut of [Math.floor(doc.length / 2), doc.length - 512]) {
      const d = await unreadable(doc.subarray(0, cut));
      expect(d.kind).toBe('truncated');
      expect(d.reason).toBe(WORD_REASONS.docTruncated);
    }
    const rtf = fixture('caption-table.rtf');
    const r = await unreadable(rtf.subarray(0, Math.floor(rtf.length / 2)));
    expect(r.kind).toBe('truncated');
    expect(r.reason).toBe(REASONS.rtfTruncated);
  });

  it('I-5: a .docx whose parts are damaged (bad deflate data, bad CRC, broken XML) is refused as damaged', async () => {
    // Damage the middle of word/document.xml's compressed data in the LibreOffice fixture.
    const bytes = Buffer.from(fixture('caption-table.docx'));
    const at = bytes.indexOf('word/document.xml', 0, 'latin1');
    for (let i = at + 60; i < at + 90; i++) bytes[i] = 0x55;
    expect((await unreadable(bytes)).reason).toBe(WORD_REASONS.docxCorrupt);

    const broken = docxOf('<w:p><w:r><w:t>Chapter 13</w:r></w:p>');
    expect((await unreadable(broken)).reason).toBe(WORD_REASONS.docxCorrupt);

    const crc = Buffer.from(minimalDocx('Chapter 13'));
    const t = crc.indexOf('Chapter 13', 0, 'latin1');
    crc[t] = 'c'.charCodeAt(0);
    expect((await unreadable(crc)).reason).toBe(WORD_REASONS.docxCorrupt);
  });

  it('I-5: a Word package without its main document part is refused', async () => {
    const bytes = makeZip({ '[Content_Types].xml': '<Types/>', 'word/styles.xml': '<w:styles/>' });
    expect((await unreadable(bytes)).reason).toBe(REASONS.docxNoDocument);
  });

  it('O-2: a PDF, garbage, an empty file, a plain zip and a spreadsheet are not Word documents', async () => {
    expect((await unreadable(Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n'))).reason).toBe(WORD_REASONS.pdf);
    expect((await unreadable(Buffer.from('Please find the order attached.\n'))).kind).toBe('not-word');
    expect((await unreadable(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)))).kind).toBe('not-word');
    expect((await unreadable(Buffer.alloc(0))).reason).toBe(REASONS.empty);
    expect((await unreadable(makeZip({ 'order.txt': 'ORDER' }))).kind).toBe('not-word');
    expect((await unreadable(makeZip({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook/>' }))).kind).toBe('not-word');
    expect((await unreadable(makeCfb(['Workbook']))).kind).toBe('not-word');
  });

  it('I-5: a part that would inflate past 64 MiB (a zip bomb) is refused as damaged, not inflated', async () => {
    const size = 80 * 1024 * 1024;
    const zip = docxOf(p('Chapter 13'), undefined, { 'word/styles.xml': deflateRawSync(Buffer.alloc(size, 0x20)) });
    // makeZip stores entries: mark this one deflated, with its inflated size, in both headers.
    const name = Buffer.from('word/styles.xml');
    for (let at = zip.indexOf(name); at >= 0; at = zip.indexOf(name, at + 1)) {
      const central = at >= 46 && zip.readUInt32LE(at - 46) === 0x02014b50;
      const h = central ? at - 46 : at - 30;
      zip.writeUInt16LE(8, h + (central ? 10 : 8));
      zip.writeUInt32LE(size, h + (central ? 24 : 22));
    }
    expect((await unreadable(zip)).reason).toBe(WORD_REASONS.docxCorrupt);
  });

  it('I-5: fixtures with bytes overwritten or cut off anywhere are read or refused, never crash the reader', async () => {
    let seed = 20140315;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000;
    for (const name of readdirSync(FIXTURES)) {
      const original = fixture(name);
      const damaged: Buffer[] = [];
      for (let k = 0; k < 40; k++) {
        const b = Buffer.from(original);
        for (let j = 1 + Math.floor(rnd() * 8); j > 0; j--) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
        damaged.push(b);
      }
      for (let cut = 0; cut < original.length; cut += 211) damaged.push(original.subarray(0, cut));
      for (const b of damaged) {
        // Either a document or a WordUnreadableError; anything else (a RangeError, a hang) fails here.
        const out = await readWord(b).catch((e: unknown) => {
          if (!(e instanceof WordUnreadableError)) throw e;
          return e;
        });
        expect(out).toBeDefined();
      }
    }
  });
});
