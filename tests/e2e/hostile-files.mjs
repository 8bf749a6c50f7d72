// Files a person might drop that cannot become an image of the set, `count` of them in a seeded
// mix of kinds: empty files, PNGs and JPEGs cut short, SVG, programs and archives named .png,
// headers claiming huge or zero sizes (a decompression bomb among them), random bytes behind each
// format's magic, other image formats, an image with no ink, and a PNG whose pixel data is
// damaged behind a valid header. Each is `{name, mimeType, buffer, kind}` for setInputFiles.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { greyPng } from './png.mjs';
import { random } from './letters.mjs';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/images');
const fixture = (name) => readFileSync(join(FIXTURES, name));

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes) => {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

/** A PNG that is only a valid header claiming `width` × `height` (and an IEND). */
function pngHeader(width, height) {
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write('IHDR', 4, 'latin1');
  ihdr.writeUInt32BE(width, 8);
  ihdr.writeUInt32BE(height, 12);
  ihdr[16] = 8;
  ihdr[17] = 0;
  ihdr.writeUInt32BE(crc32(ihdr.subarray(4, 21)), 21);
  const iend = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ihdr, Buffer.alloc(0), iend]);
}

/** A GIF header claiming `width` × `height`. */
function gifHeader(width, height) {
  const gif = Buffer.alloc(13);
  gif.write('GIF89a', 0, 'latin1');
  gif.writeUInt16LE(width, 6);
  gif.writeUInt16LE(height, 8);
  return Buffer.concat([gif, Buffer.from([0x3b])]);
}

/** A baseline JPEG's start (SOI, a SOF0 claiming `width` × `height`) and nothing after. */
function jpegHeader(width, height) {
  const sof = Buffer.from([0xff, 0xd8, 0xff, 0xc0, 0, 11, 8, height >> 8, height & 255, width >> 8, width & 255, 1, 1, 0x11, 0]);
  return Buffer.concat([sof, Buffer.from([0xff, 0xd9])]);
}

/** A PNG with a valid header and damaged pixel data (its IDAT's bytes scrambled, CRC kept valid). */
function damagedPng(next) {
  const good = greyPng(40, 40, new Uint8Array(1600).map((_, i) => (i % 40 > 15 && i % 40 < 25 ? 0 : 255)));
  const at = good.indexOf('IDAT', 0, 'latin1');
  const length = good.readUInt32BE(at - 4);
  for (let i = 0; i < length; i++) good[at + 4 + i] = Math.floor(next() * 256);
  good.writeUInt32BE(crc32(good.subarray(at, at + 4 + length)), at + 4 + length);
  return good;
}

const bytes = (next, n) => Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256)));

/** The kinds: [name, extension, MIME type, make(next, i)]. */
const KINDS = [
  ['empty', 'png', 'image/png', () => Buffer.alloc(0)],
  ['empty', 'jpg', 'image/jpeg', () => Buffer.alloc(0)],
  ['truncated-png', 'png', 'image/png', (next) => fixture('tiny.png').subarray(0, 8 + Math.floor(next() * 24))],
  ['truncated-jpeg', 'jpg', 'image/jpeg', (next) => fixture('exif-icc.jpg').subarray(0, 3 + Math.floor(next() * 120))],
  ['truncated-gif', 'gif', 'image/gif', (next) => fixture('tiny.gif').subarray(0, 4 + Math.floor(next() * 8))],
  ['truncated-webp', 'webp', 'image/webp', (next) => fixture('lossy.webp').subarray(0, 12 + Math.floor(next() * 14))],
  ['svg', 'svg', 'image/svg+xml', () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="28" height="28"><circle cx="14" cy="14" r="9"/></svg>')],
  ['svg-named-png', 'png', 'image/png', () => Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0L9 9"/></svg>')],
  ['exe-named-png', 'png', 'image/png', (next) => Buffer.concat([Buffer.from('MZ'), bytes(next, 200)])],
  ['elf-named-jpg', 'jpg', 'image/jpeg', (next) => Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), bytes(next, 200)])],
  ['zip-named-gif', 'gif', 'image/gif', (next) => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), bytes(next, 100)])],
  ['pdf-named-webp', 'webp', 'image/webp', () => Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n')],
  ['script-named-png', 'png', 'image/png', () => Buffer.from('#!/bin/sh\necho not an image\n')],
  ['bomb-png', 'png', 'image/png', (next) => pngHeader(20000 + Math.floor(next() * 80000), 20000 + Math.floor(next() * 80000))],
  ['wide-png', 'png', 'image/png', (next) => pngHeader(4097 + Math.floor(next() * 10000), 10)],
  ['zero-png', 'png', 'image/png', () => pngHeader(0, 28)],
  ['bomb-gif', 'gif', 'image/gif', () => gifHeader(65535, 65535)],
  ['zero-gif', 'gif', 'image/gif', () => gifHeader(28, 0)],
  ['bomb-jpeg', 'jpg', 'image/jpeg', () => jpegHeader(65000, 65000)],
  ['random-png', 'png', 'image/png', (next) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), bytes(next, 16 + Math.floor(next() * 400))])],
  ['random-jpeg', 'jpg', 'image/jpeg', (next) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), bytes(next, 16 + Math.floor(next() * 400))])],
  ['random-gif', 'gif', 'image/gif', (next) => Buffer.concat([Buffer.from('GIF89a'), bytes(next, 16 + Math.floor(next() * 400))])],
  ['random-webp', 'webp', 'image/webp', (next) => {
    const body = bytes(next, 16 + Math.floor(next() * 400));
    const head = Buffer.alloc(12);
    head.write('RIFF', 0, 'latin1');
    head.writeUInt32LE(body.length + 4, 4);
    head.write('WEBP', 8, 'latin1');
    return Buffer.concat([head, body]);
  }],
  ['bmp', 'bmp', 'image/bmp', (next) => Buffer.concat([Buffer.from('BM'), bytes(next, 60)])],
  ['tiff', 'tif', 'image/tiff', (next) => Buffer.concat([Buffer.from([0x49, 0x49, 0x2a, 0]), bytes(next, 60)])],
  ['blank-png', 'png', 'image/png', (next) => greyPng(28 + Math.floor(next() * 40), 28, new Uint8Array(28 * 68).fill(255))],
  ['damaged-png', 'png', 'image/png', (next) => damagedPng(next)],
];

/** `count` hostile files, the kinds in turn, each made from the seeded generator. */
export function hostileFiles(count = 200, seed = 7) {
  const next = random(seed);
  return Array.from({ length: count }, (_, i) => {
    const [kind, extension, mimeType, make] = KINDS[i % KINDS.length];
    return { name: `hostile-${String(i).padStart(3, '0')}-${kind}.${extension}`, mimeType, buffer: make(next, i), kind };
  });
}
