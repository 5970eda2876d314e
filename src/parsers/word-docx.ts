/**
 * .docx: the OOXML parts read straight from the zip. The main document, each header and
 * footer, footnotes and endnotes are walked by one reader, so tables, text boxes
 * (`w:txbxContent` in DrawingML shapes and VML), `mc:AlternateContent` branches, content
 * controls, fields and tracked changes are treated alike wherever they occur.
 */
import { inflateRawSync } from 'node:zlib';
import { documentLimits } from './limits.ts';
import { StoryBuilder, WORD_REASONS, WordUnreadableError, assemble, type StoryParts, type WordAlign, type WordDocument } from './word-model.ts';
import { XmlDepthError, XmlError, child, elements, findAll, parseXml, textContent, type XmlElement } from './word-xml.ts';

// ---- zip

interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = -1;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

const corrupt = (cause?: unknown) => new WordUnreadableError('corrupt', WORD_REASONS.docxCorrupt, { cause });

/**
 * A .docx package. Bounded by the document limits: entries (maxZipEntries, from the count
 * the end record declares, before any is read), bytes inflated over all the parts read
 * (maxInflatedBytes: each part is inflated with a cap on its output, never trusting the
 * size its header declares) and XML nesting (maxNestingDepth).
 */
export class Zip {
  readonly entries = new Map<string, ZipEntry>();
  private readonly limits = documentLimits();
  /** Bytes inflated so far, all parts together. */
  private inflated = 0;

