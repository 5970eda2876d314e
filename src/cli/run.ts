/** `court-intake run`: the daemon, until SIGTERM/SIGINT (graceful, with a time limit). */
import { loadRuntimeConfig } from '../config/runtime.ts';
import { startDaemon } from '../daemon.ts';
import { createLogger } from '../log.ts';
import type { MailboxStatusSource } from '../ops/health.ts';
import { startWebServer, type RunningWeb } from '../web/server.ts';
import { EXIT_FAILURE, EXIT_OK } from './exit.ts';

/** The daemon's mailbox states for /healthz, when the daemon reports them. */
function statusSource(daemon: object): MailboxStatusSource | undefined {
  const s = daemon as Partial<MailboxStatusSource>;
  return typeof s.status === 'function' ? (s as MailboxStatusSource) : undefined;
}

export async function runCommand(opts: { config?: string }): Promise<number> {
  const config = loadRuntimeConfig(opts.config);
  const logger = createLogger(config.logLevel);
  const daemon = await startDaemon({ config, logger });
  let web: RunningWeb | undefined;
  if (config.web.enabled) {
    try {
      web = await startWebServer({ app: daemon.app, daemon: statusSource(daemon) });
    } catch (err) {
      await daemon.stop().catch(() => {});
      throw err;
    }
  }
  return new Promise<number>((resolve) => {
    let signalled = false;
    const shutdown = (signal: string) => {
      if (signalled) {
        logger.warn({ signal }, 'second signal: exiting now');
        process.exit(EXIT_FAILURE);
      }
      signalled = true;
      logger.info({ signal, timeoutMs: config.shutdownTimeoutMs }, 'shutting down');
      // A hard limit: anything still running is safe to abandon (it is redone at the next start).
      const killer = setTimeout(() => {
        logger.error('shutdown took too long; exiting');
        process.exit(EXIT_FAILURE);
      }, config.shutdownTimeoutMs + 5000);
      killer.unref();
      (web ? web.close().catch((err) => logger.warn({ err }, 'web close failed')) : Promise.resolve())
        .then(() => daemon.stop())
        .then(
        () => resolve(EXIT_OK),
        (err) => {
          logger.error({ err }, 'shutdown failed');
          resolve(EXIT_FAILURE);
        },
      );
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  });
}
