/**
 * PDF structure: the real attachment of a filing, a registration or an order, with its
 * page tree, page, numbers, xref or streams made hostile by an incremental update (or by
 * cutting and overwriting bytes), the way broken and malicious PDFs arrive.
 */
import type { Rng } from '../../eval/lib-corpus.ts';
import { appendUpdate, contentsOf, dictWith, firstPageWith, inflationBomb, resourcesWith, stream, type PdfInfo, type PdfObject } from '../pdf-edit.ts';
import { pdfMutation, type Mutation } from '../types.ts';

const ref = (n: number) => `${n} 0 R`;

/** A page tree node whose kids are `kids` (an update of the catalog's /Pages object). */
function pagesNode(info: PdfInfo, kids: string, count: string | number): PdfObject {
  return [info.pagesNum, `<< /Type /Pages /Kids ${kids} /Count ${count} >>`];
}

/** Nesting `depth` deep: `[[[...]]]` or `<< /A << /A ... >> >>`. */
export function nested(kind: 'array' | 'dict', depth: number): string {
  return kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '<< /A '.repeat(depth) + '1' + ' >>'.repeat(depth);
}

/** A depth drawn from the range the report saw (10 000 – 500 000). */
const deepDepth = (rng: Rng) => rng.pick([10_000, 50_000, 100_000, rng.int(10_000, 500_000), 500_000]);

/** Drawing operators filling a page: paths, rectangles, text moves; `n` operators in all. */
export function drawingOps(n: number, rng: Rng): Buffer {
  const ops: string[] = [];
  for (let i = 0; i < n; i += 3) {
    const x = rng.int(0, 612);
    const y = rng.int(0, 792);
    ops.push(`${x} ${y} m ${x + 3} ${y + 2} l S`);
  }
  return Buffer.from(ops.join('\n'), 'latin1');
}

/** A content stream drawn after the page's own. */
function extraContent(info: PdfInfo, streamBody: Buffer): PdfObject[] {
  const n = info.size;
  return [[n, streamBody], firstPageWith(info, { Contents: `[${[...contentsOf(info), ref(n)].join(' ')}]` })];
}

function cut(bytes: Buffer, at: number): Buffer {
  return bytes.subarray(0, Math.max(8, Math.floor(at)));
}

