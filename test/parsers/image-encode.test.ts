import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'image-encode-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A stamp crop encoded to PNG while every libuv threadpool thread is busy (as when several
 * intake processes share two cores), with garbage collections forced before a thread is
 * free. The script runs in its own node process: the failure it guards against is a
 * SIGSEGV, which would take a vitest worker down with it.
 */
const SCRIPT = `
import { pbkdf2 } from 'node:crypto';
import { encodePng } from ${JSON.stringify(pathToFileURL(join(ROOT, 'src/parsers/image.ts')).href)};
const width = 400, height = 200;
const data = new Uint8ClampedArray(width * height * 4);
for (let i = 0; i < data.length; i += 4) data.set([200, 40, 40, 255], i);
let ok = 0;
for (let round = 0; round < 5; round++) {
  const busy = Array.from({ length: 4 }, () => new Promise((res) => pbkdf2('k', 's', 100000, 32, 'sha512', res)));
  const png = encodePng({ width, height, data });
  for (let k = 0; k < 3; k++) {
    globalThis.gc();
    await new Promise((res) => setImmediate(res));
  }
  // What the process allocates meanwhile lands on the memory a freed surface leaves.
  const other = Array.from({ length: 200 }, (_, i) => Buffer.alloc(4096 * (1 + (i % 8)), i));
  await Promise.all(busy);
  const bytes = await png;
  if (bytes.subarray(0, 8).toString('hex') === '89504e470d0a1a0a' && other.length === 200) ok++;
}
process.stdout.write('encoded ' + ok + '\\n');
`;

describe('PNG encoding of stamp crops', () => {
  it('P-4: a stamp crop still encodes when the canvas is garbage-collected while its encode waits for a threadpool thread (no SIGSEGV)', () => {
    const file = join(dir, 'encode-under-gc.mjs');
    writeFileSync(file, SCRIPT);
    const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', file], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, UV_THREADPOOL_SIZE: '4' },
    });
    expect({ signal: run.signal, status: run.status, stderr: run.stderr.slice(-2000) }).toEqual({ signal: null, status: 0, stderr: '' });
    expect(run.stdout.trim()).toBe('encoded 5');
  });
});
