/**
 * The steps of a message's journey, in order. Reading STEPS tells the whole flow:
 *
 *   capture (src/intake/capture.ts: exact bytes stored before anything else, I-1)
 *   → parse     MIME into a ParsedMessage; malformed or oversized input → clerk (I-5)
 *   → guard     auto-replies, bounces, lists, our own mail → ignored, no reply (I-3)
 *   → rules     the mailbox kind's rules (SPEC §3–§5) → a Decision
 *   → commit    outcome, docket/queue rows, exceptions and rendered replies in one transaction
 *   → notify    send the outbox (after commit; retried until sent, N-5)
 */
import { HANDLERS } from '../mailboxes/index.ts';
import { autoMessageReason } from '../intake/loop-guard.ts';
import { documentPool } from '../documents/index.ts';
import type { Step } from './types.ts';

const parse: Step = {
  name: 'parse',
  async run(ctx, s) {
    try {
      // MIME from anyone is parsed in a document child, like every other untrusted input.
      ctx.parsed = await documentPool().run('parseMessage', ctx.raw, { maxBytes: s.maxMessageBytes });
    } catch (err) {
      const code = (err as { code?: string }).code === 'MESSAGE_TOO_LARGE' ? 'MESSAGE_TOO_LARGE' : 'MALFORMED_MESSAGE';
      const detail = code === 'MESSAGE_TOO_LARGE' ? `${ctx.raw.length} bytes` : String((err as Error).message ?? err).slice(0, 300);
      ctx.log.warn({ err, code }, 'message could not be parsed');
      // No reply: without a parsed message there is no trustworthy address to answer.
      ctx.decision = {
        disposition: 'exception',
        findings: [{ code, rule: code === 'MESSAGE_TOO_LARGE' ? 'I-6' : 'I-5', detail }],
        replies: [],
        exceptions: [{ code, detail }],
      };
    }
  },
};

const guard: Step = {
  name: 'guard',
  async run(ctx, s) {
    const reason = autoMessageReason(ctx.parsed!, [...s.ownAddresses]);
    if (!reason) return;
    ctx.log.info({ reason }, 'automatic message: recorded, not answered');
    ctx.decision = { disposition: 'ignored', findings: [{ code: 'AUTO_REPLY', rule: 'I-3', detail: reason }], replies: [], exceptions: [] };
  },
};

const rules: Step = {
  name: 'rules',
  async run(ctx, s) {
    ctx.decision = await HANDLERS[ctx.mailbox.kind](ctx, s);
  },
};

/** The rules steps; commit and notify follow in the runner because they always run. */
export const STEPS: readonly Step[] = [parse, guard, rules];
