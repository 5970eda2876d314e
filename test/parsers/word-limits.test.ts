import { constants, deflateRawSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { setDocumentLimits, type DocumentLimits } from '../../src/parsers/limits.ts';
import { sniffType, zipEntryNames } from '../../src/parsers/sniff.ts';
import { readWord, WordUnreadableError } from '../../src/parsers/word.ts';
import { writeZip, type ZipEntry } from '../../scripts/fuzz/zip.ts';
import { makeZip } from '../support/zip.ts';

afterEach(() => setDocumentLimits({}));

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const CONTENT_TYPES =
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const RELS =
  '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';
const doc = (body: string) => `<?xml version="1.0"?><w:document xmlns:w="${W}"><w:body>${body}</w:body></w:document>`;

async function refused(bytes: Buffer): Promise<{ err: WordUnreadableError; ms: number }> {
  const t0 = performance.now();
  const err = await readWord(bytes).then(
    () => new Error('the document was read'),
    (e: unknown) => e,
  );
  const ms = performance.now() - t0;
  expect(err).toBeInstanceOf(WordUnreadableError);
  const e = err as WordUnreadableError;
  expect(e.code).toBe('ATTACHMENT_UNREADABLE');
  expect(e.reason).toMatch(/^The (Word|RTF) document .+\.$/);
  return { err: e, ms };
}

/** `withinMs` is generous, for hangs only. */
async function limitHit(bytes: Buffer, limit: keyof DocumentLimits, withinMs = 2000): Promise<WordUnreadableError> {
  const { err, ms } = await refused(bytes);
  expect({ kind: err.kind, limit: err.limit }).toEqual({ kind: 'limit', limit });
  expect(ms).toBeLessThan(withinMs);
  return err;
}

/** Raw deflate of `prefix + repeat × times + suffix`, one deflated block used again and again (gigabytes cost kilobytes). */
function bomb(prefix: string, repeat: Buffer, times: number, suffix: string): Buffer {
  const sync = { finishFlush: constants.Z_SYNC_FLUSH };
  const block = deflateRawSync(repeat, sync);
  return Buffer.concat([deflateRawSync(Buffer.from(prefix), sync), ...Array.from({ length: times }, () => block), deflateRawSync(Buffer.from(suffix))]);
}

/** A deflated .docx: the package parts, then `parts` (text, or already-deflated bytes declaring `size`). */
function docx(parts: Record<string, string | { deflated: Buffer; size: number }>): Buffer {
  const entries: ZipEntry[] = [
    { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES) },
    { name: '_rels/.rels', data: Buffer.from(RELS) },
  ];
  for (const [name, v] of Object.entries(parts)) {
    entries.push(typeof v === 'string' ? { name, data: Buffer.from(v) } : { name, data: Buffer.alloc(0), deflated: v.deflated, lie: { size: v.size } });
  }
  return writeZip(entries);
}

