/** Pending CM/ECF registrations: approve (login notice) or reject with a reason, as the CLI does. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { UsageError } from '../../cli/exit.ts';
import { approveRegistration, listRegistrations, rejectRegistration } from '../../registration/service.ts';
import { field, idParam, type WebContext } from '../context.ts';

export function registrationRoutes(server: FastifyInstance, ctx: WebContext): void {
  const { app } = ctx;

  const listPage = async (req: FastifyRequest, reply: FastifyReply, extra: { status?: number; errorFor?: number; error?: string; notice?: string } = {}) => {
    const rows = await listRegistrations(app, { status: 'pending' });
    const items = rows.map((r) => ({ ...r, error: extra.errorFor === r.id ? extra.error : undefined }));
    const shown = extra.errorFor !== undefined && items.some((i) => i.id === extra.errorFor);
    return ctx.page(req, reply, 'registrations', { title: 'Registrations', nav: 'registrations', items, status: extra.status, notice: extra.notice, error: shown ? undefined : extra.error });
  };

  server.get('/registrations', async (req, reply) => {
    const q = req.query as { done?: string; id?: string };
    const id = Number(q.id);
    const notice = q.done === 'approved' ? `Registration #${id} approved; the login notice was sent.` : q.done === 'rejected' ? `Registration #${id} rejected; the reason was sent.` : undefined;
    return listPage(req, reply, { notice });
  });

  server.post('/registrations/:id/approve', async (req, reply) => {
    const id = idParam(req);
    if (!id) return reply.callNotFound();
    try {
      const r = await approveRegistration(app, { id, by: ctx.clerkOf(req) });
      await ctx.audit(req, 'registration-approve', `registration:${id}`, { filerId: r.filerId, role: r.role });
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      return listPage(req, reply, { status: 400, errorFor: id, error: err.message.replace(/ with --reason/g, ' with a reason') });
    }
    return reply.redirect(`/registrations?done=approved&id=${id}`, 303);
  });

  server.post('/registrations/:id/reject', async (req, reply) => {
    const id = idParam(req);
    if (!id) return reply.callNotFound();
    const reason = field(req, 'reason');
    if (!reason) return listPage(req, reply, { status: 400, errorFor: id, error: 'Give the reason: the registrant is sent it.' });
    try {
      await rejectRegistration(app, { id, by: ctx.clerkOf(req), reason });
      await ctx.audit(req, 'registration-reject', `registration:${id}`, { reason });
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      return listPage(req, reply, { status: 400, errorFor: id, error: err.message });
    }
    return reply.redirect(`/registrations?done=rejected&id=${id}`, 303);
  });
}
