import { z } from 'zod';
import { italianDay } from '@/lib/format/date';
import { isoDateSchema, optionalParam } from '@/lib/validation/query-params';

/** Days shown when no period is chosen, and the longest period one page may aggregate. */
export const DEFAULT_DAYS = 30;
export const MAX_DAYS = 366;

/** A period of Italian calendar days, both included. */
export interface Period {
  from: string;
  to: string;
}

const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

/** The number of days of a period, both ends included. */
export const periodLength = (period: Period) => dayNumber(period.to) - dayNumber(period.from) + 1;

/** The monitoring's period filter (`?dal=&al=`): blank ends default to the last 30 days up to today. */
export const periodFilterSchema = z
  .object({ dal: optionalParam(isoDateSchema), al: optionalParam(isoDateSchema) })
  .refine((f) => !f.dal || !f.al || f.dal <= f.al, { path: ['al'], message: 'La data finale viene prima di quella iniziale' })
  .refine((f) => !f.dal || !f.al || periodLength({ from: f.dal, to: f.al }) <= MAX_DAYS, {
    path: ['dal'],
    message: `Scegli un periodo di al massimo ${MAX_DAYS} giorni`,
  });

export type PeriodFilter = z.output<typeof periodFilterSchema>;

/** The period a filter means on `now`'s day: a missing end is today, a missing start 30 days before the end. */
export function periodOf(filter: PeriodFilter, now = new Date()): Period {
  const to = filter.al ?? (filter.dal && filter.dal > italianDay(now) ? filter.dal : italianDay(now));
  const from = filter.dal ?? italianDay(new Date(`${to}T12:00:00Z`), DEFAULT_DAYS - 1);
  const clamped = periodLength({ from, to }) > MAX_DAYS ? italianDay(new Date(`${to}T12:00:00Z`), MAX_DAYS - 1) : from;
  return { from: clamped, to };
}

/** Every day of a period, oldest first. */
export function daysOf(period: Period): string[] {
  const start = new Date(`${period.from}T12:00:00Z`);
  return Array.from({ length: periodLength(period) }, (_, i) => italianDay(start, -i));
}

/** The period as query parameters, for the links that keep it. */
export const periodQuery = (period: Period) => new URLSearchParams({ dal: period.from, al: period.to }).toString();
