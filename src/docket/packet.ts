/**
 * Mail service packets (P-7, P-8): a cover sheet addressed to a party who is not
 * registered for electronic notice, then the document itself, ready to print and mail.
 */
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';

export interface PacketInput {
  courtName: string;
  clerkAddress?: string;
  caseNumber: string;
  caseName: string;
  party: { name: string; address: string | null };
  entry: { number: number; text: string; filedDate: string };
  documents: { description: string; bytes: Buffer }[];
}

function wrap(text: string, max: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if ((line + ' ' + word).trim().length > max) {
      if (line) out.push(line);
      line = word;
    } else line = (line + ' ' + word).trim();
  }
  if (line) out.push(line);
  return out;
}

export async function buildPacket(p: PacketInput): Promise<{ pdf: Buffer; pages: number }> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Service copy ${p.caseNumber} ECF No. ${p.entry.number} — ${p.party.name}`);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const cover = doc.addPage([612, 792]);
  let y = 740;
  const line = (s: string, opts: { size?: number; f?: typeof font; x?: number } = {}) => {
    cover.drawText(s, { x: opts.x ?? 72, y, size: opts.size ?? 11, font: opts.f ?? font, color: rgb(0, 0, 0) });
    y -= (opts.size ?? 11) + 6;
  };
  line(p.courtName, { f: bold, size: 12 });
  line('Clerk’s Office — service by U.S. Mail'.replace('’', "'"), { size: 10 });
  if (p.clerkAddress) line(p.clerkAddress, { size: 10 });
  y -= 40;
  // Window-envelope position for the mailing address.
  line(p.party.name, { f: bold, size: 12, x: 90 });
  for (const l of (p.party.address ?? 'ADDRESS NOT ON FILE — see the docket').split(/\s*(?:\n|;|,(?=\s*[A-Z][a-z]+ [A-Z]{2} \d{5}))\s*/)) line(l, { size: 12, x: 90 });
  y -= 40;
  line(`Case: ${p.caseNumber}  ${p.caseName}`, { f: bold });
  line(`Docket entry: ECF No. ${p.entry.number}, filed ${p.entry.filedDate}`);
  for (const l of wrap(p.entry.text, 90)) line(l, { size: 10 });
  y -= 10;
  line('Enclosed:', { f: bold });
  for (const d of p.documents) line(`- ${d.description}`, { size: 10 });
  for (const d of p.documents) {
    const src = await PDFDocument.load(d.bytes, { ignoreEncryption: true });
    const pages = await doc.copyPages(src, src.getPageIndices());
    for (const page of pages) doc.addPage(page);
  }
  const pdf = Buffer.from(await doc.save());
  return { pdf, pages: doc.getPageCount() };
}
