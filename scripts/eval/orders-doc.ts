/**
 * A proposed order as a list of blocks, written two ways: as flat ODF for LibreOffice to
 * convert into .docx/.doc/.rtf, and as .docx through the `docx` package (the way
 * Word-like tools write it, optionally with words split over several runs as Word's
 * revision marks leave them).
 */
import { AlignmentType, BorderStyle, DeletedTextRun, Document, ExternalHyperlink, Footer, Header, InsertedTextRun, LeaderType, Packer, PageBreak, PageNumber, Paragraph, Tab, Table, TableBorders, TableCell, TableRow, TabStopType, TextRun, WidthType } from 'docx';
import type { Rng } from './lib-corpus.ts';

export type Align = 'left' | 'center' | 'right' | 'justify';

/**
 * `**bold**` marks bold text, `\t` a tab, `\n` a line break inside the paragraph;
 * `[+text+]` and `[-text-]` are tracked insertions and deletions and `{{link:text|url}}` a
 * hyperlink (the `docx` writer only; flat ODF keeps insertions and links as text and
 * drops deletions).
 */
export interface Para {
  kind: 'p';
  text: string;
  align?: Align;
  /** Tab stops of a caption with a `)`/`:`/`§` column. */
  captionTabs?: boolean;
  indent?: boolean;
  /** A tab stop whose leader is a rule of underscores: Word's drawn signature line. */
  ruleLeader?: boolean;
  /** A rule drawn as the paragraph's top border (another way Word users draw a signature line). */
  borderTop?: boolean;
}

export interface TableBlock {
  kind: 'table';
  /** Rows of cells; each cell is a list of paragraphs. */
  rows: string[][][];
  borders?: boolean;
}

export type Block = Para | TableBlock | { kind: 'pagebreak' };

export interface WordDoc {
  blocks: Block[];
  header?: string;
  footer?: string;
  /** "Page N of M" in the footer. */
  pageNumbers?: boolean;
}

export const p = (text: string, align: Align = 'left', extra: Partial<Para> = {}): Para => ({ kind: 'p', text, align, ...extra });

/** The plain text of a document, as a reader would see it (for similarity and notes). */
export function plainText(doc: WordDoc): string {
  return doc.blocks
    .map((b) => (b.kind === 'p' ? b.text : b.kind === 'table' ? b.rows.flatMap((r) => r.map((c) => c.join('\n'))).join('\n') : ''))
    .join('\n')
    .replace(/\*\*/g, '');
}

// ---- flat ODF

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function odfInline(text: string): string {
  text = text
    .replace(/\[-[\s\S]*?-\]/g, '')
    .replace(/\[\+([\s\S]*?)\+\]/g, '$1')
    .replace(/\{\{link:([^|]*)\|[^}]*\}\}/g, '$1');
  return text
    .split('**')
    .map((seg, i) => {
      const body = esc(seg)
        .replace(/\t/g, '<text:tab/>')
        .replace(/\n/g, '<text:line-break/>')
        .replace(/ {2,}/g, (m) => ` <text:s text:c="${m.length - 1}"/>`);
      return i % 2 ? `<text:span text:style-name="B">${body}</text:span>` : body;
    })
    .join('');
}

const ODF_STYLE: Record<Align, string> = { left: 'PL', center: 'PC', right: 'PR', justify: 'PJ' };

function odfPara(b: Para): string {
  const style = b.captionTabs ? 'Cap' : b.indent ? 'PI' : ODF_STYLE[b.align ?? 'left'];
  return `<text:p text:style-name="${style}">${odfInline(b.text)}</text:p>`;
}

