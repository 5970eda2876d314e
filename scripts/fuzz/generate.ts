/**
 * The seeded generator of hostile mail: input `index` of seed `seed` is always the same
 * bytes (its own mulberry32 stream, seeded from both), so a failure is reproduced from
 * its two numbers alone. Inputs are spread over the families in turn and, within a
 * family, over its mutations in turn; each starts from a real message of the corpus that
 * carries what the mutation needs and goes to that message's mailbox and court.
 */
import { seededRandom } from '../eval/lib-corpus.ts';
import { basesFor, loadCorpus, type Base } from './corpus.ts';
import { imageMutations } from './families/image.ts';
import { mimeMutations } from './families/mime.ts';
import { pdfMutations } from './families/pdf.ts';
import { textMutations } from './families/text.ts';
import { wordMutations } from './families/word.ts';
import { bytes } from './mime.ts';
import { FAMILIES, type Family, type Mutation } from './types.ts';

export const MUTATIONS: readonly Mutation[] = [...mimeMutations, ...pdfMutations, ...imageMutations, ...wordMutations, ...textMutations];

export const mutationsOf = (family: Family) => MUTATIONS.filter((m) => m.family === family);

export function findMutation(name: string): Mutation {
  const m = MUTATIONS.find((x) => x.name === name);
  if (!m) throw new Error(`no mutation "${name}"`);
  return m;
}

export interface PlannedInput {
  index: number;
  mutation: Mutation;
}

export interface FuzzInput {
  index: number;
  seed: number;
  family: Family;
  mutation: string;
  /** The corpus message it started from (area/id). */
  base: string;
  mailbox: string;
  data: string;
  eml: Buffer;
  /** File name: index, family and mutation, so a listing reads as a report. */
  name: string;
}

/** `count` inputs spread over the families (or one family), then over each family's mutations. */
export function plan(count: number, families: readonly Family[] = FAMILIES): PlannedInput[] {
  const lists = families.map((f) => mutationsOf(f));
  return Array.from({ length: count }, (_, index) => {
    const list = lists[index % lists.length]!;
    return { index, mutation: list[Math.floor(index / lists.length) % list.length]! };
  });
}

/** One input per mutation kind: the CI slice. */
export function planEveryMutation(): PlannedInput[] {
  return MUTATIONS.map((mutation, index) => ({ index, mutation }));
}

/** A 32-bit seed for input `index` of run `seed` (an integer hash, so neighbouring inputs are unrelated). */
export function inputSeed(seed: number, index: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

export async function generate(seed: number, planned: PlannedInput, corpus: Base[] = loadCorpus()): Promise<FuzzInput> {
  const { index, mutation } = planned;
  const rng = seededRandom(inputSeed(seed, index));
  const bases = basesFor(mutation.needs, corpus);
  // A base the mutation cannot work on (a corpus PDF that is itself broken) gives way to another.
  let base = rng.pick(bases);
  let raw: string | undefined;
  for (let attempt = 0; raw === undefined; attempt++) {
    try {
      raw = await mutation.apply({ rng, raw: base.raw, base });
    } catch (err) {
      if (attempt >= 8) throw new Error(`${mutation.name}: no base message it applies to (last: ${base.key}: ${(err as Error).message})`);
      base = rng.pick(bases);
    }
  }
  return {
    index,
    seed,
    family: mutation.family,
    mutation: mutation.name,
    base: base.key,
    mailbox: base.mailbox,
    data: base.data,
    eml: bytes(raw),
    name: `${String(index).padStart(5, '0')}-${mutation.family}-${mutation.name}.eml`,
  };
}
