/**
 * A 2D barcode's dark modules as one SVG path (1 unit per module): each row's run of dark modules is one
 * rectangle, the same area as a square per module in a fraction of the path commands that the PDF writer
 * parses and writes for every avviso.
 */
export function modulePath(width: number, height: number, isDark: (x: number, y: number) => boolean): string {
  const parts: string[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!isDark(x, y)) continue;
      const start = x;
      while (x + 1 < width && isDark(x + 1, y)) x++;
      const run = x - start + 1;
      parts.push(`M${start} ${y}h${run}v1h-${run}z`);
    }
  }
  return parts.join('');
}
