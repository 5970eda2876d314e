import { createCanvas } from '@napi-rs/canvas';
const a = createCanvas(50, 50); const ac = a.getContext('2d'); ac.fillStyle = 'rgba(200,0,0,0.5)'; ac.fillRect(10, 10, 30, 30);
const b = createCanvas(50, 50); const bc = b.getContext('2d'); bc.filter = 'blur(2px)'; bc.drawImage(a, 2, 2);
console.log('blurred', bc.getImageData(25, 25, 1, 1).data);
const c = createCanvas(50, 50); const cc = c.getContext('2d'); cc.drawImage(a, 2, 2);
console.log('plain', cc.getImageData(25, 25, 1, 1).data);
ac.clearRect(0,0,50,50); ac.globalAlpha = 0.8; ac.drawImage(b, 0, 0); console.log('back', ac.getImageData(25, 25, 1, 1).data);