  constructor(private readonly bytes: Buffer) {
    const eocd = findEocd(bytes);
    if (eocd < 0) throw new WordUnreadableError('truncated', WORD_REASONS.docxTruncated);
    const count = bytes.readUInt16LE(eocd + 10);
    const { maxZipEntries } = this.limits;
    if (count > maxZipEntries) throw new WordUnreadableError('limit', WORD_REASONS.zipEntries(maxZipEntries), { limit: 'maxZipEntries' });
    let p = bytes.readUInt32LE(eocd + 16);
    for (let i = 0; i < count; i++) {
      if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== 0x02014b50) throw corrupt(new Error(`central directory entry ${i} missing`));
      const nameLen = bytes.readUInt16LE(p + 28);
      const entry: ZipEntry = {
        flags: bytes.readUInt16LE(p + 8),
        method: bytes.readUInt16LE(p + 10),
        crc: bytes.readUInt32LE(p + 16),
        compressedSize: bytes.readUInt32LE(p + 20),
        size: bytes.readUInt32LE(p + 24),
        localOffset: bytes.readUInt32LE(p + 42),
        name: bytes.subarray(p + 46, p + 46 + nameLen).toString('utf8'),
      };
      // Part names are case-insensitive (OPC); the zip may also carry a leading slash.
      this.entries.set(entry.name.replace(/^\//, '').toLowerCase(), entry);
      p += 46 + nameLen + bytes.readUInt16LE(p + 30) + bytes.readUInt16LE(p + 32);
    }
  }

  has(name: string): boolean {
    return this.entries.has(name.toLowerCase());
  }

  names(): string[] {
    return [...this.entries.values()].map((e) => e.name.replace(/^\//, ''));
  }

  /** The inflated part, checked against its CRC; undefined when there is no such part. */
  read(name: string): Buffer | undefined {
    const e = this.entries.get(name.replace(/^\//, '').toLowerCase());
    if (!e) return undefined;
    const b = this.bytes;
    const p = e.localOffset;
    if (e.flags & 0x01) throw corrupt(new Error(`${e.name} is encrypted with zip encryption`));
    if (p + 30 > b.length || b.readUInt32LE(p) !== 0x04034b50) throw corrupt(new Error(`${e.name}: local header missing`));
    const start = p + 30 + b.readUInt16LE(p + 26) + b.readUInt16LE(p + 28);
    if (start + e.compressedSize > b.length) throw corrupt(new Error(`${e.name}: data cut off`));
    const raw = b.subarray(start, start + e.compressedSize);
    let data: Buffer;
    const { maxInflatedBytes } = this.limits;
    const overLimit = () => new WordUnreadableError('limit', WORD_REASONS.inflated(maxInflatedBytes), { limit: 'maxInflatedBytes' });
    try {
      if (e.method === 0) data = raw;
      else if (e.method === 8) data = inflateRawSync(raw, { maxOutputLength: Math.max(1, maxInflatedBytes - this.inflated) });
      else throw new Error(`${e.name}: compression method ${e.method}`);
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw overLimit();
      throw corrupt(err);
    }
    this.inflated += data.length;
    if (this.inflated > maxInflatedBytes) throw overLimit();
    if (data.length !== e.size || crc32(data) !== e.crc) throw corrupt(new Error(`${e.name}: CRC or size mismatch`));
    return data;
  }

  xml(name: string): XmlElement | undefined {
    const data = this.read(name);
    if (!data) return undefined;
    try {
      return parseXml(decodeXml(data), this.limits.maxNestingDepth);
    } catch (err) {
      if (err instanceof XmlDepthError) throw new WordUnreadableError('limit', WORD_REASONS.nesting(err.maxDepth), { cause: err, limit: 'maxNestingDepth' });
      if (err instanceof XmlError) throw corrupt(err);
      throw err;
    }
  }
}

function findEocd(bytes: Buffer): number {
  const stop = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= stop; i--) if (bytes.readUInt32LE(i) === 0x06054b50) return i;
  return -1;
}

function decodeXml(data: Buffer): string {
  if (data[0] === 0xff && data[1] === 0xfe) return data.subarray(2).toString('utf16le');
  if (data[0] === 0xfe && data[1] === 0xff) return Buffer.from(data.subarray(2)).swap16().toString('utf16le');
  return data.toString('utf8').replace(/^\ufeff/, '');
}

// ---- package

const REL_DOCUMENT = /\/officeDocument$/;
const REL_STYLES = /\/styles$/;
const REL_HEADER = /\/header$/;
const REL_FOOTER = /\/footer$/;
const REL_FOOTNOTES = /\/footnotes$/;
const REL_ENDNOTES = /\/endnotes$/;

interface Rel {
  type: string;
  target: string;
  external: boolean;
}

function relsPath(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

function resolveTarget(part: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const base = part.slice(0, part.lastIndexOf('/') + 1).split('/').filter(Boolean);
  for (const seg of target.split('/')) {
    if (seg === '..') base.pop();
    else if (seg && seg !== '.') base.push(seg);
  }
  return base.join('/');
}

function readRels(zip: Zip, part: string): Map<string, Rel> {
  const out = new Map<string, Rel>();
  const root = zip.xml(relsPath(part));
  if (!root) return out;
  for (const r of elements(root)) {
    const id = r.attrs.Id;
    const target = r.attrs.Target;
    if (!id || !target) continue;
    const external = r.attrs.TargetMode === 'External';
    out.set(id, { type: r.attrs.Type ?? '', target: external ? target : resolveTarget(part, decodeURIComponentSafe(target)), external });
  }
  return out;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A zip that holds a macro-enabled Word document (vbaProject or a macroEnabled content type). */
function isMacroEnabled(zip: Zip): boolean {
  if (zip.names().some((n) => /(^|\/)vbaProject\.bin$/i.test(n))) return true;
  const ct = zip.read('[Content_Types].xml')?.toString('utf8') ?? '';
  return /macroEnabled/i.test(ct);
}

// ---- styles

interface StyleDef {
  name?: string;
  basedOn?: string;
  align?: WordAlign;
  bold?: boolean;
}

class Styles {
  readonly byId = new Map<string, StyleDef>();
  defaultParagraph?: string;
  defaultBold?: boolean;

  constructor(root: XmlElement | undefined) {
    if (!root) return;
    const rPrDefault = child(child(child(root, 'w:docDefaults'), 'w:rPrDefault'), 'w:rPr');
    this.defaultBold = onOff(child(rPrDefault, 'w:b'));
    for (const s of elements(root)) {
      if (s.name !== 'w:style') continue;
      const id = s.attrs['w:styleId'];
      if (!id) continue;
      const def: StyleDef = {
        name: child(s, 'w:name')?.attrs['w:val'],
        basedOn: child(s, 'w:basedOn')?.attrs['w:val'],
        align: alignOf(child(child(s, 'w:pPr'), 'w:jc')),
        bold: onOff(child(child(s, 'w:rPr'), 'w:b')),
      };
      this.byId.set(id, def);
      if (s.attrs['w:type'] === 'paragraph' && (s.attrs['w:default'] === '1' || s.attrs['w:default'] === 'true')) this.defaultParagraph = id;
    }
  }

  /** A property along the basedOn chain. */
  inherited<K extends 'align' | 'bold'>(id: string | undefined, key: K): StyleDef[K] {
    const seen = new Set<string>();
    while (id && !seen.has(id)) {
      seen.add(id);
      const def = this.byId.get(id);
      if (!def) return undefined;
      if (def[key] !== undefined) return def[key];
      id = def.basedOn;
    }
    return undefined;
  }
}

function onOff(el: XmlElement | undefined): boolean | undefined {
  if (!el) return undefined;
  const v = el.attrs['w:val'];
  return !(v === 'false' || v === '0' || v === 'off');
}

function alignOf(jc: XmlElement | undefined): WordAlign | undefined {
  switch (jc?.attrs['w:val']) {
    case 'left':
    case 'start':
      return 'left';
    case 'center':
      return 'center';
    case 'right':
    case 'end':
      return 'right';
    case 'both':
    case 'justify':
    case 'distribute':
    case 'mediumKashida':
    case 'highKashida':
    case 'lowKashida':
    case 'thaiDistribute':
      return 'justify';
    default:
      return undefined;
  }
}

// ---- walking a story

/** Namespace prefixes whose `mc:Choice` this reader understands; others take the fallback. */
const KNOWN_PREFIXES = new Set(['w', 'wp', 'wps', 'wpg', 'wpc', 'wp14', 'w14', 'w15', 'w16', 'w16se', 'w16cid', 'w16cex', 'w16sdtdh', 'a', 'a14', 'pic', 'v', 'o', 'w10', 'm', 'r', 'mc']);

function alternateBranch(ac: XmlElement): XmlElement | undefined {
  for (const c of elements(ac)) {
    if (c.name !== 'mc:Choice') continue;
    const requires = (c.attrs.Requires ?? '').split(/\s+/).filter(Boolean);
    if (requires.every((p) => KNOWN_PREFIXES.has(p))) return c;
  }
  return child(ac, 'mc:Fallback');
}

/** Elements whose content belongs to the enclosing level as if they were not there. */
const TRANSPARENT = new Set(['w:customXml', 'w:smartTag', 'w:ins', 'w:moveTo', 'w:hyperlink', 'w:fldSimple', 'w:dir', 'w:bdo', 'w:sdtContent']);
/** Deleted or moved-away text, and property blocks. */
const SKIPPED = new Set(['w:del', 'w:moveFrom', 'w:pPr', 'w:rPr', 'w:sdtPr', 'w:sdtEndPr', 'w:tblPr', 'w:tblGrid', 'w:trPr', 'w:tcPr', 'w:sectPr', 'w:customXmlPr', 'w:smartTagPr', 'w:tblPrEx']);

interface Run {
  text: string;
  bold: boolean;
}

class StoryReader {
  /** Text boxes met while walking, each with its own builder. */
  readonly textBoxes: string[] = [];
  readonly textBoxTables: string[][][] = [];
  /** Header and footer relationship ids in the order the section properties name them. */
  readonly headerRefs: string[] = [];
  readonly footerRefs: string[] = [];

  constructor(private readonly styles: Styles) {}

  story(container: XmlElement): StoryBuilder {
    const b = new StoryBuilder();
    this.blocks(container, b, 0);
    return b.finish();
  }

  private blocks(el: XmlElement, b: StoryBuilder, depth: number): void {
    for (const c of elements(el)) {
      switch (c.name) {
        case 'w:p':
          this.paragraph(c, b, depth);
          break;
        case 'w:tbl':
          this.table(c, b, depth + 1);
          break;
        case 'w:sdt':
          this.blocks(child(c, 'w:sdtContent') ?? c, b, depth);
          break;
        case 'mc:AlternateContent': {
          const branch = alternateBranch(c);
          if (branch) this.blocks(branch, b, depth);
          break;
        }
        case 'w:sectPr':
          this.sectionRefs(c);
          break;
        default:
          if (TRANSPARENT.has(c.name)) this.blocks(c, b, depth);
      }
    }
  }

  private table(tbl: XmlElement, b: StoryBuilder, depth: number): void {
    for (const tr of this.flatten(tbl, 'w:tr')) {
      for (const tc of this.flatten(tr, 'w:tc')) {
        this.blocks(tc, b, depth);
        b.endCell(depth);
      }
      b.endRow(depth);
    }
    b.endTable(depth);
  }

  /** Children named `name`, looking through content controls and tracked insertions. */
  private flatten(el: XmlElement, name: string, out: XmlElement[] = []): XmlElement[] {
    for (const c of elements(el)) {
      if (c.name === name) out.push(c);
      else if (c.name === 'w:sdt') this.flatten(child(c, 'w:sdtContent') ?? c, name, out);
      else if (c.name === 'mc:AlternateContent') {
        const branch = alternateBranch(c);
        if (branch) this.flatten(branch, name, out);
      } else if (TRANSPARENT.has(c.name)) this.flatten(c, name, out);
    }
    return out;
  }

  private sectionRefs(sectPr: XmlElement): void {
    for (const c of elements(sectPr)) {
      const id = c.attrs['r:id'];
      if (!id) continue;
      if (c.name === 'w:headerReference' && !this.headerRefs.includes(id)) this.headerRefs.push(id);
      if (c.name === 'w:footerReference' && !this.footerRefs.includes(id)) this.footerRefs.push(id);
    }
  }

  private paragraph(p: XmlElement, b: StoryBuilder, depth: number): void {
    const pPr = child(p, 'w:pPr');
    const sectPr = child(pPr, 'w:sectPr');
    if (sectPr) this.sectionRefs(sectPr);
    const styleId = child(pPr, 'w:pStyle')?.attrs['w:val'] ?? this.styles.defaultParagraph;
    const runs: Run[] = [];
    const boxes: XmlElement[] = [];
    this.inline(p, runs, boxes, styleId);
    const text = runs.map((r) => r.text).join('');
    const visible = runs.filter((r) => r.text.trim());
    const style = styleId ? (this.styles.byId.get(styleId)?.name ?? styleId) : undefined;
    const align = alignOf(child(pPr, 'w:jc')) ?? this.styles.inherited(styleId, 'align');
    b.paragraph({ text, style, align, bold: visible.length > 0 && visible.every((r) => r.bold) }, depth);
    for (const box of boxes) {
      const inner = this.story(box);
      const boxText = inner.text();
      this.textBoxTables.push(...inner.tables);
      if (boxText.trim()) {
        this.textBoxes.push(boxText);
        b.textBox(boxText);
      }
    }
  }

  private inline(el: XmlElement, runs: Run[], boxes: XmlElement[], styleId: string | undefined): void {
    for (const c of elements(el)) {
      if (c.name === 'w:r') this.run(c, runs, boxes, styleId);
      else if (c.name === 'w:sdt') this.inline(child(c, 'w:sdtContent') ?? c, runs, boxes, styleId);
      else if (c.name === 'mc:AlternateContent') {
        const branch = alternateBranch(c);
        if (branch) this.inline(branch, runs, boxes, styleId);
      } else if (c.name === 'm:oMath' || c.name === 'm:oMathPara') {
        runs.push({ text: findAll(c, 'm:t').map(textContent).join(''), bold: false });
      } else if (TRANSPARENT.has(c.name)) this.inline(c, runs, boxes, styleId);
      else if (!SKIPPED.has(c.name)) this.collectBoxes(c, boxes);
    }
  }

  private run(r: XmlElement, runs: Run[], boxes: XmlElement[], styleId: string | undefined): void {
    const rPr = child(r, 'w:rPr');
    const bold =
      onOff(child(rPr, 'w:b')) ??
      this.styles.inherited(child(rPr, 'w:rStyle')?.attrs['w:val'], 'bold') ??
      this.styles.inherited(styleId, 'bold') ??
      this.styles.defaultBold ??
      false;
    const text = this.runContent(r, boxes);
    if (text) runs.push({ text, bold });
  }

  private runContent(r: XmlElement, boxes: XmlElement[]): string {
    let text = '';
    for (const c of elements(r)) {
      switch (c.name) {
        case 'w:t':
          text += textContent(c);
          break;
        case 'w:tab':
        case 'w:ptab':
          text += '\t';
          break;
        case 'w:br':
        case 'w:cr':
          text += '\n';
          break;
        case 'w:noBreakHyphen':
          text += '-';
          break;
        case 'w:sym': {
          const code = parseInt(c.attrs['w:char'] ?? '', 16);
          // Symbol-font characters (F0xx) have no Unicode meaning of their own.
          if (code > 0 && code < 0xf000) text += String.fromCodePoint(code);
          break;
        }
        case 'w:rPr':
        case 'w:instrText':
        case 'w:delText':
        case 'w:delInstrText':
        case 'w:softHyphen':
        case 'w:fldChar':
          break;
        case 'mc:AlternateContent': {
          const branch = alternateBranch(c);
          if (branch) text += this.runContent(branch, boxes);
          break;
        }
        default:
          this.collectBoxes(c, boxes);
      }
    }
    return text;
  }

  /** Text box contents inside a drawing, a VML shape or an embedded object. */
  private collectBoxes(el: XmlElement, boxes: XmlElement[]): void {
    for (const c of elements(el)) {
      if (c.name === 'w:txbxContent') boxes.push(c);
      else if (c.name === 'mc:AlternateContent') {
        const branch = alternateBranch(c);
        if (branch) this.collectBoxes(branch, boxes);
      } else this.collectBoxes(c, boxes);
    }
  }
}

// ---- the document

export function readDocx(bytes: Buffer): WordDocument {
  const zip = new Zip(bytes);
  if (isMacroEnabled(zip)) throw new WordUnreadableError('macro-enabled', WORD_REASONS.docm);
  const pkgRels = readRels(zip, '');
  const mainRel = [...pkgRels.values()].find((r) => REL_DOCUMENT.test(r.type) && !r.external);
  const main = mainRel && zip.has(mainRel.target) ? mainRel.target : 'word/document.xml';
  const document = zip.xml(main);
  if (!document) {
    // A zip without a main document part: a damaged .docx or no Word document at all.
    if (zip.names().some((n) => n.toLowerCase().startsWith('word/'))) throw new WordUnreadableError('corrupt', WORD_REASONS.docxNoDocument);
    throw new WordUnreadableError('not-word', WORD_REASONS.notWord);
  }
  const body = child(document, 'w:body');
  if (document.name !== 'w:document' || !body) throw new WordUnreadableError('not-word', WORD_REASONS.notWord);

  const rels = readRels(zip, main);
  const relOf = (re: RegExp) => [...rels.values()].filter((r) => re.test(r.type) && !r.external);
  const stylesPart = relOf(REL_STYLES)[0]?.target ?? 'word/styles.xml';
  const reader = new StoryReader(new Styles(zip.xml(stylesPart)));
  const bodyStory = reader.story(body);

  const hf = (refs: string[], re: RegExp, glob: RegExp) => {
    let parts = refs.map((id) => rels.get(id)).filter((r): r is Rel => !!r && !r.external && re.test(r.type)).map((r) => r.target);
    if (!parts.length) parts = relOf(re).map((r) => r.target);
    if (!parts.length) parts = zip.names().filter((n) => glob.test(n)).sort();
    return [...new Set(parts)].map((part) => {
      const root = zip.xml(part);
      return root ? reader.story(root).text() : '';
    });
  };
  const headers = hf(reader.headerRefs, REL_HEADER, /^word\/header\d*\.xml$/i);
  const footers = hf(reader.footerRefs, REL_FOOTER, /^word\/footer\d*\.xml$/i);

  const notes: string[] = [];
  for (const [re, el] of [
    [REL_FOOTNOTES, 'w:footnote'],
    [REL_ENDNOTES, 'w:endnote'],
  ] as const) {
    const part = relOf(re)[0]?.target;
    const root = part ? zip.xml(part) : undefined;
    if (!root) continue;
    for (const note of elements(root)) {
      if (note.name !== el || (note.attrs['w:type'] && note.attrs['w:type'] !== 'normal')) continue;
      notes.push(reader.story(note).text());
    }
  }

  const parts: StoryParts = { body: bodyStory, headers, footers, notes, looseTextBoxes: [], textBoxes: reader.textBoxes };
  return assemble('docx', parts, reader.textBoxTables);
}
