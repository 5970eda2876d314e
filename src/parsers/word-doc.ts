/**
 * .doc: Word 97–2003 binary documents ([MS-DOC] on top of [MS-CFB]). What is read:
 * - the compound file's FAT, mini FAT and directory tree (root-level streams only, so a
 *   Word document embedded as an OLE object is not mistaken for the document itself);
 * - the FIB: flags, the character counts of each story, the table stream's structures;
 * - the piece table (Clx), which maps character positions to text in WordDocument;
 * - paragraph properties (PlcBtePapx → PAPX FKPs): style, alignment, table depth and the
 *   cell and row marks that give tables their shape;
 * - character properties (PlcBteChpx → CHPX FKPs): bold;
 * - the style sheet (STSH): style names, and alignment and bold a style gives;
 * - the header story (Plcfhdd) and the text box stories (PlcftxbxTxt).
 * Word 6.0/95 files (nFib < 0xC0) are refused; so is anything encrypted or obfuscated.
 *
 * Nothing the file declares is trusted: sector chains are followed with a visited set and
 * never past the file (a loop or a sector beyond the end is damage), a stream shorter than
 * its directory entry says is damage, and the characters read over all stories are bounded
 * by the size of the text stream (overlapping or repeated story ranges cannot multiply it).
 */
import { StoryBuilder, WORD_REASONS, WordUnreadableError, assemble, type StoryParts, type WordAlign, type WordDocument } from './word-model.ts';

const corrupt = (detail: string) => new WordUnreadableError('corrupt', WORD_REASONS.docCorrupt, { cause: new Error(detail) });

// ---- compound file

const FREESECT = 0xffffffff;
const ENDOFCHAIN = 0xfffffffe;
const MAX_CHAIN = 1 << 22;

interface DirEntry {
  name: string;
  type: number;
  left: number;
  right: number;
  child: number;
  start: number;
  size: number;
}

class Cfb {
  private readonly sectorSize: number;
  private readonly miniSectorSize: number;
  private readonly miniCutoff: number;
  private readonly fat: Uint32Array;
  private readonly dir: DirEntry[];
  private miniFat?: Uint32Array;
  private miniStream?: Buffer;

  constructor(private readonly bytes: Buffer) {
    if (bytes.length < 512) throw corrupt('compound file header cut off');
    const shift = bytes.readUInt16LE(0x1e);
    if (shift !== 9 && shift !== 12) throw corrupt(`sector shift ${shift}`);
    this.sectorSize = 1 << shift;
    const miniShift = bytes.readUInt16LE(0x20);
    if (miniShift !== 6) throw corrupt(`mini sector shift ${miniShift}`);
    this.miniSectorSize = 1 << miniShift;
    this.miniCutoff = bytes.readUInt32LE(0x38);
    // FAT sectors: 109 in the header, the rest in a chain of DIFAT sectors.
    const fatSectors: number[] = [];
    // No more FAT sectors than the file has sectors: a damaged count must not allocate gigabytes.
    const numFat = Math.min(bytes.readUInt32LE(0x2c), Math.ceil(bytes.length / this.sectorSize));
    for (let i = 0; i < 109 && fatSectors.length < numFat; i++) fatSectors.push(bytes.readUInt32LE(0x4c + 4 * i));
    let difat = bytes.readUInt32LE(0x44);
    const perDifat = this.sectorSize / 4 - 1;
    const seenDifat = new Set<number>();
    while (difat !== ENDOFCHAIN && difat !== FREESECT && fatSectors.length < numFat) {
      if (seenDifat.has(difat)) throw corrupt('DIFAT loop');
      seenDifat.add(difat);
      const s = this.sector(difat);
      for (let i = 0; i < perDifat && fatSectors.length < numFat; i++) fatSectors.push(s.readUInt32LE(4 * i));
      difat = s.readUInt32LE(4 * perDifat);
    }
    const fat = new Uint32Array((fatSectors.length * this.sectorSize) / 4);
    fatSectors.forEach((sec, i) => {
      const s = this.sector(sec);
      for (let j = 0; j < this.sectorSize / 4; j++) fat[i * (this.sectorSize / 4) + j] = s.readUInt32LE(4 * j);
    });
    this.fat = fat;
    const dirBytes = this.chain(bytes.readUInt32LE(0x30), this.fat, (n) => this.sector(n), this.sectorSize);
    this.dir = [];
    for (let p = 0; p + 128 <= dirBytes.length; p += 128) {
      const nameLen = Math.min(64, dirBytes.readUInt16LE(p + 64));
      this.dir.push({
        name: dirBytes.subarray(p, p + Math.max(0, nameLen - 2)).toString('utf16le'),
        type: dirBytes[p + 66]!,
        left: dirBytes.readUInt32LE(p + 68),
        right: dirBytes.readUInt32LE(p + 72),
        child: dirBytes.readUInt32LE(p + 76),
        start: dirBytes.readUInt32LE(p + 116),
        size: dirBytes.readUInt32LE(p + 120),
      });
    }
    if (this.dir[0]?.type !== 5) throw corrupt('no root entry');
  }

