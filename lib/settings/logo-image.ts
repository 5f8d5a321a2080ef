export const MAX_LOGO_BYTES = 200 * 1024;
const MIN_SIDE = 16;
const MAX_SIDE = 2000;

export type LogoCheck = { ok: true; mime: 'image/png' | 'image/jpeg'; width: number; height: number } | { ok: false; reason: string };

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk, which the format requires right after the signature. */
function pngSize(bytes: Buffer): { width: number; height: number } | null {
  if (bytes.length < 24 || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Width and height from a JPEG's first start-of-frame marker, walking the segments that precede it. */
function jpegSize(bytes: Buffer): { width: number; height: number } | null {
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1]!;
    // Fill bytes and markers without a length.
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    const length = bytes.readUInt16BE(at + 2);
    // SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
    }
    if (length < 2) return null;
    at += 2 + length;
  }
  return null;
}

/** Whether these bytes are a PNG or JPEG logo of acceptable size, whatever the upload claimed to be. */
export function checkLogo(bytes: Buffer): LogoCheck {
  if (bytes.length === 0) return { ok: false, reason: 'Il file è vuoto.' };
  if (bytes.length > MAX_LOGO_BYTES) return { ok: false, reason: 'Il logo supera i 200 KB: riducilo e riprova.' };
  const isPng = bytes.subarray(0, 8).equals(PNG_SIGNATURE);
  const isJpeg = bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const size = isPng ? pngSize(bytes) : isJpeg ? jpegSize(bytes) : null;
  if (!isPng && !isJpeg) return { ok: false, reason: 'Il file non è un’immagine PNG o JPEG.' };
  if (!size) return { ok: false, reason: 'L’immagine è danneggiata o incompleta.' };
  if (size.width < MIN_SIDE || size.height < MIN_SIDE || size.width > MAX_SIDE || size.height > MAX_SIDE) {
    return { ok: false, reason: `Il logo deve misurare tra ${MIN_SIDE} e ${MAX_SIDE} pixel per lato.` };
  }
  return { ok: true, mime: isPng ? 'image/png' : 'image/jpeg', ...size };
}
