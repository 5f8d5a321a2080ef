const ROME = 'Europe/Rome';

/** `31/01/2027`, in Italian time whatever the server's zone. */
export function formatDate(value: Date | string): string {
  const date = typeof value === 'string' ? new Date(`${value}${value.length === 10 ? 'T12:00:00Z' : ''}`) : value;
  return new Intl.DateTimeFormat('it-IT', { timeZone: ROME, day: '2-digit', month: '2-digit', year: 'numeric' }).format(date);
}

/** `31/01/2027 14:05`. */
export function formatDateTime(value: Date): string {
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
