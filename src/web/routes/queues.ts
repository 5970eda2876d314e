/**
 * The judges' queues of accepted proposed orders (download the Word file, mark signed or
 * returned) and the mail-service packets to print (download, mark mailed). Same services
 * as `court-intake orders` and `court-intake mail-service`.
 */
import type { FastifyInstance } from 'fastify';
import { UsageError } from '../../cli/exit.ts';
import { listMailService, mailServicePacket, markMailed } from '../../docket/mail-service.ts';
import { listOrders, markOrder, orderDocument, type OrderMark } from '../../orders/service.ts';
import { attachment, field, idParam, type WebContext } from '../context.ts';

export function queueRoutes(server: FastifyInstance, ctx: WebContext): void {
  const { app } = ctx;

  server.get('/orders', async (req, reply) => {
    const q = req.query as { judge?: string; done?: string; id?: string };
    const orders = await listOrders(app, { judge: q.judge || undefined });
    const names = new Map(app.services.court.judges.map((j) => [j.initials, j.name]));
    const byJudge = new Map<string, typeof orders>();
    for (const o of orders) byJudge.set(o.judge, [...(byJudge.get(o.judge) ?? []), o]);
    const judges = [...byJudge].sort(([a], [b]) => a.localeCompare(b)).map(([initials, list]) => ({ initials, name: names.get(initials) ?? initials, orders: list }));
    const notice = q.done === 'signed' || q.done === 'returned' ? `Order #${Number(q.id)} marked ${q.done}.` : undefined;
    return ctx.page(req, reply, 'orders', { title: 'Proposed orders', nav: 'orders', judges, notice });
  });

  server.get('/orders/:id/document', async (req, reply) => {
    const id = idParam(req);
    const doc = id ? await orderDocument(app, id) : undefined;
    if (!doc) return reply.callNotFound();
    await ctx.audit(req, 'order-download', `order:${id}`, { filename: doc.filename });
    return reply.type(doc.contentType || 'application/octet-stream').header('content-disposition', attachment(doc.filename)).send(doc.bytes);
  });

  server.post('/orders/:id/mark', async (req, reply) => {
    const id = idParam(req);
    if (!id) return reply.callNotFound();
    const mark = field(req, 'mark');
    if (mark !== 'signed' && mark !== 'returned') throw new UsageError('Mark an order signed or returned.');
    await markOrder(app, { id, mark: mark as OrderMark, by: ctx.clerkOf(req) });
    await ctx.audit(req, mark === 'signed' ? 'order-signed' : 'order-returned', `order:${id}`);
    return reply.redirect(`/orders?done=${mark}&id=${id}`, 303);
  });

  server.get('/mail-service', async (req, reply) => {
    const q = req.query as { done?: string; id?: string };
    const items = await listMailService(app);
    const notice = q.done === 'mailed' ? `Packet #${Number(q.id)} marked mailed.` : undefined;
    return ctx.page(req, reply, 'mail-service', { title: 'Mail service', nav: 'mail-service', items, notice });
  });

  server.get('/mail-service/:id/packet.pdf', async (req, reply) => {
    const id = idParam(req);
    const p = id ? await mailServicePacket(app, id) : undefined;
    if (!p) return reply.callNotFound();
    await ctx.audit(req, 'mail-service-download', `mail-service:${id}`);
    return reply.type('application/pdf').header('content-disposition', attachment(p.filename)).send(p.bytes);
  });

  server.post('/mail-service/:id/mailed', async (req, reply) => {
    const id = idParam(req);
    if (!id) return reply.callNotFound();
    const done = await markMailed(app, { ids: [id], by: ctx.clerkOf(req) });
    if (!done.length) throw new UsageError(`Packet #${id} was already marked mailed.`);
    await ctx.audit(req, 'mail-service-mailed', `mail-service:${id}`);
    return reply.redirect(`/mail-service?done=mailed&id=${id}`, 303);
  });
}
