/**
 * Hostile edits of a real PDF as an incremental update: the original bytes stay, new
 * objects are appended with their own xref section and a trailer whose /Prev is the
 * original's, the way an editor saves. A reader follows the new objects first, so the
 * hostile page tree, page, content or image sits exactly where the real one was.
 * Values are written as PDF syntax by hand (pdf-lib only reads the original), because
 * the point is syntax no writer would produce.
 */
import { deflateRawSync, constants } from 'node:zlib';
import { PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef } from 'pdf-lib';

export interface PdfImage {
  num: number;
  dict: PDFDict;
  data: Buffer;
  /** The resource name a page draws it under. */
  name?: string;
}

export interface PdfInfo {
  bytes: Buffer;
  rootNum: number;
  catalog: PDFDict;
  pagesNum: number;
  pages: Array<{ num: number; dict: PDFDict }>;
  images: PdfImage[];
  /** The next free object number. */
  size: number;
  startxref: number;
}

export async function inspectPdf(bytes: Buffer): Promise<PdfInfo> {
  const doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: true });
  const root = doc.context.trailerInfo.Root as PDFRef;
  const pagesRef = doc.catalog.get(PDFName.of('Pages')) as PDFRef;
  const images: PdfImage[] = [];
  for (const [ref, obj] of doc.context.enumerateIndirectObjects()) {
    if (obj instanceof PDFRawStream && obj.dict.get(PDFName.of('Subtype')) === PDFName.of('Image')) images.push({ num: ref.objectNumber, dict: obj.dict, data: Buffer.from(obj.contents) });
  }
  const pages = doc.getPages().map((p) => ({ num: p.ref.objectNumber, dict: p.node }));
  // The name the first page draws each image under (its /Resources /XObject entry).
  const xobjects = pages[0]?.dict.lookup(PDFName.of('Resources'));
  const xo = xobjects instanceof PDFDict ? xobjects.lookup(PDFName.of('XObject')) : undefined;
  if (xo instanceof PDFDict) {
    for (const [name, value] of xo.entries()) {
      const img = images.find((i) => value instanceof PDFRef && i.num === value.objectNumber);
      if (img) img.name = name.asString().slice(1);
    }
  }
  const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(bytes.subarray(-1024).toString('latin1'));
  return { bytes, rootNum: root.objectNumber, catalog: doc.catalog, pagesNum: pagesRef.objectNumber, pages, images, size: doc.context.largestObjectNumber + 1, startxref: m ? Number(m[1]) : 0 };
}

/** A dictionary's syntax with some keys replaced or added (values as raw PDF syntax; null drops the key). */
export function dictWith(dict: PDFDict, set: Record<string, string | null>): string {
  const parts = ['<<'];
  for (const [k, v] of dict.entries()) {
    const key = k.asString().slice(1);
    if (key in set) continue;
    parts.push(`${k.toString()} ${v.toString()}`);
  }
  for (const [k, v] of Object.entries(set)) if (v !== null) parts.push(`/${k} ${v}`);
  parts.push('>>');
  return parts.join('\n');
}

