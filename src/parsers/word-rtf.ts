/**
 * .rtf: a reader of the Rich Text Format as Word, LibreOffice and WordPad write it.
 * Groups carry the character and paragraph state; destinations route text to the main
 * story, a header or footer, a footnote or a text box (`\shptxt`), or nowhere (font
 * table, style sheet, pictures, field codes, `{\*\…}` destinations this reader does not
 * know). Tables come from `\intbl`/`\itapN` paragraphs ended by `\cell`/`\nestcell`, rows
 * by `\row`/`\nestrow`. Text in 8-bit code pages (`\ansicpgN`, `\fcharsetN`, `\'hh`) and
 * `\uN` with its `\ucN` fallback are decoded to Unicode.
 *
 * The reader is one loop with an explicit group stack: groups nested deeper than
 * maxNestingDepth, `\binN` declaring more bytes than the file has left, and control-word
 * parameters outside the 32-bit range RTF allows are refused, not followed.
 */
import { documentLimits } from './limits.ts';
import { StoryBuilder, WORD_REASONS, WordUnreadableError, assemble, type StoryParts, type WordAlign, type WordDocument } from './word-model.ts';

/** \fcharset → Windows code page. */
const CHARSET_CODEPAGE: Record<number, number> = {
  0: 0, // the document's ANSI code page
  1: 0,
  2: 1252, // Symbol: no better guess
  77: 10000,
  128: 932,
  129: 949,
  130: 1361,
  134: 936,
  136: 950,
  161: 1253,
  162: 1254,
  163: 1258,
  177: 1255,
  178: 1256,
  186: 1257,
  204: 1251,
  222: 874,
  238: 1250,
  254: 437,
  255: 850,
};

const CODEPAGE_LABEL: Record<number, string> = {
  437: 'ibm866', // no cp437 decoder in WHATWG encodings; close enough for letters
  850: 'ibm866',
  874: 'windows-874',
  932: 'shift_jis',
  936: 'gbk',
  949: 'euc-kr',
  950: 'big5',
  1361: 'euc-kr',
  10000: 'macintosh',
  65001: 'utf-8',
};

const decoders = new Map<number, TextDecoder>();
function decoder(cp: number): TextDecoder {
  let d = decoders.get(cp);
  if (!d) {
    const label = CODEPAGE_LABEL[cp] ?? (cp >= 1250 && cp <= 1258 ? `windows-${cp}` : 'windows-1252');
    try {
      d = new TextDecoder(label);
    } catch {
      d = new TextDecoder('windows-1252');
    }
    decoders.set(cp, d);
  }
  return d;
}

/** A place text goes. */
class Sink {
  readonly story = new StoryBuilder();
  text = '';
  visible = 0;
  boldVisible = 0;

  add(s: string, bold: boolean): void {
    this.text += s;
    const n = s.replace(/\s+/g, '').length;
    this.visible += n;
    if (bold) this.boldVisible += n;
  }

  flush(st: State, names: Map<number, string>, depth: number): void {
    this.story.paragraph(
      { text: this.text, style: names.get(st.style), align: st.align, bold: this.visible > 0 && this.boldVisible === this.visible },
      depth,
    );
    this.text = '';
    this.visible = this.boldVisible = 0;
  }
}

type Role = 'body' | 'header' | 'footer' | 'note' | 'textbox' | 'skip' | 'fonttbl' | 'font' | 'stylesheet' | 'styleentry';

interface State {
  sink: Sink | null;
  role: Role;
  uc: number;
  bold: boolean;
  font: number;
  style: number;
  align?: WordAlign;
  intbl: boolean;
  itap: number;
  /** The sink and role of an \object's parent, for its \result. */
  objectSink?: Sink | null;
  objectRole?: Role;
  /** The font being defined (font table) or the style being named (style sheet). */
  defining?: number;
}