describe('.docx bounds', () => {
  it('I-5: a .docx of 6 000 zip entries is ATTACHMENT_UNREADABLE naming maxZipEntries', async () => {
    const entries: Record<string, string> = { '[Content_Types].xml': CONTENT_TYPES, '_rels/.rels': RELS, 'word/document.xml': doc('<w:p><w:r><w:t>ORDER</w:t></w:r></w:p>') };
    for (let i = 0; i < 6000; i++) entries[`word/media/image${i}.png`] = 'x';
    const bytes = makeZip(entries);
    // The sniffer lists no more than one past the limit.
    expect(zipEntryNames(bytes).length).toBe(5001);
    expect(sniffType(bytes)).toBe('docx');
    const err = await limitHit(bytes, 'maxZipEntries');
    expect(err.reason).toMatch(/more than 5,000 parts/);
  });

  it('I-5: a document.xml inflating to 320 MB while declaring 100 bytes is ATTACHMENT_UNREADABLE naming maxInflatedBytes', async () => {
    const bytes = docx({
      'word/document.xml': { deflated: bomb(`<w:document xmlns:w="${W}"><w:body><w:p><w:r><w:t>`, Buffer.alloc(16 << 20, 0x61), 20, '</w:t></w:r></w:p></w:body></w:document>'), size: 100 },
    });
    expect(bytes.length).toBeLessThan(1 << 20);
    // Inflating up to the 256 MB cap is the one real cost (0.1–1 s).
    const err = await limitHit(bytes, 'maxInflatedBytes', 5000);
    expect(err.reason).toMatch(/more than 256 MB once uncompressed/);
  });

  it('I-5: parts within the cap one by one but over it together (headers) are refused naming maxInflatedBytes', async () => {
    setDocumentLimits({ maxInflatedBytes: 4 << 20 });
    const entries: Record<string, string> = { 'word/document.xml': doc('<w:p><w:r><w:t>ORDER</w:t></w:r></w:p>') };
    for (let i = 1; i <= 5; i++) {
      entries[`word/header${i}.xml`] = `<w:hdr xmlns:w="${W}"><w:p><w:r><w:t>${'a'.repeat(1 << 20)}</w:t></w:r></w:p></w:hdr>`;
    }
    await limitHit(docx(entries), 'maxInflatedBytes');
  });

  it('I-5: XML elements nested 100 000 deep are ATTACHMENT_UNREADABLE naming maxNestingDepth', async () => {
    const deep = `${'<w:sdt><w:sdtContent>'.repeat(50_000)}<w:p><w:r><w:t>x</w:t></w:r></w:p>${'</w:sdtContent></w:sdt>'.repeat(50_000)}`;
    const err = await limitHit(makeZip({ '[Content_Types].xml': CONTENT_TYPES, '_rels/.rels': RELS, 'word/document.xml': doc(deep) }), 'maxNestingDepth');
    expect(err.reason).toMatch(/nested more than 100 levels/);
  });

  it('I-5: tables nested 60 deep (as deep as Word goes) are still read', async () => {
    let body = '<w:p><w:r><w:t>INNERMOST</w:t></w:r></w:p>';
    for (let i = 0; i < 20; i++) body = `<w:tbl><w:tr><w:tc>${body}</w:tc></w:tr></w:tbl><w:p/>`;
    const read = await readWord(makeZip({ '[Content_Types].xml': CONTENT_TYPES, '_rels/.rels': RELS, 'word/document.xml': doc(body) }));
    expect(read.text).toContain('INNERMOST');
  });
});

describe('.rtf bounds', () => {
  it('I-5: RTF groups nested 100 000 deep are ATTACHMENT_UNREADABLE naming maxNestingDepth', async () => {
    await limitHit(Buffer.from(`{\\rtf1\\ansi ${'{'.repeat(100_000)}x${'}'.repeat(100_000)}}`, 'latin1'), 'maxNestingDepth');
  });

  it('I-5: \\binN declaring 2 000 000 000 bytes in a small file is ATTACHMENT_UNREADABLE (cut off), at once', async () => {
    const { err, ms } = await refused(Buffer.from('{\\rtf1\\ansi ORDER \\bin2000000000 xx}', 'latin1'));
    expect(err.kind).toBe('truncated');
    expect(ms).toBeLessThan(2000);
  });

  it('I-5: a control word with a parameter beyond 32 bits (\\fs99999999999) is ATTACHMENT_UNREADABLE (damaged)', async () => {
    const { err } = await refused(Buffer.from('{\\rtf1\\ansi {\\fs99999999999 ORDER}}', 'latin1'));
    expect(err.kind).toBe('corrupt');
  });

  it('I-5: \\uc65535 does not swallow the rest of the document', async () => {
    const read = await readWord(Buffer.from('{\\rtf1\\ansi \\uc65535 \\u8220 ORDERED that the motion is granted.\\par}', 'latin1'));
    expect(read.text).toContain('motion is granted');
  });
});

/**
 * A compound file: header, FAT in sector 0, directory in sector 1, WordDocument from
 * sector 2 (`wordSectors` sectors, `declared` bytes in its entry). `fat` overrides entries.
 */
