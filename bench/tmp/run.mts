import { scannedPage, FACILITY_CODES, truthReading } from '../../test/support/scan.ts';
import { readStamp } from '../../src/ocr/stamp.ts';
import { formatReading } from '../../src/ocr/stamp-date.ts';
import { OcrPool } from '../../src/ocr/pool.ts';
const pool = new OcrPool({ size: 1 });
await pool.warm();
const [from, to] = process.argv.slice(2).map(Number);
const dpi = Number(process.env.DPI ?? 200);
const faint = !!process.env.FAINT; const noStamp = !!process.env.NOSTAMP;
let ok = 0, wrong = 0, exc = 0; const times: number[] = [];
for (let s = from!; s < to!; s++) {
  const p = scannedPage({ seed: s, dpi, faint, noStamp });
  const t = performance.now();
  const r = await readStamp(p.image, { dpi, pool, facilityCodes: FACILITY_CODES, referenceDate: new Date('2025-01-01') });
  const ms = performance.now() - t; times.push(ms);
  const truth = p.truth.stamp ? truthReading(p.truth.stamp) : 'none';
  const got = r.candidate ? formatReading(r.candidate) : '-';
  let verdict: string;
  if (r.confident) { if (got === truth) { ok++; verdict = 'OK'; } else { wrong++; verdict = 'WRONG'; } } else { exc++; verdict = 'EXC'; }
  const st = p.truth.stamp;
  if (verdict !== 'OK' || process.env.V) console.log(`${s} ${verdict} ${ms.toFixed(0)}ms truth=${truth} got=${got} conf=${r.confidence} ${r.reason ?? ''} | ${st ? `${st.ink} ${st.rotation.toFixed(1)} ${st.position} box=${st.boxed} ${st.form}/${st.lines.length} "${st.lines.join(' / ')}"` : ''}\n    ${JSON.stringify(r.detail?.passes)} angle=${r.detail?.angle} str=${r.detail?.inkStrength} tried=${r.detail?.regionsTried} region=${JSON.stringify(r.region)} stampbox=${JSON.stringify(st?.bbox)}`);
}
times.sort((a, b) => a - b);
console.log(`ok ${ok} wrong ${wrong} exc ${exc}  median ${times[Math.floor(times.length / 2)]!.toFixed(0)}ms p95 ${times[Math.floor(times.length * 0.95)]!.toFixed(0)}ms`);
await pool.terminate();
