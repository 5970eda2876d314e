/**
 * Stamp-reading benchmark (P-3, P-4). Print-only: not a test.
 *
 *   npx tsx bench/ocr.ts [--count 60] [--faint 6] [--blank 6] [--variety 0] [--dpi 200] [--seed 1000] [--no-native] [--verbose]
 *
 * Generates seeded scanned filings (test/support/scan.ts), wraps each in an image-only PDF
 * (scannedPdf), opens and renders page 1 with src/parsers/pdf.ts, reads the stamp with one
 * OCR worker (pool size 1), and prints exact-date accuracy, wrong dates that would be
 * docketed, exceptions and time per filing. `--variety N` adds N filings of the kinds real
 * mail brings beyond those: kiosk text PDFs with a stamp image, stamps beside the caption,
 * narrow margins, bilevel and heavily compressed scans, more stamp layouts (reported
 * apart, and in the totals). Then the same pages through Debian's
 * `tesseract` CLI OCRing the whole page (OMP_THREAD_LIMIT=1) for comparison.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { encodePng, type RgbaImage } from '../src/parsers/image.ts';
import { openPdf } from '../src/parsers/pdf.ts';
import { OcrPool } from '../src/ocr/pool.ts';
import { readStamp, type StampReading } from '../src/ocr/stamp.ts';
import { formatReading, parseStampText, STAMP_SCORE_MIN } from '../src/ocr/stamp-date.ts';
import { bilevelPdf, EXTRA_FORMS, FACILITY_CODES, FORMS, INKS, POSITIONS, scannedPage, scannedPdf, textPdfWithStampImage, truthReading, type ScanOptions, type StampTruth } from '../test/support/scan.ts';

const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const COUNT = opt('count', 80);
const FAINT = opt('faint', 8);
const BLANK = opt('blank', 8);
const VARIETY = opt('variety', 0);
const DPI = opt('dpi', 200);
const SEED = opt('seed', 1000);
const VERBOSE = args.includes('--verbose');
const NATIVE = !args.includes('--no-native');
const REFERENCE = new Date('2025-06-30T12:00:00Z');

type Kind = 'stamp' | 'faint' | 'blank';
interface Case {
  kind: Kind;
  opts: ScanOptions;
  /** JPEG quality of the scan. */
  quality: number;
  /** One of the further kinds of filing (`--variety`). */
  variant?: Variant;
}

const VARIANTS = ['text-pdf-png', 'text-pdf-jpeg', 'beside-caption', 'narrow-margin', 'bilevel', 'heavy-jpeg', 'extra-form'] as const;
type Variant = (typeof VARIANTS)[number];

/** The filing as the facility sends it, and the stamp's truth. */
async function filingPdf(c: Case): Promise<{ pdf: Buffer; stamp: Omit<StampTruth, 'bbox'> | null }> {
  if (c.variant === 'text-pdf-png' || c.variant === 'text-pdf-jpeg') {
    const at = scannedPage({ ...c.opts, noise: false }).truth.stamp!;
    const { pdf, truth } = await textPdfWithStampImage({ seed: c.opts.seed, stampAt: at, form: c.opts.form, lines: c.opts.lines, ink: c.opts.ink, rotation: c.opts.rotation, position: c.opts.position, format: c.variant === 'text-pdf-png' ? 'png' : 'jpeg' });
    return { pdf, stamp: truth };
  }
  const scan = scannedPage(c.opts);
  const pdf = c.variant === 'bilevel' ? await bilevelPdf([scan.image]) : await scannedPdf([scan.image], c.quality);
  return { pdf, stamp: scan.truth.stamp };
}

