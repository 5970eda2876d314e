/**
 * Hand-made PDFs for tests: one letter-size page, Helvetica, a real text layer, and a
 * classic cross-reference table whose offsets are computed, so strict readers open it.
 */

export interface PdfOptions {
  /** Add an `/Encrypt` entry (Standard security handler, RC4 40-bit) to the trailer. */
  encrypt?: boolean;
}

/** A correct one-page PDF showing `text` (one line per `\n`). */
export function minimalPdf(text: string, opts: PdfOptions = {}): Buffer {
  const lines = text.split('\n');
  const content = ['BT', '/F1 12 Tf', '14 TL', '72 720 Td', ...lines.map((l, i) => `${i ? 'T* ' : ''}(${escapePdfString(l)}) Tj`), 'ET'].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
  ];
  let trailerExtra = '';
  if (opts.encrypt) {
    // Only the dictionary is real; the content is left in the clear ("encrypted-looking").
    const o = 'A'.repeat(64);
    const u = 'B'.repeat(64);
    objects.push(`<< /Filter /Standard /V 1 /R 2 /O <${o}> /U <${u}> /P -44 >>`);
    trailerExtra = ` /Encrypt ${objects.length} 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>]`;
  }

  // The binary comment line tells transfer programs the file is binary (PDF 1.7 § 7.5.2).
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  // Each entry is exactly 20 bytes, ending in space + newline.
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${trailerExtra} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** The same page with a Standard security handler named in the trailer. */
export function encryptedPdf(text: string): Buffer {
  return minimalPdf(text, { encrypt: true });
}

/** Latin-1 only (WinAnsi); anything else becomes `?`. */
function escapePdfString(s: string): string {
  return s.replace(/[^\x20-\xff]/g, '?').replace(/[\\()]/g, (c) => `\\${c}`);
}