/** Destinations whose text is not document text. */
const SKIP = new Set([
  'colortbl', 'info', 'pict', 'listtable', 'listoverridetable', 'revtbl', 'rsidtbl', 'generator', 'xmlnstbl', 'filetbl',
  'pgdsctbl', 'template', 'mmathPr', 'latentstyles', 'datastore', 'themedata', 'colorschememapping', 'userprops', 'docvar',
  'ftnsep', 'ftnsepc', 'aftnsep', 'aftnsepc', 'ftncn', 'aftncn', 'nonshppict', 'shprslt', 'shppict', 'sp', 'sn', 'sv', 'fldinst',
  'tc', 'tcn', 'xe', 'txe', 'rxe', 'bkmkstart', 'bkmkend', 'annotation', 'atnid', 'atnauthor', 'atndate', 'atnref', 'atnparent',
  'atrfstart', 'atrfend', 'nonesttables', 'do', 'picprop', 'blipuid', 'objdata', 'objclass', 'objname', 'htmltag', 'mhtmltag',
  'falt', 'panose', 'fname', 'fontemb', 'fontfile', 'keycode', 'comment', 'title', 'subject', 'author', 'operator', 'keywords',
  'doccomm', 'company', 'manager', 'category', 'hlinkbase', 'passwordhash', 'password', 'protusertbl', 'ffdeftext', 'ffformat',
  'ffhelptext', 'ffstattext', 'ffentrymcr', 'ffexitmcr', 'ffname', 'ffl', 'formfield', 'wgrffmtfilter', 'defchp', 'defpap',
  'oldcprops', 'oldpprops', 'oldtprops', 'oldsprops', 'listpicture', 'pnseclvl', 'pn', 'pntxta', 'pntxtb', 'background',
  'headerdistance', 'lsdlockedexcept', 'mmath', 'ud', 'upr', 'leveltext', 'levelnumbers', 'listname',
]);

const HEADERS = new Set(['header', 'headerl', 'headerr', 'headerf']);
const FOOTERS = new Set(['footer', 'footerl', 'footerr', 'footerf']);

const SYMBOLS: Record<string, string> = {
  lquote: '\u2018',
  rquote: '\u2019',
  ldblquote: '\u201c',
  rdblquote: '\u201d',
  bullet: '\u2022',
  endash: '\u2013',
  emdash: '\u2014',
  enspace: '\u2002',
  emspace: '\u2003',
  qmspace: '\u2005',
  zwj: '\u200d',
  zwnj: '\u200c',
  ltrmark: '',
  rtlmark: '',
  tab: '\t',
  line: '\n',
  column: '\n',
};

