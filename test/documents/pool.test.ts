/**
 * The document pool (src/documents/pool.ts): untrusted documents are read in child
 * processes; a child that crashes, hangs or grows too large is killed and replaced, its
 * task is tried once more in a fresh child, then the document is "not safely
 * processable" — and the caller's process goes on.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentPool, DocumentUnsafeError } from '../../src/documents/pool.ts';
import { PdfUnreadableError } from '../../src/parsers/pdf-errors.ts';
import { WordUnreadableError } from '../../src/parsers/word-model.ts';
import { scannedPage, scannedPdf } from '../support/scan.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

async function textPdf(pages: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage([612, 792]).drawText(`Page ${i + 1} of a filing`, { x: 72, y: 700, size: 12 });
  return Buffer.from(await doc.save());
}

let scan: Buffer;
let text: Buffer;
const pools: DocumentPool[] = [];
const pool = (o: ConstructorParameters<typeof DocumentPool>[0] = {}) => {
  const p = new DocumentPool({ size: 1, ...o });
  pools.push(p);
  return p;
};

beforeAll(async () => {
  scan = await scannedPdf([scannedPage({ seed: 7 }).image]);
  text = await textPdf(3);
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

describe('document pool', () => {
  it('I-5: a task runs in a child process, not in the caller', async () => {
    const p = pool();
    expect(await p.run('pdfPageCount', text)).toBe(3);
    const pids = p.pids();
    expect(pids).toHaveLength(1);
    expect(pids[0]).not.toBe(process.pid);
    expect((await p.run('pdfText', text))[1]).toContain('Page 2 of a filing');
  });

  it('I-5: an input error crosses as the reader’s own error and is decided on the first attempt', async () => {
    const p = pool();
    const garbage = Buffer.from('%PDF-1.7\nthis is not a PDF at all\n');
    const err = await p.run('pdfPageCount', garbage).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PdfUnreadableError);
    expect((err as PdfUnreadableError).code).toBe('ATTACHMENT_UNREADABLE');
    const word = await p.run('readWord', Buffer.from('plain text, not Word')).catch((e: unknown) => e);
    expect(word).toBeInstanceOf(WordUnreadableError);
    expect(p.stats().failures).toEqual({ crashed: 0, timeout: 0, memory: 0, error: 0 });
  });

  it('I-5: a child killed in the middle of a task is replaced and the task runs again in a fresh child, not in another that has run tasks', async () => {
    const failures: string[] = [];
    const p = pool({ size: 2, onChildFailure: (f) => failures.push(`${f.why}:${f.attempt}`) });
    await Promise.all([p.run('pdfPageCount', text), p.run('pdfPageCount', text)]); // both children are up and used
    const used = p.pids();
    expect(used).toHaveLength(2);
    const reading = p.run('readFiling', scan, { subject: 'scan', timezone: 'America/New_York', arrival: new Date('2024-06-01T12:00:00Z') });
    await new Promise((r) => setTimeout(r, 300));
    const [busy] = p.pids('busy');
    expect(used).toContain(busy);
    process.kill(busy!, 'SIGKILL');
    const r = await reading;
    expect(r.pageTexts).toHaveLength(1);
    expect(failures).toEqual(['crashed:1']);
    // The other child sat idle, but it had run a task: the retry went to a new one.
    expect(p.pids()).not.toContain(busy);
    expect(p.pids().filter((pid) => !used.includes(pid))).toHaveLength(1);
  }, 240_000);

  it('I-5: a reading killed once is read again and comes back whole', async () => {
    const failures: string[] = [];
    const p = pool({ onChildFailure: (f) => failures.push(`${f.why}:${f.attempt}`) });
    await p.run('pdfPageCount', text); // the child is up
    const [first] = p.pids();
    const reading = p.run('readFiling', scan, { subject: 'scan', timezone: 'America/New_York', arrival: new Date('2024-06-01T12:00:00Z') });
    await new Promise((r) => setTimeout(r, 300));
    process.kill(first!, 'SIGKILL');
    const r = await reading;
    expect(r.pageTexts).toHaveLength(1);
    expect(r.unreadable).toBeUndefined();
    expect(failures).toEqual(['crashed:1']);
    expect(p.pids()).not.toContain(first);
  }, 240_000);

  it('I-5: a task over its time limit twice is DocumentUnsafeError (timeout), and the pool goes on', async () => {
    const p = pool();
    const err = await p.runWith({ timeoutMs: 150 }, 'readFiling', scan, { subject: 'scan', timezone: 'America/New_York', arrival: new Date('2024-06-01T12:00:00Z') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DocumentUnsafeError);
    expect((err as DocumentUnsafeError).why).toBe('timeout');
    expect((err as DocumentUnsafeError).code).toBe('ATTACHMENT_UNREADABLE');
    expect(p.stats().failures.timeout).toBe(2);
    expect(await p.run('pdfPageCount', text)).toBe(3);
  });

  it('I-5: a child growing past the memory limit is killed; twice makes the document DocumentUnsafeError (memory)', async () => {
    // A child that has loaded pdfjs and rendered a page is well over 60 MB.
    const p = pool({ maxRssMb: 60 });
    const err = await p.run('renderPagePng', scan, 1, 200).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DocumentUnsafeError);
    expect((err as DocumentUnsafeError).why).toBe('memory');
  });

  it('I-5: the pool runs as many tasks at once as it has children, each in its own process', async () => {
    const p = pool({ size: 2 });
    const counts = await Promise.all([p.run('pdfPageCount', text), p.run('pdfPageCount', text), p.run('pdfPageCount', text)]);
    expect(counts).toEqual([3, 3, 3]);
    expect(p.pids().length).toBeLessThanOrEqual(2);
  });

  it('an idle pool does not keep its process alive', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pool-idle-'));
    const script = join(dir, 'idle.mts');
    writeFileSync(
      script,
      `import { DocumentPool } from ${JSON.stringify(join(ROOT, 'src/documents/pool.ts'))};\n` +
        `const p = new DocumentPool({ size: 1 });\n` +
        `const n = await p.run('parseMessage', Buffer.from('From: a@b.example\\r\\nSubject: hi\\r\\n\\r\\nbody\\r\\n'), {});\n` +
        `console.log(n.subject);\n`,
    );
    const out = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = execFile(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, timeout: 60_000 }, (err, stdout) => resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout }));
      void child;
    });
    expect(out.stdout.trim()).toBe('hi');
    expect(out.code).toBe(0);
  });
});
