/**
 * Open exceptions: the stamp crop and page 1 of the filing beside a form to enter the
 * stamp's date and time, name the case or open it, or close the exception with a note.
 * Settling goes through resolveException, exactly as `court-intake exceptions resolve`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { UsageError } from '../../cli/exit.ts';
import { resolveException, type OpenCase } from '../../docket/resolve.ts';
import { exceptionAttachment, exceptionImage, exceptionPagePng, listOpenExceptions } from '../../exceptions/service.ts';
import { normaliseDistrictCase } from '../../rules/case-number.ts';
import { parseLocalDateTime } from '../../rules/time.ts';
import { field, idParam, type WebContext } from '../context.ts';

const STAMP_CODES = ['STAMP_UNREADABLE', 'STAMP_IMPLAUSIBLE'];
const CASE_CODES = ['NEW_CASE', 'CASE_NOT_FOUND'];

/** Rendering page 1 costs ~0.3 s: keep the last few. */
const PAGE_CACHE_SIZE = 16;

export function exceptionRoutes(server: FastifyInstance, ctx: WebContext): void {
  const { app } = ctx;
  const db = app.services.db;
  const tz = app.services.court.court.timezone;
  const pageCache = new Map<number, Buffer>();

  const listPage = async (req: FastifyRequest, reply: FastifyReply, extra: { status?: number; errorFor?: number; error?: string; notice?: string } = {}) => {
    const rows = await listOpenExceptions(db);
    const items = await Promise.all(
      rows.map(async (r) => {
        const filing = r.attachmentIndex !== null && r.messagePk !== null;
        return {
          ...r,
          filing,
          filename: filing ? ((await exceptionAttachment(db, r.id).catch(() => undefined))?.filename ?? 'the filing') : undefined,
          needsDate: r.codes.some((c) => STAMP_CODES.includes(c)),
          needsCase: r.codes.some((c) => CASE_CODES.includes(c)),
          error: extra.errorFor === r.id ? extra.error : undefined,
        };
      }),
    );
    const { errorFor, ...rest } = extra;
    return ctx.page(req, reply, 'exceptions', { title: 'Exceptions', nav: 'exceptions', items, ...rest, error: errorFor && items.some((i) => i.id === errorFor) ? undefined : extra.error });
  };

  server.get('/exceptions', async (req, reply) => {
    const q = req.query as { done?: string; id?: string };
    const id = Number(q.id);
    const notice = q.done === 'resolved' ? `Exception #${id} settled: the filing is docketed and its NEF sent.` : q.done === 'dismissed' ? `Exception #${id} closed.` : undefined;
    return listPage(req, reply, { notice });
  });

  server.get('/exceptions/:id/stamp.png', async (req, reply) => {
    const id = idParam(req);
    const png = id ? await exceptionImage(db, id) : undefined;
    if (!png) return reply.callNotFound();
    return reply.type('image/png').send(png);
  });

  server.get('/exceptions/:id/page.png', async (req, reply) => {
    const id = idParam(req);
    if (!id) return reply.callNotFound();
    let png = pageCache.get(id);
    if (!png) {
      png = await exceptionPagePng(db, id);
      if (!png) return reply.callNotFound();
      pageCache.set(id, png);
      if (pageCache.size > PAGE_CACHE_SIZE) pageCache.delete(pageCache.keys().next().value!);
    }
    return reply.type('image/png').send(png);
  });

  server.post('/exceptions/:id/resolve', async (req, reply) => {
    const id = idParam(req);
    if (!id) return reply.callNotFound();
    const by = ctx.clerkOf(req);
    try {
      const filedAtText = field(req, 'filedAt');
      let filedAt: Date | undefined;
      if (filedAtText) {
        filedAt = parseLocalDateTime(filedAtText, tz) ?? undefined;
        if (!filedAt) throw new UsageError(`"${filedAtText}" is not a date and time (e.g. 6/22/2016 10:32 AM)`);
      }
      const caseText = field(req, 'caseNumber');
      const openText = field(req, 'openCase');
      let openCase: OpenCase | undefined;
      if (openText) {
        const number = normaliseDistrictCase(openText);
        if (!number) throw new UsageError(`"${openText}" is not a district case number like 3:16-cv-01234`);
        if (!field(req, 'title') || !field(req, 'prisoner')) throw new UsageError('A new case needs its title and the prisoner’s name.');
        const nature = field(req, 'nature');
        openCase = { number, title: field(req, 'title'), prisonerName: field(req, 'prisoner'), inmateNumber: field(req, 'inmate') || undefined, judge: field(req, 'judge').toUpperCase() || undefined, nature: nature === 'habeas' ? 'habeas' : 'civil-rights' };
      }
      let caseNumber: string | undefined;
      if (caseText && !openCase) {
        caseNumber = normaliseDistrictCase(caseText) ?? undefined;
        if (!caseNumber) throw new UsageError(`"${caseText}" is not a district case number like 3:16-cv-01234`);
      }
      const r = await resolveException(app, { exceptionId: id, filedAt, caseNumber, openCase, by });
      await ctx.audit(req, 'exception-resolve', `exception:${id}`, { ...r });
      return reply.redirect(`/exceptions?done=resolved&id=${id}`, 303);
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      // The CLI's wording names its options; on the page the fields say the same.
      const message = err.message.replace(/ with --filed-at/g, '').replace(/ with --case NUMBER, or open it with --open-case/g, ', or open a new case').replace(/--filed-at /g, 'The stamp time ').replace(/\(open it with --open-case\)/g, '(open it as a new case)').replace(/; use --case/g, '');
      return listPage(req, reply, { status: 400, errorFor: id, error: message });
    }
  });

  server.post('/exceptions/:id/dismiss', async (req, reply) => {
    const id = idParam(req);
    if (!id) return reply.callNotFound();
    const note = field(req, 'note');
    if (!note) return listPage(req, reply, { status: 400, errorFor: id, error: 'Say what was done in the note before closing the exception.' });
    try {
      await resolveException(app, { exceptionId: id, dismiss: note, by: ctx.clerkOf(req) });
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      return listPage(req, reply, { status: 400, errorFor: id, error: err.message });
    }
    await ctx.audit(req, 'exception-dismiss', `exception:${id}`, { note });
    return reply.redirect(`/exceptions?done=dismissed&id=${id}`, 303);
  });
}
