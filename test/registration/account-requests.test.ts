/** R-6 (change of email, confirmed at both addresses) and R-7 (compromised password) through the pipeline. */
import { eq, sql } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageResult } from '../../src/cli/result.ts';
import { captureMessage } from '../../src/intake/capture.ts';
import { emailChanges, exceptions, filers, outbox } from '../../src/models/schema.ts';
import { testApp } from '../support/app.ts';
import { ADDR, buildMail } from '../support/mail.ts';

describe('account requests (registration mailbox)', () => {
  let app: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    app = await testApp('pglite');
  });
  afterAll(() => app?.dispose());

  let n = 0;
  async function send(from: string, subject: string, text: string, arrival = '2016-06-22T10:00:00-04:00') {
    const raw = await buildMail({ from, to: ADDR.registration, subject, text });
    const c = await captureMessage(app.store.db, { mailboxId: 'registration', sourceRef: `a-${++n}`, folder: 'INBOX', raw, arrival: new Date(arrival), fallbackArrival: new Date() });
    await app.process(c.messagePk);
    const result = (await messageResult(app.store.db, c.messagePk)) as Record<string, any>;
    const replies = await app.store.db.select().from(outbox).where(eq(outbox.messagePk, c.messagePk));
    return { pk: c.messagePk, result, replies };
  }
  async function account(name: string, email: string, role = 'filer') {
    const [row] = await app.store.db.insert(filers).values({ name, email, role, barNumber: null }).returning();
    return row!;
  }
  const emailOf = async (id: number) => (await app.store.db.select().from(filers).where(eq(filers.id, id)))[0]!.email;
  const codeTo = (replies: { toAddresses: string[]; subject: string }[], to: string) => replies.find((r) => r.toAddresses.includes(to))!.subject.match(/ECF-\w{4}-\w{4}/)![0];

  it('R-6: a Filer’s change of address sends each address its own code; the address on file changes only when both reply', async () => {
    const a = await account('Carla Diaz', 'cdiaz@oldfirm.example.com');
    const req = await send('Carla Diaz <cdiaz@oldfirm.example.com>', 'Change of email address', 'Please change my CM/ECF email address to carla.diaz@newfirm.example.com.\n\nCarla Diaz');
    expect(req.result).toMatchObject({ disposition: 'accepted', codes: [] });
    expect(req.result.emailChange).toMatchObject({ from: 'cdiaz@oldfirm.example.com', to: 'carla.diaz@newfirm.example.com', status: 'awaiting confirmation' });
    expect(req.replies.map((r) => r.toAddresses[0]).sort()).toEqual(['carla.diaz@newfirm.example.com', 'cdiaz@oldfirm.example.com']);
    const oldCode = codeTo(req.replies, 'cdiaz@oldfirm.example.com');
    const newCode = codeTo(req.replies, 'carla.diaz@newfirm.example.com');
    expect(oldCode).not.toBe(newCode);
    // Only hashes are stored.
    const [row] = await app.store.db.select().from(emailChanges).where(eq(emailChanges.filerId, a.id));
    expect(JSON.stringify(row)).not.toContain(oldCode);

    // The new address's code, sent back from the old address, proves nothing.
    const wrongSide = await send('cdiaz@oldfirm.example.com', `Re: Confirm email address change ${newCode}`, 'Confirmed.');
    expect(wrongSide.result.codes).toEqual(['CONFIRMATION_INVALID']);

    const first = await send('Carla Diaz <carla.diaz@newfirm.example.com>', `Re: Confirm email address change ${newCode}`, 'Yes, this is my new address.\n\n> Confirmation code: ' + newCode);
    expect(first.result).toMatchObject({ disposition: 'accepted', emailChange: { status: 'awaiting confirmation', confirmed: 'new' } });
    expect(await emailOf(a.id)).toBe('cdiaz@oldfirm.example.com');

    const second = await send('cdiaz@oldfirm.example.com', `RE: Confirm email address change ${oldCode}`, 'Confirmed');
    expect(second.result).toMatchObject({ disposition: 'accepted', emailChange: { status: 'changed' } });
    expect(await emailOf(a.id)).toBe('carla.diaz@newfirm.example.com');
    expect(second.replies.map((r) => r.toAddresses[0]).sort()).toEqual(['carla.diaz@newfirm.example.com', 'cdiaz@oldfirm.example.com']);

    // A code works once.
    const again = await send('cdiaz@oldfirm.example.com', `RE: Confirm email address change ${oldCode}`, 'Confirmed');
    expect(again.result.codes).toEqual(['CONFIRMATION_INVALID']);
  });

  it('R-6: written from the new address and naming the old one on file, the change goes to both for confirmation', async () => {
    await account('Dan Eng', 'deng@gone.example.com');
    const req = await send('Dan Eng <dan@eng-law.example.com>', 'New email', 'I left my old firm. My old CM/ECF address was deng@gone.example.com; please use this address from now on.');
    expect(req.result.emailChange).toMatchObject({ from: 'deng@gone.example.com', to: 'dan@eng-law.example.com' });
    expect(req.replies).toHaveLength(2);
  });

  it('R-6: a code that comes back after 7 days has expired (CONFIRMATION_INVALID) and the address stays', async () => {
    const a = await account('Eve Fox', 'efox@firm.example.com');
    const req = await send('efox@firm.example.com', 'Update my email', 'Please update my email address to eve@fox.example.com', '2016-06-01T09:00:00-04:00');
    const code = codeTo(req.replies, 'eve@fox.example.com');
    const late = await send('eve@fox.example.com', `Re: Confirm email address change ${code}`, 'ok', '2016-06-08T09:01:00-04:00');
    expect(late.result.codes).toEqual(['CONFIRMATION_INVALID']);
    expect(await emailOf(a.id)).toBe('efox@firm.example.com');
  });

  it('R-6: nobody on file → NOT_REGISTERED; an address already used by another account → EMAIL_IN_USE', async () => {
    const stranger = await send('x@nowhere.example.com', 'Change of email address', 'Please change my email to y@nowhere.example.com');
    expect(stranger.result).toMatchObject({ disposition: 'rejected', codes: ['NOT_REGISTERED'] });
    expect(stranger.replies.map((r) => r.kind)).toEqual(['rejection']);
    await account('Gil Hart', 'ghart@firm.example.com');
    const taken = await send('ghart@firm.example.com', 'Change of email address', 'Please change my email to alee@lawfirm.example.com');
    expect(taken.result.codes).toEqual(['EMAIL_IN_USE']);
  });

  it('R-7: a compromised-password report is an urgent PASSWORD_COMPROMISE exception naming the account, acknowledged at once', async () => {
    const { pk, result, replies } = await send('Ann Lee <alee@lawfirm.example.com>', 'Password compromised?', 'I clicked a phishing link and my CM/ECF password may have been compromised. Please disable it.');
    expect(result).toMatchObject({ disposition: 'exception', codes: ['PASSWORD_COMPROMISE'] });
    const [ex] = await app.store.db.select().from(exceptions).where(eq(exceptions.messagePk, pk));
    expect(ex).toMatchObject({ code: 'PASSWORD_COMPROMISE', status: 'open' });
    expect(ex!.data).toMatchObject({ urgent: true, account: { email: 'alee@lawfirm.example.com', role: 'filer' } });
    expect(replies.map((r) => [r.kind, r.toAddresses[0], r.status])).toEqual([['acknowledgement', 'alee@lawfirm.example.com', 'sent']]);
    expect((await simpleParser(replies[0]!.raw)).text).toMatch(/disable the password/);
  });

  it('R-7: a report from an address not on file is still an exception for the clerks', async () => {
    const { result } = await send('someone@home.example.com', 'ECF login stolen', 'My laptop was stolen with my ECF login saved on it.');
    expect(result.codes).toEqual(['PASSWORD_COMPROMISE']);
    const [n] = await app.store.db.select({ n: sql<number>`count(*)::int` }).from(exceptions).where(eq(exceptions.code, 'PASSWORD_COMPROMISE'));
    expect(n!.n).toBeGreaterThanOrEqual(2);
  });
});
