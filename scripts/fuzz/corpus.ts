/**
 * The real mail hostile inputs start from: every message of the evaluation corpora
 * (eval/<area>/manifest.json says its mailbox; eval/<area>/court.yaml is its court) and
 * the odd-MIME fixtures, with what each carries (a PDF, a scanned PDF, a Word file), so a
 * PDF mutation lands on a real scanned filing in the clerk mailbox and a Word mutation
 * on a real proposed order in a judge's orders mailbox.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeBody, isCfb, isPdf, isRtf, isZip, latin1, leaves } from './mime.ts';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** What an input needs its base message to carry. */
export type Needs = 'any' | 'pdf' | 'scan' | 'docx' | 'doc' | 'rtf';

export interface Base {
  /** area/id, e.g. filings/f-001 */
  key: string;
  mailbox: string;
  /** The court data file of its corpus. */
  data: string;
  raw: string;
  carries: Set<Needs>;
}

function carries(raw: string): Set<Needs> {
  const out = new Set<Needs>(['any']);
  for (const leaf of leaves(raw)) {
    const data = decodeBody(raw, leaf);
    if (isPdf(data)) {
      out.add('pdf');
      if (data.includes('/Subtype /Image') || data.includes('/Subtype/Image')) out.add('scan');
    } else if (isZip(data) && data.includes('word/')) out.add('docx');
    else if (isCfb(data)) out.add('doc');
    else if (isRtf(data)) out.add('rtf');
  }
  return out;
}

let cached: Base[] | undefined;

export function loadCorpus(root = REPO): Base[] {
  if (cached) return cached;
  const bases: Base[] = [];
  const evalDir = join(root, 'eval');
  for (const area of existsSync(evalDir) ? readdirSync(evalDir).sort() : []) {
    const manifestPath = join(evalDir, area, 'manifest.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { messages: Array<{ id: string; file: string; mailbox: string }> };
    for (const m of manifest.messages) {
      const raw = latin1(readFileSync(join(evalDir, area, m.file)));
      bases.push({ key: `${area}/${m.id}`, mailbox: m.mailbox, data: join(evalDir, area, 'court.yaml'), raw, carries: carries(raw) });
    }
  }
  const mimeDir = join(root, 'test/fixtures/mime');
  for (const f of existsSync(mimeDir) ? readdirSync(mimeDir).filter((x) => x.endsWith('.eml')).sort() : []) {
    const raw = latin1(readFileSync(join(mimeDir, f)));
    const c = carries(raw);
    bases.push({ key: `fixtures/${f.replace(/\.eml$/, '')}`, mailbox: c.has('pdf') ? 'clerk' : 'orders-jam', data: join(root, 'test/fixtures/court.yaml'), raw, carries: c });
  }
  cached = bases;
  return bases;
}

/** Bases that carry what a mutation needs. */
export function basesFor(needs: Needs, corpus = loadCorpus()): Base[] {
  const fit = corpus.filter((b) => b.carries.has(needs));
  if (!fit.length) throw new Error(`no message in the corpus carries ${needs}`);
  return fit;
}
