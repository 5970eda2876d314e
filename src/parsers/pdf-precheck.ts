/**
 * Bounds before work: a pass over a PDF's bytes, before pdfjs (or pdf-lib) parses it, that
 * refuses what would make a reader crash, hang or allocate gigabytes. pdfjs parses nested
 * arrays and dictionaries by recursion (a `[` 10 000 deep overflows the stack), decodes a
 * non-image stream whole (a flate stream may inflate to a gigabyte), allocates an image
 * buffer from the dimensions the image declares (46341×46341 RGBA is 8 GB), hands an image
 * with a filter it does not know to the canvas undecoded (a native crash), and draws every
 * operator of a page (50 000 full-page fills took 81 s and 14.6 GB). pdf-lib follows the
 * page tree and references by recursion too.
 *
 * Everything here is iterative: one lexer over the file (stream data is skipped, not
 * read), object streams and content streams inflated with a cap on their output, and
 * explicit stacks for nesting, the page tree and form XObjects. What the pass finds is
 * from declared sizes and counts; nothing is decoded beyond the cap. The cost is a small
 * fraction of opening the file (image data is never touched).
 *
 * Findings: LimitExceededError naming the setting (documentLimits()), or
 * UnsupportedPdfError for an image whose compression no reader here can decode.
 */
import { constants, inflateSync } from 'node:zlib';
import { documentLimits, LimitExceededError, type DocumentLimits } from './limits.ts';
import { PdfUnreadableError } from './pdf-errors.ts';

/** An image compressed in a way pdfjs cannot decode (it would hand the raw bytes to the canvas). */
export class UnsupportedPdfError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'UnsupportedPdfError';
  }
}

/** Sentences for the sender, one per bound. */
export const PRECHECK_REASONS = {
  objects: (max: number) => `The PDF is made of more than ${fmt(max)} objects, more than the court's system reads in one file. Print it to a new PDF or scan it again, and send the new file.`,
  nesting: (max: number) => `The PDF is damaged: its internal structure is nested more than ${fmt(max)} levels deep. Print it to a new PDF or scan it again, and send the new file.`,
  refLoop: 'The PDF is damaged: some of its parts refer to each other in a circle. Print it to a new PDF or scan it again, and send the new file.',
  imageImpossible: 'The PDF is damaged: it contains an image whose declared size is impossible. Scan the document again and send the new file.',
  xrefDamaged: 'The PDF is damaged: its index of objects declares entries larger than any real file has. Print it to a new PDF or scan it again, and send the new file.',
  operatorsAny: (max: number) =>
    `The PDF contains a drawing of more than ${fmt(max)} drawing instructions, more than the court's system draws on one page. Scan the document or print it to a new PDF, and send the new file.`,
  image: (w: string, h: string, max: number) =>
    `The PDF contains an image declared as ${w} × ${h} pixels, larger than the ${fmt(max)} pixels the court's system reads. Scan the document again at an ordinary resolution (300 dpi) and send the new file.`,
  filter: (name: string) => `The PDF contains an image compressed in a format ("${name}") that cannot be read. Scan the document again or save it as an ordinary PDF, and send the new file.`,
  inflated: (max: number) => `The PDF contains compressed content that would take more than ${fmt(max / (1024 * 1024))} MB once uncompressed, more than the court's system reads. Print it to a new PDF or scan it again, and send the new file.`,
  pages: (max: number) => `The PDF has more than ${fmt(max)} pages, more than the court's system reads in one file. Split it into smaller files and send them separately.`,
  treeKids: (max: number) => `The PDF is damaged: one part of its list of pages names more than ${fmt(max)} entries. Print it to a new PDF or scan it again, and send the new file.`,
  treeLoop: 'The PDF is damaged: its list of pages refers back to itself. Print it to a new PDF or scan it again, and send the new file.',
  pageSide: (page: number, max: number) =>
    `Page ${page} of the PDF declares a size of more than ${fmt(max)} points (${fmt(max / 72)} inches) on a side, which no real page has. Scan the document again or print it to a new PDF at its real size, and send the new file.`,
  operators: (page: number, max: number) =>
    `Page ${page} of the PDF consists of more than ${fmt(max)} drawing instructions, more than the court's system draws on one page. Scan the page or print the document to a new PDF, and send the new file.`,
  xobjectLoop: 'The PDF is damaged: graphics on one of its pages draw each other in a circle. Print it to a new PDF or scan it again, and send the new file.',
  renderTime: (page: number, ms: number) =>
    `Page ${page} of the PDF takes too long to draw (more than ${fmt(Math.round(ms / 1000))} seconds): it is made of too many drawing operations. Print it to a new PDF or scan it again, and send the new file.`,
  renderPixels: (page: number, max: number) =>
    `Page ${page} of the PDF is too large to be read: drawn for reading it would be more than ${fmt(max)} pixels. Scan the document again at its real size, and send the new file.`,
} as const;

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A limit finding as the error callers know (ATTACHMENT_UNREADABLE naming the limit). */
export function pdfLimitError(limit: keyof DocumentLimits, reason: string, page?: number): PdfUnreadableError {
  return new PdfUnreadableError('limit', reason, { limit, page });
}

