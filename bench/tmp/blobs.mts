import { scannedPage } from '../../test/support/scan.ts';
import { measureInk, findInkBlobs } from '../../src/ocr/page-layout.ts';
const [seed, faint] = process.argv.slice(2).map(Number);
const p = scannedPage({ seed: seed!, dpi: 200, faint: !!faint });
console.log(p.truth.stamp?.bbox);
const ink = measureInk(p.image, 200);
console.log('paper', ink.paper, ink.paperRgb, ink.darkThreshold, ink.samplesPerCell);
const b = p.truth.stamp!.bbox; const f = ink.factor;
let wk = 0, dk = 0, co = 0, cells = 0, hist: number[] = [];
for (let y = Math.floor(b.y / f); y < (b.y + b.height) / f; y++) for (let x = Math.floor(b.x / f); x < (b.x + b.width) / f; x++) { const i = y * ink.gw + x; cells++; wk += ink.weak[i]! > 0 ? 1 : 0; dk += ink.dark[i]! > 0 ? 1 : 0; co += ink.colour[i]! > 0 ? 1 : 0; hist[ink.weak[i]!] = (hist[ink.weak[i]!] ?? 0) + 1; }
console.log({ cells, wk, dk, co }, hist);
for (const bl of findInkBlobs(ink).slice(0, 8)) console.log(bl.kind, bl.prior, bl.x, bl.y, bl.width, bl.height);
