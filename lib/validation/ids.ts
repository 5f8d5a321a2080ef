import { z } from 'zod';
import type { Locale } from '@/lib/i18n/locales';
import { translate } from '@/lib/i18n/translate';
import { normalizeNoticeInput, noticeNumberProblem } from '@/lib/pagopa/notice';

/** Our row ids: strict RFC 4122 UUIDs, so that a malformed id never reaches a query. */
export const uuidSchema = z.uuid({ message: 'Identificativo non valido' });

/** Whether an id from outside (a URL, a form) is one of ours: anything else is simply not found. */
export const isUuid = (value: unknown): value is string => uuidSchema.safeParse(value).success;

/** A notice number as a citizen types it (spaces, dots, dashes allowed) → 18 digits with valid check digits. */
export function noticeNumberSchemaFor(locale: Locale) {
  const t = translate(locale, 'NoticeNumber');
  return z
    .string({ message: t('missing') })
    .max(60, t('tooLong'))
    .transform(normalizeNoticeInput)
    .superRefine((nav, ctx) => {
      const problem = noticeNumberProblem(nav, locale);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}

export const noticeNumberSchema = noticeNumberSchemaFor('it');

/**
 * The debtor's codice fiscale (16 characters) or partita IVA (11 digits), format only: the server
 * compares it with the notice's debtor, and a wrong one answers like an unknown notice.
 */
export function debtorIdSchemaFor(locale: Locale) {
  const t = translate(locale, 'DebtorId');
  return z
    .string({ message: t('missing') })
    .max(40, t('tooLong'))
    .transform((value) => value.replace(/\s/g, '').toUpperCase())
    .refine((value) => /^[A-Z0-9]{16}$/.test(value) || /^[0-9]{11}$/.test(value), { message: t('format') });
}

export const debtorIdSchema = debtorIdSchemaFor('it');