/**
 * precheckPdf with its findings as PdfUnreadableError ('limit' naming the setting, or
 * 'unsupported'), for the readers (pdfjs in pdf.ts, pdf-lib in pdf-split.ts).
 */
export function precheckPdfBytes(bytes: Buffer): void {
  try {
    precheckPdf(bytes);
  } catch (err) {
    if (err instanceof LimitExceededError) throw new PdfUnreadableError('limit', err.reason, { cause: err, limit: err.limit });
    if (err instanceof UnsupportedPdfError) throw new PdfUnreadableError('unsupported', err.reason, { cause: err });
    throw err;
  }
}

// ---- values

class Name {
  constructor(readonly name: string) {}
}
class Ref {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}
class Keyword {
  constructor(readonly word: string) {}
}
/** Literal and hex strings: their contents are never needed here. */
const STRING = Symbol('string');
type Dict = Map<string, Val>;
type Val = number | boolean | null | Name | Ref | Keyword | typeof STRING | Val[] | Dict;

const isDict = (v: Val | undefined): v is Dict => v instanceof Map;
const isInt = (v: Val | undefined): v is number => typeof v === 'number' && Number.isInteger(v);

interface StreamEntry {
  dict: Dict;
  /** The bytes the stream's data lies in (the file, or an inflated object stream never). */
  start: number;
  end: number;
}
interface Entry {
  value: Val;
  stream?: StreamEntry;
}

// ---- lexer

const WS = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) WS[c] = 1;
const DELIM = new Uint8Array(256);
for (const c of '()<>[]{}/%') DELIM[c.charCodeAt(0)] = 1;

const enum T {
  End,
  Num,
  Name,
  Keyword,
  String,
  ArrOpen,
  ArrClose,
  DictOpen,
  DictClose,
  BraceOpen,
  BraceClose,
}

/** Tokens of PDF syntax over bytes[pos, end): no recursion, strings and comments skipped. */
class Lexer {
  pos: number;
  num = 0;
  text = '';
  /** Start offset of the last token. */
  at = 0;

  constructor(
    readonly b: Buffer,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }

  next(): T {
    const b = this.b;
    const end = this.end;
    let p = this.pos;
    for (;;) {
      while (p < end && WS[b[p]!]) p++;
      if (p >= end) {
        this.pos = p;
        return T.End;
      }
      if (b[p] !== 0x25 /* % */) break;
      while (p < end && b[p] !== 0x0a && b[p] !== 0x0d) p++;
    }
    this.at = p;
    const c = b[p]!;
    switch (c) {
      case 0x5b:
        this.pos = p + 1;
        return T.ArrOpen;
      case 0x5d:
        this.pos = p + 1;
        return T.ArrClose;
      case 0x7b:
        this.pos = p + 1;
        return T.BraceOpen;
      case 0x7d:
        this.pos = p + 1;
        return T.BraceClose;
      case 0x3c /* < */:
        if (b[p + 1] === 0x3c) {
          this.pos = p + 2;
          return T.DictOpen;
        }
        p = b.indexOf(0x3e, p + 1);
        this.pos = p < 0 || p >= end ? end : p + 1;
        return T.String;
      case 0x3e /* > */:
        this.pos = b[p + 1] === 0x3e ? p + 2 : p + 1;
        return T.DictClose;
      case 0x28 /* ( */: {
        let depth = 0;
        for (; p < end; p++) {
          const ch = b[p];
          if (ch === 0x5c) p++;
          else if (ch === 0x28) depth++;
          else if (ch === 0x29 && --depth === 0) break;
        }
        this.pos = Math.min(end, p + 1);
        return T.String;
      }
      case 0x2f /* / */: {
        const s = ++p;
        while (p < end && !WS[b[p]!] && !DELIM[b[p]!]) p++;
        const raw = b.toString('latin1', s, p);
        // #xx escapes: /Im#30 is the name Im0.
        this.text = raw.includes('#') ? raw.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : raw;
        this.pos = p;
        return T.Name;
      }
      case 0x29:
        // A stray ")": not a token any reader makes something of.
        this.pos = p + 1;
        return this.next();
    }
    const s = p;
    while (p < end && !WS[b[p]!] && !DELIM[b[p]!]) p++;
    this.pos = p;
    // Numbers: [+-]digits[.digits]; anything else made of regular characters is a keyword.
    if (c === 0x2b || c === 0x2d || c === 0x2e || (c >= 0x30 && c <= 0x39)) {
      const n = Number(b.toString('latin1', s, p));
      if (!Number.isNaN(n)) {
        this.num = n;
        return T.Num;
      }
    }
    this.text = b.toString('latin1', s, p);
    return T.Keyword;
  }
}

// ---- the pass

