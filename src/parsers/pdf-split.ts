/**
 * I-6: a transmission to the docket may not exceed 10 MB. A larger PDF is split into
 * consecutive runs of pages, each saved as its own PDF of at most `maxBytes`, to be
 * docketed as a main document with attachments. A single page that alone is larger
 * cannot be split: the caller raises exception OVERSIZE.
 *
 * Sizes are estimated from the objects each page needs (fonts and images that several
 * pages share are counted once per part, since every part carries its own copy), then
 * checked by saving the part; a part that came out too big is cut shorter and saved again.
 */
import {
  EncryptedPDFError,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFNull,
  PDFPageLeaf,
  PDFRef,
  PDFStream,
  type PDFObject,
} from 'pdf-lib';
import { documentLimits } from './limits.ts';
import { PDF_REASONS, PdfUnreadableError } from './pdf-errors.ts';
import { PRECHECK_REASONS, pdfLimitError, precheckPdfBytes } from './pdf-precheck.ts';

export const DOCKET_MAX_BYTES = 10 * 1024 * 1024;

export type SplitResult = { parts: Buffer[] } | { oversizePage: number };

/** Catalog, page tree, info dictionary, cross-reference and trailer of a saved part. */
const PART_OVERHEAD = 4096;
/** `N 0 obj` … `endobj` and the cross-reference entry of one indirect object. */
const OBJECT_OVERHEAD = 40;

/**
 * `{ parts: [bytes] }` (the very same Buffer) when `bytes` is within `maxBytes`; otherwise
 * the pages split in order into parts of at most `maxBytes` each, every page exactly once;
 * or `{ oversizePage: n }` (1-based) for the first page that alone is over the limit.
 *
 * Throws PdfUnreadableError when a PDF over the limit is encrypted (pdf-lib cannot
 * decrypt, even with no open password) or cannot be parsed at all, and ('limit') when it
 * is over a document limit: pdf-lib parses nesting, the page tree and the objects a page
 * needs by recursion, so the same pre-scan as for pdfjs runs first.
 */
export async function splitPdf(bytes: Buffer, maxBytes = DOCKET_MAX_BYTES): Promise<SplitResult> {
  if (bytes.length <= maxBytes) return { parts: [bytes] };
  precheckPdfBytes(bytes);
  try {
    return await split(bytes, maxBytes);
  } catch (err) {
    // A structure deeper than pdf-lib's stack that the pre-scan and the page walk did not foresee.
    if (err instanceof RangeError && /call stack/i.test(err.message)) {
      throw pdfLimitError('maxNestingDepth', PRECHECK_REASONS.nesting(documentLimits().maxNestingDepth));
    }
    throw err;
  }
}

async function split(bytes: Buffer, maxBytes: number): Promise<SplitResult> {
  let src: PDFDocument;
  try {
    src = await PDFDocument.load(bytes, { updateMetadata: false });
  } catch (err) {
    if (err instanceof RangeError && /call stack/i.test(err.message)) throw err;
    // pdf-lib's errors are ES5 classes: `instanceof` fails on them; match the message too.
    if (err instanceof EncryptedPDFError || /is encrypted/i.test(String((err as Error | null)?.message))) throw new PdfUnreadableError('encrypted', PDF_REASONS.encrypted, { cause: err });
    throw new PdfUnreadableError('corrupt', PDF_REASONS.corrupt, { cause: err });
  }
  const pageCount = src.getPageCount();
  if (pageCount < 1) throw new PdfUnreadableError('no-pages', PDF_REASONS.noPages);

  const needs = pageNeeds(src);
  const parts: Buffer[] = [];
  let start = 0;
  while (start < pageCount) {
    // Grow the part page by page while the estimate stays within the limit.
    let end = start;
    let estimate = PART_OVERHEAD;
    const included = new Set<string>();
    while (end < pageCount) {
      const need = needs[end]!;
      let added = need.own;
      for (const [tag, size] of need.objects) if (!included.has(tag)) added += size;
      if (end > start && estimate + added > maxBytes) break;
      estimate += added;
      for (const tag of need.objects.keys()) included.add(tag);
      end++;
    }
    // Save to check; cut the part shorter (in proportion to the excess) until it fits.
    for (;;) {
      const part = await savePages(src, start, end);
      if (part.length <= maxBytes) {
        parts.push(part);
        start = end;
        break;
      }
      const count = end - start;
      if (count === 1) return { oversizePage: start + 1 };
      end = start + Math.max(1, Math.min(count - 1, Math.floor((count * maxBytes) / part.length)));
    }
  }
  return { parts };
}

