/**
 * Registration forms (ECF Form No. 1) whose signature block is laid out as firms' own
 * copies of the form lay it out (R-3): the printed name typed under the line or beside
 * it, the date typed beside the line, the "Signature" label above the line — printed,
 * signed by pen on the line (or typed, or left blank) and scanned (reg-variants.ts).
 */
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { penStrokes } from './reg-forms.ts';
import { paperScanPdf } from './reg-variants.ts';

export type SignatureBlock = 'name-under' | 'name-beside' | 'date-beside' | 'label-above';
export type SignedWith = 'pen' | 'typed' | 'slash-s' | 'none';

export const BLOCK_APPLICANT = {
  name: 'Jane Roe',
  firm: 'Roe & Partners LLP',
  address: '100 Pearl Street, Hartford, CT 06103',
  telephone: '(860) 555-0100',
  email: 'jroe@roelaw.example.com',
  barNumber: 'ct99887',
};

interface Drawn {
  pdf: Buffer;
  /** Where the line is (points from the top). */
  line: { x: number; y: number; w: number };
}

/** How the applicant's pen wrote: a ballpoint by default; a fine, pale pen breaks up in a scan. */
export interface Pen {
  width?: number;
  height?: number;
  /** Line width, points. */
  thickness?: number;
  color?: [number, number, number];
}

async function printedForm(block: SignatureBlock, signed: SignedWith, pen: Pen, seed: number): Promise<Drawn> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const bold = await doc.embedFont(StandardFonts.TimesRomanBold);
  const page = doc.addPage([612, 792]);
  const H = 792;
  const text = (s: string, x: number, y: number, size = 11, f = font) => page.drawText(s, { x, y: H - y, size, font: f, color: rgb(0, 0, 0) });
  const rule = (x: number, y: number, w: number) => page.drawLine({ start: { x, y: H - y }, end: { x: x + w, y: H - y }, thickness: 0.7 });
  text('UNITED STATES BANKRUPTCY COURT', 190, 60, 13, bold);
  text('DISTRICT OF CONNECTICUT', 222, 78, 12, bold);
  text('CM/ECF ATTORNEY FILER REGISTRATION FORM (ECF Form No. 1)', 118, 104, 12, bold);
  const A = BLOCK_APPLICANT;
  const rows: [string, string][] = [
    ['Name:', A.name],
    ['Firm:', A.firm],
    ['Address:', A.address],
    ['Telephone:', A.telephone],
    ['E-mail:', A.email],
    ['Bar Number:', A.barNumber],
  ];
  let y = 150;
  for (const [label, value] of rows) {
    text(label, 72, y, 11, bold);
    text(value, 170, y);
    y += 24;
  }
  text('[X] I am admitted to practice in the United States District Court for the District of Connecticut.', 72, y, 10);
  y += 18;
  text('I have not been granted CM/ECF filing privileges in another court.', 72, y, 10);
  y += 18;
  text('By signing below I agree to abide by the Administrative Procedures for Electronic Case Filing.', 72, y, 10);
  y += 70;

  let line: Drawn['line'];
  switch (block) {
    case 'name-under':
      rule(72, y, 250);
      rule(360, y, 150);
      text(A.name, 72, y + 14);
      text('03/14/2025', 360, y - 4);
      text('Signature of Applicant', 72, y + 28, 9);
      text('Date', 360, y + 14, 9);
      line = { x: 72, y, w: 250 };
      break;
    case 'name-beside':
    case 'date-beside': {
      // `Signature: ____  Printed Name: Jane Roe` or `Signature of Applicant ____  March 14, 2025`
      const [label, start, beside] = block === 'name-beside' ? ['Signature:', 124, `Printed Name: ${A.name}`] : ['Signature of Applicant', 182, 'March 14, 2025'];
      text(label, 72, y - 2);
      rule(start, y, 200);
      text(beside, start + 218, y - 2);
      line = { x: start, y, w: 200 };
      break;
    }
    case 'label-above':
      text('Signature of Applicant:', 72, y - 34, 10);
      rule(72, y, 260);
      text('Date: 03/14/2025', 370, y - 2);
      text(`(${A.name})`, 72, y + 14, 10);
      line = { x: 72, y, w: 260 };
      break;
  }
  if (signed === 'pen') {
    // Signed on the line: the strokes rise above it and the flourish dips below.
    const w = Math.min(pen.width ?? 170, line.w - 24);
    const h = pen.height ?? 30;
    const path = penStrokes(40 + seed, w, h)
      .map((st) => st.map(([x, y], i) => `${i ? 'L' : 'M'}${x.toFixed(2)} ${y.toFixed(2)}`).join(' '))
      .join(' ');
    const [r, g, b] = pen.color ?? [0.08, 0.14, 0.43];
    page.drawSvgPath(path, { x: line.x + 14, y: H - (line.y - h + 4), borderColor: rgb(r, g, b), borderWidth: pen.thickness ?? 1.1 });
  }
  if (signed === 'typed') text(A.name, line.x + 12, line.y - 3, 12, font);
  if (signed === 'slash-s') text(`/s/ ${A.name}`, line.x + 12, line.y - 3, 12, font);
  return { pdf: Buffer.from(await doc.save()), line };
}

/** The form printed, signed as `signed` says on the line of `block`, and scanned. */
export async function scannedSignatureBlock(block: SignatureBlock, signed: SignedWith, opts: { seed?: number; pen?: Pen } = {}): Promise<Buffer> {
  const seed = opts.seed ?? 3;
  const { pdf } = await printedForm(block, signed, opts.pen ?? {}, seed);
  return paperScanPdf(pdf, { seed, skew: 0.6 });
}
