/**
 * Proposed orders as mail clients really send them, from the evaluation corpus (eval/orders,
 * made with LibreOffice and real clients' MIME shapes), each through the same code as
 * `court-intake process` and compared with what a clerk decides.
 */
import { describe, expect, it } from 'vitest';
import { formatMiss, runEval } from '../../bench/eval.ts';

async function outcome(id: string) {
  const [report] = await runEval({ areas: ['orders'], only: [id] });
  const o = report!.outcomes[0]!;
  return { o, why: formatMiss(o) };
}

describe('proposed orders as clients send them', () => {
  it('O-10: an explanation written in an HTML-only body (Outlook, no text part) is read; the revised order is accepted', { timeout: 120_000 }, async () => {
    const { o, why } = await outcome('o-136');
    expect(o.got.disposition, why).toBe('accepted');
    expect(o.ok, why).toBe(true);
  });

  it('O-2/O-3: a Word exhibit attached before the Word order: the order is the one checked, and it is accepted', { timeout: 120_000 }, async () => {
    const { o, why } = await outcome('o-182');
    expect(o.got.codes, why).toEqual([]);
    expect(o.ok, why).toBe(true);
  });

  it('I-5: a cut-off .doc and an empty .docx are ATTACHMENT_UNREADABLE, not NOT_WORD_FORMAT', { timeout: 120_000 }, async () => {
    for (const id of ['o-187', 'o-188']) {
      const { o, why } = await outcome(id);
      expect(o.got.codes, why).toEqual(['ATTACHMENT_UNREADABLE']);
    }
  });

  it('O-2: an OpenDocument file named .doc is NOT_WORD_FORMAT (readable, but not Word), not a damaged Word file', { timeout: 120_000 }, async () => {
    const { o, why } = await outcome('o-179');
    expect(o.got.codes, why).toEqual(['NOT_WORD_FORMAT']);
  });
});
