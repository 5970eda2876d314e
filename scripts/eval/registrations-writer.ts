/**
 * ECF Form No. 1 as an applicant types it in a word processor: written with the `docx`
 * package in a layout of its own (a two-column table of labels and values, ☒/☐
 * characters, the signature line with "Signature" under it, the printed name under that
 * and the typed date beside it), exported to PDF by LibreOffice, and then either sent as
 * it is or printed, signed in pen over the line and scanned (reg-variants' paper scan).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { openPdf } from '../../src/parsers/pdf.ts';
import { paperScanPdf, type PenMark } from '../../test/support/reg-variants.ts';
import { libreOfficeConvert } from './lib-corpus.ts';

export interface WriterApplicant {
  name: string;
  firm: string;
  address: string;
  telephone: string;
  email: string;
  barNumber?: string;
  pacer: string;
  /** What stands on the signature line when the PDF is made: nothing, or `/s/ Name`. */
  line: 'blank' | 'slash-s';
  date: string;
}

const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const cell = (text: string, bold = false) => new TableCell({ width: { size: 50, type: WidthType.PERCENTAGE }, borders: { top: NONE, bottom: NONE, left: NONE, right: NONE }, children: [new Paragraph({ children: [new TextRun({ text, bold, font: 'Liberation Serif', size: 23 })] })] });
const para = (text: string, o: { bold?: boolean; center?: boolean; size?: number; before?: number } = {}) =>
  new Paragraph({ alignment: o.center ? AlignmentType.CENTER : AlignmentType.LEFT, spacing: { before: o.before ?? 0, after: 80 }, children: [new TextRun({ text, bold: o.bold, font: 'Liberation Serif', size: o.size ?? 23 })] });

function formDocx(a: WriterApplicant): Promise<Buffer> {
  const rows: Array<[string, string]> = [
    ['Name of Attorney:', a.name],
    ['Law Firm:', a.firm],
    ['Office Address:', a.address],
    ['Telephone Number:', a.telephone],
    ['E-mail Address:', a.email],
    ['Connecticut Bar (Juris) Number:', a.barNumber ?? ''],
    ['PACER Username:', a.pacer],
  ];
  const doc = new Document({
    sections: [
      {
        children: [
          para('UNITED STATES BANKRUPTCY COURT', { bold: true, center: true }),
          para('DISTRICT OF CONNECTICUT', { bold: true, center: true }),
          para('ECF Form No. 1', { bold: true, center: true, before: 200 }),
          para('ELECTRONIC FILER REGISTRATION FORM', { bold: true, center: true }),
          para('Complete this form to register as a Filer on the Court’s CM/ECF system. Print it, sign it by hand and return it with the exam unless you hold CM/ECF privileges in another court.', { before: 200, size: 21 }),
          new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: rows.map(([l, v]) => new TableRow({ children: [cell(l, true), cell(v)] })) }),
          para('☒  I declare that I am an attorney admitted to practice in the United States Bankruptcy Court for the District of Connecticut and in good standing.', { before: 240, size: 21 }),
          para('☐  I have CM/ECF filing privileges in another court (name the court): ______________________', { size: 21 }),
          para('By signing below I agree to abide by the Administrative Procedures for Electronic Case Filing. My login and password, used together, constitute my signature on documents I file.', { before: 160, size: 21 }),
          para(a.line === 'slash-s' ? `/s/ ${a.name}                                        Date: ${a.date}` : `________________________________________          Date: ${a.date}`, { before: 720 }),
          para('Signature', { size: 19 }),
          para(a.name),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** The form exported to PDF by LibreOffice. */
export async function writerFormPdf(applicants: WriterApplicant[]): Promise<Buffer[]> {
  const dir = mkdtempSync(join(tmpdir(), 'eval-reg-'));
  try {
    const inputs: string[] = [];
    for (const [i, a] of applicants.entries()) {
      const p = join(dir, `form-${i}.docx`);
      writeFileSync(p, await formDocx(a));
      inputs.push(p);
    }
    const out = libreOfficeConvert(inputs, 'pdf');
    return inputs.map((p) => {
      const made = out.get(p)!;
      const bytes = readFileSync(made);
      rmSync(made, { force: true });
      return bytes;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Where the signature rule is (points, top-left origin), from the PDF's own text layer. */
async function signatureLine(pdf: Buffer): Promise<{ x: number; y: number; w: number }> {
  const doc = await openPdf(pdf);
  try {
    const items = await doc.textItems(1);
    const rule = items.find((t) => /_{10,}/.test(t.str) && !/court/i.test(t.str));
    const label = items.find((t) => t.str.trim() === 'Signature');
    if (!rule || !label) throw new Error('no signature line in the Writer form');
    return { x: rule.x, y: rule.baseline, w: Math.min(rule.width, 230) };
  } finally {
    await doc.close();
  }
}

/** The PDF printed, signed in pen over the line (or not) and scanned. */
export async function signedAndScanned(pdf: Buffer, o: { seed: number; sign: boolean; skew?: number; turn?: 0 | 90 | 180 | 270 }): Promise<Buffer> {
  const marks: PenMark[] = [];
  if (o.sign) {
    const line = await signatureLine(pdf);
    marks.push({ page: 1, kind: 'signature', x: line.x + 10, y: line.y - 30, w: Math.min(190, line.w - 20), h: 34, seed: o.seed });
  }
  return paperScanPdf(pdf, { seed: o.seed, dpi: 150, skew: o.skew ?? 0.6, turn: o.turn ?? 0, marks, jpegQuality: 55 });
}
