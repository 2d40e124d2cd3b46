// The image sets of bench/palette.mjs, decoded to RGBA once: the UI
// screenshots, 0.4-megapixel photos (the large images scaled down here, since
// ../shared has no photo set of that size) and the 4096² images. The scaling
// is a box filter in integer arithmetic, so every run sees the same pixels.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeImage } from '../web/index.js';

function decodeFolder(dir, folder) {
  const images = [];
  for (const file of readdirSync(dir).sort()) {
    try {
      images.push({ name: `${folder}/${file}`, ...decodeImage(readFileSync(path.join(dir, file))) });
    } catch (error) {
      console.log(`${`${folder}/${file}`.padEnd(34)} skipped: ${error.code ?? error.message}`);
    }
  }
  return images;
}

/** The mean of each source box of the region {x, y, w, h} of image, as a width × height image. */
export function scaleDown(image, region, width, height) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    const y0 = region.y + Math.floor((y * region.h) / height), y1 = region.y + Math.floor(((y + 1) * region.h) / height);
    for (let x = 0; x < width; x++) {
      const x0 = region.x + Math.floor((x * region.w) / width), x1 = region.x + Math.floor(((x + 1) * region.w) / width);
      const sum = [0, 0, 0, 0];
      for (let sy = y0; sy < y1; sy++) {
        for (let sx = x0, i = 4 * (sy * image.width + x0); sx < x1; sx++, i += 4) {
          sum[0] += image.data[i]; sum[1] += image.data[i + 1]; sum[2] += image.data[i + 2]; sum[3] += image.data[i + 3];
        }
      }
      const n = (y1 - y0) * (x1 - x0);
      for (let c = 0; c < 4; c++) data[4 * (y * width + x) + c] = Math.floor((sum[c] + (n >> 1)) / n);
    }
  }
  return { data, width, height };
}

/** Two photos of about 0.4 megapixels from each large image: all of it at 640², and its 3:2 middle at 768×512. */
function photosOf(large) {
  return large.flatMap((image) => {
    const base = path.basename(image.name).replace(/\.[^.]+$/, '');
    const h = Math.round((image.width * 2) / 3);
    return [
      { name: `photo/${base}-640x640`, ...scaleDown(image, { x: 0, y: 0, w: image.width, h: image.height }, 640, 640) },
      { name: `photo/${base}-768x512`, ...scaleDown(image, { x: 0, y: (image.height - h) >> 1, w: image.width, h }, 768, 512) },
    ];
  });
}

/** [{set, images: [{name, data, width, height}]}] for ui, photo and large (init() must have run). */
export function loadSets(root) {
  const ui = decodeFolder(path.join(root, 'ui'), 'ui');
  const large = decodeFolder(path.join(root, 'large'), 'large');
  return [{ set: 'ui', images: ui }, { set: 'photo', images: photosOf(large) }, { set: 'large', images: large }];
}

/**
 * count 768×512 crops of the large images, halved first (2 × 2 boxes), at
 * offsets on a grid: the photos of the CLI's --jobs measurement.
 */
export function photoCrops(large, count) {
  const halves = large.map((image) => scaleDown(image, { x: 0, y: 0, w: image.width, h: image.height }, image.width >> 1, image.height >> 1));
  const crops = [];
  for (let i = 0; crops.length < count; i++) {
    const half = halves[i % halves.length];
    const step = Math.floor(i / halves.length);
    const x = ((step % 6) * (half.width - 768)) / 5, y = ((Math.floor(step / 6) % 6) * (half.height - 512)) / 5;
    crops.push(scaleDown(half, { x: Math.floor(x), y: Math.floor(y), w: 768, h: 512 }, 768, 512));
  }
  return crops;
}
