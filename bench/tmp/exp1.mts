import { scannedPage } from '../../test/support/scan.ts';
import { measureInk, findInkBlobs } from '../../src/ocr/page-layout.ts';
import { colourInkMap, darkInkMap, estimateSkew, renderForOcr } from '../../src/ocr/stamp-crop.ts';
import { OcrPool } from '../../src/ocr/pool.ts';
import { parseStampText } from '../../src/ocr/stamp-date.ts';
import { createCanvas } from '@napi-rs/canvas';
import fs from 'node:fs';
const pool = new OcrPool({ size: 1 });
const dpi = Number(process.env.DPI ?? 200);
for (const s of process.argv.slice(2).map(Number)) {
  const p = scannedPage({ seed: s, dpi });
  const st = p.truth.stamp!;
  console.log(`seed ${s} truth: ${st.lines.join(' / ')} ink=${st.ink} rot=${st.rotation.toFixed(1)} pos=${st.position} boxed=${st.boxed} bbox=${JSON.stringify(st.bbox)}`);
  let t = performance.now();
  const ink = measureInk(p.image, dpi);
  const t1 = performance.now() - t; t = performance.now();
  const blobs = findInkBlobs(ink);
  console.log(`  measure ${t1.toFixed(0)}ms blobs ${(performance.now() - t).toFixed(0)}ms paper=${ink.paper} dthr=${ink.darkThreshold}`);
  for (const b of blobs.slice(0, 6)) console.log('  ', b.kind, b.prior.toFixed(2), b.x, b.y, b.width, b.height, 'ang', b.angle.toFixed(1), 'margin', b.margin);
  const b = blobs[0]!;
  const pad = dpi * 0.1;
  const rect = { x: b.x - pad, y: b.y - pad, width: b.width + 2 * pad, height: b.height + 2 * pad };
  t = performance.now();
  const map = b.kind === 'colour' ? colourInkMap(p.image, rect, ink.paper) : darkInkMap(p.image, rect, ink.paper);
  const angle = estimateSkew(map, dpi);
  const imgA = renderForOcr(map, { angle, scale: 300 / dpi, binarize: true, removeBox: true });
  const mapB = darkInkMap(p.image, rect, ink.paper);
  const imgB = renderForOcr(mapB, { angle, scale: 240 / dpi, binarize: false, removeBox: true });
  console.log(`  prep ${(performance.now() - t).toFixed(0)}ms angle=${angle} strength=${map.strength.toFixed(2)} boxed=${imgA.boxed}`);
  for (const [name, img] of [['A', imgA], ['B', imgB]] as const) {
    const r = await pool.recognize(img, { psm: 6 });
    const c = parseStampText(r.text, { facilityCodes: ['MWCI', 'CCI', 'OCI', 'GCI', 'CRCI', 'YCI', 'NCI', 'WCI', 'BCC', 'HCC'], referenceYear: 2024 })[0];
    console.log(`  ${name} ${r.ms.toFixed(0)}ms conf=${r.confidence.toFixed(0)} ${JSON.stringify(r.text)} -> ${c ? `${c.year}-${c.month}-${c.day} ${c.hour}:${c.minute} score ${c.score} ${c.cues}` : '-'}`);
    const cv = createCanvas(img.width, img.height); const cx = cv.getContext('2d'); const id = cx.createImageData(img.width, img.height);
    for (let i = 0; i < img.data.length; i++) { id.data[i * 4] = id.data[i * 4 + 1] = id.data[i * 4 + 2] = img.data[i]!; id.data[i * 4 + 3] = 255; }
    cx.putImageData(id, 0, 0); fs.writeFileSync(`/tmp/crop${s}${name}.png`, await cv.encode('png'));
  }
}
await pool.terminate();
