'use client';

import { useMemo, useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { LabelledInput } from '@/app/_components/labelled-field';
import { NoticeActions } from '@/app/_components/pay-buttons';
import { formatDate } from '@/lib/format/date';
import { formatEuro } from '@/lib/format/money';
import { formatNoticeNumber } from '@/lib/pagopa/notice';
import { localizedPath, type Locale } from '@/lib/i18n/locales';
import { translate } from '@/lib/i18n/translate';
import type { NoticeView } from '@/lib/positions/lookup';
import { noticeClaimSchemaFor, type NoticeClaim, type NoticeClaimInput } from '@/lib/positions/schemas';

type Found = { notice: NoticeView; claim: NoticeClaimInput };

/**
 * Asks for the notice number and the debtor's fiscal code together, as pagoPA's own channels do, and
 * shows the notice only when the pair matches. The pair stays in this page to pay or add to the cart.
 */
export function NoticeLookup({ enteName, locale }: { enteName: string; locale: Locale }) {
  const t = translate(locale, 'PayNotice');
  const schema = useMemo(() => noticeClaimSchemaFor(locale), [locale]);
  const [found, setFound] = useState<Found>();
  const [message, setMessage] = useState<string>();
  const [pending, startTransition] = useTransition();
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<NoticeClaimInput, unknown, NoticeClaim>({
    resolver: zodResolver(schema),
    defaultValues: { codice: '', codiceFiscale: '' },
  });

  const onSubmit = handleSubmit((claim) =>
    startTransition(async () => {
      setFound(undefined);
      setMessage(undefined);
      // To this language's address: the answer's messages follow it.
      const response = await fetch(localizedPath(locale, '/paga-avviso/verifica'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(claim),
      });
      const body = (await response.json().catch(() => ({}))) as { notice?: NoticeView; title?: string };
      if (response.ok && body.notice) setFound({ notice: body.notice, claim });
      else setMessage(body.title ?? t('lookupFailed'));
    }),
  );

  return (
    <>
      <form method="post" onSubmit={onSubmit} noValidate className="mt-6 space-y-5">
        <LabelledInput
          id="codice"
          label={t('noticeNumber')}
          help={t('noticeNumberHelp')}
          error={errors.codice?.message}
          locale={locale}
          inputMode="numeric"
          autoComplete="off"
          className="font-mono tracking-wider"
          {...register('codice')}
        />
        <LabelledInput
          id="codiceFiscale"
          label={t('debtorId')}
          help={t('debtorIdHelp')}
          error={errors.codiceFiscale?.message}
          locale={locale}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          className="font-mono uppercase"
          {...register('codiceFiscale')}
        />
        <button type="submit" disabled={pending} className="btn-primary min-h-12 disabled:opacity-60">
          {pending ? t('searching') : t('search')}
        </button>
      </form>

      {message && (
        <p role="alert" className="mt-8 rounded border-l-4 border-warning bg-amber-50 px-4 py-3">
          {message}
        </p>
      )}

      {found && <NoticeCard key={found.notice.noticeNumber} enteName={enteName} locale={locale} {...found} />}
    </>
  );
}

function NoticeCard({ notice, claim, enteName, locale }: Found & { enteName: string; locale: Locale }) {
  const t = translate(locale, 'PayNotice');
  return (
    <section aria-labelledby="avviso" className="mt-8 rounded border border-line p-5 shadow-sm">
      <h2 id="avviso" className="text-2xl font-bold">
        {notice.title}
      </h2>
      <p className="mt-1 text-muted">{notice.causale}</p>
      <dl className="mt-4 grid gap-x-6 gap-y-3 sm:grid-cols-2">
        <Item label={t('noticeNumber')} value={formatNoticeNumber(notice.noticeNumber)} mono />
        <Item label={t('amount')} value={formatEuro(notice.amountCents, locale)} strong />
        <Item label={t('debtor')} value={notice.debtorInitials} />
        <Item label={t('dueDate')} value={notice.dueDate ? formatDate(notice.dueDate, locale) : t('noDueDate')} />
      </dl>
      {notice.status === 'valid' && <NoticeActions claim={claim} locale={locale} />}
      {notice.status === 'paid' && (
        <p role="status" className="mt-6 rounded bg-green-50 px-4 py-3 font-semibold text-green-900">
          {t('alreadyPaid')}
        </p>
      )}
      {notice.status === 'expired' && (
        <p role="status" className="mt-6 rounded bg-amber-50 px-4 py-3">
          {t('expired', { ente: enteName })}
        </p>
      )}
      {notice.status === 'cancelled' && (
        <p role="status" className="mt-6 rounded bg-amber-50 px-4 py-3">
          {t('cancelled')}
        </p>
      )}
    </section>
  );
}

function Item({ label, value, mono, strong }: { label: string; value: string; mono?: boolean; strong?: boolean }) {
  return (
    <div>
      <dt className="text-sm text-muted">{label}</dt>
      <dd className={mono ? 'font-mono' : strong ? 'text-2xl font-bold' : undefined}>{value}</dd>
    </div>
  );
}
