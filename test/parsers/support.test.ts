/** The hand-made test files must be real files, or the parser tests prove nothing. */
import { describe, expect, it } from 'vitest';
import { minimalPdf } from '../support/pdf.ts';
import { crc32, makeZip } from '../support/zip.ts';

describe('test/support builders', () => {
  it('minimalPdf: every xref offset points at its object and startxref at the table', () => {
    const pdf = minimalPdf('Hello (world)\nline two').toString('latin1');
    const startxref = Number(pdf.match(/startxref\n(\d+)\n%%EOF\n$/)![1]);
    expect(pdf.slice(startxref, startxref + 4)).toBe('xref');
    const table = pdf.slice(startxref).split('\n');
    const count = Number(table[1]!.split(' ')[1]);
    for (let n = 1; n < count; n++) {
      const entry = table[2 + n]!;
      expect(entry.length + 1).toBe(20); // 20 bytes with the newline
      const off = Number(entry.slice(0, 10));
      expect(pdf.slice(off, off + `${n} 0 obj`.length)).toBe(`${n} 0 obj`);
    }
    // The stream length is the content's byte length.
    const m = pdf.match(/<< \/Length (\d+) >>\nstream\n/)!;
    const body = pdf.slice(m.index! + m[0].length);
    expect(body.slice(Number(m[1]), Number(m[1]) + 10)).toBe('\nendstream');
    expect(body).toContain('(Hello \\(world\\)) Tj');
  });

  it('makeZip: CRC-32 and the central directory agree with the entries', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926); // the standard check value
    const zip = makeZip({ 'a.txt': 'hello', 'b/c.xml': '<x/>' });
    const eocd = zip.length - 22;
    expect(zip.readUInt32LE(eocd)).toBe(0x06054b50);
    expect(zip.readUInt16LE(eocd + 10)).toBe(2);
    const cd = zip.readUInt32LE(eocd + 16);
    expect(zip.readUInt32LE(cd)).toBe(0x02014b50);
    expect(zip.readUInt32LE(cd + 16)).toBe(crc32(Buffer.from('hello')));
    // Stored: the data follows the 30-byte local header and the name as is.
    expect(zip.subarray(30 + 5, 30 + 5 + 5).toString()).toBe('hello');
  });
});
