/**
 * MIME: real messages with broken, duplicated or NUL-bearing boundaries, thousands of
 * parts, deep multipart and forwarded-message nesting, huge or control-character headers,
 * bad transfer encodings and charsets, one-line base64, truncation, winmail.dat, empty
 * parts and mixed line endings: what careless clients and hostile senders produce.
 */
import type { Rng } from '../../eval/lib-corpus.ts';
import { base64Lines, headerFields, headerValue, leaves, replaceLeaf, replaceLeafHeaders, setHeader, topLevel, decodeBody } from '../mime.ts';
import type { Mutation, MutationContext } from '../types.ts';

export const eolOf = (s: string) => (s.includes('\r\n') ? '\r\n' : '\n');

/** The top-level content (its Content-* fields and body) as a part of its own. */
export function asPart(s: string): string {
  const { headers, body } = topLevel(s);
  const eol = eolOf(s);
  const content = headerFields(headers).filter((f) => /^content-/i.test(f));
  return `${content.length ? content.join(eol) : 'Content-Type: text/plain'}${eol}${eol}${body}`;
}

/** The message with its content replaced by `contentType` and `body` (other header fields kept). */
export function withContent(s: string, contentType: string, body: string, extra: string[] = []): string {
  const { headers } = topLevel(s);
  const eol = eolOf(s);
  const kept = headerFields(headers).filter((f) => !/^content-/i.test(f));
  return [...kept, `Content-Type: ${contentType}`, ...extra].join(eol) + eol + eol + body;
}

/** Wraps the content in a multipart/mixed with `more` parts after it. */
export function wrapMultipart(s: string, boundary: string, more: string[]): string {
  const eol = eolOf(s);
  const parts = [asPart(s), ...more];
  return withContent(s, `multipart/mixed; boundary="${boundary}"`, parts.map((p) => `--${boundary}${eol}${p}${eol}`).join('') + `--${boundary}--${eol}`);
}

const topBoundary = (s: string) => /boundary="?([^";\r\n]+)"?/i.exec(headerValue(topLevel(s).headers, 'Content-Type'))?.[1];

const mime = (name: string, apply: (ctx: MutationContext) => string): Mutation => ({ family: 'mime', name, needs: 'any', apply });

/** Characters that break naive header handling: NUL, bare CR/LF, RTL override, a lone surrogate (as CESU bytes), BOM. */
const NASTY = ['\x00', '\r', '\n', '\u202e', '\xed\xa0\x80', '\xef\xbb\xbf', '\x1b', '\x7f', '\\u0000'];
const nasty = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.pick(NASTY)).join('');

/** The first attachment (a leaf with a file name), else the last leaf. */
function attachmentLeaf(s: string) {
  const all = leaves(s);
  return all.find((l) => l.filename) ?? all[all.length - 1]!;
}

