/** The fuzz report: a table per family, the totals beside the targets, and every failed or hung input. */
import type { InputResult } from './runner.ts';

/** What a run must reach: nothing failed or hung, every process ≤ 1.5 GB, p90 ≤ 10 s per input. */
export const TARGETS = { failed: 0, hung: 0, peakRssMb: 1536, p90Seconds: 10 } as const;

export interface Row {
  name: string;
  inputs: number;
  answered: number;
  failed: number;
  hung: number;
  p50: number;
  p90: number;
  peakRssMb: number;
}

export function percentile(xs: number[], p: number): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export function row(name: string, rs: InputResult[]): Row {
  const secs = rs.map((r) => r.seconds);
  return {
    name,
    inputs: rs.length,
    answered: rs.filter((r) => r.status === 'answered').length,
    failed: rs.filter((r) => r.status === 'failed').length,
    hung: rs.filter((r) => r.status === 'hung').length,
    p50: percentile(secs, 50),
    p90: percentile(secs, 90),
    peakRssMb: Math.max(0, ...rs.map((r) => r.peakRssMb)),
  };
}

export function summarize(results: InputResult[]): { families: Row[]; total: Row; meetsTargets: boolean } {
  const names = [...new Set(results.map((r) => String(r.family)))];
  const families = names.map((f) => row(f, results.filter((r) => r.family === f)));
  const total = row('total', results);
  const meetsTargets = total.failed <= TARGETS.failed && total.hung <= TARGETS.hung && total.peakRssMb <= TARGETS.peakRssMb && total.p90 <= TARGETS.p90Seconds;
  return { families, total, meetsTargets };
}

const fmt = (r: Row) =>
  `${r.name.padEnd(8)} ${String(r.inputs).padStart(6)} ${String(r.answered).padStart(8)} ${String(r.failed).padStart(6)} ${String(r.hung).padStart(5)} ${r.p50.toFixed(1).padStart(7)} ${r.p90.toFixed(1).padStart(7)} ${String(r.peakRssMb).padStart(9)}`;

export function formatReport(results: InputResult[], seed: number): string {
  const { families, total } = summarize(results);
  const out = [`seed ${seed}`, `${'family'.padEnd(8)} ${'inputs'.padStart(6)} ${'answered'.padStart(8)} ${'failed'.padStart(6)} ${'hung'.padStart(5)} ${'p50 s'.padStart(7)} ${'p90 s'.padStart(7)} ${'peak MB'.padStart(9)}`];
  for (const f of families) out.push(fmt(f));
  out.push(fmt(total));
  const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  out.push(
    '',
    `targets: failed ${total.failed} (target ${TARGETS.failed}, ${mark(total.failed <= TARGETS.failed)})   hung ${total.hung} (target ${TARGETS.hung}, ${mark(total.hung <= TARGETS.hung)})   ` +
      `peak RSS ${total.peakRssMb} MB (target ≤ ${TARGETS.peakRssMb}, ${mark(total.peakRssMb <= TARGETS.peakRssMb)})   p90 ${total.p90.toFixed(1)} s (target ≤ ${TARGETS.p90Seconds}, ${mark(total.p90 <= TARGETS.p90Seconds)})   ` +
      `every input answered: ${total.answered === total.inputs ? 'yes' : `no (${total.inputs - total.answered} not)`}`,
  );
  const bad = results.filter((r) => r.status !== 'answered');
  if (bad.length) {
    out.push('', `failed or hung (${bad.length}):`);
    for (const r of bad) {
      out.push(`  ✗ ${r.status.padEnd(6)} ${r.family}/${r.mutation}  input ${r.index} (seed ${r.seed}, from ${r.base}, mailbox ${r.mailbox}, ${r.seconds.toFixed(1)} s, ${r.peakRssMb} MB)`);
      out.push(`      ${r.what ?? ''}`);
      for (const l of r.stderrTail ?? []) out.push(`      | ${l}`);
    }
  }
  const heavy = results.filter((r) => r.status === 'answered' && (r.peakRssMb > TARGETS.peakRssMb || r.seconds > TARGETS.p90Seconds));
  if (heavy.length) {
    out.push('', `answered, but over a time or memory target (${heavy.length}):`);
    for (const r of heavy.sort((a, b) => b.seconds - a.seconds)) out.push(`  ~ ${r.family}/${r.mutation}  input ${r.index}  ${r.seconds.toFixed(1)} s  ${r.peakRssMb} MB  ${r.disposition} [${(r.codes ?? []).join(', ')}]`);
  }
  return out.join('\n') + '\n';
}
