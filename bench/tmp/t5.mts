import { createCanvas } from '@napi-rs/canvas';
const a = createCanvas(200, 60); const ctx = a.getContext('2d'); ctx.fillStyle = 'rgb(200,30,40)'; ctx.font = 'bold 30px DejaVu Sans'; ctx.fillText('RECEIVED', 5, 40);
const img = ctx.getImageData(0, 0, 200, 60); for (let i = 3; i < img.data.length; i += 4) img.data[i] = img.data[i]! * 0.25; ctx.putImageData(img, 0, 0);
const sum = (c: any) => { const d = c.getContext('2d').getImageData(0, 0, 200, 60).data; let s = 0; for (let i = 3; i < d.length; i += 4) s += d[i]; return s; };
console.log('after put', sum(a));
const copy = createCanvas(200, 60); const cc = copy.getContext('2d'); cc.filter = 'blur(1.5px)'; cc.drawImage(a, 3, 2); console.log('copy', sum(copy));
const copy2 = createCanvas(200, 60); const cc2 = copy2.getContext('2d'); cc2.drawImage(a, 3, 2); console.log('copy nofilter', sum(copy2));
