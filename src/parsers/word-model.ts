/**
 * The shape every Word reader (word-docx, word-doc, word-rtf) produces, the error they
 * throw, and the story builder that turns a stream of paragraphs and cell/row ends into
 * paragraphs, tables and reading-order lines. Private to src/parsers/word*.ts: callers
 * import from word.ts.
 */
import type { DocumentLimits } from './limits.ts';
import { REASONS } from './readability.ts';

export type WordAlign = 'left' | 'center' | 'right' | 'justify';

export interface WordParagraph {
  text: string;
  /** The paragraph style's name as the document names it ("Normal", "Title", "heading 1"). */
  style?: string;
  align?: WordAlign;
  /** Every run with visible text is bold. */
  bold?: boolean;
  /** The paragraph sits in a table cell (at any nesting depth). */
  inTable?: boolean;
}

export interface WordDocument {
  format: 'docx' | 'doc' | 'rtf';
  /** Paragraphs of the main text in reading order, table cells included; not headers, footers or text boxes. */
  paragraphs: WordParagraph[];
  /** Tables of the main text and of its text boxes, outer before inner: rows → cells → cell text (its paragraphs joined by \n). */
  tables: string[][][];
  /** Text of each non-empty header, in section order. */
  headers: string[];
  /** Text of each non-empty footer, in section order. */
  footers: string[];
  /** Text of each non-empty text box (text frames and shapes with text), wherever anchored. */
  textBoxes: string[];
  /** Everything in reading order, one line per paragraph: headers, the main text (text boxes where they are anchored), notes, footers. */
  text: string;
}

/** `limit`: over one of the document limits, named in the error's `limit`, found before the work. */
export type WordUnreadableKind = 'empty' | 'encrypted' | 'macro-enabled' | 'truncated' | 'corrupt' | 'old-format' | 'not-word' | 'limit';

export const WORD_REASONS = {
  empty: REASONS.empty,
  encrypted: REASONS.wordEncrypted,
  docm: REASONS.docm,
  docxTruncated: REASONS.docxTruncated,
  docxNoDocument: REASONS.docxNoDocument,
  docxCorrupt: 'The Word document is damaged: parts of it cannot be read. Open it in Word, save it again and send the new copy.',
  docTruncated: REASONS.docxTruncated,
  docCorrupt: 'The Word document (.doc) is damaged: its text cannot be read. Open it in Word, save it as a .docx document and send the new copy.',
  docOld: 'The Word document was saved in an old format (Word 6.0/95 or earlier) that cannot be read. Open it in Word, save it as a .docx document and send it again.',
  rtfTruncated: REASONS.rtfTruncated,
  rtfCorrupt: 'The RTF document is damaged and cannot be read. Open it in Word, save it as a .docx document and send the new copy.',
  pdf: 'The file is a PDF, not a Word document. Proposed orders must be sent as Word documents (.docx, .doc or .rtf).',
  notWord: 'The file is not a Word document (.docx, .doc or .rtf) and cannot be read as one.',
  zipEntries: (max: number) => `The Word document is made of more than ${max.toLocaleString('en-US')} parts, more than any real document has. Open it in Word, save it again and send the new copy.`,
  inflated: (max: number) =>
    `The Word document would take more than ${Math.round(max / (1024 * 1024)).toLocaleString('en-US')} MB once uncompressed, more than the court's system reads. Open it in Word, save it again and send the new copy.`,
  nesting: (max: number) => `The Word document is damaged: its contents are nested more than ${max.toLocaleString('en-US')} levels deep. Open it in Word, save it again and send the new copy.`,
} as const;