function varietyCase(i: number): Case {
  const variant = VARIANTS[i % VARIANTS.length]!;
  const base: ScanOptions = {
    seed: SEED + 7000 + i,
    dpi: [200, 300, 150][i % 3],
    ink: INKS[(i >> 1) % INKS.length],
    position: POSITIONS[(i * 5) % POSITIONS.length],
    form: FORMS[(i * 3) % FORMS.length],
    lines: ((i % 3) + 1) as 1 | 2 | 3,
    boxed: i % 2 === 1,
  };
  switch (variant) {
    case 'text-pdf-png':
    case 'text-pdf-jpeg':
      return { kind: 'stamp', variant, quality: 85, opts: { ...base, rotation: (i % 5) - 2 } };
    case 'beside-caption':
      return { kind: 'stamp', variant, quality: 75, opts: { ...base, besideCaption: true, lines: ((i % 2) + 1) as 1 | 2, rotation: (i % 3) - 1 } };
    case 'narrow-margin':
      return { kind: 'stamp', variant, quality: 75, opts: { ...base, edge: 0.06 + (i % 4) * 0.03 } };
    case 'bilevel':
      return { kind: 'stamp', variant, quality: 75, opts: { ...base, bilevel: true, dpi: [200, 300][i % 2] } };
    case 'heavy-jpeg':
      return { kind: 'stamp', variant, quality: 18 + (i % 4) * 4, opts: base };
    case 'extra-form':
      return { kind: 'stamp', variant, quality: 75, opts: { ...base, form: EXTRA_FORMS[i % EXTRA_FORMS.length] } };
  }
}

/** Stamps cycle through inks, corners/margins, forms, 1–3 lines, boxed or not; the rest is seeded. */
function cases(): Case[] {
  const out: Case[] = [];
  for (let i = 0; i < COUNT; i++) {
    out.push({
      kind: 'stamp',
      opts: {
        seed: SEED + i,
        // Facility scanners send 150 to 300 dpi.
        dpi: [200, 300, 150][i % 3],
        ink: INKS[i % INKS.length],
        position: POSITIONS[Math.floor(i / INKS.length) % POSITIONS.length],
        form: FORMS[(i * 3) % FORMS.length],
        lines: ((i % 3) + 1) as 1 | 2 | 3,
        boxed: i % 2 === 0,
        // One in five stamped over the typed text rather than in blank space.
        overlap: i % 5 === 4,
      },
      quality: 60 + ((i * 7) % 26),
    });
  }
  for (let i = 0; i < FAINT; i++) out.push({ kind: 'faint', opts: { seed: SEED + 5000 + i, dpi: 200, faint: true }, quality: 75 });
  for (let i = 0; i < BLANK; i++) out.push({ kind: 'blank', opts: { seed: SEED + 9000 + i, dpi: 200, noStamp: true }, quality: 75 });
  for (let i = 0; i < VARIETY; i++) out.push(varietyCase(i));
  return out;
}

interface Row {
  c: Case;
  truth: string | null;
  reading: StampReading;
  got: string | null;
  renderMs: number;
  readMs: number;
  /** Longest time the event loop was held while this filing's stamp was read. */
  stall: number;
  page: RgbaImage;
}

