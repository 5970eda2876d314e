/** `court-intake web`: the clerks' web page alone, without the daemon, until SIGTERM/SIGINT. */
import { createApp } from '../app.ts';
import { loadRuntimeConfig } from '../config/runtime.ts';
import { createLogger } from '../log.ts';
import { startWebServer } from '../web/server.ts';
import { EXIT_OK } from './exit.ts';

export async function webCommand(opts: { config?: string }): Promise<number> {
  const config = loadRuntimeConfig(opts.config);
  const logger = createLogger(config.logLevel);
  const app = await createApp({ config, logger, inProcess: true });
  let web;
  try {
    web = await startWebServer({ app });
  } catch (err) {
    await app.close();
    throw err;
  }
  process.stderr.write(`clerk desk: ${web.url}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await web.close();
  await app.close();
  return EXIT_OK;
}
