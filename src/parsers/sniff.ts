/**
 * I-4: an attachment's type is decided by its bytes, never by its name or declared MIME
 * type (mailparser even rewrites `application/octet-stream` from the file name).
 *
 * Zip and OLE compound files are looked into just far enough to tell a Word document
 * from a spreadsheet, a macro-enabled document or an encrypted package. No zip or CFB
 * library is used: file names from the zip headers and directory entries from the CFB
 * are enough, and both can be read with plain Buffer reads.
 *
 * Bounded like the readers: no more than maxZipEntries (+1, enough to tell the reader it
 * is over) zip entries are listed, one small entry is inflated with a 1 MB cap, and the
 * compound file's directory is scanned once, linearly; nothing declared is followed.
 */
import { inflateRawSync } from 'node:zlib';
import { documentLimits } from './limits.ts';
import type { ContentType } from './types.ts';

/** Readers (Acrobat, pdf.js) accept `%PDF-` anywhere in the first 1024 bytes. */
const PDF_HEADER_WINDOW = 1024;
const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const TNEF_MAGIC = Buffer.from([0x78, 0x9f, 0x3e, 0x22]);
const ZIP_LOCAL = 0x04034b50;
const ZIP_CENTRAL = 0x02014b50;
const ZIP_EOCD = 0x06054b50;
/** EOCD is 22 bytes plus a comment of at most 65535 bytes. */
const ZIP_EOCD_WINDOW = 22 + 0xffff;
/** Scan at most this much text when deciding whether bytes are UTF-8 text. */
const TEXT_SAMPLE = 64 * 1024;

export function sniffType(bytes: Buffer): ContentType {
  if (bytes.length === 0) return 'unknown';
  if (startsWith(bytes, '%PDF-')) return 'pdf';
  // Signatures at offset 0 first: a stored zip of PDFs shows `%PDF-` early on too.
  if (startsWith(bytes, 'PK\x03\x04') || startsWith(bytes, 'PK\x05\x06')) return sniffZip(bytes);
  if (bytes.subarray(0, 8).equals(CFB_MAGIC)) return sniffCfb(bytes);
  if (startsWith(stripBom(bytes), '{\\rtf')) return 'rtf';
  if (bytes.subarray(0, 4).equals(TNEF_MAGIC)) return 'tnef';
  if (imageKind(bytes)) return 'image';
  if (pdfHeaderOffset(bytes) >= 0) return 'pdf';
  return sniffText(bytes);
}

/** Offset of `%PDF-` within the first 1024 bytes, or -1. */
export function pdfHeaderOffset(bytes: Buffer): number {
  return bytes.subarray(0, PDF_HEADER_WINDOW + 5).indexOf('%PDF-', 0, 'latin1');
}

/** The image format by magic number, or null. */
export function imageKind(bytes: Buffer): 'png' | 'jpg' | 'gif' | 'tif' | 'webp' | 'heic' | null {
  if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0x89504e47 && bytes.readUInt32BE(4) === 0x0d0a1a0a) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg';
  if (startsWith(bytes, 'GIF87a') || startsWith(bytes, 'GIF89a')) return 'gif';
  if (startsWith(bytes, 'II*\x00') || startsWith(bytes, 'MM\x00*')) return 'tif';
  if (startsWith(bytes, 'RIFF') && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'webp';
  // iPhone photos: an ISO-BMFF `ftyp` box with a HEIF brand.
  if (bytes.subarray(4, 8).toString('latin1') === 'ftyp' && /^(heic|heix|hevc|heim|heis|mif1|msf1)$/.test(bytes.subarray(8, 12).toString('latin1'))) return 'heic';
  return null;
}

/** A file extension for a made-up attachment name. */
export function extensionFor(type: ContentType, bytes: Buffer): string {
  switch (type) {
    case 'image':
      return imageKind(bytes) ?? 'img';
    case 'text':
      return 'txt';
    case 'tnef':
      return 'dat';
    case 'unknown':
      return 'bin';
    default:
      return type;
  }
}

// ---- zip (docx / docm / zip)

/**
 * File names of a zip archive: from the central directory when the end record is there,
 * else by walking the local file headers (a truncated archive still names what it got).
 */
export function zipEntryNames(bytes: Buffer): string[] {
  return zipEntries(bytes).map((e) => e.name);
}

/** Whether the archive ends with an end-of-central-directory record (else it was cut off). */
export function hasZipEndRecord(bytes: Buffer): boolean {
  return findEocd(bytes) >= 0;
}