export const mimeMutations: Mutation[] = [
  mime('boundary-unclosed', ({ raw }) => raw.replace(/\r?\n--[^\r\n]+--[ \t]*(?=\r?\n|$)/g, '')),
  mime('boundary-duplicate', ({ raw }) => {
    // Every nested multipart reuses the outer boundary.
    const outer = topBoundary(raw);
    if (!outer) return wrapMultipart(raw, 'dup', [asPart(raw)]);
    const inner = [...raw.matchAll(/boundary="?([^";\r\n]+)"?/gi)].map((m) => m[1]!).filter((b) => b !== outer);
    let out = raw;
    for (const b of inner) out = out.split(b).join(outer);
    return inner.length ? out : wrapMultipart(raw, outer, [asPart(raw)]);
  }),
  mime('boundary-nul', ({ raw, rng }) => {
    const b = topBoundary(raw);
    const bad = rng.pick(['\x00', 'a\x00b', '', 'x'.repeat(200), 'a\rb', ' ']);
    if (!b) return wrapMultipart(raw, bad, [asPart(raw)]);
    return raw.split(b).join(rng.next() < 0.5 ? b + '\x00' : bad);
  }),
  mime('parts-10000', ({ raw, rng }) => {
    const eol = eolOf(raw);
    const n = rng.pick([10_000, rng.int(5_000, 20_000)]);
    return wrapMultipart(raw, 'many-parts', Array.from({ length: n }, (_, i) => `Content-Type: text/plain${eol}${eol}${i}`));
  }),
  mime('multipart-nesting-deep', ({ raw, rng }) => {
    // multipart/mixed inside multipart/mixed, 100 – 10 000 deep, the real content innermost.
    const eol = eolOf(raw);
    const depth = rng.pick([1_000, rng.int(100, 10_000)]);
    const open: string[] = [`--n0${eol}`];
    const close: string[] = [];
    for (let i = 1; i < depth; i++) open.push(`Content-Type: multipart/mixed; boundary="n${i}"${eol}${eol}--n${i}${eol}`);
    for (let i = depth - 1; i >= 0; i--) close.push(`${eol}--n${i}--${eol}`);
    return withContent(raw, 'multipart/mixed; boundary="n0"', open.join('') + asPart(raw) + close.join(''));
  }),
  mime('rfc822-nesting-deep', ({ raw, rng }) => {
    // Forwarded as an attachment, again and again: the real mail is the innermost message.
    const eol = eolOf(raw);
    let inner = raw;
    const depth = rng.pick([50, rng.int(20, 500)]);
    for (let i = 0; i < depth; i++) {
      const subject = headerValue(topLevel(inner).headers, 'Subject');
      const fwd = setHeader(setHeader(inner, 'Subject', `Fwd: ${subject}`.slice(0, 900)), 'Message-ID', `<fwd-${i}@fuzz.example.org>`);
      inner = wrapMultipart(withContent(fwd, 'text/plain; charset=utf-8', `Forwarded.${eol}`), `fwd-${i}`, [`Content-Type: message/rfc822${eol}Content-Disposition: attachment; filename="fwd-${i}.eml"${eol}${eol}${inner}`]);
    }
    return inner;
  }),
  mime('message-id-1mb', ({ raw, rng }) => setHeader(raw, 'Message-ID', `<${rng.hex(8)}${'a'.repeat(rng.pick([1 << 20, rng.int(100_000, 2 << 20)]))}@fuzz.example.org>`)),
  mime('header-fields-100000', ({ raw, rng }) => {
    const { headers, body, sep } = topLevel(raw);
    const eol = eolOf(raw);
    const n = rng.pick([100_000, rng.int(10_000, 200_000)]);
    return headers + eol + Array.from({ length: n }, (_, i) => `X-Trace-${i}: ${i}`).join(eol) + sep + body;
  }),
  mime('subject-folded-huge', ({ raw, rng }) => setHeader(raw, 'Subject', Array.from({ length: rng.pick([50_000, rng.int(1_000, 100_000)]) }, (_, i) => `w${i}`).join(`${eolOf(raw)} `))),
  mime('subject-control-characters', ({ raw, rng }) => {
    const subject = headerValue(topLevel(raw).headers, 'Subject');
    const encoded = `=?UTF-8?B?${Buffer.from(`${nasty(rng, 4)}${subject}\u0000`, 'latin1').toString('base64')}?=`;
    const plain = `${nasty(rng, 3)}${subject}${nasty(rng, 3)}`;
    return setHeader(raw, 'Subject', rng.next() < 0.5 ? `${encoded} ${plain}` : plain);
  }),
  mime('filename-control-characters', ({ raw, rng }) => {
    const leaf = attachmentLeaf(raw);
    const eol = eolOf(raw);
    const real = leaf.filename || 'document.pdf';
    const name = rng.pick([`${nasty(rng, 3)}${real}`, `a${'\u202e'}fdp.exe`, `${'x'.repeat(rng.int(1_000, 70_000))}.pdf`, `../../../etc/${real}`, `${real}\x00.exe`]);
    const rfc2231 = rng.next() < 0.5 ? `filename*=${rng.pick(['x-unknown', 'utf-8', 'utf-16'])}''${encodeURIComponent(name).replace(/%00/g, '%00%FF%FE')}` : `filename="${name}"`;
    const fields = headerFields(leaf.headers).filter((f) => !/^content-disposition:/i.test(f));
    return replaceLeafHeaders(raw, leaf, [...fields, `Content-Disposition: attachment; ${rfc2231}`].join(eol));
  }),
  mime('transfer-encoding-bad', ({ raw, rng }) => {
    const leaf = attachmentLeaf(raw);
    const cte = rng.pick(['x-uuencode', 'base64; junk', 'quoted-printable', '8bit', 'binary', 'base65', 'BASE64\x00']);
    let body = raw.slice(leaf.bodyStart, leaf.bodyEnd);
    if (rng.next() < 0.5) body = body.replace(/[A-Za-z]{7}/g, (m) => (rng.next() < 0.05 ? `${m}!=ZZ\x00` : m));
    const fields = headerFields(leaf.headers).filter((f) => !/^content-transfer-encoding:/i.test(f));
    return raw.slice(0, leaf.headerStart) + [...fields, `Content-Transfer-Encoding: ${cte}`].join(eolOf(raw)) + raw.slice(leaf.headerStart + leaf.headers.length, leaf.bodyStart) + body + raw.slice(leaf.bodyEnd);
  }),
  mime('charset-wrong', ({ raw, rng }) => {
    const charset = rng.pick(['x-unknown-charset', 'utf-16', 'ISO-2022-JP', 'utf-7', 'x'.repeat(5000), 'utf-32be', '"', 'gb18030']);
    return raw.replace(/charset="?[^";\r\n]+"?/gi, `charset="${charset}"`).replace(/(Content-Type: text\/plain)(?![^\r\n]*charset)/gi, `$1; charset=${charset}`) + (charset === 'ISO-2022-JP' ? '\x1b$B\x1b(J\x1b$@\x1b' : '');
  }),
  mime('base64-one-line', ({ raw, rng }) => {
    const leaf = attachmentLeaf(raw);
    const width = rng.pick([0, 1, 0, 998_000]);
    return replaceLeaf(raw, leaf, decodeBody(raw, leaf), { width });
  }),
  mime('truncated', ({ raw, rng }) => raw.slice(0, Math.floor(raw.length * rng.pick([0.02, 0.3, 0.6, 0.9, 0.999])))),
  mime('winmail-dat', ({ raw, rng }) => {
    // Outlook's TNEF: the real attachment wrapped in a winmail.dat with lying attribute lengths.
    const leaf = attachmentLeaf(raw);
    const data = decodeBody(raw, leaf);
    const attr = Buffer.alloc(9);
    attr[0] = 2;
    attr.writeUInt32LE(0x0006800f, 1); // attAttachData
    attr.writeUInt32LE(rng.pick([data.length, 0xffffffff, data.length * 3]), 5);
    const tnef = Buffer.concat([Buffer.from([0x78, 0x9f, 0x3e, 0x22, 0x01, 0x00]), attr, data, rng.bytes(rng.int(2, 64))]);
    const eol = eolOf(raw);
    return replaceLeaf(raw, leaf, tnef, { headers: [`Content-Type: application/ms-tnef; name="winmail.dat"`, `Content-Disposition: attachment; filename="winmail.dat"`].join(eol) });
  }),
  mime('parts-empty', ({ raw, rng }) => {
    const eol = eolOf(raw);
    const leaf = attachmentLeaf(raw);
    const empties = ['', `${eol}`, `Content-Type: application/pdf; name="${leaf.filename || 'scan.pdf'}"${eol}Content-Transfer-Encoding: base64${eol}${eol}`, `Content-Type: multipart/mixed; boundary="void"${eol}${eol}--void--`, `Content-Type: ${eol}${eol}`];
    return wrapMultipart(raw, 'empties', Array.from({ length: rng.int(3, 30) }, () => rng.pick(empties)));
  }),
  mime('line-endings-mixed', ({ raw, rng }) => {
    const mode = rng.int(0, 2);
    const lines = raw.split(/\r?\n/);
    if (mode === 0) return lines.join('\r');
    if (mode === 1) return lines.join('\r\r\n');
    return lines.map((l) => l + rng.pick(['\r\n', '\n', '\r', '\n\r'])).join('');
  }),
  mime('content-type-garbage', ({ raw, rng }) => {
    const ct = rng.pick(['multipart/mixed', 'multipart/mixed; boundary=', 'text/plain; charset="', 'application/pdf', 'message/rfc822', 'multipart/', '/', 'multipart/mixed; boundary="a"; boundary="b"', `multipart/mixed; ${'x=y; '.repeat(20_000)}`]);
    const { headers, body, sep } = topLevel(raw);
    const fields = headerFields(headers).filter((f) => !/^content-type:/i.test(f));
    return [...fields, `Content-Type: ${ct}`].join(eolOf(raw)) + sep + body;
  }),
  mime('nul-bytes-everywhere', ({ raw, rng }) => {
    const chars = raw.split('');
    const n = rng.int(10, 500);
    for (let i = 0; i < n; i++) chars.splice(rng.int(0, chars.length), 0, '\x00');
    return chars.join('');
  }),
  mime('encoded-word-flood', ({ raw, rng }) => {
    const n = rng.pick([10_000, rng.int(1_000, 50_000)]);
    const words = Array.from({ length: n }, () => rng.pick(['=?utf-8?q?a=00?=', '=?x-bad?b?????=', '=?utf-8?b?7aCA?=', '=?iso-8859-1?q?=E9?='])).join(' ');
    return setHeader(setHeader(raw, 'Subject', words), 'From', `${words.slice(0, 200_000)} <${/<([^>]+)>/.exec(headerValue(topLevel(raw).headers, 'From'))?.[1] ?? 'someone@example.org'}>`);
  }),
  mime('address-fields-garbage', ({ raw, rng }) => {
    const from = headerValue(topLevel(raw).headers, 'From');
    const to = rng.pick([Array.from({ length: rng.int(1_000, 20_000) }, (_, i) => `u${i}@example.org`).join(', '), 'group: a@b, c@d', '<<<>>>@@', '"unterminated <x@y>', '\x00@\x00']);
    return setHeader(setHeader(raw, 'To', to), 'From', rng.pick([from, `${from}, ${from}`, '<>', `"${'"'.repeat(1000)}" <${from}>`]));
  }),
  mime('date-garbage', ({ raw, rng }) => {
    const date = rng.pick(['Mon, 99 Foo 99999 99:99:99 +9999', '', 'Thu, 01 Jan 1970 00:00:00 +0000', 'Fri, 31 Dec 275760 23:59:59 +0000', '-1', 'Sat, 29 Feb 2015 25:61:61 -2500']);
    return setHeader(raw.replace(/(\n|^)Received:[^\n]*(?:\n[ \t][^\n]*)*/gi, `$1Received: from x by y; ${date}`), 'Date', date);
  }),
  mime('attachment-base64-garbage', ({ raw, rng }) => {
    // The attachment's base64 with junk characters, padding in the middle and missing tail.
    const leaf = attachmentLeaf(raw);
    const text = base64Lines(decodeBody(raw, leaf));
    const broken = text.replace(/[A-Za-z0-9+/]{40}/g, (m) => (rng.next() < 0.1 ? `${m.slice(0, 20)}==${rng.pick(['!', '*', '\x00', '-', '_'])}${m.slice(20)}` : m));
    return raw.slice(0, leaf.bodyStart) + broken.slice(0, Math.floor(broken.length * rng.pick([1, 0.7]))) + raw.slice(leaf.bodyEnd);
  }),
];
