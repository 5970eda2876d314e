/**
 * Monitoring on the loopback, without login: /healthz (JSON; 200 healthy, else 503) and
 * /metrics (Prometheus text). Both come from src/ops and carry counts and states, never
 * senders, subjects or case data.
 */
import type { FastifyInstance } from 'fastify';
import { checkHealth } from '../../ops/health.ts';
import { renderMetrics } from '../../ops/metrics.ts';
import type { WebContext } from '../context.ts';

export function opsRoutes(server: FastifyInstance, ctx: WebContext): void {
  const log = ctx.app.services.logger;
  server.get('/healthz', async (_req, reply) => {
    try {
      const health = await checkHealth(ctx.app, ctx.daemon);
      return reply.code(health.ok ? 200 : 503).type('application/json').send(JSON.stringify(health));
    } catch (err) {
      log.warn({ err }, 'health check failed');
      return reply.code(503).type('application/json').send(JSON.stringify({ ok: false, error: 'health check failed' }));
    }
  });
  server.get('/metrics', async (_req, reply) => {
    try {
      return reply.type('text/plain; version=0.0.4; charset=utf-8').send(await renderMetrics(ctx.app, ctx.daemon));
    } catch (err) {
      log.warn({ err }, 'metrics failed');
      return reply.code(500).type('text/plain; charset=utf-8').send('# metrics unavailable\n');
    }
  });
}
