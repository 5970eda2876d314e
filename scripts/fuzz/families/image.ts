/**
 * Images in PDFs: the scanned page image of a real filing (or the pasted signature of a
 * registration form) redefined by an incremental update with hostile dimensions, filters,
 * bit depths, colour spaces, soft masks and data, and inline images drawn on the page.
 */
import { deflateSync } from 'node:zlib';
import type { Rng } from '../../eval/lib-corpus.ts';
import { appendUpdate, contentsOf, dictWith, firstPageWith, inflationBomb, stream, type PdfImage, type PdfInfo, type PdfObject } from '../pdf-edit.ts';
import { pdfMutation, type Mutation } from '../types.ts';

function scanImage(info: PdfInfo): PdfImage {
  const img = info.images[0];
  if (!img) throw new Error('the PDF has no image');
  return img;
}

/** The scan's image object redefined: keys replaced, data replaced (or kept). */
export function imageWith(info: PdfInfo, set: Record<string, string | null>, data?: Buffer, length?: string | number): PdfObject {
  const img = scanImage(info);
  const body = data ?? img.data;
  return [img.num, stream(dictWith(img.dict, { ...set, Length: null }), body, length ?? body.length)];
}

const image = (name: string, edit: (info: PdfInfo, rng: Rng) => PdfObject[]) => pdfMutation('image', name, (info, rng) => appendUpdate(info, edit(info, rng)), 'scan');

/** A JBIG2 page-information segment declaring a page of `w`×`h`, then noise. */
function jbig2(rng: Rng, w: number, h: number): Buffer {
  const seg = Buffer.alloc(11 + 19);
  seg.writeUInt32BE(0, 0);
  seg[4] = 48; // page information
  seg[5] = 0;
  seg[6] = 1;
  seg.writeUInt32BE(19, 7);
  seg.writeUInt32BE(w >>> 0, 11);
  seg.writeUInt32BE(h >>> 0, 15);
  return Buffer.concat([seg, rng.bytes(rng.int(16, 4096))]);
}

/** A JPEG 2000 codestream whose SIZ marker declares `w`×`h`, then noise. */
function jpx(rng: Rng, w: number, h: number): Buffer {
  const siz = Buffer.alloc(2 + 2 + 38 + 3);
  siz.writeUInt16BE(0xff51, 0);
  siz.writeUInt16BE(41, 2);
  siz.writeUInt32BE(w >>> 0, 6);
  siz.writeUInt32BE(h >>> 0, 10);
  siz.writeUInt32BE(w >>> 0, 22);
  siz.writeUInt32BE(h >>> 0, 26);
  siz.writeUInt16BE(1, 38);
  siz[40] = 7;
  siz[41] = 1;
  siz[42] = 1;
  return Buffer.concat([Buffer.from([0xff, 0x4f]), siz, rng.bytes(rng.int(16, 4096))]);
}

/** The scan's JPEG with its frame header (SOF0/SOF2) declaring `w`×`h`. */
function jpegDims(data: Buffer, w: number, h: number): Buffer {
  const out = Buffer.from(data);
  for (let i = 2; i + 9 < out.length; ) {
    if (out[i] !== 0xff) break;
    const marker = out[i + 1]!;
    const len = out.readUInt16BE(i + 2);
    if (marker === 0xc0 || marker === 0xc1 || marker === 0xc2) {
      out.writeUInt16BE(h & 0xffff, i + 5);
      out.writeUInt16BE(w & 0xffff, i + 7);
      break;
    }
    i += 2 + len;
  }
  return out;
}

const smallFlate = (rng: Rng) => deflateSync(rng.bytes(rng.int(64, 2048)));

