/**
 * Registration forms made differently from reg-forms.ts, to test the reader against forms
 * drawn up by other hands (R-1..R-4): a PDF editor's fillable form with `Text1`,
 * `Check Box3` and `Group1` fields, labels printed above the boxes, a Yes/No radio pair,
 * the signature added as an ink annotation (as macOS Preview and Acrobat's "Fill & Sign"
 * add a drawn signature) and the exam answered with radio buttons; and paper copies of any
 * PDF printed, marked by hand (pen signature, circled letters) and scanned, possibly
 * skewed, sideways or upside down.
 */
import { createCanvas, type Canvas } from '@napi-rs/canvas';
import { PDFDocument, PDFName, PDFNumber, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { openPdf } from '../../src/parsers/pdf.ts';
import type { RgbaImage } from '../../src/parsers/image.ts';
import { penStrokes, scanLook } from './reg-forms.ts';
import { rng } from './scan.ts';

type Pts = Array<Array<[number, number]>>;

export interface AcroVariant {
  /** The signature drawn as an ink annotation (wet), typed into the signature field, or none. */
  signature: 'ink' | 'typed' | 'none';
  /** Leave these fields empty. */
  blank?: Array<'name' | 'email' | 'barNumber' | 'telephone'>;
  /** Privileges in another court: 'Yes' with the court named, 'No', or neither radio on. */
  otherCourt?: 'yes' | 'no' | 'unset';
  declaration?: boolean;
  /** Exam questions answered with the radio buttons on page 2 (of 5); undefined: no exam page. */
  examAnswered?: number;
}

export const ACRO_VALUES = {
  name: 'Maria T. Delgado',
  firm: 'Delgado Legal Services, P.C.',
  street: '55 Church Street, Suite 300',
  cityStateZip: 'New Haven, CT 06510',
  telephone: '203-555-0147',
  email: 'mdelgado@delgadolegal.example',
  barNumber: 'ct30412',
  pacer: 'mdelgado22',
  court: 'U.S. Bankruptcy Court, S.D.N.Y.',
};

/**
 * "CM/ECF Attorney Filer Registration (Form No. 1)" as a PDF editor makes a fillable form:
 * each label printed small above its box, fields named Text1…Text9, the declaration a
 * `Check Box3`, other courts' privileges a `Group1` Yes/No radio pair.
 */
export async function acroVariantPdf(v: AcroVariant): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const page = doc.addPage([612, 792]);
  const form = doc.getForm();
  const H = 792;
  const text = (s: string, x: number, y: number, size: number, f: PDFFont = font) => page.drawText(s, { x, y: H - y, size, font: f, color: rgb(0, 0, 0) });
  const centre = (s: string, y: number, size: number, f: PDFFont) => text(s, (612 - f.widthOfTextAtSize(s, size)) / 2, y, size, f);
  centre('United States Bankruptcy Court for the District of Connecticut', 54, 11, font);
  centre('CM/ECF ATTORNEY FILER REGISTRATION (Form No. 1)', 76, 14, bold);
  text('Type in the boxes below, print, sign and return this form to the ECF Registration Desk.', 60, 100, 9);

  const blank = new Set(v.blank ?? []);
  const V = ACRO_VALUES;
  // [field name, label above the box, value, x, width]
  const rows: Array<Array<[string, string, string, number, number]>> = [
    [['Text1', 'Attorney Name', blank.has('name') ? '' : V.name, 60, 250], ['Text2', 'Name of Firm/Organization', V.firm, 320, 232]],
    [['Text3', 'Street Address', V.street, 60, 492]],
    [['Text4', 'City, State, Zip Code', V.cityStateZip, 60, 250], ['Text5', 'Phone No.', blank.has('telephone') ? '' : V.telephone, 320, 232]],
    [['Text6', 'E-Mail Address', blank.has('email') ? '' : V.email, 60, 250], ['Text7', 'Connecticut Juris Number', blank.has('barNumber') ? '' : V.barNumber, 320, 232]],
    [['Text8', 'PACER Username', V.pacer, 60, 250]],
  ];
  let y = 128;
  for (const row of rows) {
    for (const [name, label, value, x, w] of row) {
      text(label, x, y, 8, bold);
      const tf = form.createTextField(name);
      tf.addToPage(page, { x, y: H - (y + 22), width: w, height: 18, font, borderColor: rgb(0.3, 0.3, 0.3), borderWidth: 0.8 });
      if (value) tf.setText(value);
      tf.setFontSize(10);
    }
    y += 40;
  }

  y += 8;
  const cb = form.createCheckBox('Check Box3');
  cb.addToPage(page, { x: 60, y: H - y - 2, width: 10, height: 10, borderColor: rgb(0, 0, 0), borderWidth: 0.8 });
  if (v.declaration ?? true) cb.check();
  text('I certify that I am admitted to practice before this Court and am in good standing.', 78, y + 7, 9.5);
  y += 28;
  text('Have you been granted CM/ECF filing privileges in another court?', 60, y, 9.5);
  const group = form.createRadioGroup('Group1');
  group.addOptionToPage('Choice1', page, { x: 372, y: H - y - 2, width: 10, height: 10, borderColor: rgb(0, 0, 0), borderWidth: 0.8 });
  text('Yes', 386, y, 9.5);
  group.addOptionToPage('Choice2', page, { x: 414, y: H - y - 2, width: 10, height: 10, borderColor: rgb(0, 0, 0), borderWidth: 0.8 });
  text('No', 428, y, 9.5);
  if (v.otherCourt === 'yes') group.select('Choice1');
  else if ((v.otherCourt ?? 'no') === 'no') group.select('Choice2');
  y += 20;
  text('If yes, which court?', 60, y, 9.5);
  const court = form.createTextField('Text9');
  court.addToPage(page, { x: 150, y: H - y - 5, width: 300, height: 16, font, borderWidth: 0 });
  page.drawLine({ start: { x: 150, y: H - y - 5 }, end: { x: 450, y: H - y - 5 }, thickness: 0.6 });
  if (v.otherCourt === 'yes') court.setText(V.court);
  court.setFontSize(10);
  y += 30;
  text('My login and password, used together, are my signature on every document I file.', 60, y, 9.5);
  y += 56;

  // "Signature: ____________  Date: ______"
  text('Signature:', 60, y, 10);
  page.drawLine({ start: { x: 112, y: H - y - 2 }, end: { x: 350, y: H - y - 2 }, thickness: 0.6 });
  text('Date:', 370, y, 10);
  page.drawLine({ start: { x: 398, y: H - y - 2 }, end: { x: 520, y: H - y - 2 }, thickness: 0.6 });
  const sig = form.createTextField('Text10');
  sig.addToPage(page, { x: 112, y: H - y - 2, width: 238, height: 16, font, borderWidth: 0 });
  if (v.signature === 'typed') sig.setText(V.name);
  sig.setFontSize(11);
  const date = form.createTextField('Text11');
  date.addToPage(page, { x: 398, y: H - y - 2, width: 122, height: 16, font, borderWidth: 0 });
  date.setText('03/14/2025');
  date.setFontSize(10);
  if (v.signature === 'ink') inkAnnotation(doc, page, penStrokes(31, 180, 34), 130, y - 30);
  form.updateFieldAppearances(font);

  if (v.examAnswered !== undefined) examRadioPage(doc, form, font, bold, v.examAnswered);
  return Buffer.from(await doc.save());
}

