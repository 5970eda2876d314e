import { createCanvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { glyphConsistency } from '../../src/ocr/glyph-check.ts';
import type { GrayImage, OcrWord } from '../../src/ocr/pool.ts';

/** `text` drawn in a stamp's monospaced face, with one box per character. */
function typeset(text: string, font = 'bold 40px "DejaVu Sans Mono"'): { img: GrayImage; boxes: Array<{ x0: number; y0: number; x1: number; y1: number }> } {
  const W = 40 + text.length * 30;
  const H = 70;
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, W, H);
  ctx.fillStyle = '#000';
  ctx.font = font;
  const boxes = [];
  let x = 20;
  for (const ch of text) {
    const w = ctx.measureText(ch).width;
    ctx.fillText(ch, x, 52);
    boxes.push({ x0: Math.floor(x), y0: 8, x1: Math.ceil(x + w), y1: 62 });
    x += w;
  }
  const rgba = ctx.getImageData(0, 0, W, H).data;
  const data = new Uint8Array(W * H);
  for (let i = 0; i < data.length; i++) data[i] = rgba[i * 4]!;
  return { img: { width: W, height: H, data }, boxes };
}

function word(labels: string, boxes: Array<{ x0: number; y0: number; x1: number; y1: number }>): OcrWord[] {
  const symbols = [...labels].map((text, i) => ({ text, confidence: 99, bbox: boxes[i]! }));
  return [{ text: labels, confidence: 90, bbox: { x0: boxes[0]!.x0, y0: 8, x1: boxes.at(-1)!.x1, y1: 62 }, symbols, line: 0 }];
}

describe('glyph consistency: one typeface, one glyph per digit (P-4)', () => {
  it('P-4: a dotted zero labelled 6 next to zeros labelled 0 is inconsistent', () => {
    const { img, boxes } = typeset('10:00');
    const check = glyphConsistency(img, word('16:00', boxes));
    expect(check.consistent).toBe(false);
    expect([check.worst!.a, check.worst!.b].sort()).toEqual(['0', '6']);
  });

  it('P-4: the right labels are consistent', () => {
    const { img, boxes } = typeset('10:00');
    expect(glyphConsistency(img, word('10:00', boxes)).consistent).toBe(true);
  });

  it('P-4: ten different digits of one face are all told apart', () => {
    for (const font of ['bold 40px "DejaVu Sans Mono"', '40px "DejaVu Sans Mono"', 'bold 40px "DejaVu Sans"', 'bold 40px "DejaVu Serif"']) {
      const { img, boxes } = typeset('0123456789', font);
      const check = glyphConsistency(img, word('0123456789', boxes));
      expect(check.consistent, `${font}: ${JSON.stringify(check.worst)}`).toBe(true);
      expect(check.glyphs).toBe(10);
    }
  });
});