  /** Names of the streams and storages directly under the root. */
  rootNames(): Map<string, DirEntry> {
    const out = new Map<string, DirEntry>();
    const stack = [this.dir[0]!.child];
    const seen = new Set<number>();
    while (stack.length) {
      const i = stack.pop()!;
      if (i === FREESECT || seen.has(i) || !this.dir[i]) continue;
      seen.add(i);
      const e = this.dir[i]!;
      out.set(e.name, e);
      stack.push(e.left, e.right);
    }
    return out;
  }

  stream(name: string): Buffer | undefined {
    const e = this.rootNames().get(name);
    if (!e || e.type !== 2) return undefined;
    if (e.size < this.miniCutoff) {
      this.miniFat ??= toUint32(this.chain(this.bytes.readUInt32LE(0x3c), this.fat, (n) => this.sector(n), this.sectorSize));
      this.miniStream ??= this.chain(this.dir[0]!.start, this.fat, (n) => this.sector(n), this.sectorSize);
      const mini = this.miniStream;
      const data = this.chain(e.start, this.miniFat, (n) => {
        const off = n * this.miniSectorSize;
        if (off + this.miniSectorSize > mini.length) throw corrupt('mini sector out of range');
        return mini.subarray(off, off + this.miniSectorSize);
      }, this.miniSectorSize);
      if (data.length < e.size) throw corrupt(`${name} shorter than its directory entry says`);
      return data.subarray(0, e.size);
    }
    const data = this.chain(e.start, this.fat, (n) => this.sector(n), this.sectorSize);
    if (data.length < e.size) throw corrupt(`${name} shorter than its directory entry says`);
    return data.subarray(0, e.size);
  }

  private sector(n: number): Buffer {
    const off = (n + 1) * this.sectorSize;
    if (off + this.sectorSize > this.bytes.length) throw new WordUnreadableError('truncated', WORD_REASONS.docTruncated, { cause: new Error(`sector ${n} beyond the end of the file`) });
    return this.bytes.subarray(off, off + this.sectorSize);
  }

  private chain(start: number, table: Uint32Array, read: (n: number) => Buffer, size: number): Buffer {
    const parts: Buffer[] = [];
    const seen = new Set<number>();
    for (let n = start; n !== ENDOFCHAIN && n !== FREESECT; n = table[n] ?? ENDOFCHAIN) {
      if (seen.has(n) || seen.size > MAX_CHAIN) throw corrupt('sector chain loops');
      if (n >= table.length) throw corrupt('sector chain leaves the allocation table');
      seen.add(n);
      parts.push(read(n));
    }
    return Buffer.concat(parts, parts.length * size);
  }
}

function toUint32(b: Buffer): Uint32Array {
  const out = new Uint32Array(b.length >> 2);
  for (let i = 0; i < out.length; i++) out[i] = b.readUInt32LE(4 * i);
  return out;
}

// ---- sprms

/** Size of a sprm's operand at `p` (just past the sprm itself). */
function operandSize(sprm: number, g: Buffer, p: number): number {
  switch (sprm >> 13) {
    case 0:
    case 1:
      return 1;
    case 2:
    case 4:
    case 5:
      return 2;
    case 3:
      return 4;
    case 7:
      return 3;
    default: {
      // sprmTDefTable: a 2-byte count that includes one byte too many.
      if (sprm === 0xd608 || sprm === 0xd606) return 2 + Math.max(0, (g.readUInt16LE(p) || 1) - 1);
      // sprmPChgTabs: cb of 255 means the deleted and added tab lists say the size.
      if (sprm === 0xc615 && g[p] === 255) {
        const del = g[p + 1] ?? 0;
        const add = g[p + 2 + 4 * del] ?? 0;
        return 1 + 1 + 4 * del + 1 + 3 * add;
      }
      return 1 + (g[p] ?? 0);
    }
  }
}

