import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { BarcodeFormat, BinaryBitmap, DecodeHintType, HybridBinarizer, MultiFormatReader, RGBLuminanceSource } from '@zxing/library';

/** The text of a PDF as poppler's pdftotext reads it, whitespace collapsed (lines wrap wherever the layout wants). */
export function pdfPlainText(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf }).toString('utf8').replace(/\s+/g, ' ');
}

/** A page in 8-bit grey, one byte per pixel, rows top to bottom. */
export interface GreyPage {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * Each page of a PDF rasterised in grey by poppler's pdftoppm at `dpi`, as binary PGM: no PNG to compress and then
 * inflate again in JavaScript (that took seconds per page).
 */
export function pdfPages(pdf: Buffer, dpi = 300): GreyPage[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'avviso-'));
  try {
    writeFileSync(path.join(dir, 'avviso.pdf'), pdf);
    execFileSync('pdftoppm', ['-r', String(dpi), '-gray', path.join(dir, 'avviso.pdf'), path.join(dir, 'page')]);
    return readdirSync(dir)
      .filter((name) => name.endsWith('.pgm'))
      .sort()
      .map((name) => readPgm(readFileSync(path.join(dir, name))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Binary PGM (P5) as pdftoppm writes it: «P5 width height 255», one whitespace, then the pixels. */
function readPgm(file: Buffer): GreyPage {
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(file.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('pdftoppm non ha scritto un PGM a 8 bit');
  const width = Number(header[1]);
  const height = Number(header[2]);
  const data = file.subarray(header[0].length, header[0].length + width * height);
  if (data.length !== width * height) throw new Error('PGM troncato');
  return { width, height, data };
}

/** A window of a page, as the RGBA bytes jsQR reads. */
function crop(page: GreyPage, box: Box): Uint8ClampedArray {
  const out = new Uint8ClampedArray(box.width * box.height * 4);
  for (let y = 0; y < box.height; y++) {
    for (let x = 0; x < box.width; x++) {
      const grey = page.data[(box.y + y) * page.width + box.x + x]!;
      out.set([grey, grey, grey, 255], (y * box.width + x) * 4);
    }
  }
  return out;
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Where the codes may be: the page cut into 1 mm cells, the cells at least a quarter dark (a code's modules are about
 * half dark, body text far less) grown by one cell to close the gaps between modules, then joined into regions. A
 * roughly square region 12 to 60 mm on each side is a candidate (text lines, bands and framed blocks are not), with
 * a quiet margin around it. Decoding a few candidates
 * instead of a sliding window over the whole page makes reading an avviso seconds instead of minutes.
 */
function candidateBoxes(page: GreyPage, dpi: number): Box[] {
  const cell = Math.max(2, Math.round(dpi / 25.4));
  const cols = Math.ceil(page.width / cell);
  const rows = Math.ceil(page.height / cell);
  const dense = new Uint8Array(cols * rows);
  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < cols; col++) {
      let dark = 0;
      let seen = 0;
      for (let y = row * cell; y < Math.min((row + 1) * cell, page.height); y += 2) {
        for (let x = col * cell; x < Math.min((col + 1) * cell, page.width); x += 2) {
          seen++;
          if (page.data[y * page.width + x]! < 128) dark++;
        }
      }
      dense[row * cols + col] = dark * 4 >= seen ? 1 : 0;
    }
  }
  const grown = new Uint8Array(cols * rows);
  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < cols; col++) {
      if (!dense[row * cols + col]) continue;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const r = row + dy;
          const c = col + dx;
          if (r >= 0 && r < rows && c >= 0 && c < cols) grown[r * cols + c] = 1;
        }
      }
    }
  }
  const minCells = Math.round(((12 / 25.4) * dpi) / cell);
  const maxCells = Math.round(((60 / 25.4) * dpi) / cell);
  const margin = Math.round((3 / 25.4) * dpi);
  const boxes: Box[] = [];
  const stack: number[] = [];
  for (let start = 0; start < grown.length; start++) {
    if (grown[start] !== 1) continue;
    grown[start] = 2;
    stack.push(start);
    let [top, left, bottom, right] = [rows, cols, 0, 0];
    while (stack.length > 0) {
      const at = stack.pop()!;
      const row = Math.floor(at / cols);
      const col = at % cols;
      [top, left, bottom, right] = [Math.min(top, row), Math.min(left, col), Math.max(bottom, row), Math.max(right, col)];
      for (const next of [at - cols, at + cols, col > 0 ? at - 1 : -1, col < cols - 1 ? at + 1 : -1]) {
        if (next >= 0 && next < grown.length && grown[next] === 1) {
          grown[next] = 2;
          stack.push(next);
        }
      }
    }
    const [tall, wide] = [bottom - top + 1, right - left + 1];
    if (Math.min(tall, wide) < minCells || Math.max(tall, wide) > Math.min(maxCells, 2 * Math.min(tall, wide))) continue;
    const x = Math.max(0, left * cell - margin);
    const y = Math.max(0, top * cell - margin);
    boxes.push({
      x,
      y,
      width: Math.min(page.width, (right + 1) * cell + margin) - x,
      height: Math.min(page.height, (bottom + 1) * cell + margin) - y,
    });
  }
  return boxes;
}

/**
 * Every distinct code on a page: QR codes read by jsQR, Data Matrix symbols by ZXing, each candidate region on its
 * own, since both readers find one symbol per image.
 */
export function decodePageCodes(page: GreyPage, dpi = 300): { qr: string[]; dataMatrix: string[] } {
  const qr = new Set<string>();
  const dataMatrix = new Set<string>();
  for (const box of candidateBoxes(page, dpi)) {
    const code = jsQR(crop(page, box), box.width, box.height, { inversionAttempts: 'dontInvert' });
    if (code) {
      qr.add(code.data);
      continue;
    }
    const matrix = decodeDataMatrix(page, box);
    if (matrix) dataMatrix.add(matrix);
  }
  return { qr: [...qr], dataMatrix: [...dataMatrix] };
}

/** The Data Matrix in a region of a page, if one is whole there (ZXing's reader wants the symbol nearly alone). */
function decodeDataMatrix(page: GreyPage, box: Box): string | null {
  const luminance = new Uint8ClampedArray(box.width * box.height);
  for (let y = 0; y < box.height; y++) {
    const from = (box.y + y) * page.width + box.x;
    luminance.set(page.data.subarray(from, from + box.width), y * box.width);
  }
  const reader = new MultiFormatReader();
  const hints = new Map<DecodeHintType, unknown>([[DecodeHintType.POSSIBLE_FORMATS, [BarcodeFormat.DATA_MATRIX]]]);
  reader.setHints(hints);
  try {
    return reader.decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luminance, box.width, box.height)))).getText();
  } catch {
    return null; // NotFoundException and its kin: no symbol in this region.
  }
}