/** A drawn signature as an /Ink annotation with its appearance stream; (x, y) top-left, points from the top. */
function inkAnnotation(doc: PDFDocument, page: PDFPage, strokes: Pts, x: number, y: number): void {
  const H = page.getHeight();
  const xs = strokes.flat().map((p) => p[0]);
  const ys = strokes.flat().map((p) => p[1]);
  const w = Math.max(...xs) + 4;
  const h = Math.max(...ys) + 4;
  const rect = [x, H - y - h, x + w, H - y];
  const ops = strokes.map((s) => s.map(([px, py], i) => `${(px + 2).toFixed(2)} ${(h - py - 2).toFixed(2)} ${i ? 'l' : 'm'}`).join('\n') + '\nS').join('\n');
  const ap = doc.context.stream(`q 0.05 0.1 0.45 RG 1.3 w 1 J 1 j\n${ops}\nQ`, { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, w, h] });
  const apRef = doc.context.register(ap);
  const inkList = strokes.map((s) => s.flatMap(([px, py]) => [x + px + 2, H - y - py - 2]));
  const annot = doc.context.obj({
    Type: 'Annot',
    Subtype: 'Ink',
    Rect: rect,
    InkList: inkList,
    C: [0.05, 0.1, 0.45],
    F: 4,
    AP: { N: apRef },
  });
  const ref = doc.context.register(annot);
  const annots = page.node.Annots();
  if (annots) annots.push(ref);
  else page.node.set(PDFName.of('Annots'), doc.context.obj([ref]));
  void PDFNumber;
}

