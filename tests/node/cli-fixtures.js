// Tiny PNG encoder for the CLI tests: RGBA8 pixels in, PNG bytes out
// (colour type 6, filter 0 on every row, zlib from node:zlib, CRC32 by table).
import { deflateSync } from 'node:zlib';

const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC32 (ISO-HDLC, as PNG uses) of bytes. */
export function crc32(bytes) {
  let c = 0xFFFFFFFF;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xFF] ^ (c >>> 8);
  return (c ^ 0xFFFFFFFF) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Encodes width × height RGBA8 pixels (row-major) as a PNG; returns a Buffer. */
export function encodePng(width, height, rgba) {
  if (rgba.length !== width * height * 4) throw new RangeError('rgba must hold width * height * 4 bytes');
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * An image made of horizontal bands: `bands` is [{rgb: [r, g, b], rows, alpha?}],
 * each band `rows` rows of one colour. Returns {width, height, rgba}.
 */
export function bandedImage(width, bands) {
  const height = bands.reduce((n, band) => n + band.rows, 0);
  const rgba = new Uint8Array(width * height * 4);
  let y = 0;
  for (const { rgb, rows, alpha = 255 } of bands) {
    for (let end = y + rows; y < end; y++) {
      for (let x = 0; x < width; x++) rgba.set([...rgb, alpha], (y * width + x) * 4);
    }
  }
  return { width, height, rgba };
}
