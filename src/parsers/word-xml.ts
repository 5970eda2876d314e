/**
 * A small non-validating XML parser for the parts of a .docx: elements, attributes and
 * text, with namespace prefixes rewritten to the usual ones (`w:`, `mc:`, `v:` …) so the
 * reader works whatever prefixes a generator chose. Only the five predefined entities
 * and character references are expanded; a DOCTYPE is refused (OOXML has none).
 *
 * Elements nested deeper than `maxDepth` (maxNestingDepth) are refused while parsing, so
 * the readers' recursive walks over the tree are depth-limited by it.
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

export class XmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlError';
  }
}

/** Elements nested deeper than the limit. */
export class XmlDepthError extends XmlError {
  constructor(readonly maxDepth: number) {
    super(`elements nested more than ${maxDepth} deep`);
    this.name = 'XmlDepthError';
  }
}

/** Namespace URI → the prefix the reader uses. */
const PREFIXES: Record<string, string> = {
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main': 'w',
  'http://purl.oclc.org/ooxml/wordprocessingml/main': 'w',
  'http://schemas.openxmlformats.org/markup-compatibility/2006': 'mc',
  'urn:schemas-microsoft-com:vml': 'v',
  'urn:schemas-microsoft-com:office:office': 'o',
  'urn:schemas-microsoft-com:office:word': 'w10',
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships': 'r',
  'http://purl.oclc.org/ooxml/officeDocument/relationships': 'r',
  'http://schemas.openxmlformats.org/package/2006/relationships': 'rel',
  'http://schemas.openxmlformats.org/package/2006/content-types': 'ct',
  'http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing': 'wp',
  'http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing': 'wp',
  'http://schemas.openxmlformats.org/drawingml/2006/main': 'a',
  'http://purl.oclc.org/ooxml/drawingml/main': 'a',
  'http://schemas.microsoft.com/office/word/2010/wordprocessingShape': 'wps',
  'http://schemas.microsoft.com/office/word/2010/wordprocessingGroup': 'wpg',
  'http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas': 'wpc',
  'http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing': 'wp14',
  'http://schemas.microsoft.com/office/word/2010/wordml': 'w14',
  'http://schemas.microsoft.com/office/word/2012/wordml': 'w15',
  'http://schemas.openxmlformats.org/officeDocument/2006/math': 'm',
};

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return ENTITIES[e] ?? m;
  });
}

const TOKEN = /<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE|<(\/?)([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)|</g;
const ATTR = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

interface Frame {
  el: XmlElement;
  rawName: string;
  ns: Map<string, string>;
}

/** Parses a document; throws XmlError on markup that is not well formed. */
export function parseXml(xml: string, maxDepth = Infinity): XmlElement {
  const root: XmlElement = { name: '#document', attrs: {}, children: [] };
  const stack: Frame[] = [{ el: root, rawName: '', ns: new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]) }];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(xml))) {
    const top = stack[stack.length - 1]!;
    const [whole, cdata, close, rawName, rawAttrs, selfClose, text] = m;
    if (text !== undefined) {
      top.el.children.push(decode(text));
    } else if (cdata !== undefined) {
      top.el.children.push(cdata);
    } else if (whole === '<!DOCTYPE') {
      throw new XmlError('DOCTYPE is not allowed');
    } else if (whole === '<') {
      throw new XmlError(`stray "<" at ${m.index}`);
    } else if (rawName !== undefined) {
      if (close) {
        if (top.rawName !== rawName || stack.length === 1) throw new XmlError(`unexpected </${rawName}> at ${m.index}`);
        stack.pop();
        continue;
      }
      const attrsRaw: [string, string][] = [];
      let ns = top.ns;
      ATTR.lastIndex = 0;
      let a: RegExpExecArray | null;
      while ((a = ATTR.exec(rawAttrs ?? ''))) {
        const name = a[1]!;
        const value = decode(a[2] ?? a[3] ?? '');
        if (name === 'xmlns' || name.startsWith('xmlns:')) {
          if (ns === top.ns) ns = new Map(ns);
          ns.set(name === 'xmlns' ? '' : name.slice(6), value);
        } else {
          attrsRaw.push([name, value]);
        }
      }
      const attrs: Record<string, string> = {};
      for (const [name, value] of attrsRaw) attrs[name.includes(':') ? qualify(name, ns, false) : name] = value;
      const el: XmlElement = { name: qualify(rawName, ns, true), attrs, children: [] };
      top.el.children.push(el);
      if (!selfClose) {
        // The stack holds the document node too: its length is the depth of the new element.
        if (stack.length > maxDepth) throw new XmlDepthError(maxDepth);
        stack.push({ el, rawName, ns });
      }
    }
    // comments and processing instructions are dropped
  }
  if (stack.length !== 1) throw new XmlError(`unclosed <${stack[stack.length - 1]!.rawName}>`);
  const doc = root.children.find((c): c is XmlElement => typeof c !== 'string');
  if (!doc) throw new XmlError('no root element');
  return doc;
}

function qualify(raw: string, ns: Map<string, string>, isElement: boolean): string {
  const colon = raw.indexOf(':');
  const prefix = colon < 0 ? '' : raw.slice(0, colon);
  const local = colon < 0 ? raw : raw.slice(colon + 1);
  if (!prefix && !isElement) return local;
  const uri = ns.get(prefix);
  if (uri === undefined) return raw;
  const canonical = PREFIXES[uri];
  if (canonical === undefined) return prefix ? `${prefix}:${local}` : local;
  return `${canonical}:${local}`;
}

// ---- helpers for walking

export function elements(el: XmlElement): XmlElement[] {
  return el.children.filter((c): c is XmlElement => typeof c !== 'string');
}

export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  if (!el) return undefined;
  for (const c of el.children) if (typeof c !== 'string' && c.name === name) return c;
  return undefined;
}

export function textContent(el: XmlElement): string {
  return el.children.map((c) => (typeof c === 'string' ? c : textContent(c))).join('');
}

/** All descendants named `name`, not looking inside a match. */
export function findAll(el: XmlElement, name: string, out: XmlElement[] = []): XmlElement[] {
  for (const c of el.children) {
    if (typeof c === 'string') continue;
    if (c.name === name) out.push(c);
    else findAll(c, name, out);
  }
  return out;
}
