import type { Locale } from '@/lib/i18n/locales';

const ROME = 'Europe/Rome';

// Built once: a formatter costs far more to create than to use, and an avviso formats several dates.
const DAY = new Intl.DateTimeFormat('it-IT', { timeZone: ROME, day: '2-digit', month: '2-digit', year: 'numeric' });
// English readers of an Italian site: the month in words, so that 03/04 cannot be read the American way.
const ENGLISH_DAY = new Intl.DateTimeFormat('en-GB', { timeZone: ROME, day: 'numeric', month: 'short', year: 'numeric' });

/** An Italian calendar day `YYYY-MM-DD`, `back` days before `now`'s (or after, when negative). */
export function italianDay(now: Date, back = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: ROME }).format(now);
  const date = new Date(`${today}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() - back);
  return date.toISOString().slice(0, 10);
}

/** `31/01/2027` (`31 Jan 2027` in English), in Italian time whatever the server's zone. */
export function formatDate(value: Date | string, locale: Locale = 'it'): string {
  const date = typeof value === 'string' ? new Date(`${value}${value.length === 10 ? 'T12:00:00Z' : ''}`) : value;
  return (locale === 'en' ? ENGLISH_DAY : DAY).format(date);
}

/** `31/01/2027 14:05` (`31 Jan 2027 14:05` in English). */
export function formatDateTime(value: Date, locale: Locale = 'it'): string {
  if (locale === 'en') return `${ENGLISH_DAY.format(value)} ${formatTime(value)}`;
  const parts = new Intl.DateTimeFormat('it-IT', {
    timeZone: ROME,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(value);
  return parts.replace(',', '');
}

/** `14:05`, in Italian time. */
function formatTime(value: Date): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: ROME, hour: '2-digit', minute: '2-digit', hour12: false }).format(value);
}
