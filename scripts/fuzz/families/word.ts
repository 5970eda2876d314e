/**
 * Word containers: the real proposed order of an orders message (.docx zip, .doc compound
 * file or .rtf) turned into a zip bomb, a zip of 100 000 entries, XML nested beyond any
 * table, a broken or lying central directory, a compound file whose chains loop, or RTF
 * with groups, \binN and \uN no writer makes.
 */
import type { Rng } from '../../eval/lib-corpus.ts';
import { CFB_EDITS, editCfb } from '../cfb.ts';
import { inflationBomb } from '../pdf-edit.ts';
import { onAttachment, type Mutation } from '../types.ts';
import { readZip, writeZip, type ZipEntry, type ZipOptions } from '../zip.ts';

const DOC = 'word/document.xml';

/** The real .docx's entries with document.xml changed (or the container written with lies). */
function docx(name: string, edit: (entries: ZipEntry[], rng: Rng) => { entries: ZipEntry[]; opts?: ZipOptions }): Mutation {
  return {
    family: 'word',
    name,
    needs: 'docx',
    apply: (ctx) =>
      onAttachment(ctx, 'docx', (data) => {
        const { entries, opts } = edit(readZip(data), ctx.rng);
        return writeZip(entries, opts);
      }),
  };
}

function withDocument(entries: ZipEntry[], xml: Buffer | string, extra: Partial<ZipEntry> = {}): ZipEntry[] {
  return entries.map((e) => (e.name === DOC ? { ...e, data: typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml, ...extra } : e));
}

/** The body of the real document.xml between <w:body> and </w:body>, with `inner` put in front of it. */
function bodyWith(entries: ZipEntry[], inner: string): string {
  const xml = entries.find((e) => e.name === DOC)?.data.toString('utf8') ?? '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body></w:body></w:document>';
  return xml.replace(/<w:body>/, `<w:body>${inner}`);
}

const raw = (name: string, needs: 'doc' | 'rtf', edit: (data: Buffer, rng: Rng) => Buffer): Mutation => ({ family: 'word', name, needs, apply: (ctx) => onAttachment(ctx, needs, (d) => edit(d, ctx.rng)) });

/** RTF with `inner` after the header's first group opening. */
function rtfWith(data: Buffer, inner: string): Buffer {
  const s = data.toString('latin1');
  const at = s.indexOf('\\pard');
  const i = at > 0 ? at : Math.min(s.length, 6);
  return Buffer.from(s.slice(0, i) + inner + s.slice(i), 'latin1');
}

export const wordMutations: Mutation[] = [
  docx('docx-zip-bomb', (entries, rng) => {
    // document.xml deflated from a gigabyte of spaces; the headers tell the truth or a small lie.
    const lie = rng.next() < 0.5 ? { size: 4096, compressedSize: undefined } : undefined;
    return { entries: withDocument(entries, Buffer.alloc(0), { deflated: inflationBomb(1 << 30, 0x20, true), lie: lie ?? { size: (1 << 30) >>> 0 } }) };
  }),
  docx('docx-100000-entries', (entries, rng) => {
    const n = rng.pick([100_000, rng.int(20_000, 100_000)]);
    const extra: ZipEntry[] = Array.from({ length: n }, (_, i) => ({ name: `c/${i.toString(36)}`, data: Buffer.alloc(0), stored: true }));
    return { entries: [...entries, ...extra], opts: n > 0xffff ? { zip64: {} } : {} };
  }),
  docx('docx-xml-deep', (entries, rng) => {
    const depth = rng.pick([10_000, 100_000, rng.int(10_000, 200_000)]);
    const tables = rng.next() < 0.5;
    const open = tables ? '<w:tbl><w:tr><w:tc>' : '<w:p><w:r>';
    const close = tables ? '<w:p/></w:tc></w:tr></w:tbl>' : '</w:r></w:p>';
    return { entries: withDocument(entries, bodyWith(entries, open.repeat(depth) + close.repeat(depth))) };
  }),
  docx('docx-entity-expansion', (entries) => {
    const lol = ['<!ENTITY a0 "lollollollol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY a${i + 1} "${`&a${i};`.repeat(10)}">`)].join('');
    const xml = bodyWith(entries, '<w:p><w:r><w:t>&a9;</w:t></w:r></w:p>').replace(/^(<\?xml[^>]*\?>)?/, `$1<!DOCTYPE w:document [${lol}]>`);
    return { entries: withDocument(entries, xml) };
  }),
  docx('docx-central-directory-broken', (entries, rng) => rng.pick([{ entries, opts: { cdOffsetLie: 0x7fffffff } }, { entries, opts: { countLie: 65535 } }, { entries, opts: { cdOffsetLie: 1 } }])),
  docx('docx-zip64-lies', (entries, rng) => ({ entries, opts: { zip64: { entries: rng.pick([2n ** 62n, 2n ** 64n - 1n]), cdSize: rng.pick([2n ** 63n, 0n]), cdOffset: rng.pick([2n ** 63n, 2n ** 40n]) } } })),
  docx('docx-truncated', (entries, rng) => {
    const whole = writeZip(entries);
    return { entries, opts: { truncateTo: Math.floor(whole.length * rng.pick([0.1, 0.5, 0.9, 0.99])) } };
  }),
  docx('docx-entry-lies', (entries, rng) => ({ entries: withDocument(entries, entries.find((e) => e.name === DOC)?.data ?? Buffer.alloc(0), { lie: { size: rng.pick([0, 0xffffffff, 1]), crc: 0xdeadbeef, compressedSize: rng.pick([0xfffffff0, 0]) } }) })),
  ...CFB_EDITS.map((edit) => raw(`doc-${edit}`, 'doc', (data) => editCfb(data, edit))),
  raw('rtf-groups-deep', 'rtf', (data, rng) => {
    const depth = rng.pick([100_000, rng.int(10_000, 500_000)]);
    return rtfWith(data, '{'.repeat(depth) + 'x' + '}'.repeat(rng.next() < 0.5 ? depth : 0));
  }),
  raw('rtf-bin-huge', 'rtf', (data, rng) => rtfWith(data, `{\\bin${rng.pick(['999999999', '2147483648', '-5', '99999999999999999999'])} ${'\x00'.repeat(16)}}`)),
  raw('rtf-unicode-bad', 'rtf', (data, rng) => rtfWith(data, Array.from({ length: rng.int(10, 5000) }, () => rng.pick(['\\u-99999?', '\\u99999999999?', '\\uc999999 ', '\\u55296?', '\\u56320?', "\\'zz", '\\u0?', '\\uc-1 '])).join(''))),
];