const EXAM: Array<[string, string[]]> = [
  ['Which copy of an electronically filed document is the official record?', ['The electronic document', 'The paper copy', 'The clerk\'s notes']],
  ['When is a document deemed filed?', ['When the NEF is generated', 'At midnight', 'When mailed']],
  ['Who may use your login and password?', ['You and authorised staff', 'Anyone in the firm', 'Opposing counsel']],
  ['What must you do if your password is compromised?', ['Tell the Court at once', 'Wait a week', 'Nothing']],
  ['In what format are documents filed?', ['PDF', 'Word', 'Plain text']],
];

/** Page 2: "CM/ECF Examination", questions "Q1." … with a radio group (Group2…) of choices each. */
function examRadioPage(doc: PDFDocument, form: ReturnType<PDFDocument['getForm']>, font: PDFFont, bold: PDFFont, answered: number): void {
  const page = doc.addPage([612, 792]);
  const H = 792;
  const text = (s: string, x: number, y: number, size: number, f: PDFFont = font) => page.drawText(s, { x, y: H - y, size, font: f });
  text('CM/ECF Examination for New Filers', 60, 60, 13, bold);
  text('Select one answer for each question.', 60, 80, 9.5);
  let y = 110;
  EXAM.forEach(([q, choices], k) => {
    text(`Q${k + 1}. ${q}`, 60, y, 10);
    y += 16;
    const g = form.createRadioGroup(`Group${k + 2}`);
    choices.forEach((c, i) => {
      g.addOptionToPage(`Choice${i + 1}`, page, { x: 80, y: H - y - 2, width: 10, height: 10, borderColor: rgb(0, 0, 0), borderWidth: 0.8 });
      text(c, 96, y + 6, 10);
      y += 16;
    });
    if (k < answered) g.select(`Choice${(k % 3) + 1}`);
    y += 12;
  });
}

// ---------------------------------------------------------------------------------------
// Paper: print, mark by hand, scan.

export interface PenMark {
  page: number;
  kind: 'signature' | 'circle';
  /** Top-left and size in points on the printed page. */
  x: number;
  y: number;
  w: number;
  h: number;
  seed?: number;
}

export interface PaperScan {
  dpi?: number;
  seed: number;
  /** Small skew, degrees. */
  skew?: number;
  /** The sheet fed sideways or upside down: the image is turned this much clockwise. */
  turn?: 0 | 90 | 180 | 270;
  marks?: PenMark[];
  jpegQuality?: number;
}

/** Each page of `pdf` printed (form fields as filled), marked by hand, scanned and sent as an image-only PDF. */
export async function paperScanPdf(pdf: Buffer, o: PaperScan): Promise<Buffer> {
  const src = await PDFDocument.load(pdf);
  if (src.getForm().getFields().length) {
    src.getForm().flatten();
  }
  const flat = Buffer.from(await src.save());
  const doc = await openPdf(flat);
  const dpi = o.dpi ?? 200;
  const r = rng(o.seed);
  const out = await PDFDocument.create();
  try {
    for (let i = 1; i <= doc.pageCount; i++) {
      const img = await doc.render(i, dpi);
      const marked = markPage(img, dpi, (o.marks ?? []).filter((m) => m.page === i));
      const scanned = scannerLook(marked, r, o.skew ?? 0, o.turn ?? 0, dpi);
      const jpeg = await toJpeg(scanned, o.jpegQuality ?? 75);
      const embedded = await out.embedJpg(jpeg);
      const w = (scanned.width * 72) / dpi;
      const h = (scanned.height * 72) / dpi;
      const page = out.addPage([w, h]);
      page.drawImage(embedded, { x: 0, y: 0, width: w, height: h });
    }
  } finally {
    await doc.close();
  }
  return Buffer.from(await out.save());
}