export const pdfMutations: Mutation[] = [
  pdfMutation('pdf', 'page-tree-self-reference', (info) => appendUpdate(info, [pagesNode(info, `[${ref(info.pagesNum)} ${ref(info.pages[0]!.num)}]`, 2)])),
  pdfMutation('pdf', 'page-tree-cycle', (info) => {
    const a = info.size;
    const b = a + 1;
    return appendUpdate(info, [pagesNode(info, `[${ref(a)}]`, 1), [a, `<< /Type /Pages /Parent ${ref(info.pagesNum)} /Kids [${ref(b)}] /Count 1 >>`], [b, `<< /Type /Pages /Parent ${ref(a)} /Kids [${ref(info.pagesNum)} ${ref(info.pages[0]!.num)}] /Count 1 >>`]]);
  }),
  pdfMutation('pdf', 'page-tree-300000-kids', (info, rng) => {
    const n = rng.pick([300_000, rng.int(100_000, 400_000)]);
    const kid = `${ref(info.pages[0]!.num)} `;
    return appendUpdate(info, [pagesNode(info, `[${kid.repeat(n)}]`, n)]);
  }),
  pdfMutation('pdf', 'page-tree-deep-chain', (info, rng) => {
    // Pages → Pages → … → the real page: a reference chain 10 000+ nodes deep.
    const depth = rng.pick([10_000, 50_000, rng.int(10_000, 100_000)]);
    const objs: PdfObject[] = [pagesNode(info, `[${ref(info.size)}]`, 1)];
    for (let i = 0; i < depth; i++) {
      const kid = i + 1 < depth ? ref(info.size + i + 1) : ref(info.pages[0]!.num);
      objs.push([info.size + i, `<< /Type /Pages /Kids [${kid}] /Count 1 >>`]);
    }
    return appendUpdate(info, objs);
  }),
  pdfMutation('pdf', 'page-count-huge', (info, rng) => appendUpdate(info, [pagesNode(info, `[${info.pages.map((p) => ref(p.num)).join(' ')}]`, rng.pick(['2147483647', '9999999999999', '1e308', '-1']))])),
  pdfMutation('pdf', 'nested-arrays-deep', (info, rng) => appendUpdate(info, [firstPageWith(info, { Annots: nested('array', deepDepth(rng)) })])),
  pdfMutation('pdf', 'nested-dicts-deep', (info, rng) => appendUpdate(info, [firstPageWith(info, { Group: nested('dict', deepDepth(rng)) })])),
  pdfMutation('pdf', 'reference-chain', (info, rng) => {
    // /MediaBox 10 0 R, 10 0 obj 11 0 R, 11 0 obj 12 0 R … each object only a reference to the next.
    const depth = rng.pick([10_000, 50_000, rng.int(10_000, 100_000)]);
    const objs: PdfObject[] = [firstPageWith(info, { MediaBox: ref(info.size) })];
    for (let i = 0; i < depth; i++) objs.push([info.size + i, i + 1 < depth ? ref(info.size + i + 1) : '[0 0 612 792]']);
    return appendUpdate(info, objs);
  }),
  pdfMutation('pdf', 'xref-broken', (info, rng) => {
    const s = info.bytes.toString('latin1');
    const variant = rng.int(0, 2);
    if (variant === 0) return Buffer.from(s.replace(/startxref\s+\d+(\s+%%EOF\s*)$/, `startxref\n${rng.int(1, info.bytes.length * 2)}$1`), 'latin1');
    if (variant === 1) return Buffer.from(s.replace(/(\d{10}) (\d{5}) n/g, (_m, off: string, gen: string) => `${String(rng.int(0, 9_999_999_999)).padStart(10, '0')} ${gen} n`), 'latin1');
    // Every xref keyword and trailer gone: a reader must rebuild from the objects.
    return Buffer.from(s.replace(/xref[\s\S]*?(?=startxref)/g, '').replace(/\/Type\s*\/XRef/g, '/Type /XRif'), 'latin1');
  }),
  pdfMutation('pdf', 'object-stream-hostile', (info, rng) => {
    // The page moved into an object stream that claims a million objects, offsets past its end, and extends itself.
    const objstm = info.size;
    const page = info.pages[0]!;
    const pageText = dictWith(page.dict, {});
    const header = `${page.num} 0 ${rng.int(1, 99_999_999)} ${page.num} 7 ${page.num} `;
    const data = Buffer.from(header + pageText, 'latin1');
    const entries = [[0, 0, 65535], [2, objstm, 0]];
    const w = (t: number, f2: number, f3: number) => Buffer.from([t, (f2 >>> 24) & 255, (f2 >>> 16) & 255, (f2 >>> 8) & 255, f2 & 255, (f3 >>> 8) & 255, f3 & 255]);
    const body = Buffer.from(appendUpdate(info, [[objstm, stream(`<< /Type /ObjStm /N ${rng.pick([1_000_000, 2147483647])} /First ${header.length} /Extends ${ref(objstm)} >>`, data)]]));
    // Replace the classic xref of that update by an xref stream that puts the page inside the object stream.
    const tail = body.lastIndexOf(Buffer.from('\nxref\n', 'latin1'));
    const objOffset = info.bytes.length + 1;
    const xrefNum = objstm + 1;
    const rows = Buffer.concat([w(entries[0]![0]!, entries[0]![1]!, entries[0]![2]!), w(2, objstm, 0), w(1, objOffset, 0)]);
    const xref = Buffer.concat([Buffer.from(`\n${xrefNum} 0 obj\n`, 'latin1'), stream(`<< /Type /XRef /Size ${xrefNum + 1} /W [1 4 2] /Index [0 1 ${page.num} 1 ${objstm} 1] /Root ${ref(info.rootNum)} /Prev ${info.startxref} >>`, rows), Buffer.from('\nendobj\n', 'latin1')]);
    const head = body.subarray(0, tail);
    return Buffer.concat([head, xref, Buffer.from(`startxref\n${head.length + 1}\n%%EOF\n`, 'latin1')]);
  }),
  pdfMutation('pdf', 'numbers-invalid', (info, rng) =>
    appendUpdate(info, [firstPageWith(info, { MediaBox: rng.pick(['[0 0 -612 NaN]', '[1e400 0 -0 --5]', '[0 0 612.5.5 792]', '[-2147483649 0 2147483648 1e-400]', '[0 0 Infinity Infinity]', '[0 0 0 0]']), Rotate: rng.pick(['45', '-2147483648', '1e20', '/Ninety']), UserUnit: rng.pick(['0', '-1', '1e30', '75000']) })]),
  ),
  pdfMutation('pdf', 'mediabox-20000pt', (info) => appendUpdate(info, [firstPageWith(info, { MediaBox: '[0 0 20000 20000]', CropBox: '[0 0 20000 20000]' })])),
  pdfMutation('pdf', 'mediabox-billion-pt', (info, rng) => appendUpdate(info, [firstPageWith(info, { MediaBox: `[0 0 ${rng.pick(['1000000000', '1e9', '999999999999'])} ${rng.pick(['1000000000', '792'])}]` })])),
  pdfMutation('pdf', 'drawing-operators-50000', (info, rng) => appendUpdate(info, extraContent(info, stream('<< >>', drawingOps(rng.pick([50_000, rng.int(50_000, 300_000)]), rng))))),
  pdfMutation('pdf', 'flate-inflates-1gb', (info) => appendUpdate(info, extraContent(info, stream('<< /Filter /FlateDecode >>', inflationBomb(1 << 30, 0x20))))),
  pdfMutation('pdf', 'stream-truncated', (info, rng) => {
    // A content stream whose /Length runs past the end of the file, and the file ends mid-stream.
    const update = appendUpdate(info, extraContent(info, stream('<< >>', drawingOps(3000, rng), rng.pick([999_999_999, 2 ** 31]))));
    return cut(update, info.bytes.length + (update.length - info.bytes.length) * rng.pick([0.3, 0.6, 0.9]));
  }),
  pdfMutation('pdf', 'encrypted-unknown-filter', (info, rng) => {
    const enc = info.size;
    const id = '<' + 'ab'.repeat(16) + '>';
    return appendUpdate(info, [[enc, `<< /Filter /${rng.pick(['FooSecurity', 'Adobe.PubSec.Unknown', 'Standard'])} /V ${rng.pick([9, 5, 0])} /R ${rng.pick([9, 6, 99])} /Length ${rng.pick([40, 256, 4096])} /O <${'00'.repeat(48)}> /U <${'00'.repeat(48)}> /P -4 >>`]], `/Encrypt ${ref(enc)} /ID [${id} ${id}] `);
  }),
  pdfMutation('pdf', 'truncated-file', (info, rng) => cut(info.bytes, info.bytes.length * rng.pick([0.05, 0.25, 0.5, 0.75, 0.98]))),
  pdfMutation('pdf', 'form-xobject-draws-itself', (info) => {
    // A form XObject whose own resources name itself: drawing it recurses without end.
    const fx = info.size;
    const draw = fx + 1;
    return appendUpdate(info, [
      [fx, stream(`<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /XObject << /Fx ${ref(fx)} >> >> >>`, Buffer.from('q /Fx Do Q', 'latin1'))],
      [draw, stream('<< >>', Buffer.from('/Fx Do', 'latin1'))],
      firstPageWith(info, { Contents: `[${[...contentsOf(info), ref(draw)].join(' ')}]`, Resources: resourcesWith(info, { Fx: ref(fx) }) }),
    ]);
  }),
];