/** Calls `fn(sprm, operandOffset)` for each Prl in g[start, end). */
function eachSprm(g: Buffer, start: number, end: number, fn: (sprm: number, at: number) => void): void {
  let p = start;
  while (p + 2 <= end) {
    const sprm = g.readUInt16LE(p);
    const at = p + 2;
    if (at >= end && sprm >> 13 !== 0) break;
    const size = operandSize(sprm, g, at);
    if (at + size > end) break;
    fn(sprm, at);
    p = at + size;
  }
}

const sprmPJc80 = 0x2403;
const sprmPJc = 0x2461;
const sprmPFInTable = 0x2416;
const sprmPFTtp = 0x2417;
const sprmPItap = 0x6649;
const sprmPDtap = 0x664a;
const sprmPFInnerTableCell = 0x244b;
const sprmPFInnerTtp = 0x244c;
const sprmCFBold = 0x0835;

function jcToAlign(jc: number): WordAlign | undefined {
  if (jc === 0) return 'left';
  if (jc === 1) return 'center';
  if (jc === 2) return 'right';
  if (jc >= 3 && jc <= 9 && jc !== 7 && jc !== 8) return 'justify';
  return undefined;
}

// ---- style sheet

interface DocStyle {
  name: string;
  base: number;
  align?: WordAlign;
  /** sprmCFBold operand of the style's character properties. */
  bold?: number;
}

function readStyles(table: Buffer, fc: number, lcb: number): DocStyle[] {
  const out: DocStyle[] = [];
  if (!lcb || fc + lcb > table.length) return out;
  const cbStshi = table.readUInt16LE(fc);
  const cstd = table.readUInt16LE(fc + 2);
  const cbBase = table.readUInt16LE(fc + 4);
  let p = fc + 2 + cbStshi;
  const end = fc + lcb;
  for (let i = 0; i < cstd && p + 2 <= end; i++) {
    const cbStd = table.readUInt16LE(p);
    const std = p + 2;
    p = std + cbStd;
    if (!cbStd || p > end) {
      out.push({ name: '', base: 0x0fff });
      continue;
    }
    const stk = table.readUInt16LE(std + 2) & 0x0f;
    const base = table.readUInt16LE(std + 2) >> 4;
    const cupx = table.readUInt16LE(std + 4) & 0x0f;
    let q = std + cbBase;
    const cch = q + 2 <= p ? table.readUInt16LE(q) : 0;
    const name = table.subarray(q + 2, Math.min(p, q + 2 + 2 * cch)).toString('utf16le');
    q += 2 + 2 * cch + 2;
    const style: DocStyle = { name, base };
    // UPXs, each padded to an even offset within the STD: paragraph styles have a PAPX then a CHPX.
    for (let u = 0; u < cupx && q + 2 <= p; u++) {
      if ((q - std) & 1) q++;
      const cb = table.readUInt16LE(q);
      const data = q + 2;
      const isPapx = stk === 1 && u === 0;
      const isChpx = (stk === 1 && u === 1) || (stk === 2 && u === 0);
      const from = isPapx ? data + 2 : data;
      if (isPapx || isChpx) {
        eachSprm(table, from, Math.min(p, data + cb), (sprm, at) => {
          if (isPapx && (sprm === sprmPJc80 || sprm === sprmPJc)) style.align = jcToAlign(table[at]!);
          if (isChpx && sprm === sprmCFBold) style.bold = table[at]!;
        });
      }
      q = data + cb;
    }
    out.push(style);
  }
  return out;
}

function styleProp<K extends 'align' | 'bold'>(styles: DocStyle[], istd: number, key: K): DocStyle[K] {
  for (let i = istd, guard = 0; i !== 0x0fff && guard < 16; guard++) {
    const s = styles[i];
    if (!s) return undefined;
    if (s[key] !== undefined) return s[key];
    i = s.base;
  }
  return undefined;
}

