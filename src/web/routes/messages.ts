/** Message search and a message's full trail, with the raw .eml as stored (I-1). */
import type { FastifyInstance } from 'fastify';
import { messageRaw, messageTrail, searchMessages } from '../../messages/trail.ts';
import { codeInfo, isCode } from '../../rules/codes.ts';
import { parseLocalDateTime } from '../../rules/time.ts';
import { attachment, idParam, type WebContext } from '../context.ts';

interface SearchQuery {
  sender?: string;
  case?: string;
  messageId?: string;
  from?: string;
  to?: string;
}

export function messageRoutes(server: FastifyInstance, ctx: WebContext): void {
  const { app } = ctx;
  const db = app.services.db;
  const tz = app.services.court.court.timezone;
  const day = (s: string | undefined) => (s && /^\d{4}-\d\d-\d\d$/.test(s) ? parseLocalDateTime(s, tz) ?? undefined : undefined);
  /** Midnight (court time) after the given day: "to" includes the whole day. */
  const dayAfter = (s: string | undefined) => {
    if (!s || !/^\d{4}-\d\d-\d\d$/.test(s)) return undefined;
    const [y, m, d] = s.split('-').map(Number) as [number, number, number];
    return day(new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10));
  };

  server.get('/messages', async (req, reply) => {
    const q = req.query as SearchQuery;
    const items = await searchMessages(db, { sender: q.sender, caseNumber: q.case, messageId: q.messageId, from: day(q.from), to: dayAfter(q.to) });
    return ctx.page(req, reply, 'messages', { title: 'Messages', nav: 'messages', items, q });
  });

  server.get('/messages/:id', async (req, reply) => {
    const id = idParam(req);
    const t = id ? await messageTrail(db, id) : undefined;
    if (!t) return reply.callNotFound();
    const findings = ((t.result.findings ?? []) as { code: string; rule?: string; detail?: string }[]).map((f) => ({ ...f, ...(isCode(f.code) ? { sentence: codeInfo(f.code).sentence, citation: codeInfo(f.code).citation } : {}) }));
    return ctx.page(req, reply, 'message', { title: `Message ${id}`, nav: 'messages', m: t.message, result: t.result, findings, events: t.events, docket: t.docketEntries, exceptions: t.exceptions, replies: t.replies });
  });

  server.get('/messages/:id/raw', async (req, reply) => {
    const id = idParam(req);
    const m = id ? await messageRaw(db, id) : undefined;
    if (!m) return reply.callNotFound();
    await ctx.audit(req, 'message-raw-download', `message:${id}`, { messageId: m.messageId });
    return reply.type('message/rfc822').header('content-disposition', attachment(`message-${id}.eml`)).send(m.raw);
  });
}