interface Budget {
  /** Bytes inflated so far by this pass, all streams together. */
  inflated: number;
}

/** Image filters pdfjs decodes (full names and the inline-image abbreviations). */
const IMAGE_FILTERS = new Set([
  'FlateDecode', 'Fl', 'LZWDecode', 'LZW', 'ASCII85Decode', 'A85', 'ASCIIHexDecode', 'AHx', 'RunLengthDecode', 'RL',
  'CCITTFaxDecode', 'CCF', 'DCTDecode', 'DCT', 'JPXDecode', 'JBIG2Decode', 'Crypt', 'BrotliDecode',
]);

/** The most deflate can expand (a run of one byte): 1032 to 1. Smaller streams cannot go over a cap this ratio keeps them under. */
const DEFLATE_MAX_RATIO = 1032;
const TWO_31 = 2 ** 31;

/**
 * Throws LimitExceededError or UnsupportedPdfError for a PDF over the bounds; returns
 * quietly otherwise, and for damage it cannot make sense of (the reader decides then).
 */
export function precheckPdf(bytes: Buffer, limits: Readonly<DocumentLimits> = documentLimits()): void {
  new Precheck(bytes, limits).run();
}

class Precheck {
  private readonly objects = new Map<number, Entry>();
  private readonly trailers: Dict[] = [];
  private readonly objStreams: StreamEntry[] = [];
  private objectCount = 0;
  private readonly budget: Budget = { inflated: 0 };
  /** Per content stream (object number): operators, and names drawn with Do. */
  private readonly contentStats = new Map<number, ContentStats>();

  constructor(
    private readonly bytes: Buffer,
    private readonly limits: Readonly<DocumentLimits>,
  ) {}

  run(): void {
    this.parseTopLevel();
    for (const s of this.objStreams) this.parseObjectStream(s);
    this.checkReferenceChains();
    this.checkPages();
    for (const [num, entry] of this.objects) if (entry.stream) this.checkStream(num, entry.stream);
  }

  // ---- objects

  private tooDeep(): never {
    throw new LimitExceededError('maxNestingDepth', PRECHECK_REASONS.nesting(this.limits.maxNestingDepth));
  }

  private countObjects(n: number): void {
    this.objectCount += n;
    if (this.objectCount > this.limits.maxPdfObjects) throw new LimitExceededError('maxPdfObjects', PRECHECK_REASONS.objects(this.limits.maxPdfObjects));
  }

  /**
   * The file from start to end: `N G obj … endobj`, streams (data skipped), trailers and
   * cross-reference sections. Later definitions of an object replace earlier ones, as an
   * incremental update does.
   */
  private parseTopLevel(): void {
    const lx = new Lexer(this.bytes, 0, this.bytes.length);
    const parser = new ValueParser(lx, this.limits.maxNestingDepth, () => this.tooDeep(), true);
    let current: number | null = null;
    let last: Val | undefined;
    /** The last two top-level numbers, for `N G obj`. */
    let n1: Val | undefined;
    let n2: Val | undefined;
    let afterTrailer = false;
    const close = () => {
      if (current !== null && last !== undefined && !this.objects.get(current)?.stream) this.objects.set(current, { value: last });
      current = null;
      last = undefined;
    };
    for (;;) {
      const v = parser.value();
      if (v === undefined) break;
      if (v instanceof Keyword) {
        switch (v.word) {
          case 'obj':
            close();
            if (isInt(n1) && isInt(n2)) {
              this.countObjects(1);
              current = n1;
            }
            break;
          case 'endobj':
            close();
            break;
          case 'stream':
            this.readStream(lx, current, last);
            close();
            break;
          case 'trailer':
            afterTrailer = true;
            break;
          case 'xref':
            this.readXrefTable(lx);
            break;
        }
        n1 = n2 = undefined;
        continue;
      }
      if (afterTrailer && current === null && isDict(v)) {
        this.trailers.push(v);
        afterTrailer = false;
      }
      if (current !== null) last = v;
      n1 = n2;
      n2 = v;
    }
    close();
  }

  /** Records the stream whose dictionary was just read and moves past its data. */
  private readStream(lx: Lexer, num: number | null, dict: Val | undefined): void {
    const b = this.bytes;
    let start = lx.pos;
    if (b[start] === 0x0d) start++;
    if (b[start] === 0x0a) start++;
    const declared = isDict(dict) ? dict.get('Length') : undefined;
    let end = -1;
    if (isInt(declared) && declared >= 0 && start + declared <= b.length) {
      let q = start + declared;
      while (q < b.length && WS[b[q]!]) q++;
      if (b.toString('latin1', q, q + 9) === 'endstream') end = start + declared;
    }
    if (end < 0) {
      const found = b.indexOf('endstream', start, 'latin1');
      end = found < 0 ? b.length : found;
    }
    const after = b.indexOf('endstream', end, 'latin1');
    lx.pos = after < 0 ? b.length : after + 9;
    if (num === null || !isDict(dict)) return;
    const stream: StreamEntry = { dict, start, end };
    this.objects.set(num, { value: dict, stream });
    const type = dict.get('Type');
    if (type instanceof Name && type.name === 'ObjStm') this.objStreams.push(stream);
    if (type instanceof Name && type.name === 'XRef') this.checkXrefStream(dict);
  }