function styleBold(styles: DocStyle[], istd: number): boolean {
  // Toggle values (0x80, 0x81) in a style are relative to its base style.
  const chain: number[] = [];
  for (let i = istd, guard = 0; i !== 0x0fff && guard < 16 && styles[i]; guard++) {
    chain.unshift(i);
    i = styles[i]!.base;
  }
  let bold = false;
  for (const i of chain) bold = applyBold(bold, styles[i]!.bold);
  return bold;
}

function applyBold(current: boolean, op: number | undefined): boolean {
  if (op === undefined || op === 0x80) return current;
  if (op === 0) return false;
  if (op === 1) return true;
  if (op === 0x81) return !current;
  return current;
}

// ---- formatted disk pages

interface Run {
  fcStart: number;
  fcEnd: number;
  /** Offset of the property bytes in WordDocument, or -1 when the run has none. */
  at: number;
  len: number;
}

/** Runs of the FKPs a PlcBtePapx/PlcBteChpx points to, sorted by file position. */
function readFkpRuns(word: Buffer, table: Buffer, fc: number, lcb: number, kind: 'papx' | 'chpx'): Run[] {
  const runs: Run[] = [];
  if (!lcb || fc + lcb > table.length) return runs;
  const n = (lcb - 4) / 8;
  // Each FKP page once: a page named again and again would multiply the runs.
  const pages = new Set<number>();
  for (let i = 0; i < n; i++) {
    const pn = table.readUInt32LE(fc + 4 * (n + 1) + 4 * i) & 0x3fffff;
    if (pages.has(pn)) continue;
    pages.add(pn);
    const page = pn * 512;
    if (page + 512 > word.length) throw corrupt('formatted disk page beyond the end of WordDocument');
    const crun = word[page + 511]!;
    for (let j = 0; j < crun; j++) {
      const fcStart = word.readUInt32LE(page + 4 * j);
      const fcEnd = word.readUInt32LE(page + 4 * (j + 1));
      const bOff = kind === 'papx' ? word[page + 4 * (crun + 1) + 13 * j]! : word[page + 4 * (crun + 1) + j]!;
      if (!bOff) {
        runs.push({ fcStart, fcEnd, at: -1, len: 0 });
        continue;
      }
      const at = page + 2 * bOff;
      if (kind === 'chpx') {
        runs.push({ fcStart, fcEnd, at: at + 1, len: word[at]! });
      } else {
        const cb = word[at]!;
        runs.push(cb ? { fcStart, fcEnd, at: at + 1, len: 2 * cb - 1 } : { fcStart, fcEnd, at: at + 2, len: 2 * word[at + 1]! });
      }
    }
  }
  runs.sort((a, b) => a.fcStart - b.fcStart);
  return runs;
}

function findRun(runs: Run[], fc: number): Run | undefined {
  let lo = 0;
  let hi = runs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = runs[mid]!;
    if (fc < r.fcStart) hi = mid - 1;
    else if (fc >= r.fcEnd) lo = mid + 1;
    else return r;
  }
  return undefined;
}

interface ParaProps {
  istd: number;
  align?: WordAlign;
  inTable: boolean;
  ttp: boolean;
  itap: number;
  innerCell: boolean;
  innerTtp: boolean;
}

// ---- the document

interface Piece {
  cpStart: number;
  cpEnd: number;
  /** Byte offset of the piece's first character in WordDocument. */
  fc: number;
  compressed: boolean;
}

const CP1252 = new TextDecoder('windows-1252');

class DocReader {
  private readonly pieces: Piece[] = [];
  /** Characters read over all stories so far. */
  private charsRead = 0;
  private readonly papx: Run[];
  private readonly chpx: Run[];
  private readonly styles: DocStyle[];

  constructor(
    private readonly word: Buffer,
    private readonly table: Buffer,
    fcLcb: (i: number) => [number, number],
  ) {
    const [fcClx, lcbClx] = fcLcb(33);
    if (!lcbClx || fcClx + lcbClx > table.length) throw corrupt('no piece table');
    this.readClx(fcClx, fcClx + lcbClx);
    this.styles = readStyles(table, ...fcLcb(1));
    this.papx = readFkpRuns(word, table, ...fcLcb(13), 'papx');
    this.chpx = readFkpRuns(word, table, ...fcLcb(12), 'chpx');
  }