function markPage(img: RgbaImage, dpi: number, marks: PenMark[]): Canvas {
  const c = createCanvas(img.width, img.height);
  const ctx = c.getContext('2d');
  const id = ctx.createImageData(img.width, img.height);
  id.data.set(img.data);
  ctx.putImageData(id, 0, 0);
  const k = dpi / 72;
  ctx.strokeStyle = 'rgb(20,35,110)';
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  for (const m of marks) {
    ctx.lineWidth = 1.1 * k;
    if (m.kind === 'signature') {
      for (const s of penStrokes(m.seed ?? 17, m.w, m.h)) {
        ctx.beginPath();
        s.forEach(([x, y], i) => (i ? ctx.lineTo((m.x + x) * k, (m.y + y) * k) : ctx.moveTo((m.x + x) * k, (m.y + y) * k)));
        ctx.stroke();
      }
    } else {
      // A hand-drawn loop around a letter: an ellipse that does not quite close.
      const r = rng(m.seed ?? 5);
      ctx.beginPath();
      const cx = (m.x + m.w / 2) * k;
      const cy = (m.y + m.h / 2) * k;
      for (let t = 0; t <= 1.08; t += 0.02) {
        const a = -2 + t * 2 * Math.PI;
        const rx = (m.w / 2) * k * (1 + 0.06 * Math.sin(5 * t + r()));
        const ry = (m.h / 2) * k * (1 + 0.06 * Math.cos(4 * t));
        const px = cx + rx * Math.cos(a);
        const py = cy + ry * Math.sin(a);
        if (t === 0) ctx.moveTo(px, py);
        else ctx.lineTo(px, py);
      }
      ctx.stroke();
    }
  }
  return c;
}

/** Skew, turn, blur, grey paper, noise and dust: a little heavier than reg-forms' scans. */
function scannerLook(page: Canvas, r: () => number, skew: number, turn: number, dpi: number): RgbaImage {
  return scanLook(page, r, skew, dpi, { turn, blur: [0.35, 0.25], paper: [228, 18], floor: 18, noise: 10, specks: 300, speck: [50, 90] });
}

async function toJpeg(img: RgbaImage, quality: number): Promise<Buffer> {
  const c = createCanvas(img.width, img.height);
  const ctx = c.getContext('2d');
  const id = ctx.createImageData(img.width, img.height);
  id.data.set(img.data);
  ctx.putImageData(id, 0, 0);
  return c.encode('jpeg', quality);
}

/**
 * A typed exam (text PDF) in a third style: "1)" numbering, choices "a) … b) … c)" each on
 * its own line, meant to be printed and answered by circling the letter. Returns the PDF and
 * where each choice's letter is, for circling.
 */
export async function circleExamPdf(questions = 6): Promise<{ pdf: Buffer; letters: Array<Array<{ x: number; y: number; w: number; h: number }>> }> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const bold = await doc.embedFont(StandardFonts.TimesRomanBold);
  const page = doc.addPage([612, 792]);
  const H = 792;
  const text = (s: string, x: number, y: number, size: number, f: PDFFont = font) => page.drawText(s, { x, y: H - y, size, font: f });
  text('ELECTRONIC FILING (CM/ECF) TEST', 190, 64, 14, bold);
  text('Circle the letter of the best answer.', 72, 88, 11);
  const letters: Array<Array<{ x: number; y: number; w: number; h: number }>> = [];
  let y = 120;
  for (let k = 0; k < questions; k++) {
    const [q, choices] = EXAM[k % EXAM.length]!;
    text(`${k + 1}) ${q}`, 72, y, 11);
    y += 17;
    const row: Array<{ x: number; y: number; w: number; h: number }> = [];
    choices.forEach((c, i) => {
      const l = String.fromCharCode(97 + i);
      text(`${l})`, 96, y, 11);
      text(c, 114, y, 11);
      row.push({ x: 92, y: y - 12, w: 16, h: 16 });
      y += 16;
    });
    letters.push(row);
    y += 12;
  }
  return { pdf: Buffer.from(await doc.save()), letters };
}