  /** A classic table: each subsection's count is a number of objects the reader will read. */
  private readXrefTable(lx: Lexer): void {
    for (;;) {
      const save = lx.pos;
      if (lx.next() !== T.Num) {
        lx.pos = save;
        break;
      }
      const first = lx.num;
      if (lx.next() !== T.Num) {
        lx.pos = save;
        break;
      }
      const count = lx.num;
      const mark = lx.pos;
      const t = lx.next();
      if (t === T.Keyword && (lx.text === 'n' || lx.text === 'f')) continue; // an entry
      lx.pos = mark;
      if (first >= 0 && count > this.limits.maxPdfObjects) throw new LimitExceededError('maxPdfObjects', PRECHECK_REASONS.objects(this.limits.maxPdfObjects));
      if (t !== T.Num) {
        lx.pos = save;
        break;
      }
    }
  }

  /** pdfjs reads /Size (or /Index) entries of /W bytes each from a cross-reference stream. */
  private checkXrefStream(dict: Dict): void {
    const index = dict.get('Index');
    const counts = Array.isArray(index) ? index.filter((_, i) => i % 2 === 1) : [dict.get('Size')];
    let total = 0;
    for (const c of counts) if (typeof c === 'number') total += c;
    if (total > this.limits.maxPdfObjects) throw new LimitExceededError('maxPdfObjects', PRECHECK_REASONS.objects(this.limits.maxPdfObjects));
    const w = dict.get('W');
    if (Array.isArray(w) && w.some((x) => typeof x === 'number' && (x < 0 || x > 8))) {
      throw new LimitExceededError('maxPdfObjects', PRECHECK_REASONS.xrefDamaged);
    }
  }

