/**
 * Addresses are what they are: the sender checks (P-1, O-11) read the From addr-spec,
 * never a display name; a From naming several authors names no sender; replies go to the
 * From address that was checked, never to a Reply-To pointing elsewhere.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageResult } from '../../src/cli/result.ts';
import { outbox } from '../../src/models/schema.ts';
import { testApp } from '../support/app.ts';
import { deliver } from '../support/desk.ts';
import { ADDR, buildMail, daysAgo, FACILITY, goodMail, stampedFilingPdf } from '../support/mail.ts';

let app: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  app = await testApp('pglite');
});
afterAll(() => app?.dispose());

const arrival = () => new Date().toISOString();
const repliesOf = async (pk: number) => app.store.db.select().from(outbox).where(eq(outbox.messagePk, pk));

describe('sender addresses', () => {
  it('P-1: a display name that looks like the facility’s address does not make a stranger the facility', async () => {
    const raw = await buildMail({ from: `"${FACILITY}" <x@evil.example>`, to: ADDR.clerk, subject: '3:16-cv-01234 motion', attachments: [{ filename: 'motion.pdf', content: await stampedFilingPdf(daysAgo(1)) }] });
    const pk = await deliver(app, 'clerk', raw, arrival());
    const r = await messageResult(app.store.db, pk);
    expect(r.disposition).toBe('rejected');
    expect(r.codes).toContain('SENDER_NOT_FACILITY');
    const replies = await repliesOf(pk);
    expect(replies.map((o) => o.toAddresses)).toEqual([['x@evil.example']]);
  });

  it('P-1: a From naming the facility beside another author is no facility, and nobody is answered', async () => {
    const raw = await buildMail({ from: [FACILITY, 'x@evil.example'], sender: FACILITY, to: ADDR.clerk, subject: '3:16-cv-01234 motion', attachments: [{ filename: 'motion.pdf', content: await stampedFilingPdf(daysAgo(1)) }] });
    const pk = await deliver(app, 'clerk', raw, arrival());
    const r = await messageResult(app.store.db, pk);
    expect(r.disposition).toBe('rejected');
    expect(r.codes).toContain('SENDER_NOT_FACILITY');
    expect(await repliesOf(pk)).toEqual([]);
  });

  it('O-11: a Sender header naming a Filer does not make a stranger’s From a Filer', async () => {
    const raw = await goodMail('orders', { from: 'x@evil.example', sender: 'Ann Lee <alee@lawfirm.example.com>' });
    const pk = await deliver(app, 'orders-jam', raw, arrival());
    const r = await messageResult(app.store.db, pk);
    expect(r.codes).toContain('SENDER_NOT_FILER');
  });

  it('I-3: a rejection goes to the From address that was checked, not to Reply-To', async () => {
    const raw = await buildMail({ from: FACILITY, replyTo: 'someone-else@elsewhere.example', to: ADDR.clerk, subject: 'no pdf here', text: 'a letter' });
    const pk = await deliver(app, 'clerk', raw, arrival());
    const replies = await repliesOf(pk);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.toAddresses).toEqual([FACILITY]);
  });

  it('P-7: the NEF of a docketed filing does not go to a Reply-To', async () => {
    const raw = await buildMail({ from: FACILITY, replyTo: 'someone-else@elsewhere.example', to: ADDR.clerk, subject: '3:16-cv-01234 Smith motion', attachments: [{ filename: 'smith-motion.pdf', content: await stampedFilingPdf(daysAgo(1), 31) }] });
    const pk = await deliver(app, 'clerk', raw, arrival());
    const r = await messageResult(app.store.db, pk);
    expect(r.disposition, JSON.stringify(r.codes)).toBe('docketed');
    const to = (await repliesOf(pk)).flatMap((o) => o.toAddresses);
    expect(to.length).toBeGreaterThan(0);
    expect(to).not.toContain('someone-else@elsewhere.example');
  });
});
