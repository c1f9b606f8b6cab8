// Writes images/icon.png (128x128 RGBA): a rounded navy tile with white citation
// brackets around an amber "@"-like ring. No dependencies: PNG via node:zlib.
//   node images/make-icon.mjs
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const N = 128;
const SS = 4; // supersampling per axis
const BG = [31, 58, 95];
const FG = [255, 255, 255];
const ACCENT = [242, 169, 59];

function shapeAt(x, y) {
  // Rounded tile.
  const r = 22;
  const cx = Math.min(Math.max(x, r), N - r);
  const cy = Math.min(Math.max(y, r), N - r);
  if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return null;
  // Left bracket "[": vertical bar plus two serifs.
  const inRect = (x0, y0, x1, y1) => x >= x0 && x < x1 && y >= y0 && y < y1;
  if (inRect(22, 30, 33, 98) || inRect(22, 30, 44, 40) || inRect(22, 88, 44, 98)) return FG;
  if (inRect(95, 30, 106, 98) || inRect(84, 30, 106, 40) || inRect(84, 88, 106, 98)) return FG;
  // "@": ring and dot.
  const d = Math.hypot(x - 64, y - 64);
  if (d >= 15 && d <= 22 && !(x > 70 && y > 60 && y < 72)) return ACCENT;
  if (d <= 7.5) return ACCENT;
  if (inRect(78, 58, 85, 76)) return ACCENT;
  return BG;
}

const raw = Buffer.alloc(N * (N * 4 + 1));
for (let y = 0; y < N; y++) {
  raw[y * (N * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < N; x++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const c = shapeAt(x + (sx + 0.5) / SS, y + (sy + 0.5) / SS);
        if (!c) continue;
        r += c[0]; g += c[1]; b += c[2]; a += 255;
      }
    }
    const n = SS * SS;
    const covered = a / 255;
    const o = y * (N * 4 + 1) + 1 + x * 4;
    raw[o] = covered ? Math.round(r / covered) : 0;
    raw[o + 1] = covered ? Math.round(g / covered) : 0;
    raw[o + 2] = covered ? Math.round(b / covered) : 0;
    raw[o + 3] = Math.round(a / n);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0);
ihdr.writeUInt32BE(N, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = fileURLToPath(new URL('./icon.png', import.meta.url));
writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);