  private readClx(start: number, end: number): void {
    const t = this.table;
    let p = start;
    while (p < end && t[p] === 0x01) p += 3 + t.readUInt16LE(p + 1); // Prc: grpprls of complex files
    if (t[p] !== 0x02) throw corrupt('no Pcdt in the Clx');
    const lcb = t.readUInt32LE(p + 1);
    const plc = p + 5;
    if (plc + lcb > t.length) throw corrupt('piece table cut off');
    const n = (lcb - 4) / 12;
    if (!Number.isInteger(n) || n < 1) throw corrupt('piece table size');
    for (let i = 0; i < n; i++) {
      const cpStart = t.readUInt32LE(plc + 4 * i);
      const cpEnd = t.readUInt32LE(plc + 4 * (i + 1));
      const fcRaw = t.readUInt32LE(plc + 4 * (n + 1) + 8 * i + 2);
      const compressed = (fcRaw & 0x40000000) !== 0;
      const fc = compressed ? (fcRaw & 0x3fffffff) / 2 : fcRaw;
      this.pieces.push({ cpStart, cpEnd, fc, compressed });
    }
  }

  /** The characters of [cpStart, cpEnd) with, for each, its byte offset in WordDocument. */
  chars(cpStart: number, cpEnd: number): { text: string; fcs: number[] } {
    let text = '';
    const fcs: number[] = [];
    for (const pc of this.pieces) {
      const a = Math.max(cpStart, pc.cpStart);
      const b = Math.min(cpEnd, pc.cpEnd);
      if (a >= b) continue;
      // Every character takes at least a byte of WordDocument: more means overlapping pieces
      // (or story ranges that overlap, read again and again).
      this.charsRead += b - a;
      if (fcs.length + (b - a) > this.word.length || this.charsRead > 2 * this.word.length) throw corrupt('pieces overlap');
      const w = pc.compressed ? 1 : 2;
      const from = pc.fc + (a - pc.cpStart) * w;
      const to = from + (b - a) * w;
      if (to > this.word.length) throw corrupt('text beyond the end of WordDocument');
      const bytes = this.word.subarray(from, to);
      text += pc.compressed ? CP1252.decode(bytes) : bytes.toString('utf16le');
      for (let i = 0; i < b - a; i++) fcs.push(from + i * w);
    }
    return { text, fcs };
  }

  paraProps(fc: number): ParaProps {
    const props: ParaProps = { istd: 0, inTable: false, ttp: false, itap: 0, innerCell: false, innerTtp: false };
    const run = findRun(this.papx, fc);
    if (run && run.at >= 0 && run.len >= 2 && run.at + run.len <= this.word.length) {
      const w = this.word;
      props.istd = w.readUInt16LE(run.at);
      eachSprm(w, run.at + 2, run.at + run.len, (sprm, at) => {
        switch (sprm) {
          case sprmPJc80:
          case sprmPJc:
            props.align = jcToAlign(w[at]!);
            break;
          case sprmPFInTable:
            props.inTable = w[at] !== 0;
            break;
          case sprmPFTtp:
            props.ttp = w[at] !== 0;
            break;
          case sprmPItap:
            props.itap = w.readInt32LE(at);
            break;
          case sprmPDtap:
            props.itap += w.readInt32LE(at);
            break;
          case sprmPFInnerTableCell:
            props.innerCell = w[at] !== 0;
            break;
          case sprmPFInnerTtp:
            props.innerTtp = w[at] !== 0;
            break;
        }
      });
    }
    props.align ??= styleProp(this.styles, props.istd, 'align');
    return props;
  }

  bold(fc: number, styleBoldValue: boolean): boolean {
    const run = findRun(this.chpx, fc);
    let bold = styleBoldValue;
    if (run && run.at >= 0 && run.at + run.len <= this.word.length) {
      eachSprm(this.word, run.at, run.at + run.len, (sprm, at) => {
        if (sprm === sprmCFBold) bold = applyBold(styleBoldValue, this.word[at]!);
      });
    }
    return bold;
  }

