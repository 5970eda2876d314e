/** The hostile-mail generator: seeded, aimed at real content, and its bomb really inflates. */
import { Readable } from 'node:stream';
import { createInflate } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { generate, MUTATIONS, plan } from '../../scripts/fuzz/generate.ts';
import { decodeBody, findLeaf, isPdf, latin1 } from '../../scripts/fuzz/mime.ts';
import { inflationBomb } from '../../scripts/fuzz/pdf-edit.ts';
import { FAMILIES } from '../../scripts/fuzz/types.ts';

describe('the hostile-mail generator', () => {
  it('gives the same bytes for the same seed and index, other bytes for another seed', async () => {
    const p = plan(12)[7]!;
    const a = await generate(5, p);
    const b = await generate(5, p);
    const c = await generate(6, p);
    expect(a.eml.equals(b.eml)).toBe(true);
    expect(a.base === c.base && a.eml.equals(c.eml)).toBe(false);
  });

  it('spreads a run over every family and, within one, over its mutations in turn', () => {
    const planned = plan(FAMILIES.length * 3);
    expect(new Set(planned.map((p) => p.mutation.family))).toEqual(new Set(FAMILIES));
    const pdfs = planned.filter((p) => p.mutation.family === 'pdf').map((p) => p.mutation.name);
    expect(new Set(pdfs).size).toBe(3);
    expect(new Set(MUTATIONS.map((m) => m.name)).size).toBe(MUTATIONS.length);
  });

  it('I-5: a PDF mutation keeps the real filing and appends the hostile update where its page is', async () => {
    const p = plan(200).find((x) => x.mutation.name === 'mediabox-billion-pt')!;
    const input = await generate(1, p);
    const raw = latin1(input.eml);
    const pdf = decodeBody(raw, findLeaf(raw, isPdf)!);
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 (1000000000|1e9|999999999999) /);
    expect(pdf.toString('latin1').match(/%%EOF/g)!.length).toBeGreaterThanOrEqual(2);
    expect(input.mailbox).not.toBe('');
  });

  it('I-5: the flate bomb inflates to exactly its size (1 GB from about 1 MB) with a valid checksum', async () => {
    const size = (1 << 30) + 12_345;
    const bomb = inflationBomb(size, 0x20);
    expect(bomb.length).toBeLessThan(1.2 * 1024 * 1024);
    let n = 0;
    await new Promise<void>((resolve, reject) => Readable.from([bomb]).pipe(createInflate()).on('data', (d: Buffer) => (n += d.length)).on('end', resolve).on('error', reject));
    expect(n).toBe(size);
  });
});
