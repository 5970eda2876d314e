/**
 * Fault injection for the crash tests (I-1, I-2): with COURT_INTAKE_CRASH_AT=<point>:<n>
 * the process kills itself with SIGKILL the n-th time it passes <point>. Unset in
 * production, where this is one string comparison.
 */
const spec = process.env.COURT_INTAKE_CRASH_AT;
const [target, nth] = spec ? [spec.split(':')[0], Number(spec.split(':')[1] ?? 1)] : [undefined, 0];
let passes = 0;

export type CrashPoint = 'after-capture' | 'before-commit' | 'after-commit' | 'before-move';

export function crashPoint(point: CrashPoint): void {
  if (point !== target) return;
  passes++;
  if (passes === nth) process.kill(process.pid, 'SIGKILL');
}