  /** The objects packed in an object stream, nesting checked like the rest. */
  private parseObjectStream(s: StreamEntry): void {
    const n = s.dict.get('N');
    const first = s.dict.get('First');
    if (!isInt(n) || !isInt(first) || n < 0 || first < 0) return;
    this.countObjects(n);
    const data = this.decode(s);
    if (!data || first > data.length) return;
    const header = new Lexer(data, 0, first);
    const slots: [number, number][] = [];
    for (let i = 0; i < n; i++) {
      if (header.next() !== T.Num) break;
      const num = header.num;
      if (header.next() !== T.Num) break;
      slots.push([num, first + header.num]);
    }
    const order = slots.map((x) => x[1]).sort((a, b) => a - b);
    for (const [num, off] of slots) {
      if (off >= data.length) continue;
      // The object runs to the next object's offset (or the end of the data).
      let lo = 0;
      let hi = order.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (order[mid]! <= off) lo = mid + 1;
        else hi = mid;
      }
      const end = lo < order.length ? order[lo]! : data.length;
      const parser = new ValueParser(new Lexer(data, off, end), this.limits.maxNestingDepth, () => this.tooDeep(), true);
      const value = parser.value();
      if (value !== undefined && !this.objects.has(num)) this.objects.set(num, { value });
    }
  }

  /**
   * An object whose whole value is a reference to another: a chain of them is followed by
   * readers one link at a time. Longer than the nesting limit, or circular, is refused.
   */
  private checkReferenceChains(): void {
    const max = this.limits.maxNestingDepth;
    const length = new Map<number, number>();
    for (const [start, entry] of this.objects) {
      if (!(entry.value instanceof Ref) || length.has(start)) continue;
      const path: number[] = [];
      const onPath = new Set<number>();
      let num = start;
      let tail = 0;
      for (;;) {
        const known = length.get(num);
        if (known !== undefined) {
          tail = known;
          break;
        }
        const v = this.objects.get(num)?.value;
        if (!(v instanceof Ref)) break;
        if (onPath.has(num)) throw new LimitExceededError('maxNestingDepth', PRECHECK_REASONS.refLoop);
        onPath.add(num);
        path.push(num);
        if (path.length + tail > max) this.tooDeep();
        num = v.num;
      }
      for (let i = path.length - 1, k = tail + 1; i >= 0; i--, k++) {
        if (k > max) this.tooDeep();
        length.set(path[i]!, k);
      }
    }
  }

  /** The value with references followed (a bounded number of links: chains were checked). */
  private resolve(v: Val | undefined): Val | undefined {
    for (let i = 0; v instanceof Ref && i <= this.limits.maxNestingDepth; i++) v = this.objects.get(v.num)?.value;
    return v instanceof Ref ? undefined : v;
  }

  // ---- streams

  private checkStream(num: number, s: StreamEntry): void {
    const d = s.dict;
    const subtype = this.resolve(d.get('Subtype'));
    if (subtype instanceof Name && subtype.name === 'Image') {
      this.checkImage(this.resolve(d.get('Width')), this.resolve(d.get('Height')), d.get('Filter'), s);
      return;
    }
    const type = this.resolve(d.get('Type'));
    if (type instanceof Name && (type.name === 'ObjStm' || type.name === 'XRef')) return;
    const isForm = subtype instanceof Name && subtype.name === 'Form';
    const isPattern = d.has('PatternType');
    if (isForm || isPattern) {
      // Drawn by a page (counted there) or by an annotation: on its own within the bound too.
      if (this.stats(num).operators > this.limits.maxOperatorsPerPage) {
        throw new LimitExceededError('maxOperatorsPerPage', PRECHECK_REASONS.operatorsAny(this.limits.maxOperatorsPerPage));
      }
      return;
    }
    if (this.contentStats.has(num)) return;
    // Any other stream pdfjs may decode whole (fonts, colour profiles, page content not yet
    // known as such): only one that could expand past the cap is inflated to see.
    if ((s.end - s.start) * DEFLATE_MAX_RATIO > this.limits.maxInflatedBytes) this.decode(s);
  }

  /** An image's declared size and filters; `s` for an image XObject (its data is looked into for JPEG sizes). */
  private checkImage(w: Val | undefined, h: Val | undefined, filter: Val | undefined, s?: StreamEntry): void {
    const max = this.limits.maxImagePixels;
    const bad = (x: Val | undefined) => typeof x !== 'number' || !Number.isFinite(x) || x <= 0 || x >= TWO_31;
    if (bad(w) || bad(h)) throw new LimitExceededError('maxImagePixels', PRECHECK_REASONS.imageImpossible);
    if ((w as number) * (h as number) > max) throw new LimitExceededError('maxImagePixels', PRECHECK_REASONS.image(fmt(w as number), fmt(h as number), max));
    const filters = this.filterNames(filter);
    for (const f of filters) if (!IMAGE_FILTERS.has(f)) throw new UnsupportedPdfError(PRECHECK_REASONS.filter(f));
    if (!s || filters.length !== 1) return;
    // JPEG and JPEG 2000 carry their own dimensions, which is what the decoders allocate by.
    const data = this.bytes.subarray(s.start, s.end);
    const own = filters[0] === 'DCTDecode' || filters[0] === 'DCT' ? jpegSize(data) : filters[0] === 'JPXDecode' ? jpxSize(data) : undefined;
    if (own && own.width * own.height > max) throw new LimitExceededError('maxImagePixels', PRECHECK_REASONS.image(fmt(own.width), fmt(own.height), max));
  }

  private filterNames(f: Val | undefined): string[] {
    const v = this.resolve(f);
    const list = Array.isArray(v) ? v.map((x) => this.resolve(x)) : v === undefined || v === null ? [] : [v];
    return list.map((x) => (x instanceof Name ? x.name : String(x)));
  }

  /**
   * The stream's data through the filters this pass knows (flate, ASCII hex, ASCII85),
   * inflated with a cap; undefined when a filter is one it does not decode or the data is
   * damaged. Over the cap (this stream, or all streams so far together) is refused.
   */
  private decode(s: StreamEntry): Buffer | undefined {
    let data: Buffer = this.bytes.subarray(s.start, s.end);
    const parms = this.resolve(s.dict.get('DecodeParms') ?? s.dict.get('DP'));
    const predictor = (p: Val | undefined) => {
      const d = this.resolve(p);
      const v = isDict(d) ? this.resolve(d.get('Predictor')) : undefined;
      return typeof v === 'number' && v > 1;
    };
    const filters = this.filterNames(s.dict.get('Filter') ?? s.dict.get('F'));
    for (let i = 0; i < filters.length; i++) {
      switch (filters[i]) {
        case 'FlateDecode':
        case 'Fl': {
          const room = this.limits.maxInflatedBytes - this.budget.inflated;
          try {
            data = inflateSync(data, { maxOutputLength: Math.max(1, room), finishFlush: constants.Z_SYNC_FLUSH });
          } catch (err) {
            if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
              throw new LimitExceededError('maxInflatedBytes', PRECHECK_REASONS.inflated(this.limits.maxInflatedBytes));
            }
            return undefined;
          }
          this.budget.inflated += data.length;
          const p = Array.isArray(parms) ? parms[i] : parms;
          if (predictor(p)) return undefined;
          break;
        }
        case 'ASCIIHexDecode':
        case 'AHx':
          data = asciiHex(data);
          break;
        case 'ASCII85Decode':
        case 'A85':
          data = ascii85(data);
          break;
        default:
          return undefined;
      }
    }
    return data;
  }

  /** Operators and Do names of a content stream (page content, form, pattern), counted once. */
  private stats(num: number): ContentStats {
    let st = this.contentStats.get(num);
    if (st) return st;
    const s = this.objects.get(num)?.stream;
    const data = s ? this.decode(s) : undefined;
    st = data ? this.lexContent(data) : { operators: 0, draws: new Map() };
    this.contentStats.set(num, st);
    return st;
  }

  /** Counts operators, checks nesting and inline images; stops at the operator limit. */
  private lexContent(data: Buffer): ContentStats {
    const lx = new Lexer(data, 0, data.length);
    const parser = new ValueParser(lx, this.limits.maxNestingDepth, () => this.tooDeep());
    const draws = new Map<string, number>();
    const cap = this.limits.maxOperatorsPerPage + 1;
    let operators = 0;
    let prev: Val | undefined;
    /** Operands since BI: the inline image's dictionary. */
    let inline: Val[] | null = null;
    for (;;) {
      const v = parser.value();
      if (v === undefined) break;
      if (inline && !(v instanceof Keyword && v.word === 'ID')) {
        inline.push(v);
        continue;
      }
      if (!(v instanceof Keyword)) {
        prev = v;
        continue;
      }
      const w = v.word;
      if (w === 'true' || w === 'false' || w === 'null') continue;
      if (++operators >= cap) break;
      if (w === 'Do' && prev instanceof Name) draws.set(prev.name, (draws.get(prev.name) ?? 0) + 1);
      else if (w === 'BI') inline = [];
      else if (w === 'ID' && inline) {
        const d = new Map<string, Val>();
        for (let i = 0; i + 1 < inline.length; i += 2) {
          const k = inline[i];
          if (k instanceof Name) d.set(k.name, inline[i + 1]!);
        }
        inline = null;
        this.checkImage(d.get('W') ?? d.get('Width'), d.get('H') ?? d.get('Height'), d.get('F') ?? d.get('Filter'));
        lx.pos = inlineImageEnd(data, lx.pos);
      }
      prev = undefined;
    }
    return { operators, draws };
  }

  // ---- pages

  private checkPages(): void {
    const limits = this.limits;
    let root: Val | undefined;
    for (const t of this.trailers) root = t.get('Root') ?? root;
    if (root === undefined) {
      for (const e of this.objects.values()) if (e.stream && e.stream.dict.get('Root')) root = e.stream.dict.get('Root');
    }
    const catalog = this.resolve(root);
    if (!isDict(catalog)) return;
    const top = catalog.get('Pages');
    interface Node {
      v: Val | undefined;
      depth: number;
      inherited: Inherited;
    }
    const stack: Node[] = [{ v: top, depth: 0, inherited: {} }];
    const seen = new Set<number>();
    let pages = 0;
    while (stack.length) {
      const { v, depth, inherited } = stack.pop()!;
      const num = v instanceof Ref ? v.num : undefined;
      const node = this.resolve(v);
      if (!isDict(node)) continue;
      const kids = this.resolve(node.get('Kids'));
      const type = this.resolve(node.get('Type'));
      const here = this.inherit(node, inherited);
      const isPage = type instanceof Name && type.name === 'Page';
      if (!isPage && !Array.isArray(kids) && type instanceof Name && type.name === 'Pages') continue;
      if (Array.isArray(kids) && !isPage) {
        if (num !== undefined) {
          if (seen.has(num)) throw new LimitExceededError('maxPageTreeKids', PRECHECK_REASONS.treeLoop);
          seen.add(num);
        }
        if (kids.length > limits.maxPageTreeKids) throw new LimitExceededError('maxPageTreeKids', PRECHECK_REASONS.treeKids(limits.maxPageTreeKids));
        if (depth + 1 > limits.maxNestingDepth) this.tooDeep();
        // Reversed onto the stack, so pages come off it in document order.
        for (let i = kids.length - 1; i >= 0; i--) stack.push({ v: kids[i], depth: depth + 1, inherited: here });
        continue;
      }
      pages++;
      if (pages > limits.maxPdfPages) throw new LimitExceededError('maxPdfPages', PRECHECK_REASONS.pages(limits.maxPdfPages));
      this.checkPage(pages, node, here);
    }
  }

  private inherit(node: Dict, from: Inherited): Inherited {
    const out: Inherited = { ...from };
    for (const key of ['MediaBox', 'CropBox', 'Resources'] as const) {
      const v = node.get(key);
      if (v !== undefined) out[key] = this.resolve(v);
    }
    return out;
  }

  private checkPage(page: number, node: Dict, inherited: Inherited): void {
    const max = this.limits.maxPageSidePoints;
    const unit = this.resolve(node.get('UserUnit'));
    const scale = typeof unit === 'number' && unit > 0 ? unit : 1;
    for (const box of [inherited.MediaBox, inherited.CropBox]) {
      if (!Array.isArray(box) || box.length !== 4) continue;
      const [x1, y1, x2, y2] = box.map((x) => this.resolve(x));
      if (![x1, y1, x2, y2].every((x) => typeof x === 'number')) continue;
      const sides = [Math.abs((x2 as number) - (x1 as number)) * scale, Math.abs((y2 as number) - (y1 as number)) * scale];
      if (sides.some((x) => !Number.isFinite(x) || x > max)) throw new LimitExceededError('maxPageSidePoints', PRECHECK_REASONS.pageSide(page, max));
    }

    // Operators the page draws: its content streams, and each form XObject it draws as
    // many times as it draws it (a reader draws a form's operators every time).
    const contents = this.resolve(node.get('Contents'));
    const refs = (Array.isArray(contents) ? contents : [node.get('Contents')]).filter((x): x is Ref => x instanceof Ref);
    let total = 0;
    const cap = this.limits.maxOperatorsPerPage;
    const over = () => new LimitExceededError('maxOperatorsPerPage', PRECHECK_REASONS.operators(page, cap));
    const draws = new Map<string, number>();
    for (const r of refs) {
      const st = this.stats(r.num);
      total += st.operators;
      if (total > cap) throw over();
      for (const [name, n] of st.draws) draws.set(name, (draws.get(name) ?? 0) + n);
    }
    // Forms drawn, depth first with an explicit stack: [form, times drawn, depth].
    const resources = inherited.Resources;
    const work: { draws: Map<string, number>; resources: Val | undefined; times: number; depth: number; path: Set<number> }[] = [
      { draws, resources, times: 1, depth: 0, path: new Set() },
    ];
    while (work.length) {
      const item = work.pop()!;
      const res = this.resolve(item.resources);
      const xobjects = isDict(res) ? this.resolve(res.get('XObject')) : undefined;
      if (!isDict(xobjects)) continue;
      for (const [name, n] of item.draws) {
        const ref = xobjects.get(name);
        if (!(ref instanceof Ref)) continue;
        const s = this.objects.get(this.follow(ref))?.stream;
        const sub = s ? this.resolve(s.dict.get('Subtype')) : undefined;
        if (!s || !(sub instanceof Name && sub.name === 'Form')) continue;
        const num = this.follow(ref);
        if (item.path.has(num)) throw new LimitExceededError('maxNestingDepth', PRECHECK_REASONS.xobjectLoop);
        if (item.depth + 1 > this.limits.maxNestingDepth) this.tooDeep();
        const st = this.stats(num);
        const times = item.times * n;
        total += times * Math.max(1, st.operators);
        if (total > cap) throw over();
        if (st.draws.size) {
          const path = new Set(item.path).add(num);
          work.push({ draws: st.draws, resources: s.dict.get('Resources') ?? item.resources, times, depth: item.depth + 1, path });
        }
      }
    }
  }

  /** The object number a reference ends at after a chain of references. */
  private follow(ref: Ref): number {
    let num = ref.num;
    for (let i = 0; i <= this.limits.maxNestingDepth; i++) {
      const v = this.objects.get(num)?.value;
      if (!(v instanceof Ref)) break;
      num = v.num;
    }
    return num;
  }
}