async function savePages(src: PDFDocument, start: number, end: number): Promise<Buffer> {
  const out = await PDFDocument.create();
  const indices = Array.from({ length: end - start }, (_, k) => start + k);
  // One copyPages call per part: objects shared by its pages are copied once.
  for (const page of await out.copyPages(src, indices)) out.addPage(page);
  const saved = await out.save({ addDefaultPage: false, updateFieldAppearances: false });
  return Buffer.from(saved.buffer, saved.byteOffset, saved.byteLength);
}

interface PageNeed {
  /** Bytes of the page dictionary itself (and of what it inherits directly). */
  own: number;
  /** Indirect objects pdf-lib will copy with the page: ref tag → bytes. */
  objects: Map<string, number>;
}

/**
 * What each page drags along when pdf-lib copies it, found the way pdf-lib's object
 * copier walks: everything reachable from the page dictionary except its /Parent, plus
 * inherited /Resources, /MediaBox, /CropBox, /Rotate.
 *
 * References from one page to another (an annotation's /P, a link's destination) would
 * make pdf-lib copy the other page's content and images too, so they are replaced by
 * null first (in the loaded copy, which is never saved): such links do not survive a split.
 *
 * The walk keeps its own stack; objects reached through more than maxReferenceDepth
 * references in a row are refused (pdf-lib's copier would overflow its stack on them).
 */
function pageNeeds(src: PDFDocument): PageNeed[] {
  const ctx = src.context;
  const pages = src.getPages();
  const pageRefs = new Set(pages.map((p) => p.ref.tag));
  const sizes = new Map<string, number>();
  const maxDepth = documentLimits().maxReferenceDepth;

  return pages.map((page) => {
    const leaf: PDFPageLeaf = page.node;
    const objects = new Map<string, number>();
    let own = leaf.sizeInBytes() + OBJECT_OVERHEAD;

    // Depth first in the order pdf-lib's copier goes (children pushed in reverse).
    const stack: { value: PDFObject | undefined; replace: (v: PDFObject) => void; depth: number }[] = [];
    const visit = (value: PDFObject | undefined, replace: (v: PDFObject) => void): void => {
      stack.push({ value, replace, depth: 0 });
      while (stack.length) {
        const { value, replace, depth } = stack.pop()!;
        if (value instanceof PDFRef) {
          if (pageRefs.has(value.tag)) {
            replace(PDFNull);
            continue;
          }
          if (objects.has(value.tag)) continue;
          if (depth >= maxDepth) throw pdfLimitError('maxReferenceDepth', PRECHECK_REASONS.nesting(maxDepth));
          const target = ctx.lookup(value);
          let size = sizes.get(value.tag);
          if (size === undefined) {
            size = (target ? target.sizeInBytes() : 0) + OBJECT_OVERHEAD;
            sizes.set(value.tag, size);
          }
          objects.set(value.tag, size);
          if (target) stack.push({ value: target, replace: (v) => ctx.assign(value, v), depth: depth + 1 });
        } else if (value instanceof PDFDict) {
          const entries = value.entries();
          for (let k = entries.length - 1; k >= 0; k--) {
            const [key, v] = entries[k]!;
            stack.push({ value: v, replace: (r) => value.set(key, r), depth });
          }
        } else if (value instanceof PDFArray) {
          for (let i = value.size() - 1; i >= 0; i--) stack.push({ value: value.get(i), replace: (r) => value.set(i, r), depth });
        } else if (value instanceof PDFStream) {
          stack.push({ value: value.dict, replace: () => {}, depth });
        }
      }
    };

    for (const name of PDFPageLeaf.InheritableEntries) {
      const key = PDFName.of(name);
      if (leaf.get(key)) continue;
      const inherited = leaf.getInheritableAttribute(key);
      if (!inherited) continue;
      own += inherited.sizeInBytes();
      visit(inherited, () => {});
    }
    for (const [key, v] of leaf.entries()) {
      if (key === PDFName.of('Parent')) continue;
      visit(v, (r) => leaf.set(key, r));
    }
    return { own, objects };
  });
}
