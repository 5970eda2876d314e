/**
 * Handlebars templates from src/templates (N-5): each notice has a `.text.hbs` and an
 * `.html.hbs`. Compiled once per process. The text part is not HTML-escaped.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';

const DIR = fileURLToPath(new URL('../templates/', import.meta.url));

export type TemplateName = 'rejection' | 'acknowledgement' | 'digest' | 'nef' | 'notice';

const html = Handlebars.create();
const text = Handlebars.create();
for (const hb of [html, text]) {
  hb.registerHelper('add', (a: number, b: number) => a + b);
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('upper', (a: unknown) => String(a ?? '').toUpperCase());
}
for (const f of readdirSync(DIR + 'partials')) {
  const m = f.match(/^(\w+)\.(text|html)\.hbs$/);
  if (!m) continue;
  const name = `${m[1]}${m[2] === 'text' ? 'Text' : 'Html'}`;
  const source = readFileSync(DIR + 'partials/' + f, 'utf8');
  html.registerPartial(name, source);
  text.registerPartial(name, source);
}

/** The HTML engine, shared with the clerks' web page (src/web/render.ts) so both escape alike. */
export const htmlEngine = html;

const cache = new Map<string, Handlebars.TemplateDelegate>();

function compiled(name: string, part: 'text' | 'html'): Handlebars.TemplateDelegate {
  const key = `${name}.${part}`;
  let t = cache.get(key);
  if (!t) {
    const source = readFileSync(`${DIR}${name}.${part}.hbs`, 'utf8');
    t = part === 'html' ? html.compile(source, { strict: false }) : text.compile(source, { noEscape: true });
    cache.set(key, t);
  }
  return t;
}

export function renderTemplate(name: string, context: object): { text: string; html: string } {
  return { text: compiled(name, 'text')(context).replace(/\n{3,}/g, '\n\n'), html: compiled(name, 'html')(context) };
}
