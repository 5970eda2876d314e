/**
 * Text: the body of a real message made enormous, one endless line, HTML nested beyond
 * reason, full of entities and control characters, lying about its encoding, or shaped
 * to make the privacy scan and the case-number readers backtrack.
 */
import type { Rng } from '../../eval/lib-corpus.ts';
import { headerValue, topLevel, setHeader } from '../mime.ts';
import type { Mutation, MutationContext } from '../types.ts';
import { eolOf, wrapMultipart } from './mime.ts';

const text = (name: string, apply: (ctx: MutationContext) => string): Mutation => ({ family: 'text', name, needs: 'any', apply });

/** The real message with one more body part (the real parts stay, as a reply quoting junk would). */
function withBodyPart(raw: string, contentType: string, body: string, cte = '8bit'): string {
  const eol = eolOf(raw);
  return wrapMultipart(raw, 'text-part', [`Content-Type: ${contentType}${eol}Content-Transfer-Encoding: ${cte}${eol}${eol}${body}`]);
}

/** `piece` repeated to about `length` characters. */
const oneLine = (piece: string, length: number) => piece.repeat(Math.ceil(length / piece.length));

const words = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.pick(['the', 'motion', 'court', 'plaintiff', 'order', 'case', 'filed', 'hearing'])).join(' ');

export const textMutations: Mutation[] = [
  text('body-huge', ({ raw, rng }) => {
    const mb = rng.pick([5, 20, rng.int(1, 40)]);
    const line = words(rng, 12) + eolOf(raw);
    return withBodyPart(raw, 'text/plain; charset=utf-8', line.repeat(Math.ceil((mb << 20) / line.length)));
  }),
  text('body-one-line', ({ raw, rng }) => withBodyPart(raw, 'text/plain; charset=utf-8', oneLine(rng.pick(['a', '3:16-cv-', 'x']), rng.pick([5 << 20, rng.int(100_000, 10 << 20)])))),
  text('html-nesting-deep', ({ raw, rng }) => {
    const depth = rng.pick([100_000, rng.int(10_000, 200_000)]);
    const tag = rng.pick(['div', 'table><tr><td', 'b', 'blockquote']);
    const close = tag.split('><').reverse().map((t) => `</${t.replace(/^</, '')}>`).join('');
    return withBodyPart(raw, 'text/html; charset=utf-8', `<html><body>${`<${tag}>`.repeat(depth)}Case No. 3:16-cv-01234${close.repeat(depth)}</body></html>`);
  }),
  text('html-entities', ({ raw, rng }) => withBodyPart(raw, 'text/html; charset=utf-8', `<p>${Array.from({ length: rng.int(10_000, 200_000) }, () => rng.pick(['&#0;', '&#xD800;', '&#1114112;', '&#x0;', '&nbsp;', '&#99999999999;', '&amp;#0;', '&lt;'])).join('')}</p>`)),
  text('body-control-characters', ({ raw, rng }) => {
    // Raw NULs, a literal \u0000, lone surrogates (CESU bytes), U+FFFF, overlong NUL (C0 80), a BOM mid-text.
    const bits = ['\x00', '\\u0000', '\xed\xa0\x80', '\xef\xbf\xbf', '\xc0\x80', '\xef\xbb\xbf', '\x1b[2J', '\u202e'];
    const body = Array.from({ length: rng.int(100, 5000) }, () => `${words(rng, 3)}${rng.pick(bits)}`).join(' ');
    const out = withBodyPart(raw, 'text/plain; charset=utf-8', body);
    return rng.next() < 0.5 ? setHeader(out, 'Subject', `${headerValue(topLevel(raw).headers, 'Subject')} \\u0000 \x00`) : out;
  }),
  text('encoding-lies', ({ raw, rng }) => {
    const body = Buffer.from(words(rng, rng.int(100, 20_000)), rng.pick(['utf16le', 'latin1'] as const)).toString('latin1');
    return withBodyPart(raw, `text/plain; charset=${rng.pick(['utf-8', 'utf-16', 'us-ascii', 'utf-16be'])}`, body + (rng.next() < 0.5 ? '\xff' : ''), rng.pick(['8bit', 'binary', '7bit']));
  }),
  text('quoted-printable-soft-breaks', ({ raw, rng }) => withBodyPart(raw, 'text/plain; charset=utf-8', `${'=\r\n'.repeat(rng.pick([1 << 20, rng.int(10_000, 2 << 20)]))}end=`, 'quoted-printable')),
  text('privacy-identifier-flood', ({ raw, rng }) => {
    // I-7's scan over text shaped like identifiers: SSNs, dates of birth, account numbers, by the hundred thousand.
    const items = ['123-45-6789', '1-2-3-4-5-6-7-8-9', 'DOB 01/02/1990', '4111 1111 1111 1111', '000-00-0000', '9'.repeat(40), 'SSN: '];
    return withBodyPart(raw, 'text/plain; charset=utf-8', Array.from({ length: rng.pick([100_000, rng.int(10_000, 300_000)]) }, () => rng.pick(items)).join(' '));
  }),
  text('case-number-backtracking', ({ raw, rng }) => {
    // Almost-case-numbers for the subject and caption readers: long runs of the pieces a pattern may retry.
    const piece = rng.pick(['3:16-cv-', '13-3', 'Case No. ', 'In re ', '3:16-cv-0123', '-'.repeat(10), '1'.repeat(30)]);
    const run = piece.repeat(rng.pick([20_000, rng.int(1_000, 100_000)]));
    return setHeader(withBodyPart(raw, 'text/plain; charset=utf-8', run), 'Subject', run.slice(0, rng.pick([900, 60_000])));
  }),
];