function cfb(opts: { declared: number; wordSectors?: number; fat?: Record<number, number>; difat?: { start: number; numFat: number }; miniShift?: number }): Buffer {
  const S = 512;
  const wordSectors = opts.wordSectors ?? 1;
  const sectors = 2 + wordSectors;
  const buf = Buffer.alloc(S * (1 + sectors));
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(buf, 0);
  buf.writeUInt16LE(0x3e, 0x18);
  buf.writeUInt16LE(3, 0x1a);
  buf.writeUInt16LE(0xfffe, 0x1c);
  buf.writeUInt16LE(9, 0x1e);
  buf.writeUInt16LE(opts.miniShift ?? 6, 0x20);
  buf.writeUInt32LE(opts.difat?.numFat ?? 1, 0x2c);
  buf.writeUInt32LE(1, 0x30);
  buf.writeUInt32LE(4096, 0x38);
  buf.writeUInt32LE(0xfffffffe, 0x3c);
  buf.writeUInt32LE(opts.difat?.start ?? 0xfffffffe, 0x44);
  for (let i = 0; i < 109; i++) buf.writeUInt32LE(i === 0 ? 0 : 0xffffffff, 0x4c + 4 * i);
  // One FAT sector: 128 entries (more sectors than that are left out of the FAT).
  const fat = (n: number, v: number) => n < 128 && buf.writeUInt32LE(v >>> 0, S + 4 * n);
  for (let i = 0; i < 128; i++) fat(i, 0xffffffff);
  fat(0, 0xfffffffd);
  fat(1, 0xfffffffe);
  for (let i = 0; i < wordSectors; i++) fat(2 + i, i + 1 < wordSectors ? 3 + i : 0xfffffffe);
  for (const [n, v] of Object.entries(opts.fat ?? {})) fat(Number(n), v);
  const dir = 2 * S;
  const entry = (i: number, name: string, type: number, child: number, start: number, size: number) => {
    const p = dir + 128 * i;
    buf.write(name, p, 'utf16le');
    buf.writeUInt16LE(2 * (name.length + 1), p + 64);
    buf[p + 66] = type;
    buf.writeUInt32LE(0xffffffff, p + 68);
    buf.writeUInt32LE(0xffffffff, p + 72);
    buf.writeUInt32LE(child >>> 0, p + 76);
    buf.writeUInt32LE(start >>> 0, p + 116);
    buf.writeUInt32LE(size >>> 0, p + 120);
  };
  entry(0, 'Root Entry', 5, 1, 0xfffffffe, 0);
  entry(1, 'WordDocument', 2, 0xffffffff, 2, opts.declared);
  return buf;
}

describe('.doc compound-file bounds', () => {
  async function damaged(bytes: Buffer): Promise<WordUnreadableError> {
    const { err, ms } = await refused(bytes);
    expect(['corrupt', 'truncated', 'not-word']).toContain(err.kind);
    expect(ms).toBeLessThan(2000);
    return err;
  }

  it('I-5: a FAT chain that loops (the directory sector pointing to itself) is ATTACHMENT_UNREADABLE, at once', async () => {
    await damaged(cfb({ declared: 8192, wordSectors: 16, fat: { 1: 1 } }));
  });

  it('I-5: a WordDocument stream chain that loops is ATTACHMENT_UNREADABLE, at once', async () => {
    await damaged(cfb({ declared: 8192, wordSectors: 16, fat: { 17: 2 } }));
  });

  it('I-5: a stream declaring 2 GB in a 10 KB file is ATTACHMENT_UNREADABLE, nothing allocated for it', async () => {
    await damaged(cfb({ declared: 0x7fffffff, wordSectors: 16 }));
  });

  it('I-5: a DIFAT chain that loops is ATTACHMENT_UNREADABLE, at once', async () => {
    // 240 FAT sectors declared: 109 in the header, the rest in DIFAT sectors; sector 2 names itself next.
    const bytes = cfb({ declared: 8192, wordSectors: 250, difat: { start: 2, numFat: 240 } });
    bytes.writeUInt32LE(2, 3 * 512 + 508);
    await damaged(bytes);
  });

  it('I-5: a mini sector size other than 64 bytes is ATTACHMENT_UNREADABLE', async () => {
    await damaged(cfb({ declared: 8192, wordSectors: 16, miniShift: 31 }));
  });
});