interface ContentStats {
  operators: number;
  draws: Map<string, number>;
}

interface Inherited {
  MediaBox?: Val;
  CropBox?: Val;
  Resources?: Val;
}

/**
 * Builds values from tokens with an explicit stack of open arrays and dictionaries, so
 * nesting costs no call stack; deeper than `maxDepth` calls `tooDeep`. `N G R` becomes a
 * reference; keywords come back as Keyword values.
 */
class ValueParser {
  private readonly stack: { dict: boolean; items: Val[] }[] = [];

  constructor(
    private readonly lx: Lexer,
    private readonly maxDepth: number,
    private readonly tooDeep: () => never,
    /** Object syntax: `N G R` at the top level is a reference (never so in content streams). */
    private readonly topRefs = false,
  ) {}

  /** The next complete top-level value or keyword; undefined at the end. */
  value(): Val | undefined {
    const lx = this.lx;
    const stack = this.stack;
    for (;;) {
      const t = lx.next();
      let v: Val;
      switch (t) {
        case T.End:
          if (stack.length) return this.unwind();
          return undefined;
        case T.ArrOpen:
        case T.DictOpen:
          if (stack.length >= this.maxDepth) this.tooDeep();
          stack.push({ dict: t === T.DictOpen, items: [] });
          continue;
        case T.ArrClose:
        case T.DictClose: {
          const top = stack.pop();
          if (!top) continue;
          v = top.dict ? toDict(top.items) : top.items;
          break;
        }
        case T.BraceOpen:
        case T.BraceClose:
          continue;
        case T.Num:
          v = lx.num;
          if (!stack.length && this.topRefs && Number.isInteger(v)) {
            const mark = lx.pos;
            if (lx.next() === T.Num && Number.isInteger(lx.num)) {
              const gen = lx.num;
              if (lx.next() === T.Keyword && lx.text === 'R') return new Ref(v, gen);
            }
            lx.pos = mark;
          }
          break;
        case T.Name:
          v = new Name(lx.text);
          break;
        case T.String:
          v = STRING;
          break;
        default: {
          const w = lx.text;
          if (w === 'true' || w === 'false') v = w === 'true';
          else if (w === 'null') v = null;
          else if (w === 'R' && stack.length) {
            const items = stack[stack.length - 1]!.items;
            const gen = items[items.length - 1];
            const num = items[items.length - 2];
            if (isInt(num) && isInt(gen)) {
              items.length -= 2;
              v = new Ref(num, gen);
            } else v = null;
          } else if (stack.length) {
            // A keyword inside an array or dictionary: the file is damaged here; a reader
            // ends the object at `endobj`/`stream`, so the open containers end too.
            if (w === 'endobj' || w === 'stream' || w === 'obj') {
              const done = this.unwind();
              lx.pos = lx.at;
              return done;
            }
            v = new Keyword(w);
          } else v = new Keyword(w);
        }
      }
      if (!stack.length) return v;
      stack[stack.length - 1]!.items.push(v);
    }
  }

