/**
 * The CI slice of the evaluation corpus (eval/): the first message of every family of
 * every area, through the same harness as `npm run eval`, so each kind of real-tool mail
 * keeps its expected outcome.
 */
import { describe, expect, it } from 'vitest';
import { formatMiss, listAreas, runEval } from '../../bench/eval.ts';

describe('the evaluation corpus slice', () => {
  it('eval slice: every family of real-tool mail gets its expected outcome (P-, O-, R-, I- rules)', { timeout: 1_200_000 }, async () => {
    const areas = listAreas();
    expect(areas.length).toBeGreaterThan(0);
    const reports = await runEval({ areas, familiesFirst: true });
    const misses = reports.flatMap((r) => r.outcomes.filter((o) => !o.ok));
    const wrongDates = reports.reduce((s, r) => s + r.wrongFiledDates, 0);
    expect(reports.reduce((s, r) => s + r.total, 0)).toBeGreaterThan(0);
    expect(misses.map(formatMiss).join('\n'), `${misses.length} families missed`).toBe('');
    expect(wrongDates, 'P-4: filings docketed with a date other than the stamp’s').toBe(0);
  });
});
