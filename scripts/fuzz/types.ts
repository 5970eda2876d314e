/** What a hostile-mail mutation is, and helpers to aim one at a real attachment. */
import type { Rng } from '../eval/lib-corpus.ts';
import type { Base, Needs } from './corpus.ts';
import { decodeBody, findLeaf, isCfb, isPdf, isRtf, isZip, replaceLeaf } from './mime.ts';
import { inspectPdf, type PdfInfo } from './pdf-edit.ts';

export type Family = 'mime' | 'pdf' | 'image' | 'word' | 'text';
export const FAMILIES: readonly Family[] = ['mime', 'pdf', 'image', 'word', 'text'];

export interface MutationContext {
  rng: Rng;
  /** The base message, latin1 (one character per byte). */
  raw: string;
  base: Base;
}

export interface Mutation {
  family: Family;
  /** Stable name: a failure report names it, and the slice runs each once. */
  name: string;
  needs: Needs;
  apply(ctx: MutationContext): string | Promise<string>;
}

const TESTS: Record<Exclude<Needs, 'any' | 'scan'>, (b: Buffer) => boolean> = { pdf: isPdf, docx: isZip, doc: isCfb, rtf: isRtf };

/** Replaces the base's first attachment of the needed kind with what `edit` makes of it. */
export async function onAttachment(ctx: MutationContext, needs: Exclude<Needs, 'any'>, edit: (data: Buffer) => Buffer | Promise<Buffer>): Promise<string> {
  const test = TESTS[needs === 'scan' ? 'pdf' : needs];
  const leaf = needs === 'scan' ? findLeaf(ctx.raw, (d) => isPdf(d) && d.includes('/Image')) ?? findLeaf(ctx.raw, test) : findLeaf(ctx.raw, test);
  if (!leaf) throw new Error(`${ctx.base.key} carries no ${needs} attachment`);
  return replaceLeaf(ctx.raw, leaf, await edit(decodeBody(ctx.raw, leaf)));
}

/** A mutation of the base's PDF (its first scanned one for `scan`). */
export function pdfMutation(family: Family, name: string, edit: (info: PdfInfo, rng: Rng) => Buffer, needs: 'pdf' | 'scan' = 'pdf'): Mutation {
  return { family, name, needs, apply: (ctx) => onAttachment(ctx, needs, async (pdf) => edit(await inspectPdf(pdf), ctx.rng)) };
}
