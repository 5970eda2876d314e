/**
 * A document child (src/documents/pool.ts): runs one task at a time on untrusted bytes and
 * answers over IPC. It exits when its parent goes away. Errors the readers raise about
 * the input (unreadable, over a limit) go back as such; anything else is marked as not
 * from the input, so the pool retries it in a fresh child.
 */
import { setDocumentLimits, type DocumentLimits } from '../parsers/limits.ts';
import type { WireError } from './pool.ts';

/** Reason codes the readers' own errors carry for what is wrong with the input itself. */
const INPUT_CODES = new Set(['ATTACHMENT_UNREADABLE', 'MALFORMED_MESSAGE', 'MESSAGE_TOO_LARGE']);

function toWire(err: unknown): WireError {
  const e = (err ?? {}) as { name?: unknown; message?: unknown; code?: unknown; kind?: unknown; reason?: unknown; limit?: unknown; page?: unknown };
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    name,
    message: String(e.message ?? err).slice(0, 2000),
    code: str(e.code),
    kind: str(e.kind),
    reason: str(e.reason),
    limit: str(e.limit),
    page: typeof e.page === 'number' ? e.page : undefined,
    input: INPUT_CODES.has(str(e.code) ?? ''),
  };
}

if (process.env.COURT_INTAKE_LIMITS) {
  setDocumentLimits(JSON.parse(process.env.COURT_INTAKE_LIMITS) as Partial<DocumentLimits>);
}
const { TASKS } = await import('./tasks.ts');
const { ocrStats } = await import('../ocr/pool.ts');
let reported = { seconds: 0, count: 0 };

function ocrDelta() {
  const now = ocrStats();
  const d = { seconds: now.seconds - reported.seconds, count: now.count - reported.count };
  reported = now;
  return d;
}

process.on('message', (m: { id: number; task: keyof typeof TASKS; args: unknown[] }) => {
  void (async () => {
    try {
      const fn = TASKS[m.task] as (...a: unknown[]) => Promise<unknown>;
      if (typeof fn !== 'function') throw new Error(`unknown document task ${String(m.task)}`);
      const value = await fn(...m.args);
      process.send!({ id: m.id, ok: true, value, ocr: ocrDelta() });
    } catch (err) {
      process.send!({ id: m.id, ok: false, error: toWire(err), ocr: ocrDelta() });
    }
  })();
});
// The parent is gone (or closed the channel): nothing is left to answer.
process.on('disconnect', () => process.exit(0));
// A reader that fails outside its task's promise leaves the child in a state nobody
// knows: end it, and the pool retries the task in a fresh one.
process.on('uncaughtException', () => process.exit(70));
process.on('unhandledRejection', () => process.exit(70));
