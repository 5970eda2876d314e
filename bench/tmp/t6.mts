import { createCanvas } from '@napi-rs/canvas';
const canvas = createCanvas(351, 120); const ctx = canvas.getContext('2d'); ctx.fillStyle = 'rgb(200,30,40)'; ctx.font = 'bold 30px DejaVu Sans'; ctx.fillText('RECEIVED', 5, 40);
const sum = (c: any) => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let s = 0; for (let i = 3; i < d.length; i += 4) s += d[i]; return s; };
const img = ctx.getImageData(0, 0, 351, 120); for (let i = 3; i < img.data.length; i += 4) img.data[i] = img.data[i]! * 0.25; ctx.putImageData(img, 0, 0);
console.log('a', sum(canvas));
const copy = createCanvas(351, 120); const cctx = copy.getContext('2d'); cctx.filter = 'blur(1.5px)'; cctx.drawImage(canvas, 3, 2);
console.log('b', sum(copy));
ctx.clearRect(0, 0, 351, 120); console.log('c', sum(canvas), sum(copy));
ctx.globalAlpha = 0.8; ctx.drawImage(copy, 0, 0); ctx.globalAlpha = 1; console.log('d', sum(canvas));
