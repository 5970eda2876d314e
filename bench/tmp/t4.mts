import { scannedPage } from '../../test/support/scan.ts';
for (const faint of [false, true]) {
const p = scannedPage({ seed: 3, dpi: 200, faint, noise: false, position: 'top-left' });
const b = p.truth.stamp!.bbox; const d = p.image.data; let minL = 255, cnt = 0;
for (let y = b.y; y < b.y + b.height; y++) for (let x = b.x; x < b.x + b.width; x++) { const i = (y * p.image.width + x) * 4; const l = Math.min(d[i]!, d[i+1]!, d[i+2]!); if (l < minL) minL = l; if (l < 240) cnt++; }
console.log(faint, b, minL, cnt);
}
