/**
 * Shared helpers of the evaluation corpus generators: a seeded random source (so a
 * generator makes the same corpus on every run), the manifest format, and a driver for
 * LibreOffice conversions.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

/** mulberry32: small, fast and the same on every platform. */
export function seededRandom(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)]!,
    hex: (n) => Array.from({ length: n }, () => Math.floor(next() * 16).toString(16)).join(''),
    bytes: (n) => Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256))),
  };
}

export interface Rng {
  next(): number;
  int(lo: number, hi: number): number;
  pick<T>(xs: readonly T[]): T;
  hex(n: number): string;
  bytes(n: number): Buffer;
}

export interface ExpectedFiling {
  disposition?: string;
  codes?: string[];
  caseNumber?: string | null;
  filedAt?: string | null;
}

export interface Expectation {
  disposition?: string;
  codes?: string[];
  filings?: ExpectedFiling[];
}

export interface ManifestMessage {
  id: string;
  file: string;
  mailbox: string;
  receivedAt: string;
  family: string;
  note: string;
  /** Messages this one needs processed before it in the same store (the original of a resend). */
  after?: string[];
  expect: Expectation;
}

export interface Manifest {
  area: string;
  seed: number;
  messages: ManifestMessage[];
}

/** Writes `<areaDir>/manifest.json` and checks every message file is named once. */
export function writeManifest(areaDir: string, manifest: Manifest): void {
  const ids = new Set<string>();
  for (const m of manifest.messages) {
    if (ids.has(m.id)) throw new Error(`${manifest.area}: message id ${m.id} is used twice`);
    ids.add(m.id);
  }
  writeFileSync(join(areaDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
}

/**
 * Converts files with LibreOffice in one run per target format, with a private profile
 * (no clash with a running office, the same settings every time). Returns the output
 * path of every input, by input path.
 */
export function libreOfficeConvert(inputs: string[], format: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!inputs.length) return out;
  const work = mkdtempSync(join(tmpdir(), 'eval-soffice-'));
  try {
    const ext = format.split(':')[0]!;
    const outDir = join(work, 'out');
    mkdirSync(outDir);
    // One input name may only appear once per run: LibreOffice names outputs by basename.
    const staged = inputs.map((src, i) => {
      const dst = join(work, `in${i}`, basename(src));
      mkdirSync(join(work, `in${i}`));
      copyFileSync(src, dst);
      return dst;
    });
    const batch = 25;
    for (let i = 0; i < staged.length; i += batch) {
      const part = staged.slice(i, i + batch);
      const dir = join(outDir, String(i));
      mkdirSync(dir);
      execFileSync('soffice', [`-env:UserInstallation=file://${work}/profile`, '--headless', '--norestore', '--convert-to', format, '--outdir', dir, ...part], { stdio: 'ignore', timeout: 600_000 });
      for (const [k, src] of part.entries()) {
        const stem = basename(src).replace(/\.[^.]+$/, '');
        const made = readdirSync(dir).find((f) => f === `${stem}.${ext}`);
        if (!made) throw new Error(`LibreOffice made no ${ext} of ${inputs[i + k]}`);
        const keep = join(tmpdir(), `eval-${process.pid}-${i + k}-${stem}.${ext}`);
        copyFileSync(join(dir, made), keep);
        out.set(inputs[i + k]!, keep);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return out;
}
