/** A real App (store, pipeline, outbox) on a fresh PostgreSQL database or PGlite directory. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../src/app.ts';
import { loadRuntimeConfig, type RuntimeConfig } from '../../src/config/runtime.ts';
import { silentLogger } from '../../src/log.ts';
import { freshPgDatabase, freshPgliteDir, type StoreKind } from './db.ts';

export const COURT = new URL('../fixtures/court.yaml', import.meta.url).pathname;

/** `overrides` replace top-level settings of the configuration (e.g. `digest`). */
export async function testApp(kind: StoreKind, env: NodeJS.ProcessEnv = {}, overrides: Partial<RuntimeConfig> = {}): Promise<App & { dispose(): Promise<void>; outboxDir: string }> {
  const config: RuntimeConfig = { ...loadRuntimeConfig(undefined, { COURT_INTAKE_DATA: COURT, ...env }), ...overrides };
  const outboxDir = join(mkdtempSync(join(tmpdir(), 'ci-app-')), 'outbox');
  if (kind === 'postgres') {
    const db = await freshPgDatabase();
    const app = await createApp({ config, logger: silentLogger, store: { databaseUrl: db.url }, outboxDir, inProcess: true });
    return Object.assign(app, { outboxDir, dispose: async () => (await app.close(), await db.drop()) });
  }
  const dir = await freshPgliteDir();
  const app = await createApp({ config, logger: silentLogger, store: { dataDir: dir }, outboxDir, inProcess: true });
  return Object.assign(app, { outboxDir, dispose: () => app.close() });
}
