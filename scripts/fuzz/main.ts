/**
 * `npm run fuzz -- --count N [--seed S] [--family F[,F]] [--mutation NAME] [--index I[,I]]
 *   [--keep DIR] [--jobs J] [--batch B] [--timeout SECONDS] [--rss-ceiling MB] [--json FILE]`
 *
 * Generates N hostile messages (seeded: the same N for the same seed), runs them through
 * `court-intake process --json` and prints the table per family beside the targets, and
 * every failed or hung input with the last lines its process wrote to stderr. `--index`
 * re-runs single inputs of a run (same seed and count) to reproduce a failure; `--keep`
 * keeps the .eml files. Exits 1 when any input failed or hung.
 */
import { writeFileSync } from 'node:fs';
import { generate, MUTATIONS, plan, findMutation, type FuzzInput, type PlannedInput } from './generate.ts';
import { formatReport } from './report.ts';
import { runInputs, type InputResult } from './runner.ts';
import { FAMILIES, type Family } from './types.ts';

interface Args {
  count: number;
  seed: number;
  families: Family[];
  mutation?: string;
  indexes?: number[];
  keep?: string;
  jobs: number;
  batch: number;
  timeout: number;
  rssCeiling: number;
  json?: string;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { count: 200, seed: 1, families: [...FAMILIES], jobs: 1, batch: 40, timeout: 90, rssCeiling: 4096 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => {
      const v = flag.includes('=') ? flag.slice(flag.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const int = () => {
      const v = Number(value());
      if (!Number.isInteger(v) || v < 0) throw new Error(`${flag} needs a whole number`);
      return v;
    };
    const name = flag.split('=')[0];
    if (name === '--count') a.count = int();
    else if (name === '--seed') a.seed = int();
    else if (name === '--family') {
      a.families = value().split(',') as Family[];
      for (const f of a.families) if (!FAMILIES.includes(f)) throw new Error(`--family: no family "${f}" (there: ${FAMILIES.join(', ')})`);
    } else if (name === '--mutation') a.mutation = findMutation(value()).name;
    else if (name === '--index') a.indexes = value().split(',').map(Number);
    else if (name === '--keep') a.keep = value();
    else if (name === '--jobs') a.jobs = Math.max(1, int());
    else if (name === '--batch') a.batch = Math.max(1, int());
    else if (name === '--timeout') a.timeout = Math.max(1, int());
    else if (name === '--rss-ceiling') a.rssCeiling = Math.max(256, int());
    else if (name === '--json') a.json = value();
    else if (name === '--list') {
      for (const m of MUTATIONS) process.stdout.write(`${m.family.padEnd(6)} ${m.name}\n`);
      process.exit(0);
    } else throw new Error(`unknown option ${flag} (options: --count N --seed S --family F --mutation NAME --index I --keep DIR --jobs J --batch B --timeout S --rss-ceiling MB --json FILE --list)`);
  }
  return a;
}

async function* inputsOf(seed: number, planned: PlannedInput[]): AsyncGenerator<FuzzInput> {
  for (const p of planned) yield await generate(seed, p);
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  let planned = args.mutation ? Array.from({ length: args.count }, (_, index) => ({ index, mutation: findMutation(args.mutation!) })) : plan(args.count, args.families);
  if (args.indexes) planned = planned.filter((p) => args.indexes!.includes(p.index));
  process.stderr.write(`fuzz: ${planned.length} inputs, seed ${args.seed}, ${args.jobs} job(s), batches of ${args.batch}, ${args.timeout} s per input\n`);
  const started = Date.now();
  const results: InputResult[] = await runInputs(inputsOf(args.seed, planned), {
    jobs: args.jobs,
    batchSize: args.batch,
    timeoutSeconds: args.timeout,
    rssCeilingMb: args.rssCeiling,
    keepDir: args.keep,
    onResult: (r) => process.stderr.write(r.status === 'answered' ? '.' : r.status === 'hung' ? 'H' : 'F'),
  });
  process.stderr.write(`\n${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  if (args.json) writeFileSync(args.json, results.map((r) => JSON.stringify({ ...r, result: undefined })).join('\n') + '\n');
  process.stdout.write(formatReport(results, args.seed));
  return results.some((r) => r.status !== 'answered') || results.length < planned.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`fuzz: ${err instanceof Error ? err.stack : err}\n`);
    process.exit(2);
  },
);
