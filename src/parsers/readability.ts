/**
 * I-5: corrupt, truncated, encrypted or password-protected attachments. The answer is a
 * plain sentence for the sender (it goes into the notice after the file name), or
 * undefined when nothing is wrong that can be seen without opening the document.
 */
import { cfbEncryption, hasZipEndRecord, pdfHeaderOffset, zipEntryNames } from './sniff.ts';
import type { ContentType } from './types.ts';

/** Readers look for the last `%%EOF` in the final 1024 bytes. */
const PDF_EOF_WINDOW = 1024;

export const REASONS = {
  empty: 'The file is empty (0 bytes); nothing arrived to read.',
  pdfCorrupt: 'The PDF is damaged: it contains no readable PDF content.',
  pdfTruncated: 'The PDF is incomplete: the file was cut off before its end, probably while it was being scanned, saved or sent.',
  pdfEncrypted: 'The PDF is encrypted or password-protected (it has security settings), so the court cannot open or file it. Save a copy without a password or security restrictions and send that.',
  docxTruncated: 'The Word document is incomplete: the file was cut off before its end, probably while it was being saved or sent.',
  docxNoDocument: 'The file is not a complete Word document: the part that holds the text of the document is missing.',
  wordEncrypted: 'The Word document is password-protected, so the court cannot open it. Remove the password (File › Info › Protect Document) and send it again.',
  docm: 'The file is a macro-enabled Word document (.docm); macro-enabled Word documents are not accepted. Save it as an ordinary Word document (.docx) and send it again.',
  tnef:
    'The attachment is an Outlook "winmail.dat" file: Outlook packed the real attachments into a format only Outlook can read, so they cannot be opened here. In Outlook, send the message in HTML or plain-text format (not Rich Text) and attach the files again.',
  zipTruncated: 'The compressed (.zip) file is incomplete: it was cut off before its end.',
  rtfTruncated: 'The RTF document is incomplete: the file was cut off before its end.',
} as const;

export function unreadableReason(type: ContentType, bytes: Buffer): string | undefined {
  if (bytes.length === 0) return REASONS.empty;
  switch (type) {
    case 'pdf':
      return pdfProblem(bytes);
    case 'docx':
      if (!hasZipEndRecord(bytes)) return REASONS.docxTruncated;
      if (!zipEntryNames(bytes).includes('word/document.xml')) return REASONS.docxNoDocument;
      return undefined;
    case 'docm':
      return REASONS.docm;
    case 'doc':
      return cfbEncryption(bytes) ? REASONS.wordEncrypted : undefined;
    case 'tnef':
      return REASONS.tnef;
    case 'zip':
      return hasZipEndRecord(bytes) ? undefined : REASONS.zipTruncated;
    case 'rtf':
      // An RTF document is one group: it ends with the brace that closes `{\rtf`.
      return /\}[\s\x00]*$/.test(bytes.subarray(-64).toString('latin1')) ? undefined : REASONS.rtfTruncated;
    default:
      return undefined;
  }
}

function pdfProblem(bytes: Buffer): string | undefined {
  const start = Math.max(0, pdfHeaderOffset(bytes));
  const text = bytes.subarray(start).toString('latin1');
  if (!/\d+\s+\d+\s+obj\b/.test(text)) return REASONS.pdfCorrupt;
  if (!text.slice(-PDF_EOF_WINDOW).includes('%%EOF')) return REASONS.pdfTruncated;
  if (isEncryptedPdf(text)) return REASONS.pdfEncrypted;
  return undefined;
}

/** Characters the dictionary reads of isEncryptedPdf may scan in all (a file of a million unclosed `<<` must not cost a million windows). */
const DICT_SCAN_BUDGET = 16 * 1024 * 1024;

/**
 * Whether a trailer dictionary or a cross-reference stream dictionary carries `/Encrypt`.
 * Only those dictionaries are looked at, so the word in a page's text does not count.
 */
export function isEncryptedPdf(pdf: Buffer | string): boolean {
  const text = typeof pdf === 'string' ? pdf : pdf.toString('latin1');
  if (!text.includes('/Encrypt')) return false;
  const budget = { left: DICT_SCAN_BUDGET };
  for (const m of text.matchAll(/\btrailer\s*<</g)) {
    const dict = readDict(text, m.index + m[0].length - 2, budget);
    if (dict && hasKey(dict, 'Encrypt')) return true;
    if (budget.left <= 0) return false;
  }
  for (const m of text.matchAll(/\d+\s+\d+\s+obj\s*<</g)) {
    // A cross-reference stream names its type near the start of its dictionary.
    if (!/\/Type\s*\/XRef\b/.test(text.slice(m.index, m.index + 1024))) continue;
    const dict = readDict(text, m.index + m[0].length - 2, budget);
    if (dict && /\/Type\s*\/XRef\b/.test(dict) && hasKey(dict, 'Encrypt')) return true;
    if (budget.left <= 0) return false;
  }
  return false;
}

/** Whether `/Name` is a key at the top level of the dictionary (not in a nested one or a string). */
function hasKey(dict: string, name: string): boolean {
  let depth = 0;
  for (let i = 0; i < dict.length; i++) {
    const c = dict[i];
    if (c === '(') i = skipString(dict, i) - 1;
    else if (c === '<' && dict[i + 1] === '<') [depth, i] = [depth + 1, i + 1];
    else if (c === '>' && dict[i + 1] === '>') [depth, i] = [depth - 1, i + 1];
    else if (c === '/' && depth === 1 && dict.startsWith(name, i + 1) && !/[A-Za-z0-9]/.test(dict[i + 1 + name.length] ?? '')) return true;
  }
  return false;
}

/** Index just past the literal string that opens at `at` (nested parentheses, `\` escapes). */
function skipString(text: string, at: number, limit = text.length): number {
  let paren = 0;
  for (let i = at; i < limit; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '(') paren++;
    else if (text[i] === ')' && --paren === 0) return i + 1;
  }
  return limit;
}

/**
 * The dictionary starting at `at` (which points at `<<`), brackets balanced, skipping
 * literal strings (which may hold unbalanced brackets); null when it never closes.
 */
function readDict(text: string, at: number, budget: { left: number }): string | null {
  let depth = 0;
  const limit = Math.min(text.length, at + 64 * 1024);
  budget.left -= limit - at;
  for (let i = at; i < limit; i++) {
    const c = text[i];
    if (c === '(') {
      i = skipString(text, i, limit) - 1;
    } else if (c === '<' && text[i + 1] === '<') {
      depth++;
      i++;
    } else if (c === '>' && text[i + 1] === '>') {
      depth--;
      i++;
      if (depth === 0) return text.slice(at, i + 1);
    }
  }
  return null;
}