/** A stream object's body: its dictionary (with /Length unless `length` overrides it) and data. */
export function stream(dict: string, data: Buffer, length: string | number = data.length): Buffer {
  const inner = dict.replace(/^<<|>>$/g, '');
  return Buffer.concat([Buffer.from(`<<${inner}\n/Length ${length}\n>>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]);
}

export type PdfObject = [num: number, body: string | Buffer];

/** The PDF with `objects` appended as an incremental update (classic xref table). */
export function appendUpdate(info: PdfInfo, objects: PdfObject[], trailerExtra = ''): Buffer {
  const chunks: Buffer[] = [info.bytes, Buffer.from('\n', 'latin1')];
  let offset = info.bytes.length + 1;
  const offsets: Array<[number, number]> = [];
  for (const [num, body] of objects) {
    const b = Buffer.concat([Buffer.from(`${num} 0 obj\n`, 'latin1'), typeof body === 'string' ? Buffer.from(body, 'latin1') : body, Buffer.from('\nendobj\n', 'latin1')]);
    offsets.push([num, offset]);
    chunks.push(b);
    offset += b.length;
  }
  const size = Math.max(info.size, ...objects.map(([n]) => n + 1));
  const xref = ['xref', '0 1', '0000000000 65535 f '];
  const sorted = offsets.sort((a, b) => a[0] - b[0]);
  // Consecutive object numbers share one subsection.
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1]![0] === sorted[j]![0] + 1) j++;
    xref.push(`${sorted[i]![0]} ${j - i + 1}`);
    for (let k = i; k <= j; k++) xref.push(`${String(sorted[k]![1]).padStart(10, '0')} 00000 n `);
    i = j + 1;
  }
  chunks.push(Buffer.from(`${xref.join('\n')}\ntrailer\n<< /Size ${size} /Root ${info.rootNum} 0 R /Prev ${info.startxref} ${trailerExtra}>>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(chunks);
}

/** The page dictionary of the first page with keys replaced, as one update object. */
export function firstPageWith(info: PdfInfo, set: Record<string, string | null>): PdfObject {
  const page = info.pages[0]!;
  return [page.num, dictWith(page.dict, set)];
}

/** The first page's /Resources as syntax, with `xobjects` added to its /XObject dictionary. */
export function resourcesWith(info: PdfInfo, xobjects: Record<string, string>): string {
  const res = info.pages[0]!.dict.lookup(PDFName.of('Resources'));
  const resDict = res instanceof PDFDict ? res : PDFDict.withContext(info.pages[0]!.dict.context);
  const xo = resDict.lookup(PDFName.of('XObject'));
  const xoText = xo instanceof PDFDict ? dictWith(xo, xobjects) : `<< ${Object.entries(xobjects).map(([k, v]) => `/${k} ${v}`).join(' ')} >>`;
  return dictWith(resDict, { XObject: xoText });
}

/** The first page's /Contents as a list of references, to draw more after it. */
export function contentsOf(info: PdfInfo): string[] {
  const c = info.pages[0]!.dict.get(PDFName.of('Contents'));
  if (!c) return [];
  const s = c.toString();
  return s.startsWith('[') ? (s.match(/\d+ \d+ R/g) ?? []) : [s];
}

const bombCache = new Map<string, Buffer>();

/**
 * A zlib (or raw deflate) stream that inflates to `size` bytes of `fill`, made without
 * holding them: one full-flushed deflate block of 1 MiB repeated (a full flush resets the
 * window, so the copies are independent), a final empty block, and the Adler-32 of the
 * whole, computed in closed form (a constant byte c over n bytes: a = 1 + c·n, b = n + c·n(n+1)/2).
 */
export function inflationBomb(size: number, fill = 0, raw = false): Buffer {
  const key = `${size}:${fill}:${raw}`;
  const hit = bombCache.get(key);
  if (hit) return hit;
  const chunk = 1 << 20;
  const block = deflateRawSync(Buffer.alloc(chunk, fill), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const n = Math.floor(size / chunk);
  const parts: Buffer[] = raw ? [] : [Buffer.from([0x78, 0xda])];
  for (let i = 0; i < n; i++) parts.push(block);
  const rest = size - n * chunk;
  parts.push(deflateRawSync(Buffer.alloc(rest, fill), { level: 9 }));
  if (!raw) {
    const mod = 65521n;
    const N = BigInt(size);
    const c = BigInt(fill);
    const a = (1n + c * N) % mod;
    const b = (N + (c * N * (N + 1n)) / 2n) % mod;
    const adler = Buffer.alloc(4);
    adler.writeUInt32BE(Number((b << 16n) | a));
    parts.push(adler);
  }
  const out = Buffer.concat(parts);
  bombCache.set(key, out);
  return out;
}
