import { scannedPage } from '../../test/support/scan.ts';
import { createCanvas, ImageData } from '@napi-rs/canvas';
import fs from 'node:fs';
const seeds = process.argv.slice(2).map(Number);
for (const s of seeds) {
  const t = Date.now();
  const p = scannedPage({ seed: s, dpi: 200 });
  console.log(s, Date.now() - t, 'ms', JSON.stringify(p.truth.stamp && { ...p.truth.stamp, lines: p.truth.stamp.lines.join(' / ') }));
  const c = createCanvas(p.image.width, p.image.height);
  c.getContext('2d').putImageData(new ImageData(p.image.data, p.image.width, p.image.height), 0, 0);
  const small = createCanvas(Math.round(p.image.width / 2), Math.round(p.image.height / 2));
  small.getContext('2d').drawImage(c, 0, 0, small.width, small.height);
  fs.writeFileSync(`/tmp/page${s}.png`, await small.encode('png'));
}