export function readRtf(bytes: Buffer): WordDocument {
  const s = bytes.toString('latin1');
  if (!/^(\ufeff|\xef\xbb\xbf)?\s*\{\\rtf/.test(s.slice(0, 16))) throw new WordUnreadableError('not-word', WORD_REASONS.notWord);

  const names = new Map<number, string>();
  const fontCp = new Map<number, number>();
  let ansiCp = 1252;
  let defaultFont = 0;

  const body = new Sink();
  const headers: Sink[] = [];
  const footers: Sink[] = [];
  const notes: Sink[] = [];
  const textBoxes: string[] = [];
  const boxTables: string[][][] = [];

  const { maxNestingDepth } = documentLimits();
  let st: State = { sink: body, role: 'body', uc: 1, bold: false, font: 0, style: 0, intbl: false, itap: 0 };
  const stack: { state: State; opened?: Sink }[] = [];
  /** Set by \* : the group is skipped unless its destination is one this reader knows. */
  let starred = false;
  /** The first control word of a group names its destination. */
  let groupStart = false;
  let skipFallback = 0;
  let pendingBytes: number[] = [];
  let entryName = '';

  const depth = () => (st.itap > 0 ? st.itap : st.intbl ? 1 : 0);
  const codepage = () => {
    const cp = fontCp.get(st.font);
    return cp === undefined || cp === 0 ? ansiCp : cp;
  };
  const emitText = (t: string) => {
    if (st.role === 'styleentry' || st.role === 'font') {
      entryName += t;
      return;
    }
    if (st.sink) st.sink.add(t, st.bold);
  };
  const flushBytes = () => {
    if (!pendingBytes.length) return;
    const t = decoder(codepage()).decode(Uint8Array.from(pendingBytes));
    pendingBytes = [];
    emitText(t);
  };
  const textByte = (b: number) => {
    // Skipped destinations (pictures are megabytes of hex) are not collected at all.
    if (st.sink === null && st.role !== 'font' && st.role !== 'styleentry') return;
    if (skipFallback > 0) {
      skipFallback--;
      return;
    }
    pendingBytes.push(b);
  };

  const openSink = (role: Role, list?: Sink[]): void => {
    const sink = new Sink();
    list?.push(sink);
    st.sink = sink;
    st.role = role;
    stack[stack.length - 1]!.opened = sink;
    // A new story starts outside any table.
    st.intbl = false;
    st.itap = 0;
  };

  const destination = (word: string): boolean => {
    // Returns true when the word was taken as the group's destination.
    if (word === 'fonttbl') {
      st.role = 'fonttbl';
      st.sink = null;
      return true;
    }
    if (word === 'stylesheet') {
      st.role = 'stylesheet';
      st.sink = null;
      return true;
    }
    if (st.role === 'fonttbl') {
      // {\f0\froman … Name;} entries
      st.role = 'font';
      entryName = '';
      return false;
    }
    if (st.role === 'stylesheet') {
      st.role = 'styleentry';
      st.defining = 0;
      entryName = '';
      return false;
    }
    if (word === 'result' && st.objectSink !== undefined) {
      // An object's last result, shown where the object sits.
      st.sink = st.objectSink;
      st.role = st.objectRole ?? 'skip';
      return true;
    }
    if (st.sink === null && st.role === 'skip') return true;
    const story: [Role, Sink[] | undefined] | undefined = HEADERS.has(word)
      ? ['header', headers]
      : FOOTERS.has(word)
        ? ['footer', footers]
        : word === 'footnote'
          ? ['note', notes]
          : word === 'shptxt' || word === 'dptxbxtext'
            ? ['textbox', undefined]
            : undefined;
    if (story) {
      openSink(...story);
      return true;
    }
    if (word === 'shp' || word === 'shpinst' || word === 'fldrslt' || word === 'field' || word === 'nesttableprops' || word === 'listtext' || word === 'pntext' || word === 'shpgrp') return true;
    if (word === 'object') {
      st.objectSink = st.sink;
      st.objectRole = st.role;
      st.sink = null;
      st.role = 'skip';
      return true;
    }
    if (SKIP.has(word) || starred) {
      st.sink = null;
      st.role = 'skip';
      return true;
    }
    return false;
  };

  const control = (word: string, param: number | null): void => {
    if (groupStart) {
      groupStart = false;
      if (destination(word)) {
        starred = false;
        return;
      }
    }
    starred = false;
    const skipping = st.sink === null && st.role === 'skip';
    switch (word) {
      case 'ansicpg':
        if (param) ansiCp = param;
        return;
      case 'deff':
        defaultFont = param ?? 0;
        return;
      case 'ansi':
        return;
      case 'mac':
        ansiCp = 10000;
        return;
      case 'pc':
        ansiCp = 437;
        return;
      case 'pca':
        ansiCp = 850;
        return;
      case 'f':
        if (st.role === 'font' || st.role === 'fonttbl') st.defining = param ?? 0;
        else st.font = param ?? 0;
        return;
      case 'fcharset':
        if ((st.role === 'font' || st.role === 'fonttbl') && st.defining !== undefined) {
          const cp = CHARSET_CODEPAGE[param ?? 0];
          if (cp !== undefined && !fontCp.has(st.defining)) fontCp.set(st.defining, cp);
        }
        return;
      case 'cpg':
        if ((st.role === 'font' || st.role === 'fonttbl') && st.defining !== undefined && param) fontCp.set(st.defining, param);
        return;
      case 's':
        if (st.role === 'styleentry') st.defining = param ?? 0;
        else st.style = param ?? 0;
        return;
      case 'cs':
      case 'ds':
      case 'ts':
        if (st.role === 'styleentry') st.defining = -1; // not a paragraph style
        return;
      case 'uc':
        // Fallback characters after each \u: Word writes 1 or 2; more would hide the text.
        st.uc = Math.min(16, Math.max(0, param ?? 1));
        return;
      case 'u': {
        let code = param ?? 0;
        if (code < 0) code += 65536;
        emitText(String.fromCharCode(code));
        skipFallback = st.uc;
        return;
      }
      case 'bin':
        return; // handled by the tokenizer
    }
    if (skipping) return;
    switch (word) {
      case 'pard':
        st.align = undefined;
        st.intbl = false;
        st.itap = 0;
        st.style = 0;
        return;
      case 'plain':
        st.bold = false;
        st.font = defaultFont;
        return;
      case 'b':
        st.bold = param !== 0;
        return;
      case 'ql':
        st.align = 'left';
        return;
      case 'qc':
        st.align = 'center';
        return;
      case 'qr':
        st.align = 'right';
        return;
      case 'qj':
      case 'qd':
        st.align = 'justify';
        return;
      case 'intbl':
        st.intbl = true;
        if (st.itap === 0) st.itap = 1;
        return;
      case 'itap':
        st.itap = param ?? 1;
        if (st.itap > 0) st.intbl = true;
        return;
      case 'par':
      case 'sect':
        st.sink?.flush(st, names, depth());
        return;
      case 'cell':
        st.sink?.flush(st, names, 1);
        st.sink?.story.endCell(1);
        return;
      case 'nestcell':
        st.sink?.flush(st, names, Math.max(2, depth()));
        st.sink?.story.endCell(Math.max(2, depth()));
        return;
      case 'row':
        st.sink?.story.endRow(1);
        return;
      case 'nestrow':
        st.sink?.story.endRow(Math.max(2, depth()));
        return;
    }
    const sym = SYMBOLS[word];
    if (sym !== undefined) {
      if (skipFallback > 0) skipFallback--;
      else emitText(sym);
    }
  };

  // ---- tokenizer
  let i = 0;
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 0x7b /* { */) {
      flushBytes();
      if (stack.length >= maxNestingDepth) throw new WordUnreadableError('limit', WORD_REASONS.nesting(maxNestingDepth), { limit: 'maxNestingDepth' });
      stack.push({ state: st });
      st = { ...st };
      groupStart = true;
      skipFallback = 0;
      i++;
      continue;
    }
    if (c === 0x7d /* } */) {
      flushBytes();
      const frame = stack.pop();
      if (!frame) break; // the document's closing brace; anything after it is not RTF
      if (st.role === 'styleentry' && st.defining !== undefined && st.defining >= 0) {
        names.set(st.defining, entryName.replace(/;\s*$/, '').trim());
      }
      if (frame.opened) {
        const story = frame.opened.story;
        if (frame.opened.text.trim()) frame.opened.flush(st, names, 0);
        story.finish();
        if (st.role === 'textbox') {
          const t = story.text();
          boxTables.push(...story.tables);
          if (t.trim()) {
            textBoxes.push(t);
            frame.state.sink?.story.textBox(t);
          }
        }
      }
      st = frame.state;
      groupStart = false;
      starred = false;
      skipFallback = 0;
      i++;
      if (stack.length === 0) break;
      continue;
    }
    if (c === 0x5c /* \ */) {
      const next = s[i + 1];
      if (next === undefined) break;
      if (/[a-zA-Z]/.test(next)) {
        let j = i + 1;
        while (j < n && j - i <= 33 && /[a-zA-Z]/.test(s[j]!)) j++;
        const word = s.slice(i + 1, j);
        let param: number | null = null;
        let k = j;
        if (s[k] === '-' || /[0-9]/.test(s[k] ?? '')) {
          k++;
          while (k < n && k - j <= 11 && /[0-9]/.test(s[k]!)) k++;
          param = parseInt(s.slice(j, k), 10);
          if (Number.isNaN(param)) param = null;
          // RTF parameters are signed 16- or 32-bit numbers.
          else if (param < -(2 ** 31) || param >= 2 ** 31) throw new WordUnreadableError('corrupt', WORD_REASONS.rtfCorrupt, { cause: new Error(`\\${word}${param}: parameter out of range`) });
        }
        if (s[k] === ' ') k++;
        i = k;
        if (word === 'bin') {
          flushBytes();
          // Binary data the file declares past its own end: it was cut off (or lies).
          if ((param ?? 0) > n - i) throw new WordUnreadableError('truncated', WORD_REASONS.rtfTruncated, { cause: new Error(`\\bin${param} past the end of the file`) });
          i += Math.max(0, param ?? 0);
          continue;
        }
        flushBytes();
        control(word, param);
        continue;
      }
      // control symbols
      i += 2;
      switch (next) {
        case "'": {
          const hex = s.slice(i, i + 2);
          i += 2;
          if (/^[0-9a-fA-F]{2}$/.test(hex)) {
            groupStart = false;
            textByte(parseInt(hex, 16));
          }
          continue;
        }
        case '*':
          starred = true;
          continue;
        case '\\':
        case '{':
        case '}':
          groupStart = false;
          textByte(next.charCodeAt(0));
          continue;
        case '~':
          flushBytes();
          groupStart = false;
          if (skipFallback > 0) skipFallback--;
          else emitText('\u00a0');
          continue;
        case '_':
          flushBytes();
          groupStart = false;
          if (skipFallback > 0) skipFallback--;
          else emitText('-');
          continue;
        case '\r':
        case '\n':
          flushBytes();
          control('par', null);
          continue;
        default:
          // \- optional hyphen, \| \: and anything unknown: no text
          continue;
      }
    }
    if (c === 0x0d || c === 0x0a || c === 0) {
      i++;
      continue;
    }
    groupStart = false;
    starred = false;
    textByte(c);
    i++;
  }
  flushBytes();
  if (stack.length > 0 && !/\}[\s\x00]*$/.test(s.slice(-64))) throw new WordUnreadableError('truncated', WORD_REASONS.rtfTruncated);
  if (body.text.trim()) body.flush(st, names, depth());

  const parts: StoryParts = {
    body: body.story,
    headers: headers.map((h) => h.story.text()),
    footers: footers.map((f) => f.story.text()),
    notes: notes.map((x) => x.story.text()),
    looseTextBoxes: [],
    textBoxes,
  };
  return assemble('rtf', parts, boxTables);
}
