/**
 * Just enough MIME to mutate real mail where its content sits: the leaf parts of a
 * message (recursively through multipart boundaries) as byte ranges of the raw message,
 * their headers and decoded bodies, and splicing a new body or header into place.
 * Everything works on latin1 strings, one character per byte, so any byte survives.
 */

export interface Leaf {
  /** Offsets into the raw message (latin1 string). */
  headerStart: number;
  bodyStart: number;
  bodyEnd: number;
  headers: string;
  contentType: string;
  filename: string;
  encoding: string;
}

export const latin1 = (b: Buffer) => b.toString('latin1');
export const bytes = (s: string) => Buffer.from(s, 'latin1');

/** End of the header section (index of the blank line) and where the body starts. */
export function splitHeaders(s: string, from = 0): { headerEnd: number; bodyStart: number } {
  const m = /\r?\n\r?\n/.exec(s.slice(from));
  if (!m) return { headerEnd: s.length, bodyStart: s.length };
  return { headerEnd: from + m.index, bodyStart: from + m.index + m[0].length };
}

/** The unfolded value of a header field in a header block ('' when absent). */
export function headerValue(headers: string, name: string): string {
  const re = new RegExp(`(?:^|\\n)${name}:([^\\n]*(?:\\n[ \\t][^\\n]*)*)`, 'i');
  const m = re.exec(headers);
  return m ? m[1]!.replace(/\r?\n[ \t]/g, ' ').trim() : '';
}

function param(value: string, name: string): string {
  const m = new RegExp(`(?:^|;)\\s*${name}\\*?=\\s*(?:"([^"]*)"|([^;\\s]*))`, 'i').exec(value);
  return m ? (m[1] ?? m[2] ?? '') : '';
}

/** Every leaf part of the message, in order, with its byte range. */
export function leaves(s: string): Leaf[] {
  const out: Leaf[] = [];
  walk(s, 0, s.length, out, 0);
  return out;
}

function walk(s: string, start: number, end: number, out: Leaf[], depth: number): void {
  const { headerEnd, bodyStart } = splitHeaders(s.slice(0, end), start);
  const headers = s.slice(start, headerEnd);
  const ct = headerValue(headers, 'Content-Type');
  const boundary = param(ct, 'boundary');
  if (/^multipart\//i.test(ct) && boundary && depth < 50) {
    const delim = `--${boundary}`;
    const positions: number[] = [];
    let i = s.indexOf(delim, bodyStart);
    while (i >= 0 && i < end) {
      if (i === 0 || s[i - 1] === '\n') positions.push(i);
      i = s.indexOf(delim, i + delim.length);
    }
    for (let k = 0; k < positions.length; k++) {
      const p = positions[k]!;
      if (s.startsWith(`${delim}--`, p)) break;
      const lineEnd = s.indexOf('\n', p);
      if (lineEnd < 0) break;
      const partStart = lineEnd + 1;
      let partEnd = k + 1 < positions.length ? positions[k + 1]! : end;
      // The line break before a delimiter belongs to the delimiter.
      if (s[partEnd - 1] === '\n') partEnd--;
      if (s[partEnd - 1] === '\r') partEnd--;
      if (partEnd > partStart) walk(s, partStart, partEnd, out, depth + 1);
    }
    return;
  }
  const disposition = headerValue(headers, 'Content-Disposition');
  out.push({
    headerStart: start,
    bodyStart,
    bodyEnd: end,
    headers,
    contentType: ct.split(';')[0]!.trim().toLowerCase(),
    filename: param(disposition, 'filename') || param(ct, 'name'),
    encoding: headerValue(headers, 'Content-Transfer-Encoding').toLowerCase(),
  });
}

export function decodeBody(s: string, leaf: Leaf): Buffer {
  const body = s.slice(leaf.bodyStart, leaf.bodyEnd);
  if (leaf.encoding === 'base64') return Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (leaf.encoding === 'quoted-printable') return bytes(body.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))));
  return bytes(body);
}

export function base64Lines(data: Buffer, width = 76, eol = '\r\n'): string {
  const b64 = data.toString('base64');
  if (width <= 0) return b64;
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += width) lines.push(b64.slice(i, i + width));
  return lines.join(eol);
}

/** The message with one leaf's body replaced by `data`, sent base64 (its header changed to say so). */
export function replaceLeaf(s: string, leaf: Leaf, data: Buffer, opts: { width?: number; headers?: string } = {}): string {
  const eol = s.includes('\r\n') ? '\r\n' : '\n';
  let headers = opts.headers ?? leaf.headers;
  if (/(^|\n)Content-Transfer-Encoding:/i.test(headers)) headers = headers.replace(/((?:^|\n)Content-Transfer-Encoding:)[^\n]*(\r?)/i, '$1 base64$2');
  else headers = `${headers}${eol}Content-Transfer-Encoding: base64`;
  const sep = s.slice(leaf.bodyStart - 4, leaf.bodyStart).includes('\r\n') ? '\r\n\r\n' : '\n\n';
  return s.slice(0, leaf.headerStart) + headers + sep + base64Lines(data, opts.width ?? 76, eol) + s.slice(leaf.bodyEnd);
}

/** The message with a leaf's header block replaced (the body untouched). */
export function replaceLeafHeaders(s: string, leaf: Leaf, headers: string): string {
  return s.slice(0, leaf.headerStart) + headers + s.slice(leaf.headerStart + leaf.headers.length);
}

/** Top-level header block and body. */
export function topLevel(s: string): { headers: string; body: string; sep: string } {
  const { headerEnd, bodyStart } = splitHeaders(s);
  return { headers: s.slice(0, headerEnd), body: s.slice(bodyStart), sep: s.slice(headerEnd, bodyStart) };
}

/** The header fields of a block, each with its folded continuation lines. */
export function headerFields(headers: string): string[] {
  return headers.length ? headers.split(/\r?\n(?![ \t])/) : [];
}

/** Sets a top-level header field: replaces every occurrence (at the first one's place) or adds it. */
export function setHeader(s: string, name: string, value: string): string {
  const { headers, body, sep } = topLevel(s);
  const eol = headers.includes('\r\n') ? '\r\n' : '\n';
  const fields = headerFields(headers);
  const own = (f: string) => f.toLowerCase().startsWith(`${name.toLowerCase()}:`);
  const at = fields.findIndex(own);
  const kept = fields.filter((f) => !own(f));
  kept.splice(at < 0 ? kept.length : at, 0, `${name}: ${value}`);
  return kept.join(eol) + (sep || `${eol}${eol}`) + body;
}

/** The first leaf whose decoded bytes satisfy `test` (an attachment found by content, as I-4 asks). */
export function findLeaf(s: string, test: (data: Buffer, leaf: Leaf) => boolean): Leaf | undefined {
  return leaves(s).find((l) => test(decodeBody(s, l), l));
}

export const isPdf = (b: Buffer) => b.subarray(0, 1024).includes('%PDF-');
export const isZip = (b: Buffer) => b.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'));
export const isCfb = (b: Buffer) => b.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]));
export const isRtf = (b: Buffer) => b.subarray(0, 5).toString('latin1') === '{\\rtf';
