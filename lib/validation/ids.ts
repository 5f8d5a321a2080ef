import { z } from 'zod';
import { normalizeNoticeInput, noticeNumberProblem } from '@/lib/pagopa/notice';

/** Our row ids: strict RFC 4122 UUIDs, so that a malformed id never reaches a query. */
export const uuidSchema = z.uuid({ message: 'Identificativo non valido' });

/** Whether an id from outside (a URL, a form) is one of ours: anything else is simply not found. */
export const isUuid = (value: unknown): value is string => uuidSchema.safeParse(value).success;

/** A notice number as a citizen types it (spaces, dots, dashes allowed) → 18 digits with valid check digits. */
export const noticeNumberSchema = z
  .string({ message: 'Scrivi il codice avviso' })
  .max(60, 'Il codice avviso è troppo lungo')
  .transform(normalizeNoticeInput)
  .superRefine((nav, ctx) => {
    const problem = noticeNumberProblem(nav);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/**
 * The debtor's codice fiscale (16 characters) or partita IVA (11 digits), format only: the server
 * compares it with the notice's debtor, and a wrong one answers like an unknown notice.
 */
export const debtorIdSchema = z
  .string({ message: "Scrivi il codice fiscale o la partita IVA dell'intestatario" })
  .max(40, 'Il codice fiscale è troppo lungo')
  .transform((value) => value.replace(/\s/g, '').toUpperCase())
  .refine((value) => /^[A-Z0-9]{16}$/.test(value) || /^[0-9]{11}$/.test(value), {
    message: "Scrivi il codice fiscale (16 caratteri) o la partita IVA (11 cifre) dell'intestatario dell'avviso",
  });