  /**
   * Reads one story into `b`. Paragraphs end at a paragraph mark (13), a cell or row mark
   * (7) or a section/page break (12). Field codes are dropped and field results kept.
   */
  story(cpStart: number, cpEnd: number, b: StoryBuilder): StoryBuilder {
    if (cpEnd <= cpStart) return b;
    const { text, fcs } = this.chars(cpStart, cpEnd);
    const fields: ('code' | 'result')[] = [];
    /** How many of `fields` are still in their code part (a count, not a search per character). */
    let inCode = 0;
    let para = '';
    let boldChars = 0;
    let visibleChars = 0;
    let paraStyle = -1;
    let styleBoldValue = false;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      const fc = fcs[i]!;
      if (ch === 13 || ch === 7 || ch === 12) {
        const props = this.paraProps(fc);
        const depth = props.inTable ? Math.max(1, props.itap) : 0;
        const style = this.styles[props.istd]?.name || undefined;
        const bold = visibleChars > 0 && boldChars === visibleChars;
        const cellEnd = (ch === 7 && !props.ttp) || (ch === 13 && props.innerCell);
        const rowEnd = (ch === 7 && props.ttp) || (ch === 13 && props.innerTtp);
        if (rowEnd) {
          b.endRow(depth);
        } else {
          b.paragraph({ text: para, style, align: props.align, bold }, depth);
          if (cellEnd) b.endCell(depth);
        }
        para = '';
        boldChars = visibleChars = 0;
        paraStyle = -1;
        continue;
      }
      if (ch === 0x13) {
        fields.push('code');
        inCode++;
        continue;
      }
      if (ch === 0x14) {
        if (fields.length && fields[fields.length - 1] === 'code') {
          fields[fields.length - 1] = 'result';
          inCode--;
        }
        continue;
      }
      if (ch === 0x15) {
        if (fields.pop() === 'code') inCode--;
        continue;
      }
      if (inCode > 0) continue;
      let out: string;
      switch (ch) {
        case 9:
          out = '\t';
          break;
        case 11:
        case 14:
          out = '\n';
          break;
        case 0x1e:
          out = '-';
          break;
        case 0xa0:
          out = '\u00a0';
          break;
        default:
          // Anchors of pictures, drawings and notes (1–8), the optional hyphen (0x1F) and
          // symbol-font characters have no text.
          out = ch < 0x20 || ch === 0x1f || (ch >= 0xf000 && ch <= 0xf0ff) ? '' : text[i]!;
      }
      if (!out) continue;
      if (out.trim()) {
        if (paraStyle < 0) {
          // Bold from the style of the paragraph this character belongs to.
          const end = this.nextMark(text, i);
          paraStyle = end < 0 ? 0 : this.paraProps(fcs[end]!).istd;
          styleBoldValue = styleBold(this.styles, paraStyle);
        }
        visibleChars++;
        if (this.bold(fc, styleBoldValue)) boldChars++;
      }
      para += out;
    }
    if (para.trim()) b.paragraph({ text: para }, 0);
    return b;
  }

  private nextMark(text: string, from: number): number {
    for (let i = from; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 || c === 7 || c === 12) return i;
    }
    return -1;
  }

  /** CP ranges of a PLC of `dataSize`-byte elements in the table stream. */
  plcRanges(fc: number, lcb: number, dataSize: number): [number, number][] {
    if (!lcb || fc + lcb > this.table.length) return [];
    const n = (lcb - 4) / (4 + dataSize);
    if (!Number.isInteger(n) || n < 1) return [];
    const out: [number, number][] = [];
    for (let i = 0; i < n; i++) out.push([this.table.readUInt32LE(fc + 4 * i), this.table.readUInt32LE(fc + 4 * (i + 1))]);
    return out;
  }

  /** CPs of a PLC without data elements (Plcfhdd). */
  plcCps(fc: number, lcb: number): number[] {
    if (!lcb || fc + lcb > this.table.length) return [];
    const out: number[] = [];
    for (let p = fc; p + 4 <= fc + lcb; p += 4) out.push(this.table.readUInt32LE(p));
    return out;
  }
}