  /** Closes every open container (a damaged object), giving the outermost. */
  private unwind(): Val {
    let v: Val = null;
    while (this.stack.length) {
      const top = this.stack.pop()!;
      if (v !== null || top.items.length === 0) top.items.push(v);
      v = top.dict ? toDict(top.items) : top.items;
    }
    return v;
  }
}

function toDict(items: Val[]): Dict {
  const d: Dict = new Map();
  for (let i = 0; i + 1 < items.length; i += 2) {
    const k = items[i];
    if (k instanceof Name) d.set(k.name, items[i + 1]!);
  }
  return d;
}

/** Just past the `EI` that ends an inline image's data (whitespace before it and after it). */
function inlineImageEnd(data: Buffer, from: number): number {
  let p = from + 1;
  for (;;) {
    const i = data.indexOf('EI', p, 'latin1');
    if (i < 0) return data.length;
    if (WS[data[i - 1]!] && (i + 2 >= data.length || WS[data[i + 2]!] || DELIM[data[i + 2]!])) return i + 2;
    p = i + 1;
  }
}

function asciiHex(data: Buffer): Buffer {
  const out = Buffer.allocUnsafe((data.length >> 1) + 1);
  let n = 0;
  let hi = -1;
  for (const c of data) {
    if (c === 0x3e) break;
    const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 55 : c >= 0x61 && c <= 0x66 ? c - 87 : -1;
    if (d < 0) continue;
    if (hi < 0) hi = d;
    else {
      out[n++] = (hi << 4) | d;
      hi = -1;
    }
  }
  if (hi >= 0) out[n++] = hi << 4;
  return out.subarray(0, n);
}

