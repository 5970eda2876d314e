// Lists the test files of test/ that a vitest JSON report does not show as passed: the
// ones that failed and the ones whose worker process died before reporting (a native
// crash in the PDF/OCR stack takes the whole worker with it).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
// A worker that dies mid-file leaves its running test 'pending' in a file marked
// 'passed': a file passed only when every one of its tests did.
const passed = new Set(
  report.testResults
    .filter((t) => t.status === 'passed' && t.assertionResults.length > 0 && t.assertionResults.every((a) => a.status === 'passed'))
    .map((t) => resolve(t.name)),
);
const files = [];
const walk = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.test.ts')) files.push(resolve(p));
  }
};
walk('test');
process.stdout.write(files.filter((f) => !passed.has(f)).map((f) => relative('.', f)).join(' '));
