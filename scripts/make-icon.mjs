// Draws resources/icon.png (512x512), the app icon for every platform: a clipboard on the app's blue, with the
// amber of its focus ring for the clip. Run `node scripts/make-icon.mjs` after changing it; the PNG is committed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pngjs from 'pngjs';

const SIZE = 512;
const SAMPLES = 4; // 4x4 samples a pixel: smooth edges without a drawing library
const BLUE = [0x0b, 0x3d, 0x91];
const WHITE = [0xff, 0xff, 0xff];
const AMBER = [0xff, 0xbf, 0x00];

/** A rounded rectangle from (x0, y0) to (x1, y1): is the point inside? */
const roundedRect = (x0, y0, x1, y1, r) => (x, y) => {
  const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
  const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
  return x >= x0 && x <= x1 && y >= y0 && y <= y1 && dx * dx + dy * dy <= r * r;
};

// Painted in order, each over the ones before.
const layers = [
  { color: BLUE, inside: roundedRect(32, 32, 480, 480, 96) },
  { color: WHITE, inside: roundedRect(136, 120, 376, 428, 28) },
  { color: AMBER, inside: roundedRect(196, 92, 316, 160, 22) },
  { color: BLUE, inside: roundedRect(176, 208, 336, 232, 12) },
  { color: BLUE, inside: roundedRect(176, 272, 336, 296, 12) },
  { color: BLUE, inside: roundedRect(176, 336, 292, 360, 12) },
];

const png = new pngjs.PNG({ width: SIZE, height: SIZE });
for (let y = 0; y < SIZE; y++) {
  for (let x = 0; x < SIZE; x++) {
    let [r, g, b, a] = [0, 0, 0, 0];
    for (const layer of layers) {
      let hits = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          if (layer.inside(x + (sx + 0.5) / SAMPLES, y + (sy + 0.5) / SAMPLES)) hits++;
        }
      }
      const cover = hits / (SAMPLES * SAMPLES);
      if (cover === 0) continue;
      // "Over" compositing with straight (non-premultiplied) alpha.
      const outA = cover + a * (1 - cover);
      [r, g, b] = [0, 1, 2].map((i) => (layer.color[i] * cover + [r, g, b][i] * a * (1 - cover)) / outA);
      a = outA;
    }
    const offset = (y * SIZE + x) * 4;
    png.data[offset] = Math.round(r);
    png.data[offset + 1] = Math.round(g);
    png.data[offset + 2] = Math.round(b);
    png.data[offset + 3] = Math.round(a * 255);
  }
}

const out = fileURLToPath(new URL('../resources/icon.png', import.meta.url));
mkdirSync(fileURLToPath(new URL('../resources/', import.meta.url)), { recursive: true });
writeFileSync(out, pngjs.PNG.sync.write(png));
console.log(`wrote ${out}`);
