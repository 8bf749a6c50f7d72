// Small PNG files made in node (zlib's deflate and a CRC), for the tests and the ingest benchmark:
// a person's scanned or exported drawings of any size and either polarity, without an image
// library. `strokesPng` draws thick strokes (points on the unit square) into a grey image.

import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** A PNG of 8-bit grey pixels (`grey`: width × height bytes, row after row). */
export function greyPng(width, height, grey) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const raw = Buffer.alloc(height * (width + 1));
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0; // filter: none
    Buffer.from(grey.buffer, grey.byteOffset + y * width, width).copy(raw, y * (width + 1) + 1);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/**
 * Thick strokes (polylines of points on the unit square) drawn into a `width` × `height` grey
 * image: dark ink on white paper, or (`lightOnDark`) white ink on black.
 */
export function strokesPng(width, height, strokes, { lightOnDark = false, pen = 0.07 } = {}) {
  const [paper, ink] = lightOnDark ? [0, 255] : [255, 0];
  const grey = new Uint8Array(width * height).fill(paper);
  const radius = Math.max(1, (pen * Math.min(width, height)) / 2);
  for (const stroke of strokes) {
    for (let i = 0; i + 1 < stroke.length; i++) {
      const [x0, y0] = [stroke[i][0] * width, stroke[i][1] * height];
      const [x1, y1] = [stroke[i + 1][0] * width, stroke[i + 1][1] * height];
      const steps = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / (radius / 2)));
      for (let s = 0; s <= steps; s++) {
        const [cx, cy] = [x0 + ((x1 - x0) * s) / steps, y0 + ((y1 - y0) * s) / steps];
        for (let y = Math.max(0, Math.floor(cy - radius)); y <= Math.min(height - 1, Math.ceil(cy + radius)); y++) {
          for (let x = Math.max(0, Math.floor(cx - radius)); x <= Math.min(width - 1, Math.ceil(cx + radius)); x++) {
            if ((x - cx) ** 2 + (y - cy) ** 2 <= radius * radius) grey[y * width + x] = ink;
          }
        }
      }
    }
  }
  return greyPng(width, height, grey);
}
