/**
 * O-2..O-5: the text of a proposed order sent as a Word document (.docx, .doc or .rtf;
 * ECF Procedure 14), with enough layout for the caption and signature rules: paragraph
 * style, alignment and bold, tables (captions are usually laid out in one), headers,
 * footers and text boxes, and all of it as plain text in reading order.
 *
 * The format is decided by the bytes (I-4), never by the file name. Each format has its
 * own reader, written for this purpose and using no library:
 * - .docx (word-docx.ts): the OOXML parts from the zip. mammoth (STACK.md) was weighed and
 *   not used: it drops headers and footers and merges text-box paragraphs into the body as
 *   ordinary paragraphs, so the XML has to be read for those anyway, and one walker for
 *   every story keeps the formats consistent.
 * - .doc (word-doc.ts): Word 97–2003 binary; the compound file, the piece table, the
 *   paragraph and character properties and the style sheet.
 * - .rtf (word-rtf.ts).
 *
 * What cannot be read throws WordUnreadableError (code ATTACHMENT_UNREADABLE, I-5) with a
 * sentence for the sender: password-protected documents, macro-enabled ones (.docm, refused
 * outright), damaged or cut-off files, Word 6/95 files, and anything that is not Word.
 */
import { cfbEncryption, hasZipEndRecord, sniffType, zipEntryNames } from './sniff.ts';
import { readDoc } from './word-doc.ts';
import { readDocx } from './word-docx.ts';
import { WORD_REASONS, WordUnreadableError, type WordDocument } from './word-model.ts';
import { readRtf } from './word-rtf.ts';

export { WordUnreadableError, WORD_REASONS } from './word-model.ts';
export type { WordAlign, WordDocument, WordParagraph, WordUnreadableKind } from './word-model.ts';

const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export async function readWord(bytes: Buffer): Promise<WordDocument> {
  if (bytes.length === 0) throw new WordUnreadableError('empty', WORD_REASONS.empty);
  const type = sniffType(bytes);
  switch (type) {
    case 'docx':
      return guard(() => readDocx(bytes), WORD_REASONS.docxCorrupt);
    case 'docm':
      throw new WordUnreadableError('macro-enabled', WORD_REASONS.docm);
    case 'doc':
      if (cfbEncryption(bytes)) throw new WordUnreadableError('encrypted', WORD_REASONS.encrypted);
      return guard(() => readDoc(bytes), WORD_REASONS.docCorrupt);
    case 'rtf':
      return guard(() => readRtf(bytes), WORD_REASONS.rtfCorrupt);
    case 'pdf':
      throw new WordUnreadableError('not-word', WORD_REASONS.pdf);
    case 'zip':
      // A package cut off before its first word/ entry is a truncated .docx, for all we know.
      if (!hasZipEndRecord(bytes) && zipEntryNames(bytes).some((n) => n === '[Content_Types].xml' || n === '_rels/.rels' || n.startsWith('docProps/'))) {
        throw new WordUnreadableError('truncated', WORD_REASONS.docxTruncated);
      }
      throw new WordUnreadableError('not-word', WORD_REASONS.notWord);
    default:
      // A compound file the sniffer could not place (its directory cut off, say): the
      // reader's own look at the directory decides between a damaged .doc and no Word at all.
      if (bytes.subarray(0, 8).equals(CFB_MAGIC)) {
        try {
          return readDoc(bytes);
        } catch (err) {
          if (err instanceof WordUnreadableError && (err.kind === 'truncated' || err.kind === 'encrypted')) throw err;
          throw new WordUnreadableError('not-word', WORD_REASONS.notWord, { cause: err });
        }
      }
      throw new WordUnreadableError('not-word', WORD_REASONS.notWord);
  }
}

/** Any failure other than a WordUnreadableError is damage the reader did not foresee. */
function guard(read: () => WordDocument, reason: string): WordDocument {
  try {
    return read();
  } catch (err) {
    if (err instanceof WordUnreadableError) throw err;
    throw new WordUnreadableError('corrupt', reason, { cause: err });
  }
}