export function readDoc(bytes: Buffer): WordDocument {
  const cfb = new Cfb(bytes);
  const names = cfb.rootNames();
  if (names.has('EncryptionInfo') || names.has('EncryptedPackage')) throw new WordUnreadableError('encrypted', WORD_REASONS.encrypted);
  const word = cfb.stream('WordDocument');
  if (!word) throw new WordUnreadableError('not-word', WORD_REASONS.notWord);
  if (word.length < 0x22 || word.readUInt16LE(0) !== 0xa5ec) {
    if (word.length >= 2 && (word.readUInt16LE(0) === 0xa5dc || word.readUInt16LE(0) === 0xa5db)) throw new WordUnreadableError('old-format', WORD_REASONS.docOld);
    throw corrupt('no FIB');
  }
  const nFib = word.readUInt16LE(2);
  const flags = word.readUInt16LE(0x0a);
  if (flags & 0x0100 || flags & 0x8000) throw new WordUnreadableError('encrypted', WORD_REASONS.encrypted);
  if (nFib < 0xc0) throw new WordUnreadableError('old-format', WORD_REASONS.docOld);
  const table = cfb.stream(flags & 0x0200 ? '1Table' : '0Table');
  if (!table) throw corrupt('table stream missing');

  // FibBase (32 bytes), then csw 16-bit words, cslw 32-bit longs, cbRgFcLcb fc/lcb pairs.
  const csw = word.readUInt16LE(32);
  const lwStart = 34 + 2 * csw + 2;
  const cslw = word.readUInt16LE(34 + 2 * csw);
  const fcStart = lwStart + 4 * cslw + 2;
  const cbRgFcLcb = word.readUInt16LE(lwStart + 4 * cslw);
  if (fcStart + 8 * cbRgFcLcb > word.length || cslw < 11) throw corrupt('FIB cut off');
  const lw = (i: number) => word.readInt32LE(lwStart + 4 * i);
  const fcLcb = (i: number): [number, number] => (i < cbRgFcLcb ? [word.readUInt32LE(fcStart + 8 * i), word.readUInt32LE(fcStart + 8 * i + 4)] : [0, 0]);
  const [ccpText, ccpFtn, ccpHdd, ccpMcr, ccpAtn, ccpEdn, ccpTxbx, ccpHdrTxbx] = [3, 4, 5, 6, 7, 8, 9, 10].map((i) => Math.max(0, lw(i))) as [number, number, number, number, number, number, number, number];

  const doc = new DocReader(word, table, fcLcb);
  const body = doc.story(0, ccpText, new StoryBuilder()).finish();
  const notes: string[] = [];
  if (ccpFtn) notes.push(doc.story(ccpText, ccpText + ccpFtn, new StoryBuilder()).text());

  // Header story: six separator stories, then per section even/odd header, even/odd footer, first header, first footer.
  const hddStart = ccpText + ccpFtn;
  const headers: string[] = [];
  const footers: string[] = [];
  const hdd = doc.plcCps(...fcLcb(11));
  for (let k = 6; k + 1 < hdd.length; k++) {
    const [a, z] = [hdd[k]!, hdd[k + 1]!];
    if (z <= a || z > ccpHdd) continue;
    const t = doc.story(hddStart + a, hddStart + z, new StoryBuilder()).text();
    if (!t.trim()) continue;
    const slot = (k - 6) % 6;
    if (slot === 2 || slot === 3 || slot === 5) footers.push(t);
    else headers.push(t);
  }
  const ednStart = hddStart + ccpHdd + ccpMcr + ccpAtn;
  if (ccpEdn) notes.push(doc.story(ednStart, ednStart + ccpEdn, new StoryBuilder()).text());

  // Text boxes of the main text, then of the headers; each FTXBXS is 22 bytes.
  const textBoxes: string[] = [];
  const boxTables: string[][][] = [];
  const boxes = (start: number, ccp: number, i: number) => {
    for (const [a, z] of doc.plcRanges(...fcLcb(i), 22)) {
      if (z <= a || z > ccp) continue;
      const sb = doc.story(start + a, start + z, new StoryBuilder()).finish();
      boxTables.push(...sb.tables);
      textBoxes.push(sb.text());
    }
  };
  const txbxStart = ednStart + ccpEdn;
  if (ccpTxbx) boxes(txbxStart, ccpTxbx, 56);
  if (ccpHdrTxbx) boxes(txbxStart + ccpTxbx, ccpHdrTxbx, 58);

  const parts: StoryParts = { body, headers, footers, notes, looseTextBoxes: textBoxes, textBoxes };
  return assemble('doc', parts, boxTables);
}
