/**
 * The CI slice of the fuzz harness: every mutation kind once (fixed seed), through the
 * real `court-intake process --json` in batches per mailbox. Nothing may fail or hang, and
 * every input is answered with a disposition.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { generate, planEveryMutation, type FuzzInput } from '../../scripts/fuzz/generate.ts';
import { formatReport } from '../../scripts/fuzz/report.ts';
import { killAll, runInputs } from '../../scripts/fuzz/runner.ts';

const SEED = 20_240_301;
/** Seconds one input may take before it counts as hung (as in `npm run fuzz`); most take one or two. */
const PER_INPUT_SECONDS = 90;

afterAll(() => killAll());

describe('the fuzz slice: one hostile message of every mutation kind', () => {
  it('I-5: every input is answered with a disposition; none failed, none hung', async () => {
    const planned = planEveryMutation();
    const inputs: FuzzInput[] = [];
    for (const p of planned) inputs.push(await generate(SEED, p));
    const results = await runInputs(inputs, { timeoutSeconds: PER_INPUT_SECONDS, jobs: 2, batchSize: 100 });
    const bad = results.filter((r) => r.status !== 'answered');
    expect(results.length).toBe(planned.length);
    expect(bad.map((r) => `${r.family}/${r.mutation}: ${r.status} ${r.what ?? ''}`), formatReport(results, SEED)).toEqual([]);
  }, 600_000);
});