interface ZipEntry {
  name: string;
  /** Offset of the local file header. */
  localOffset: number;
  method: number;
  compressedSize: number;
}

function zipEntries(bytes: Buffer): ZipEntry[] {
  const central = readCentralDirectory(bytes);
  return central.length ? central : walkLocalHeaders(bytes);
}

function findEocd(bytes: Buffer): number {
  const stop = Math.max(0, bytes.length - ZIP_EOCD_WINDOW);
  for (let i = bytes.length - 22; i >= stop; i--) {
    if (bytes.readUInt32LE(i) === ZIP_EOCD) return i;
  }
  return -1;
}

/** Entries listed at most: one past the limit, so that a reader can say it is over. */
const maxListed = () => documentLimits().maxZipEntries + 1;

function readCentralDirectory(bytes: Buffer): ZipEntry[] {
  const eocd = findEocd(bytes);
  if (eocd < 0) return [];
  const count = Math.min(bytes.readUInt16LE(eocd + 10), maxListed());
  let p = bytes.readUInt32LE(eocd + 16);
  const out: ZipEntry[] = [];
  for (let i = 0; i < count && p + 46 <= bytes.length; i++) {
    if (bytes.readUInt32LE(p) !== ZIP_CENTRAL) break;
    const method = bytes.readUInt16LE(p + 10);
    const compressedSize = bytes.readUInt32LE(p + 20);
    const nameLen = bytes.readUInt16LE(p + 28);
    const extraLen = bytes.readUInt16LE(p + 30);
    const commentLen = bytes.readUInt16LE(p + 32);
    const localOffset = bytes.readUInt32LE(p + 42);
    out.push({ name: bytes.subarray(p + 46, p + 46 + nameLen).toString('utf8'), localOffset, method, compressedSize });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

function walkLocalHeaders(bytes: Buffer): ZipEntry[] {
  const out: ZipEntry[] = [];
  let p = 0;
  const max = maxListed();
  while (p + 30 <= bytes.length && bytes.readUInt32LE(p) === ZIP_LOCAL && out.length < max) {
    const flags = bytes.readUInt16LE(p + 6);
    const method = bytes.readUInt16LE(p + 8);
    const compressedSize = bytes.readUInt32LE(p + 18);
    const nameLen = bytes.readUInt16LE(p + 26);
    const extraLen = bytes.readUInt16LE(p + 28);
    out.push({ name: bytes.subarray(p + 30, p + 30 + nameLen).toString('utf8'), localOffset: p, method, compressedSize });
    // Bit 3: sizes follow the data in a descriptor, so the next header has to be searched for.
    if (flags & 0x08) {
      const next = bytes.indexOf('PK\x03\x04', p + 30 + nameLen + extraLen, 'latin1');
      if (next < 0) break;
      p = next;
    } else {
      p += 30 + nameLen + extraLen + compressedSize;
    }
  }
  return out;
}

/** The bytes of one small entry (stored or deflated), or null when they cannot be had. */
function zipEntryContent(bytes: Buffer, entry: ZipEntry, maxLength = 1 << 20): Buffer | null {
  const p = entry.localOffset;
  if (p + 30 > bytes.length || bytes.readUInt32LE(p) !== ZIP_LOCAL) return null;
  const start = p + 30 + bytes.readUInt16LE(p + 26) + bytes.readUInt16LE(p + 28);
  const data = bytes.subarray(start, start + entry.compressedSize);
  try {
    if (entry.method === 0) return data;
    if (entry.method === 8) return inflateRawSync(data, { maxOutputLength: maxLength });
  } catch {
    // A damaged or oversized entry: the names alone decide then.
  }
  return null;
}

function sniffZip(bytes: Buffer): ContentType {
  const entries = zipEntries(bytes);
  const names = entries.map((e) => e.name);
  const contentTypes = entries.find((e) => e.name === '[Content_Types].xml');
  const ct = contentTypes ? (zipEntryContent(bytes, contentTypes)?.toString('utf8') ?? '') : '';
  const isWord = names.some((n) => n === 'word/document.xml' || n.startsWith('word/')) || /wordprocessingml\.document\.main\+xml/i.test(ct);
  const macro = names.some((n) => /(^|\/)vbaProject\.bin$/i.test(n)) || /ms-word\.document\.macroEnabled/i.test(ct);
  if (isWord || /ms-word\./i.test(ct)) return macro ? 'docm' : 'docx';
  return 'zip';
}

// ---- OLE compound files (.doc, encrypted .docx)

/**
 * Stream and storage names found in a compound file's directory. Directory entries are
 * 128 bytes, sector aligned, so they sit at 128-byte aligned offsets; an entry is taken
 * only when its recorded name length and type agree with the name, which text inside a
 * document never does by accident. Works on truncated files too.
 */
export function cfbEntryNames(bytes: Buffer): Map<string, { type: number; startSector: number; size: number }> {
  const out = new Map<string, { type: number; startSector: number; size: number }>();
  for (let p = 512; p + 128 <= bytes.length; p += 128) {
    const nameLen = bytes.readUInt16LE(p + 64);
    const type = bytes[p + 66]!;
    if (nameLen < 4 || nameLen > 64 || nameLen % 2 || type < 1 || type > 5) continue;
    // The name is NUL terminated UTF-16LE and nothing but printable characters.
    if (bytes.readUInt16LE(p + nameLen - 2) !== 0) continue;
    const name = bytes.subarray(p, p + nameLen - 2).toString('utf16le');
    if (!/^[\x01-\x1f]?[\x20-\x7e]+$/.test(name)) continue;
    out.set(name, { type, startSector: bytes.readUInt32LE(p + 116), size: bytes.readUInt32LE(p + 120) });
  }
  return out;
}

/**
 * Why a compound file cannot be opened without a password, or null:
 * `'ooxml'` for an encrypted .docx/.xlsx (an `EncryptionInfo` + `EncryptedPackage`
 * container), `'doc'` for a legacy Word file whose FIB says it is encrypted.
 */
export function cfbEncryption(bytes: Buffer): 'ooxml' | 'doc' | null {
  if (!bytes.subarray(0, 8).equals(CFB_MAGIC)) return null;
  const entries = cfbEntryNames(bytes);
  if (entries.has('EncryptionInfo') || entries.has('EncryptedPackage')) return 'ooxml';
  const word = entries.get('WordDocument');
  if (word && word.type === 2 && word.size >= 4096) {
    // A stream of 4096 bytes or more lives in regular sectors; its first sector holds the FIB.
    const sectorSize = 1 << bytes.readUInt16LE(30);
    const fib = (word.startSector + 1) * sectorSize;
    if (fib + 12 <= bytes.length && bytes.readUInt16LE(fib) === 0xa5ec && bytes.readUInt16LE(fib + 10) & 0x0100) return 'doc';
  }
  return null;
}

/** Convenience for callers: a password-protected Word (or other Office) file. */
export function isEncryptedOfficeFile(bytes: Buffer): boolean {
  return cfbEncryption(bytes) !== null;
}

function sniffCfb(bytes: Buffer): ContentType {
  const entries = cfbEntryNames(bytes);
  // Encrypted OOXML is typed 'doc' so that the orders rules see a Word file and report it
  // as password-protected (I-5) rather than "not a Word document".
  if (entries.has('WordDocument') || entries.has('EncryptionInfo') || entries.has('EncryptedPackage')) return 'doc';
  // A readable directory naming other streams: a spreadsheet, a presentation, an Outlook .msg.
  if (entries.has('Root Entry')) return 'unknown';
  // No directory in reach (a truncated file): the magic number is all there is to go on.
  return 'doc';
}

// ---- text

function sniffText(bytes: Buffer): ContentType {
  if (startsWith(bytes, '\xff\xfe') || startsWith(bytes, '\xfe\xff')) return 'text'; // UTF-16 with BOM
  let sample = bytes.subarray(0, TEXT_SAMPLE);
  // Do not cut a multi-byte character in half at the end of the sample.
  if (bytes.length > TEXT_SAMPLE) {
    let cut = sample.length;
    while (cut > sample.length - 4 && cut > 0 && (sample[cut - 1]! & 0xc0) === 0x80) cut--;
    if (cut > 0 && sample[cut - 1]! >= 0xc0) cut--;
    sample = sample.subarray(0, cut);
  }
  let str: string;
  try {
    str = new TextDecoder('utf-8', { fatal: true }).decode(sample);
  } catch {
    return 'unknown';
  }
  // Control characters other than tab, newlines, form feed and escape mean binary data.
  const controls = str.match(/[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]/g)?.length ?? 0;
  if (str.includes('\x00') || controls > str.length / 100) return 'unknown';
  if (/^\ufeff?\s*(<!doctype\s+html|<html[\s>])/i.test(str)) return 'html';
  return 'text';
}

function startsWith(bytes: Buffer, prefix: string): boolean {
  return bytes.length >= prefix.length && bytes.subarray(0, prefix.length).toString('latin1') === prefix;
}

function stripBom(bytes: Buffer): Buffer {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}
