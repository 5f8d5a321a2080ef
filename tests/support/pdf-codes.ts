import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { BarcodeFormat, BinaryBitmap, DecodeHintType, HybridBinarizer, MultiFormatReader, RGBLuminanceSource } from '@zxing/library';

/** The text of a PDF as poppler's pdftotext reads it, whitespace collapsed (lines wrap wherever the layout wants). */
export function pdfPlainText(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf }).toString('utf8').replace(/\s+/g, ' ');
}

/** Each page of a PDF rasterised by poppler's pdftoppm at `dpi`. */
export function pdfPages(pdf: Buffer, dpi = 300): PNG[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'avviso-'));
  try {
    writeFileSync(path.join(dir, 'avviso.pdf'), pdf);
    execFileSync('pdftoppm', ['-r', String(dpi), '-png', path.join(dir, 'avviso.pdf'), path.join(dir, 'page')]);
    return readdirSync(dir)
      .filter((name) => name.endsWith('.png'))
      .sort()
      .map((name) => PNG.sync.read(readFileSync(path.join(dir, name))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A window of a page, as RGBA bytes. */
function crop(page: PNG, box: Box): Uint8ClampedArray {
  const out = new Uint8ClampedArray(box.width * box.height * 4);
  for (let y = 0; y < box.height; y++) {
    const from = ((box.y + y) * page.width + box.x) * 4;
    out.set(page.data.subarray(from, from + box.width * 4), y * box.width * 4);
  }
  return out;
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Windows over the page a little larger than a 25 mm code with its quiet zone, overlapping so each code is whole in one. */
function windows(page: PNG, size: number, step: number): Box[] {
  const boxes: Box[] = [];
  for (let y = 0; y < page.height; y += step) {
    for (let x = 0; x < page.width; x += step) {
      boxes.push({ x, y, width: Math.min(size, page.width - x), height: Math.min(size, page.height - y) });
    }
  }
  return boxes;
}

/** Whether a window holds enough dark pixels to be worth decoding (most of a page is white paper or text). */
function inked(page: PNG, box: Box): boolean {
  let dark = 0;
  for (let y = box.y; y < box.y + box.height; y += 4) {
    for (let x = box.x; x < box.x + box.width; x += 4) {
      if (page.data[(y * page.width + x) * 4]! < 128) dark++;
    }
  }
  return dark > (box.width * box.height) / 16 / 10;
}

/**
 * Every distinct code on a page: QR codes read by jsQR, Data Matrix symbols by ZXing. Read window by window, since
 * both readers find one symbol per image.
 */
export function decodePageCodes(page: PNG, dpi = 300): { qr: string[]; dataMatrix: string[] } {
  const qr = new Set<string>();
  const dataMatrix = new Set<string>();
  const size = Math.round((40 / 25.4) * dpi);
  for (const box of windows(page, size, Math.round(size / 3))) {
    if (!inked(page, box)) continue;
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
function decodeDataMatrix(page: PNG, box: Box): string | null {
  const luminance = new Uint8ClampedArray(box.width * box.height);
  for (let y = 0; y < box.height; y++) {
    for (let x = 0; x < box.width; x++) {
      const i = ((box.y + y) * page.width + box.x + x) * 4;
      luminance[y * box.width + x] = (page.data[i]! + page.data[i + 1]! + page.data[i + 2]!) / 3;
    }
  }
  const reader = new MultiFormatReader();
  const hints = new Map<DecodeHintType, unknown>([[DecodeHintType.POSSIBLE_FORMATS, [BarcodeFormat.DATA_MATRIX]]]);
  reader.setHints(hints);
  try {
    return reader.decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luminance, box.width, box.height)))).getText();
  } catch {
    return null; // NotFoundException and its kin: no symbol in this window.
  }
}
