/**
 * Server-rendered pages with the same Handlebars engine as the notices (N-5): page
 * templates in src/templates/web/*.hbs, each wrapped in layout.hbs. HTML-escaped by
 * default; nothing here runs in the browser.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type Handlebars from 'handlebars';
import { htmlEngine } from '../notify/templates.ts';
import { isoInZone } from '../rules/time.ts';

const DIR = fileURLToPath(new URL('../templates/web/', import.meta.url));

htmlEngine.registerHelper('localTime', (d: unknown, tz: unknown) => {
  if (!(d instanceof Date) && typeof d !== 'string') return '';
  const date = d instanceof Date ? d : new Date(d);
  if (Number.isNaN(date.getTime())) return '';
  return isoInZone(date, typeof tz === 'string' ? tz : 'America/New_York').slice(0, 16).replace('T', ' ');
});
htmlEngine.registerHelper('ageOf', (d: unknown, now: unknown) => {
  if (!(d instanceof Date) || !(now instanceof Date)) return '';
  const h = Math.max(0, Math.floor((now.getTime() - d.getTime()) / 3600_000));
  return h < 48 ? `${h} h` : `${Math.floor(h / 24)} days`;
});
htmlEngine.registerHelper('json', (v: unknown) => JSON.stringify(v, null, 2));
htmlEngine.registerHelper('join', (v: unknown, sep: unknown) => (Array.isArray(v) ? v.join(typeof sep === 'string' ? sep : ', ') : ''));
htmlEngine.registerHelper('includes', (list: unknown, item: unknown) => Array.isArray(list) && list.includes(item));

const pages = new Map<string, Handlebars.TemplateDelegate>();
for (const f of readdirSync(DIR)) {
  const m = f.match(/^([\w-]+)\.hbs$/);
  if (m) pages.set(m[1]!, htmlEngine.compile(readFileSync(DIR + f, 'utf8'), { strict: false }));
}

export interface PageContext {
  title: string;
  /** Court time zone, for `localTime`. */
  tz: string;
  now: Date;
  courtName: string;
  clerk?: string | null;
  csrf?: string;
  nav?: string;
  notice?: string;
  error?: string;
  [key: string]: unknown;
}

export function renderPage(name: string, ctx: PageContext): string {
  const page = pages.get(name);
  const layout = pages.get('layout');
  if (!page || !layout) throw new Error(`no web template ${name}`);
  return layout({ ...ctx, body: page(ctx) });
}
