/**
 * The clerks' page over fastify.inject: the judges' queues, mail-service packets, message
 * search, closing an exception with a note, and what a clerk's mistake looks like.
 */
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docketByCourt } from '../../src/docket/resolve.ts';
import { exceptions, mailService, orderQueue } from '../../src/models/schema.ts';
import { auditTrail } from '../../src/web/audit.ts';
import { buildWebServer } from '../../src/web/server.ts';
import { CLERK, deliver, login, startDesk, type Desk, type InjectSession } from '../support/desk.ts';
import { ADDR, buildMail, FACILITY, goodMail, samplePdf } from '../support/mail.ts';

describe('the clerks’ desk pages', () => {
  let desk: Desk;
  let server: FastifyInstance;
  let s: InjectSession;
  let orderPk: number;
  let noPdfPk: number;

  beforeAll(async () => {
    desk = await startDesk();
    server = await buildWebServer({ app: desk.app });
    orderPk = await deliver(desk.app, 'orders-jam', await goodMail('orders', { messageId: '<order-1@lawfirm.example.com>' }), '2014-03-10T11:00:00-04:00');
    // A facility mail from an unknown sender with no PDF: an outcome without a filing.
    noPdfPk = await deliver(desk.app, 'clerk', await buildMail({ from: FACILITY, to: ADDR.clerk, subject: '3:16-cv-01234 letter', text: 'no attachment' }), '2016-07-01T09:00:00-04:00');
    // A clerk-only exception about that message, in the prisoner's case.
    await desk.app.services.db.insert(exceptions).values({ messagePk: noPdfPk, mailboxId: 'clerk', code: 'MALFORMED_MESSAGE', detail: 'test', caseNumber: '3:16-cv-01234', sender: FACILITY, createdAt: new Date('2016-07-01T13:00:00Z') });
    await docketByCourt(desk.app, { caseNumber: '3:16-cv-01234', pdf: await samplePdf(['ORDER', 'The motion is GRANTED.']), filename: 'order.pdf', text: 'ORDER granting Motion for Extension of Time.', by: 'court' });
    s = await login(server);
  });
  afterAll(async () => {
    await server?.close();
    await desk?.dispose();
  });

  const get = (url: string) => server.inject({ url, headers: { cookie: s.cookie } });
  const post = (url: string, payload: Record<string, string>) => server.inject({ method: 'POST', url, headers: { cookie: s.cookie }, payload: { _csrf: s.csrf, ...payload } });

  it('O-12: the judge’s queue lists the accepted order; its Word file downloads; marking it signed takes it off the queue and records who', async () => {
    const [order] = await desk.app.services.db.select().from(orderQueue).where(eq(orderQueue.messagePk, orderPk));
    const page = await get('/orders');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Julie A. Manning (JAM)');
    expect(page.body).toContain(`id="order-${order!.id}"`);
    const doc = await get(`/orders/${order!.id}/document`);
    expect(doc.statusCode).toBe(200);
    expect(doc.headers['content-disposition']).toContain('attachment; filename="order.docx"');
    expect(doc.rawPayload.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
    const bad = await post(`/orders/${order!.id}/mark`, { mark: 'lost' });
    expect(bad.statusCode).toBe(400);
    const r = await post(`/orders/${order!.id}/mark`, { mark: 'signed' });
    expect(r.statusCode).toBe(303);
    const [after] = await desk.app.services.db.select().from(orderQueue).where(eq(orderQueue.id, order!.id));
    expect(after).toMatchObject({ status: 'signed', decidedBy: CLERK.name });
    expect((await get('/orders')).body).not.toContain(`id="order-${order!.id}"`);
    const again = await post(`/orders/${order!.id}/mark`, { mark: 'returned' });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('already signed');
  });

  it('P-8: the mail-service page offers the packet PDF to print; marking it mailed records who and when', async () => {
    const [item] = await desk.app.services.db.select().from(mailService);
    expect((await get('/mail-service')).body).toContain(`id="packet-${item!.id}"`);
    const pdf = await get(`/mail-service/${item!.id}/packet.pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await post(`/mail-service/${item!.id}/mailed`, {})).statusCode).toBe(303);
    const [after] = await desk.app.services.db.select().from(mailService).where(eq(mailService.id, item!.id));
    expect(after).toMatchObject({ status: 'mailed', mailedBy: CLERK.name });
    expect((await get('/mail-service')).body).not.toContain(`id="packet-${item!.id}"`);
  });

  it('finds messages by sender, by case number in any of its forms, and by arrival date range', async () => {
    const ids = (body: string) => [...body.matchAll(/<tr><td><a href="\/messages\/(\d+)">/g)].map((m) => Number(m[1]));
    expect(ids((await get('/messages?sender=lawfirm')).body)).toEqual([orderPk]);
    expect(ids((await get('/messages?case=13-30001')).body)).toEqual([orderPk]);
    expect(ids((await get('/messages?case=3%3A16cv1234')).body)).toContain(noPdfPk);
    expect(ids((await get('/messages?from=2016-07-01&to=2016-07-01')).body)).toEqual([noPdfPk]);
    expect(ids((await get('/messages?from=2016-07-02')).body)).toEqual([]);
    expect(ids((await get('/messages?messageId=%3Corder-1%40lawfirm.example.com%3E')).body)).toEqual([orderPk]);
  });

  it('shows a message’s trail with its replies and their status', async () => {
    const page = await get(`/messages/${orderPk}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('&lt;order-1@lawfirm.example.com&gt;');
    expect(page.body).toMatch(/<td>acknowledgement<\/td><td>alee@lawfirm.example.com<\/td>/);
    expect(page.body).toContain('accepted');
    expect((await get('/messages/99999')).statusCode).toBe(404);
  });

  it('closing an exception needs a note; with one it is closed by the clerk; a bad stamp date is explained, not applied', async () => {
    const open = await desk.app.services.db.select().from(exceptions).where(eq(exceptions.status, 'open'));
    const ex = open.find((e) => e.messagePk === noPdfPk && e.code === 'MALFORMED_MESSAGE')!;
    {
      const noNote = await post(`/exceptions/${ex.id}/dismiss`, { note: '' });
      expect(noNote.statusCode).toBe(400);
      const badDate = await post(`/exceptions/${ex.id}/resolve`, { filedAt: 'yesterday-ish' });
      expect(badDate.statusCode).toBe(400);
      expect(badDate.body).toContain('is not a date and time');
      const notFiling = await post(`/exceptions/${ex.id}/resolve`, { filedAt: '6/30/2016 9:00 AM' });
      expect(notFiling.statusCode).toBe(400);
      expect(notFiling.body).toContain('is not about a filing');
      expect((await post(`/exceptions/${ex.id}/dismiss`, { note: 'phoned the facility' })).statusCode).toBe(303);
      const [after] = await desk.app.services.db.select().from(exceptions).where(eq(exceptions.id, ex.id));
      expect(after).toMatchObject({ status: 'resolved', resolvedBy: CLERK.name, resolution: { dismissed: 'phoned the facility' } });
    }
    const rows = await auditTrail(desk.app.services.db);
    const actions = rows.filter((r) => r.clerk === CLERK.name).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['login', 'order-download', 'order-signed', 'mail-service-download', 'mail-service-mailed', 'exception-dismiss']));
  });
});