const quantile = (xs: number[], q: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  console.log(`stamp bench: ${COUNT} stamped filings, ${FAINT} faint stamps, ${BLANK} without a stamp; read at ${DPI} dpi; node ${process.version}, ${os.cpus().length} cpus`);
  const rssBefore = process.memoryUsage().rss;
  const pool = new OcrPool({ size: 1 });
  const t0 = performance.now();
  await pool.warm();
  const rssWorker = process.memoryUsage().rss - rssBefore;
  console.log(`OCR worker start: ${sec(performance.now() - t0)}; process RSS +${(rssWorker / 2 ** 20).toFixed(0)} MB for one worker`);

  const rows: Row[] = [];
  for (const c of cases()) {
    const { pdf, stamp: st } = await filingPdf(c);
    const tr = performance.now();
    const doc = await openPdf(pdf);
    const page = await doc.render(1, DPI);
    await doc.close();
    const renderMs = performance.now() - tr;
    const stopProbe = loopProbe();
    const t = performance.now();
    const reading = await readStamp(page, { dpi: DPI, pool, facilityCodes: FACILITY_CODES, referenceDate: REFERENCE });
    const readMs = performance.now() - t;
    const stall = stopProbe();
    const truth = st ? truthReading(st) : null;
    const got = reading.candidate ? formatReading(reading.candidate) : null;
    const row: Row = { c, truth, reading, got, renderMs, readMs, stall, page };
    rows.push(row);
    const bad = (reading.confident && (got !== truth || reading.late)) || (c.kind === 'stamp' && !reading.confident) || (c.kind !== 'stamp' && reading.confident);
    if (VERBOSE || bad) {
      console.log(
        `  ${bad ? '!!' : 'ok'} seed ${c.opts.seed} ${c.variant ?? c.kind} truth=${truth ?? '-'} got=${got ?? '-'} confident=${reading.confident} conf=${reading.confidence} ${readMs.toFixed(0)} ms` +
          (reading.reason ? ` (${reading.reason})` : '') +
          (st ? ` | ${c.opts.dpi} dpi q${c.quality} ${st.ink} ${st.rotation.toFixed(1)}° shear ${st.shear.toFixed(2)} ${st.position} ${st.boxed ? 'boxed' : 'unboxed'}${st.overlap ? ' over text' : ''} "${st.lines.join(' / ')}"` : ''),
      );
      if (bad) for (const p of reading.detail?.passes ?? []) console.log(`       ${p.prep}: ${JSON.stringify(p.text)} → ${p.reading ?? '-'}`);
    }
  }
  await pool.terminate();

  const stamped = rows.filter((r) => r.c.kind === 'stamp');
  // A confident reading later than the arrival is not docketed: P-4 makes it STAMP_IMPLAUSIBLE.
  const docketable = (r: Row) => r.reading.confident && !r.reading.late;
  const exact = stamped.filter((r) => docketable(r) && r.got === r.truth).length;
  const wrong = rows.filter((r) => docketable(r) && r.got !== r.truth);
  const late = rows.filter((r) => r.reading.confident && r.reading.late);
  const exceptions = rows.filter((r) => !r.reading.confident);
  const faint = rows.filter((r) => r.c.kind === 'faint');
  const blank = rows.filter((r) => r.c.kind === 'blank');
  const readTimes = rows.map((r) => r.readMs);
  const totalTimes = rows.map((r) => r.readMs + r.renderMs);

  console.log('');
  console.log('— tesseract.js stamp reader (pool size 1) —');
  console.log(`exact date+time, stamped filings: ${exact}/${stamped.length} = ${((100 * exact) / stamped.length).toFixed(1)} %   (target ≥ 97 %)`);
  const clear = stamped.filter((r) => !r.c.opts.overlap);
  const over = stamped.filter((r) => r.c.opts.overlap);
  const ok = (rs: Row[]) => rs.filter((r) => docketable(r) && r.got === r.truth).length;
  console.log(`  stamps in blank space: ${ok(clear)}/${clear.length} = ${((100 * ok(clear)) / Math.max(1, clear.length)).toFixed(1)} %; stamps over typed text: ${ok(over)}/${over.length} = ${((100 * ok(over)) / Math.max(1, over.length)).toFixed(1)} %`);
  if (VARIETY > 0) {
    for (const v of VARIANTS) {
      const rs = stamped.filter((r) => r.c.variant === v);
      if (rs.length) console.log(`  ${v}: ${ok(rs)}/${rs.length}`);
    }
    const plain = stamped.filter((r) => !r.c.variant);
    console.log(`  without the further kinds: ${ok(plain)}/${plain.length} = ${((100 * ok(plain)) / Math.max(1, plain.length)).toFixed(1)} %`);
  }
  console.log(`WRONG dates that would be docketed (confident but wrong): ${wrong.length}   (target 0)`);
  console.log(`read as later than the arrival (STAMP_IMPLAUSIBLE for a clerk, never docketed): ${late.length}${late.length ? ` (${late.filter((r) => r.got !== r.truth).length} misread)` : ''}`);
  console.log(`exceptions (not confident or not found): ${exceptions.length} — stamped ${stamped.filter((r) => !r.reading.confident).length}, faint ${faint.filter((r) => !r.reading.confident).length}/${faint.length}, no stamp ${blank.filter((r) => !r.reading.confident).length}/${blank.length}`);
  console.log(`faint stamps located (found, shown to a clerk): ${faint.filter((r) => r.reading.found).length}/${faint.length}; pages without a stamp reported found: ${blank.filter((r) => r.reading.found).length}/${blank.length}`);
  console.log(`readStamp per filing: median ${sec(quantile(readTimes, 0.5))}, p95 ${sec(quantile(readTimes, 0.95))}, max ${sec(Math.max(...readTimes))}   (target median ≤ 2 s)`);
  console.log(`with PDF render at ${DPI} dpi (pdfjs): median ${sec(quantile(totalTimes, 0.5))}, p95 ${sec(quantile(totalTimes, 0.95))}`);
  const stalls = rows.map((r) => r.stall);
  console.log(`longest event-loop stall per filing while readStamp runs: median ${quantile(stalls, 0.5).toFixed(0)} ms, p95 ${quantile(stalls, 0.95).toFixed(0)} ms, max ${Math.max(...stalls).toFixed(0)} ms (OCR runs in a worker thread; the pixel passes run on the main thread between yields)`);
  console.log(`PDF render (pdfjs, synchronous on the main thread): median ${sec(quantile(rows.map((r) => r.renderMs), 0.5))} per page`);

  if (!NATIVE) return;
  const tesseract = ensureTesseract();
  if (!tesseract) return;
  console.log('');
  console.log(`— native tesseract (${tesseract}) OCRing the whole first page, OMP_THREAD_LIMIT=1, --psm 3 —`);
  const dir = mkdtempSync(join(os.tmpdir(), 'stamp-bench-'));
  const nativeTimes: number[] = [];
  let nativeExact = 0;
  let nativeWrong = 0;
  try {
    for (const r of rows) {
      const png = join(dir, 'page.png');
      writeFileSync(png, await encodePng(r.page));
      const t = performance.now();
      const res = spawnSync('tesseract', [png, 'stdout', '--dpi', String(DPI), '--psm', '3'], {
        env: { ...process.env, OMP_THREAD_LIMIT: '1' },
        encoding: 'utf8',
        maxBuffer: 16 * 2 ** 20,
      });
      nativeTimes.push(performance.now() - t);
      // The same parser on the whole page's text, for what it is worth: its best stamp-like date.
      const best = parseStampText(res.stdout ?? '', { facilityCodes: FACILITY_CODES, referenceYear: REFERENCE.getFullYear() })[0];
      const got = best && best.score >= STAMP_SCORE_MIN ? formatReading(best) : null;
      if (r.c.kind === 'stamp' && got === r.truth) nativeExact++;
      if (got && got !== r.truth) nativeWrong++;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const med = quantile(nativeTimes, 0.5);
  console.log(`whole-page OCR per filing: median ${sec(med)}, p95 ${sec(quantile(nativeTimes, 0.95))}`);
  console.log(`ratio native whole page / our stamp reader (medians): ${(med / quantile(readTimes, 0.5)).toFixed(1)}× (> 1 means we are faster)`);
  console.log(`for reference, the same date parser on native whole-page text: ${nativeExact}/${stamped.length} stamped filings exact, ${nativeWrong} stamp-like dates that differ from the stamp`);
}

/** Starts timing the gaps between 5 ms ticks; the returned function stops and gives the longest extra delay. */
function loopProbe(): () => number {
  let worst = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 5);
    last = now;
  }, 5);
  return () => {
    clearInterval(timer);
    worst = Math.max(worst, performance.now() - last - 5);
    return worst;
  };
}

/** Debian's tesseract, installed on demand when running as root; null (with a message) otherwise. */
function ensureTesseract(): string | null {
  const version = () => {
    const r = spawnSync('tesseract', ['--version'], { encoding: 'utf8' });
    return r.status === 0 ? (r.stdout || r.stderr).split('\n')[0]!.trim() : null;
  };
  let v = version();
  if (v) return v;
  if (process.getuid?.() !== 0) {
    console.log('native tesseract not installed and not running as root: skipping the comparison (apt-get install -y tesseract-ocr)');
    return null;
  }
  console.log('installing tesseract-ocr with apt-get …');
  try {
    execFileSync('apt-get', ['install', '-y', '-qq', 'tesseract-ocr'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } catch {
    try {
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
      execFileSync('apt-get', ['install', '-y', '-qq', 'tesseract-ocr'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    } catch (err) {
      console.log(`could not install tesseract-ocr (${String(err)}): skipping the comparison`);
      return null;
    }
  }
  v = version();
  if (!v) console.log('tesseract still not runnable: skipping the comparison');
  return v;
}

await main();
