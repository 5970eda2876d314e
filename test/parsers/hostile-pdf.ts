/**
 * Hand-written PDF syntax for hostile files: numbered objects (strings, or a dictionary
 * with stream bytes), a classic cross-reference table with computed offsets and a
 * trailer, so strict readers find every object where the table says.
 */
import { deflateSync } from 'node:zlib';

export interface StreamObject {
  /** The stream dictionary's entries without the << >> and without /Length. */
  dict: string;
  data: Buffer | string;
}
export type PdfObject = string | StreamObject;

/**
 * A PDF whose object n is `objects[n - 1]`; the trailer names `/Root 1 0 R` unless
 * `trailer` says otherwise. `null` leaves an object number unused (a free entry).
 */
export function buildPdf(objects: (PdfObject | null)[], opts: { trailer?: string } = {}): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let size = parts[0]!.length;
  const offsets: (number | null)[] = [];
  const push = (b: Buffer) => {
    parts.push(b);
    size += b.length;
  };
  objects.forEach((obj, i) => {
    if (obj === null) {
      offsets.push(null);
      return;
    }
    offsets.push(size);
    if (typeof obj === 'string') {
      push(Buffer.from(`${i + 1} 0 obj\n${obj}\nendobj\n`, 'latin1'));
    } else {
      const data = typeof obj.data === 'string' ? Buffer.from(obj.data, 'latin1') : obj.data;
      push(Buffer.from(`${i + 1} 0 obj\n<< ${obj.dict} /Length ${data.length} >>\nstream\n`, 'latin1'));
      push(data);
      push(Buffer.from('\nendstream\nendobj\n', 'latin1'));
    }
  });
  const xref = size;
  let table = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) table += off === null ? '0000000000 00000 f \n' : `${String(off).padStart(10, '0')} 00000 n \n`;
  table += `trailer\n<< /Size ${objects.length + 1} ${opts.trailer ?? '/Root 1 0 R'} >>\nstartxref\n${xref}\n%%EOF\n`;
  push(Buffer.from(table, 'latin1'));
  return Buffer.concat(parts, size);
}

export interface PageOptions {
  /** The page's content stream (uncompressed unless `flate`). */
  content?: string | Buffer;
  flate?: boolean;
  /** The page's resource dictionary (a Helvetica /F1 unless given). */
  resources?: string;
  /** Extra entries of the page dictionary. */
  page?: string;
  mediaBox?: string;
  /** Objects 5, 6, … (referable as `5 0 R` …). */
  extra?: (PdfObject | null)[];
}

/** Catalog (1), page tree (2), one page (3), its content (4), then `extra` from 5 on. */
export function onePagePdf(opts: PageOptions = {}): Buffer {
  const raw = opts.content ?? 'BT /F1 12 Tf 72 720 Td (A page of hostile intent.) Tj ET';
  const data = opts.flate ? deflateSync(typeof raw === 'string' ? Buffer.from(raw, 'latin1') : raw) : raw;
  return buildPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox ${opts.mediaBox ?? '[0 0 612 792]'} /Resources ${opts.resources ?? '<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>'} /Contents 4 0 R ${opts.page ?? ''} >>`,
    { dict: opts.flate ? '/Filter /FlateDecode' : '', data },
    ...(opts.extra ?? []),
  ]);
}

/** A page painting image XObject 5 (`/Im0`) whose dictionary has `imageDict` and `data`. */
export function imagePdf(imageDict: string, data: Buffer | string = Buffer.alloc(3)): Buffer {
  return onePagePdf({
    content: 'q 612 0 0 792 0 0 cm /Im0 Do Q',
    resources: '<< /XObject << /Im0 5 0 R >> >>',
    extra: [{ dict: `/Type /XObject /Subtype /Image ${imageDict}`, data }],
  });
}
