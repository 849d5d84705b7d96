import { crc32, deflateSync } from 'node:zlib';

/**
 * The two icons the Teams app package needs, drawn here so the project owns them: a 192×192
 * colour icon (a white page of cited lines on the accent colour) and the 32×32 outline icon
 * Teams requires to be white on transparent. Encoded as RGBA PNGs with node:zlib.
 */
export const ACCENT_COLOR = '#2F5D8A';

type Rgba = [number, number, number, number];

/** Inside-test for the glyph in unit coordinates (0..1), by layer. */
interface Glyph {
  page(x: number, y: number): boolean;
  lines(x: number, y: number): boolean;
  outline(x: number, y: number): boolean;
}

const PAGE = { left: 0.27, right: 0.73, top: 0.17, bottom: 0.83, fold: 0.13 };
const LINE_ROWS = [0.42, 0.54, 0.66];
const LINE = { left: 0.35, right: 0.65, half: 0.028 };

function insidePage(x: number, y: number, inset = 0): boolean {
  const l = PAGE.left + inset, r = PAGE.right - inset, t = PAGE.top + inset, b = PAGE.bottom - inset;
  if (x < l || x > r || y < t || y > b) return false;
  // The folded top-right corner: everything above the diagonal from (r - fold, t) to (r, t + fold).
  return x - (r - PAGE.fold) <= y - t;
}

const glyph: Glyph = {
  page: (x, y) => insidePage(x, y),
  lines: (x, y) => LINE_ROWS.some((row) => Math.abs(y - row) <= LINE.half && x >= LINE.left && x <= LINE.right),
  outline: (x, y) => insidePage(x, y) && !insidePage(x, y, 0.07),
};

/** Draws with 4×4 supersampling so edges are smooth at 32 pixels. */
function draw(size: number, shade: (x: number, y: number) => Rgba): Buffer {
  const S = 4;
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const [cr, cg, cb, ca] = shade((px + (sx + 0.5) / S) / size, (py + (sy + 0.5) / S) / size);
          r += cr * ca; g += cg * ca; b += cb * ca; a += ca;
        }
      }
      const o = (py * size + px) * 4;
      rgba[o] = a === 0 ? 0 : Math.round(r / a);
      rgba[o + 1] = a === 0 ? 0 : Math.round(g / a);
      rgba[o + 2] = a === 0 ? 0 : Math.round(b / a);
      rgba[o + 3] = Math.round(a / (S * S));
    }
  }
  return encodePng(size, size, rgba);
}

function hex(color: string): Rgba {
  const n = Number.parseInt(color.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, 255];
}

export function colorIcon(): Buffer {
  const accent = hex(ACCENT_COLOR);
  const white: Rgba = [255, 255, 255, 255];
  return draw(192, (x, y) => (glyph.page(x, y) && !glyph.lines(x, y) ? white : accent));
}

export function outlineIcon(): Buffer {
  const white: Rgba = [255, 255, 255, 255];
  const clear: Rgba = [0, 0, 0, 0];
  return draw(32, (x, y) => (glyph.outline(x, y) || glyph.lines(x, y) ? white : clear));
}

/** A minimal PNG: signature, IHDR (8-bit RGBA), one IDAT, IEND. */
export function encodePng(width: number, height: number, rgba: Buffer): Buffer {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(6, 9); // colour type: RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** Width, height and colour type from a PNG's IHDR, for checks. */
export function pngInfo(png: Buffer): { width: number; height: number; colorType: number } | undefined {
  if (png.length < 33 || png.readUInt32BE(0) !== 0x89504e47 || png.toString('ascii', 12, 16) !== 'IHDR') return undefined;
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), colorType: png.readUInt8(25) };
}