function ascii85(data: Buffer): Buffer {
  // `z` stands for four zero bytes: at most 4 bytes per input byte.
  const out: number[] = [];
  let group = 0;
  let count = 0;
  for (let i = 0; i < data.length; i++) {
    const c = data[i]!;
    if (c === 0x7e) break; // ~>
    if (WS[c]) continue;
    if (c === 0x7a && count === 0) {
      out.push(0, 0, 0, 0);
      continue;
    }
    if (c < 0x21 || c > 0x75) continue;
    group = group * 85 + (c - 0x21);
    if (++count === 5) {
      out.push((group >>> 24) & 0xff, (group >>> 16) & 0xff, (group >>> 8) & 0xff, group & 0xff);
      group = count = 0;
    }
  }
  if (count > 1) {
    for (let k = count; k < 5; k++) group = group * 85 + 84;
    const bytes = [(group >>> 24) & 0xff, (group >>> 16) & 0xff, (group >>> 8) & 0xff, group & 0xff];
    out.push(...bytes.slice(0, count - 1));
  }
  return Buffer.from(out);
}

/** A baseline or progressive JPEG's frame size (SOFn marker), or undefined. */
function jpegSize(b: Buffer): { width: number; height: number } | undefined {
  let p = 2;
  if (b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  while (p + 9 < b.length) {
    if (b[p] !== 0xff) return undefined;
    const m = b[p + 1]!;
    if (m === 0xff) {
      p++;
      continue;
    }
    if (m === 0xd8 || (m >= 0xd0 && m <= 0xd7) || m === 0x01) {
      p += 2;
      continue;
    }
    const len = b.readUInt16BE(p + 2);
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) return { height: b.readUInt16BE(p + 5), width: b.readUInt16BE(p + 7) };
    if (m === 0xda) return undefined;
    p += 2 + len;
  }
  return undefined;
}

/** A JPEG 2000 image's size (the SIZ marker of its codestream), or undefined. */
function jpxSize(b: Buffer): { width: number; height: number } | undefined {
  const siz = b.subarray(0, 64 * 1024).indexOf(Buffer.from([0xff, 0x51]));
  if (siz < 0 || siz + 22 > b.length) return undefined;
  const w = b.readUInt32BE(siz + 6) - b.readUInt32BE(siz + 14);
  const h = b.readUInt32BE(siz + 10) - b.readUInt32BE(siz + 18);
  return w > 0 && h > 0 ? { width: w, height: h } : undefined;
}