/** A Word attachment that cannot be read (I-5). `reason` is a plain sentence for the sender. */
export class WordUnreadableError extends Error {
  readonly code = 'ATTACHMENT_UNREADABLE';
  constructor(
    readonly kind: WordUnreadableKind,
    readonly reason: string,
    options?: { cause?: unknown; limit?: keyof DocumentLimits },
  ) {
    super(reason, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'WordUnreadableError';
    this.limit = options?.limit;
  }
  /** For `limit`: the setting the file is over (e.g. 'maxZipEntries'). */
  readonly limit: keyof DocumentLimits | undefined;
}

/** What a reader hands over: the main story, headers, footers, notes and text boxes. */
export interface StoryParts {
  body: StoryBuilder;
  headers: string[];
  footers: string[];
  notes: string[];
  /** Text boxes whose place in the text is not known (.doc): they follow the main text. */
  looseTextBoxes: string[];
  /** Every text box, in the order met. */
  textBoxes: string[];
}

/** Word nests tables at most 63 deep; a damaged file may claim millions. */
const MAX_TABLE_DEPTH = 64;

interface OpenTable {
  rows: string[][];
  row: string[];
  cell: string[];
}

/**
 * Collects one story (the main text, a header, a text box): paragraphs arrive with their
 * table depth (0 outside tables, 1 in a cell, 2 in a cell of a nested table …), cell and
 * row ends arrive as events. A nested table's text also goes into the enclosing cell
 * (cells joined by a tab, rows by a newline).
 */
export class StoryBuilder {
  readonly paragraphs: WordParagraph[] = [];
  readonly tables: string[][][] = [];
  /** Reading-order lines: paragraph texts and text box texts. */
  readonly lines: string[] = [];
  private readonly stack: OpenTable[] = [];

  paragraph(p: WordParagraph, wanted: number): void {
    const depth = Math.min(Math.max(0, wanted), MAX_TABLE_DEPTH);
    this.toDepth(depth);
    if (!p.text.trim()) return;
    const out: WordParagraph = { text: p.text };
    if (p.style) out.style = p.style;
    if (p.align) out.align = p.align;
    if (p.bold) out.bold = true;
    if (depth > 0) out.inTable = true;
    this.paragraphs.push(out);
    this.lines.push(p.text);
    this.stack[depth - 1]?.cell.push(p.text);
  }

  /** Text of a text box anchored here; it counts as a line of the story, not a paragraph. */
  textBox(text: string): void {
    if (text.trim()) this.lines.push(text);
  }

  endCell(wanted: number): void {
    const depth = Math.min(wanted, MAX_TABLE_DEPTH);
    if (depth < 1) return;
    this.toDepth(depth);
    const t = this.stack[depth - 1]!;
    t.row.push(t.cell.join('\n'));
    t.cell = [];
  }

  endRow(wanted: number): void {
    const depth = Math.min(wanted, MAX_TABLE_DEPTH);
    if (depth < 1 || this.stack.length < depth) return;
    this.toDepth(depth);
    const t = this.stack[depth - 1]!;
    if (t.cell.length) {
      t.row.push(t.cell.join('\n'));
      t.cell = [];
    }
    if (t.row.length) t.rows.push(t.row);
    t.row = [];
  }

  /** Ends the table at `depth` (1 = outermost) and any table inside it. */
  endTable(depth: number): void {
    this.toDepth(Math.max(0, depth - 1));
  }

  /** The text of the story: its lines joined by newlines. */
  text(): string {
    this.toDepth(0);
    return this.lines.join('\n');
  }

  finish(): this {
    this.toDepth(0);
    return this;
  }

  /** Opens or closes tables until `depth` tables are open. */
  private toDepth(wanted: number): void {
    const depth = Math.min(Math.max(0, wanted), MAX_TABLE_DEPTH);
    while (this.stack.length > depth) {
      const t = this.stack.pop()!;
      if (t.cell.length) t.row.push(t.cell.join('\n'));
      if (t.row.length) t.rows.push(t.row);
      const parent = this.stack[this.stack.length - 1];
      if (parent && t.rows.length) parent.cell.push(t.rows.map((r) => r.join('\t')).join('\n'));
      if (!t.rows.length) {
        const i = this.tables.indexOf(t.rows);
        if (i >= 0) this.tables.splice(i, 1);
      }
    }
    while (this.stack.length < depth) {
      const t: OpenTable = { rows: [], row: [], cell: [] };
      this.tables.push(t.rows);
      this.stack.push(t);
    }
  }
}

/** Builds the document from a reader's parts. */
export function assemble(format: WordDocument['format'], parts: StoryParts, extraTables: string[][][] = []): WordDocument {
  const body = parts.body.finish();
  const nonEmpty = (xs: string[]) => xs.map((x) => x.replace(/\s+$/, '')).filter((x) => x.trim());
  const headers = nonEmpty(parts.headers);
  const footers = nonEmpty(parts.footers);
  const text = [...headers, ...body.lines, ...nonEmpty(parts.looseTextBoxes), ...nonEmpty(parts.notes), ...footers].join('\n');
  return {
    format,
    paragraphs: body.paragraphs,
    tables: [...body.tables, ...extraTables].filter((t) => t.length),
    headers,
    footers,
    textBoxes: nonEmpty(parts.textBoxes),
    text,
  };
}