export const imageMutations: Mutation[] = [
  image('image-46341-px', (info, rng) => [rng.next() < 0.5 ? imageWith(info, { Width: '46341', Height: '46341' }) : imageWith(info, { Width: '46341', Height: '46341', Filter: '/FlateDecode' }, smallFlate(rng))]),
  image('image-unknown-filter', (info, rng) => [imageWith(info, { Filter: rng.pick(['/FooDecode', '[/FlateDecode /NoSuchDecode]', '/Crypt', '/JBIG3Decode', '[/DCTDecode /DCTDecode]']) })]),
  image('dct-garbage', (info, rng) => {
    const img = scanImage(info);
    const variant = rng.int(0, 3);
    const data =
      variant === 0 ? Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), rng.bytes(rng.int(100, 20_000))])
      : variant === 1 ? img.data.subarray(0, Math.max(4, Math.floor(img.data.length * rng.next() * 0.5)))
      : variant === 2 ? jpegDims(img.data, 65535, 65535)
      : rng.bytes(rng.int(100, 20_000));
    return [imageWith(info, { Filter: '/DCTDecode' }, data)];
  }),
  image('jbig2-garbage', (info, rng) => [imageWith(info, { Filter: '/JBIG2Decode', ColorSpace: '/DeviceGray', BitsPerComponent: '1' }, jbig2(rng, rng.pick([0x7fffffff, 46341, 0]), rng.pick([0xffffffff, 46341])))]),
  image('jpx-garbage', (info, rng) => [imageWith(info, { Filter: '/JPXDecode', ColorSpace: null, BitsPerComponent: null }, rng.next() < 0.7 ? jpx(rng, rng.pick([46341, 0x7fffffff, 1]), rng.pick([46341, 0x7fffffff])) : rng.bytes(rng.int(100, 8000)))]),
  image('bits-per-component-odd', (info, rng) => [imageWith(info, { BitsPerComponent: String(rng.pick([0, 3, 16, 255, -1, 7])), Filter: '/FlateDecode', Width: String(rng.int(1, 3000)), Height: String(rng.int(1, 3000)) }, smallFlate(rng))]),
  image('length-wrong', (info, rng) => [imageWith(info, {}, undefined, rng.pick([10, 0, 999_999_999, -5, '1e12']))]),
  image('smask-bomb', (info, rng) => {
    const mask = info.size;
    if (rng.next() < 0.3) return [imageWith(info, { SMask: `${scanImage(info).num} 0 R` })];
    return [[mask, stream('<< /Type /XObject /Subtype /Image /Width 46341 /Height 46341 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode >>', inflationBomb(1 << 30, 0))], imageWith(info, { SMask: `${mask} 0 R` })];
  }),
  image('inline-image-huge', (info, rng) => {
    const variant = rng.int(0, 2);
    const hex = Buffer.from(rng.bytes(rng.int(100, 5000)).toString('hex'), 'latin1');
    const body =
      variant === 0 ? Buffer.concat([Buffer.from('q 612 0 0 792 0 0 cm BI /W 46341 /H 46341 /BPC 8 /CS /RGB /F /AHx ID\n', 'latin1'), hex, Buffer.from('>\nEI Q', 'latin1')])
      : variant === 1 ? Buffer.concat([Buffer.from('q 100 0 0 100 0 0 cm BI /W 100 /H 100 /BPC 8 /CS /G ID\n', 'latin1'), rng.bytes(rng.int(100, 5000))]) // no EI: runs to the end
      : Buffer.from('BI /W -1 /H 1e9 /BPC 0 /CS /Pattern /F [/Fl /Fl] ID x EI\n'.repeat(rng.int(1000, 20_000)), 'latin1');
    const n = info.size;
    return [[n, stream('<< >>', body)], firstPageWith(info, { Contents: `[${[...contentsOf(info), `${n} 0 R`].join(' ')}]` })];
  }),
  image('ccitt-wrong-k', (info, rng) => [
    imageWith(info, { Filter: '/CCITTFaxDecode', ColorSpace: '/DeviceGray', BitsPerComponent: '1', DecodeParms: `<< /K ${rng.pick(['1000', '-1000000000', '0.5', '/K'])} /Columns ${rng.pick(['100000', '0', '-1', '46341'])} /Rows ${rng.pick(['0', '46341', '-7'])} /EncodedByteAlign true /BlackIs1 true >>` }, rng.bytes(rng.int(100, 8000))),
  ]),
  image('filter-chain', (info, rng) => {
    if (rng.next() < 0.5) {
      const depth = rng.int(20, 60);
      let data = rng.bytes(256);
      for (let i = 0; i < depth; i++) data = deflateSync(data);
      return [imageWith(info, { Filter: `[${'/FlateDecode '.repeat(depth)}]`, Width: '16', Height: '16' }, data)];
    }
    return [imageWith(info, { Filter: '[/ASCIIHexDecode /ASCII85Decode /LZWDecode /RunLengthDecode /FlateDecode /DCTDecode]' }, rng.bytes(rng.int(100, 5000)))];
  }),
  image('colorspace-odd', (info, rng) => {
    const icc = info.size;
    const cs = rng.pick(['[/Indexed /DeviceRGB 255 <00>]', `[/ICCBased ${icc} 0 R]`, `[/DeviceN [${Array.from({ length: 64 }, (_, i) => `/c${i}`).join(' ')}] /DeviceCMYK ${icc} 0 R]`, '/Pattern', '[/Lab]', '[/Separation /All /DeviceRGB << >>]', '[/Indexed [/Indexed /DeviceRGB 1 <000000>] 300 <00>]']);
    return [[icc, stream(`<< /N ${rng.pick([99, 0, 3])} /FunctionType 4 /Domain [0 1] /Range [0 1 0 1 0 1 0 1] >>`, rng.bytes(rng.int(100, 3000)))], imageWith(info, { ColorSpace: cs })];
  }),
  image('image-flate-bomb', (info) => [imageWith(info, { Width: '18919', Height: '18919', ColorSpace: '/DeviceRGB', BitsPerComponent: '8', Filter: '/FlateDecode', DecodeParms: null }, inflationBomb(1 << 30, 0))]),
  image('decode-mask-odd', (info, rng) => [imageWith(info, rng.pick<Record<string, string>>([{ Decode: '[1 0 1]' }, { Mask: '[0 300 0 300 0 300 9 9]' }, { ImageMask: 'true', BitsPerComponent: '8' }, { Decode: '[1e308 -1e308 NaN 0 0 0]', Interpolate: 'true' }]))]),
];
