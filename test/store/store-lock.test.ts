/** The embedded store (PGlite) serves one process: a second one is refused with a clear error, never let in to corrupt it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { openStore, StoreInUseError } from '../../src/models/db.ts';
import { COURT } from '../support/app.ts';
import { cli } from '../support/cli.ts';

const HOLD = fileURLToPath(new URL('../support/hold-store.ts', import.meta.url));

function holdStore(dir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLD, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((res, rej) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && res(child));
    child.on('exit', (code) => rej(new Error(`hold-store exited with ${code}`)));
  });
}

describe('the embedded store is one process’s', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'ci-lock-')), 'store');
  let holder: ChildProcess | undefined;
  afterAll(() => {
    holder?.kill('SIGKILL');
  });

  it('I-1: while another process has the store open, opening it is refused naming that process; the CLI says so and exits 1', async () => {
    holder = await holdStore(dir);
    const err = await openStore({ dataDir: dir }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StoreInUseError);
    expect((err as StoreInUseError).pid).toBe(holder.pid);
    const config = join(dir, '..', 'config.yaml');
    writeFileSync(config, YAML.stringify({ data: COURT, storeDir: dir, mailDir: join(dir, '..', 'mail') }));
    const r = await cli(['exceptions', 'list', '--config', config], { env: { DATABASE_URL: '', REDIS_URL: '' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`in use by process ${holder.pid}`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);

  it('I-1: a lock left by a process that died is taken over; closing releases it; one process may open its store twice', async () => {
    holder!.kill('SIGKILL');
    await new Promise((r) => holder!.once('exit', r));
    expect(existsSync(`${dir}.lock`)).toBe(true);
    const a = await openStore({ dataDir: dir });
    const b = await openStore({ dataDir: dir }).catch((e: unknown) => e);
    expect(b).not.toBeInstanceOf(Error);
    await (b as Awaited<ReturnType<typeof openStore>>).close();
    expect(existsSync(`${dir}.lock`)).toBe(true);
    await a.close();
    expect(existsSync(`${dir}.lock`)).toBe(false);
  }, 120_000);
});
