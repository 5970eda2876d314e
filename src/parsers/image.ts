/**
 * Raw page images: what rendering produces and OCR consumes. Kept as plain RGBA bytes so
 * nothing is encoded unless an image actually leaves the process (a stamp crop shown to
 * a clerk, P-4); PNG encoding of a whole 300 dpi page costs about as much as rendering it.
 */
import { createCanvas, ImageData, type Canvas } from '@napi-rs/canvas';

/** Row-major RGBA, 4 bytes per pixel, no padding: `data.length === width * height * 4`. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** A rectangle in pixels; x, y is the top-left corner. */
export interface PixelRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Canvases whose PNG encode is still running. @napi-rs/canvas 0.1.x (the version pdfjs-dist
 * 5.6 uses) queues `encode()` on the libuv threadpool with a bare pointer to the canvas's
 * Skia surface and keeps nothing alive: once the canvas object is unreachable, a garbage
 * collection runs its finalizer, which frees the surface, and the encode task — still
 * waiting for a pool thread, as it does when the machine is busy — then reads freed memory
 * and the process dies with SIGSEGV. A local variable is not enough (it is dead as soon as
 * `encode()` has returned); this set holds each canvas until its encode has settled.
 */
const encoding = new Set<Canvas>();

/** PNG bytes of the image (lossless, keeps transparency). */
export async function encodePng(img: RgbaImage): Promise<Buffer> {
  checkImage(img);
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.putImageData(new ImageData(img.data, img.width, img.height), 0, 0);
  encoding.add(canvas);
  try {
    return await canvas.encode('png');
  } finally {
    encoding.delete(canvas);
  }
}

/**
 * The part of `img` inside `rect` (a copy). The rectangle is rounded to whole pixels and
 * clipped to the image; a rectangle wholly outside it throws RangeError.
 */
export function cropImage(img: RgbaImage, rect: PixelRect): RgbaImage {
  checkImage(img);
  const x0 = Math.max(0, Math.floor(rect.x));
  const y0 = Math.max(0, Math.floor(rect.y));
  const x1 = Math.min(img.width, Math.ceil(rect.x + rect.width));
  const y1 = Math.min(img.height, Math.ceil(rect.y + rect.height));
  if (x1 <= x0 || y1 <= y0) {
    throw new RangeError(`crop ${JSON.stringify(rect)} lies outside the ${img.width}×${img.height} image`);
  }
  const width = x1 - x0;
  const height = y1 - y0;
  const data = new Uint8ClampedArray(width * height * 4);
  const rowBytes = width * 4;
  for (let y = 0; y < height; y++) {
    const from = ((y0 + y) * img.width + x0) * 4;
    data.set(img.data.subarray(from, from + rowBytes), y * rowBytes);
  }
  return { width, height, data };
}

function checkImage(img: RgbaImage): void {
  if (!Number.isInteger(img.width) || !Number.isInteger(img.height) || img.width <= 0 || img.height <= 0) {
    throw new RangeError(`bad image size ${img.width}×${img.height}`);
  }
  if (img.data.length !== img.width * img.height * 4) {
    throw new RangeError(`image data has ${img.data.length} bytes, expected ${img.width * img.height * 4} for ${img.width}×${img.height} RGBA`);
  }
}
