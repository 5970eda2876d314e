/**
 * Hostile mail that once crashed, hung or exhausted `court-intake process`, one input per
 * failure class, through the real command (a child process per mailbox, as `process`
 * runs): each must be answered with a disposition (never PROCESSING_FAILED, never a dead
 * or hung process), and a hostile PDF attachment must say it could not be read
 * (ATTACHMENT_UNREADABLE) or go to a clerk as an exception.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { regressionCases, type RegressionCase } from '../fixtures/hostile/make.ts';
import { killAll, runInputs, type InputResult } from '../../scripts/fuzz/runner.ts';

/** Seconds one input may take before it counts as hung, as in `npm run fuzz` (the 10 s p90 target is the fuzz run's to measure). */
const PER_INPUT_SECONDS = 90;

const cases: RegressionCase[] = await regressionCases();
const results = new Map<string, InputResult>();

beforeAll(async () => {
  for (const r of await runInputs(cases.map((c) => c.input), { timeoutSeconds: PER_INPUT_SECONDS, batchSize: cases.length })) results.set(r.mutation, r);
}, (cases.length * (PER_INPUT_SECONDS + 15) + 120) * 1000);

afterAll(() => killAll());

function describeResult(r: InputResult | undefined): string {
  if (!r) return 'no result';
  return `${r.status} ${r.disposition ?? ''} [${(r.codes ?? []).join(', ')}] ${r.what ?? ''} ${(r.stderrTail ?? []).slice(-3).join(' | ')}`.trim();
}

describe('hostile mail that once broke `process`', () => {
  for (const c of cases) {
    it(`${c.rule}: ${c.title} is answered${c.expect === 'unreadable-or-clerk' ? ' as ATTACHMENT_UNREADABLE or a clerk’s exception' : ' with a disposition'}`, () => {
      const r = results.get(c.input.mutation);
      expect(r?.status, describeResult(r)).toBe('answered');
      expect(r!.codes).not.toContain('PROCESSING_FAILED');
      if (c.expect === 'unreadable-or-clerk') expect(r!.codes!.includes('ATTACHMENT_UNREADABLE') || r!.disposition === 'exception', describeResult(r)).toBe(true);
    });
  }
});
