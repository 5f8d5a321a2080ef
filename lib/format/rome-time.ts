const ROME = 'Europe/Rome';

/** Minutes Rome is ahead of UTC at `instant` (60 in winter, 120 in summer). */
function romeOffsetMinutes(instant: Date): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: ROME,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!);
  return Math.round((asUtc - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * The instant of a wall-clock time in Italy, as a `datetime-local` input gives it (`2027-01-31T14:30`) or
 * a pagoPA receipt's paymentDateTime without offset (`2022-04-06T12:35:26.123`), whatever the server's
 * zone. Undefined when the text is not such a time.
 */
export function romeLocalToDate(local: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/.exec(local);
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number) as [number, number, number, number, number];
  const second = Number(match[6] ?? 0);
  const millis = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const check = new Date(wall);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return undefined;
  // The offset at the guessed instant, then again at the result: right on both sides of a DST change.
  const first = new Date(wall - romeOffsetMinutes(new Date(wall)) * 60_000);
  return new Date(wall - romeOffsetMinutes(first) * 60_000);
}

/** The `datetime-local` value of an instant, in Italian time (the inverse of romeLocalToDate). */
export function dateToRomeLocal(instant: Date): string {
  const shifted = new Date(instant.getTime() + romeOffsetMinutes(instant) * 60_000);
  return shifted.toISOString().slice(0, 16);
}

/** An instant's Italian calendar day and wall-clock time to the second: `{ date: '2027-01-31', time: '14:05:09' }`. */
export function romeDateAndTime(instant: Date): { date: string; time: string } {
  const iso = new Date(instant.getTime() + romeOffsetMinutes(instant) * 60_000).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 19) };
}
