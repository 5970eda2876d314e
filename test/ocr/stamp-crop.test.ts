import { describe, expect, it } from 'vitest';
import { inkExtent, type InkMap } from '../../src/ocr/stamp-crop.ts';

/** A 200×60 map at page offset (100, 50) with ink in the given column ranges, rows 20–40. */
function map(cols: Array<[number, number]>): InkMap {
  const width = 200;
  const height = 60;
  const ink = new Uint8Array(width * height);
  for (const [a, b] of cols) for (let y = 20; y < 40; y++) for (let x = a; x < b; x++) ink[y * width + x] = 255;
  return { x: 100, y: 50, width, height, ink, strength: 0.5 };
}

describe('stamp-crop: the extent of a stamp\'s ink (P-3)', () => {
  it('P-3: a lightly inked end of the stamp beyond the located block is taken in', () => {
    // The block covers columns 40–100; the stamp's ink runs on to 150 in letters 6 px apart.
    const m = map([[40, 100], [106, 120], [126, 150]]);
    const r = inkExtent(m, { x: 140, y: 70, width: 60, height: 20 }, 10);
    expect(r.x).toBe(140);
    expect(r.x + r.width).toBe(250);
    expect(r.y).toBe(70);
    expect(r.y + r.height).toBe(90);
  });
  it('P-3: ink beyond a gap wider than a word space is another mark, left out', () => {
    const m = map([[40, 100], [130, 150]]);
    const r = inkExtent(m, { x: 140, y: 70, width: 60, height: 20 }, 10);
    expect(r.x + r.width).toBe(200);
  });
});