export function toFodt(doc: WordDoc): string {
  const body = doc.blocks
    .map((b, i) => {
      if (b.kind === 'p') return odfPara(b);
      if (b.kind === 'pagebreak') return '<text:p text:style-name="Brk"/>';
      const cols = Math.max(...b.rows.map((r) => r.length));
      const row = (cells: string[][]) =>
        `<table:table-row>${cells.map((c) => `<table:table-cell table:style-name="${b.borders ? 'CellB' : 'Cell'}" office:value-type="string">${c.map((t) => `<text:p text:style-name="PL">${odfInline(t)}</text:p>`).join('')}</table:table-cell>`).join('')}</table:table-row>`;
      return `<table:table table:name="T${i}" table:style-name="Tbl"><table:table-column table:number-columns-repeated="${cols}"/>${b.rows.map(row).join('')}</table:table>`;
    })
    .join('\n');
  const footer = doc.pageNumbers
    ? `<style:footer><text:p text:style-name="PC">${doc.footer ? odfInline(doc.footer) + ' – ' : ''}Page <text:page-number text:select-page="current">1</text:page-number> of <text:page-count>1</text:page-count></text:p></style:footer>`
    : doc.footer
      ? `<style:footer><text:p text:style-name="PC">${odfInline(doc.footer)}</text:p></style:footer>`
      : '';
  const header = doc.header ? `<style:header><text:p text:style-name="PR">${odfInline(doc.header)}</text:p></style:header>` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:font-face-decls><style:font-face style:name="Times New Roman" svg:font-family="'Times New Roman'" style:font-family-generic="roman"/></office:font-face-decls>
 <office:styles>
  <style:default-style style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0.08in"/><style:text-properties style:font-name="Times New Roman" fo:font-size="12pt" fo:language="en" fo:country="US"/></style:default-style>
  <style:style style:name="Standard" style:family="paragraph" style:class="text"/>
 </office:styles>
 <office:automatic-styles>
  <style:style style:name="PL" style:family="paragraph" style:parent-style-name="Standard"/>
  <style:style style:name="PC" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="center"/></style:style>
  <style:style style:name="PR" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="end"/></style:style>
  <style:style style:name="PJ" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="justify" fo:line-height="200%"/></style:style>
  <style:style style:name="PI" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:margin-left="3.5in"/></style:style>
  <style:style style:name="Cap" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:margin-bottom="0in"><style:tab-stops><style:tab-stop style:position="3.2in"/><style:tab-stop style:position="3.6in"/></style:tab-stops></style:paragraph-properties></style:style>
  <style:style style:name="Brk" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:break-before="page"/></style:style>
  <style:style style:name="B" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
  <style:style style:name="Tbl" style:family="table"><style:table-properties style:width="6.5in" table:align="margins"/></style:style>
  <style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties fo:padding="0.04in" fo:border="none"/></style:style>
  <style:style style:name="CellB" style:family="table-cell"><style:table-cell-properties fo:padding="0.04in" fo:border="0.5pt solid #000000"/></style:style>
  <style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="8.5in" fo:page-height="11in" fo:margin-top="0.7in" fo:margin-bottom="0.7in" fo:margin-left="1in" fo:margin-right="1in"/><style:header-style><style:header-footer-properties fo:min-height="0in" fo:margin-bottom="0.2in"/></style:header-style><style:footer-style><style:header-footer-properties fo:min-height="0in" fo:margin-top="0.2in"/></style:footer-style></style:page-layout>
 </office:automatic-styles>
 <office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">${header}${footer}</style:master-page></office:master-styles>
 <office:body><office:text>
${body}
 </office:text></office:body>
</office:document>
`;
}

// ---- docx through the `docx` package

const DOCX_ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT, justify: AlignmentType.JUSTIFIED } as const;

/** Word leaves text in many runs (spell check, revision ids): split words between runs at random. */
function fragments(text: string, rng: Rng | undefined): string[] {
  if (!rng || text.length < 6) return [text];
  const out: string[] = [];
  let rest = text;
  while (rest.length > 6) {
    const cut = rng.int(2, Math.min(14, rest.length - 2));
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  out.push(rest);
  return out;
}

type Run = TextRun | InsertedTextRun | DeletedTextRun | ExternalHyperlink;
const REVISION = { author: 'Jennifer Wu', date: '2014-04-01T10:00:00Z' };
let revisionId = 1;

function docxRuns(text: string, rng: Rng | undefined): Run[] {
  const runs: Run[] = [];
  for (const piece of text.split(/(\[\+[\s\S]*?\+\]|\[-[\s\S]*?-\]|\{\{link:[^}]*\}\})/)) {
    if (!piece) continue;
    if (piece.startsWith('[+')) runs.push(new InsertedTextRun({ text: piece.slice(2, -2), id: revisionId++, ...REVISION }));
    else if (piece.startsWith('[-')) runs.push(new DeletedTextRun({ text: piece.slice(2, -2), id: revisionId++, ...REVISION }));
    else if (piece.startsWith('{{link:')) {
      const [label, link] = piece.slice(7, -2).split('|');
      runs.push(new ExternalHyperlink({ link: link!, children: [new TextRun({ text: label!, style: 'Hyperlink' })] }));
    } else runs.push(...plainRuns(piece, rng));
  }
  return runs;
}

function plainRuns(text: string, rng: Rng | undefined): TextRun[] {
  const runs: TextRun[] = [];
  text.split('**').forEach((seg, i) => {
    const bold = i % 2 === 1;
    seg.split('\n').forEach((line, li) => {
      line.split('\t').forEach((piece, ti) => {
        if (ti > 0) runs.push(new TextRun({ children: [new Tab()], bold }));
        const parts = fragments(piece, rng);
        parts.forEach((frag, fi) => {
          if (frag) runs.push(new TextRun({ text: frag, bold, break: li > 0 && ti === 0 && fi === 0 ? 1 : undefined }));
        });
      });
    });
  });
  return runs;
}

function docxPara(b: Para, rng: Rng | undefined): Paragraph {
  return new Paragraph({
    alignment: DOCX_ALIGN[b.align ?? 'left'],
    indent: b.indent ? { left: 5040 } : undefined,
    spacing: b.align === 'justify' ? { line: 480 } : { after: b.captionTabs ? 0 : 120 },
    tabStops: b.captionTabs ? [{ type: TabStopType.LEFT, position: 4608 }, { type: TabStopType.LEFT, position: 5184 }] : b.ruleLeader ? [{ type: TabStopType.LEFT, position: 9000, leader: LeaderType.UNDERSCORE }] : undefined,
    border: b.borderTop ? { top: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } } : undefined,
    children: docxRuns(b.text, rng),
  });
}

export async function toDocx(doc: WordDoc, opts: { splitRuns?: Rng } = {}): Promise<Buffer> {
  const rng = opts.splitRuns;
  const children: (Paragraph | Table)[] = [];
  for (const b of doc.blocks) {
    if (b.kind === 'p') children.push(docxPara(b, rng));
    else if (b.kind === 'pagebreak') children.push(new Paragraph({ children: [new PageBreak()] }));
    else
      children.push(
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          borders: b.borders ? undefined : TableBorders.NONE,
          rows: b.rows.map((r) => new TableRow({ children: r.map((c) => new TableCell({ width: { size: Math.floor(100 / r.length), type: WidthType.PERCENTAGE }, children: c.map((t) => docxPara(p(t), rng)) })) })),
        }),
      );
  }
  const footerRuns = doc.pageNumbers
    ? [new TextRun({ children: [...(doc.footer ? [doc.footer + ' – '] : []), 'Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] })]
    : doc.footer
      ? [new TextRun(doc.footer)]
      : [];
  const document = new Document({
    creator: 'Microsoft Office User',
    styles: { default: { document: { run: { font: 'Times New Roman', size: 24 } } } },
    sections: [
      {
        headers: doc.header ? { default: new Header({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun(doc.header)] })] }) } : undefined,
        footers: footerRuns.length ? { default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: footerRuns })] }) } : undefined,
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
