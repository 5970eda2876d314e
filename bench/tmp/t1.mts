import { createRequire } from 'node:module';
import path from 'node:path';
import fs from 'node:fs';
import { createCanvas } from '@napi-rs/canvas';
const require = createRequire(import.meta.url);
const Tesseract = require('tesseract.js');
const langDir = path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
console.log(langDir, fs.existsSync(langDir + '/eng.traineddata.gz'));
let t = Date.now();
const w = await Tesseract.createWorker('eng', 1, { langPath: langDir, gzip: true, cacheMethod: 'none', errorHandler: (e: any) => console.error('EH', e) });
console.log('start', Date.now() - t);
const c = createCanvas(600, 120); const ctx = c.getContext('2d');
ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, 600, 120); ctx.fillStyle = '#000'; ctx.font = 'bold 40px DejaVu Sans Mono'; ctx.fillText('RECEIVED JUN 22 2016', 20, 70);
const img = ctx.getImageData(0, 0, 600, 120);
// PGM
const hdr = Buffer.from(`P5\n600 120\n255\n`);
const g = Buffer.alloc(600 * 120); for (let i = 0; i < g.length; i++) g[i] = img.data[i * 4]!;
for (const [name, buf] of [['pgm', Buffer.concat([hdr, g])], ['png', c.toBuffer('image/png')]] as const) {
  t = Date.now();
  try { const r = await w.recognize(buf); console.log(name, JSON.stringify(r.data.text), Date.now() - t); } catch (e) { console.log(name, 'ERR', e); }
}
// PBM P4
await w.terminate();
