'use client';

import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { LabelledInput } from '@/app/_components/labelled-field';
import { NoticeActions } from '@/app/_components/pay-buttons';
import { formatDate } from '@/lib/format/date';
import { formatEuro } from '@/lib/format/money';
import { formatNoticeNumber } from '@/lib/pagopa/notice';
import type { NoticeView } from '@/lib/positions/lookup';
import { noticeClaimSchema, type NoticeClaim, type NoticeClaimInput } from '@/lib/positions/schemas';

type Found = { notice: NoticeView; claim: NoticeClaimInput };

/**
 * Asks for the notice number and the debtor's fiscal code together, as pagoPA's own channels do, and
 * shows the notice only when the pair matches. The pair stays in this page to pay or add to the cart.
 */
export function NoticeLookup({ enteName }: { enteName: string }) {
  const [found, setFound] = useState<Found>();
  const [message, setMessage] = useState<string>();
  const [pending, startTransition] = useTransition();
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<NoticeClaimInput, unknown, NoticeClaim>({
    resolver: zodResolver(noticeClaimSchema),
    defaultValues: { codice: '', codiceFiscale: '' },
  });

  const onSubmit = handleSubmit((claim) =>
    startTransition(async () => {
      setFound(undefined);
      setMessage(undefined);
      const response = await fetch('/paga-avviso/verifica', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(claim),
      });
      const body = (await response.json().catch(() => ({}))) as { notice?: NoticeView; title?: string };
      if (response.ok && body.notice) setFound({ notice: body.notice, claim });
      else setMessage(body.title ?? 'Non è stato possibile cercare l’avviso. Riprova tra qualche minuto.');
    }),
  );

  return (
    <>
      <form method="post" onSubmit={onSubmit} noValidate className="mt-6 space-y-5">
        <LabelledInput
          id="codice"
          label="Codice avviso"
          help="18 cifre, vicino al codice QR: per esempio 3012 0230 0000 0001 48."
          error={errors.codice?.message}
          inputMode="numeric"
          autoComplete="off"
          className="font-mono tracking-wider"
          {...register('codice')}
        />
        <LabelledInput
          id="codiceFiscale"
          label="Codice fiscale o partita IVA dell'intestatario"
          help="Quello scritto sull'avviso, alla voce «Destinatario dell'avviso»."
          error={errors.codiceFiscale?.message}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          className="font-mono uppercase"
          {...register('codiceFiscale')}
        />
        <button type="submit" disabled={pending} className="btn-primary min-h-12 disabled:opacity-60">
          {pending ? 'Ricerca in corso…' : "Cerca l'avviso"}
        </button>
      </form>

      {message && (
        <p role="alert" className="mt-8 rounded border-l-4 border-warning bg-amber-50 px-4 py-3">
          {message}
        </p>
      )}

      {found && <NoticeCard key={found.notice.noticeNumber} enteName={enteName} {...found} />}
    </>
  );
}

function NoticeCard({ notice, claim, enteName }: Found & { enteName: string }) {
  return (
    <section aria-labelledby="avviso" className="mt-8 rounded border border-line p-5 shadow-sm">
      <h2 id="avviso" className="text-2xl font-bold">
        {notice.title}
      </h2>
      <p className="mt-1 text-muted">{notice.causale}</p>
      <dl className="mt-4 grid gap-x-6 gap-y-3 sm:grid-cols-2">
        <Item label="Codice avviso" value={formatNoticeNumber(notice.noticeNumber)} mono />
        <Item label="Importo" value={formatEuro(notice.amountCents)} strong />
        <Item label="Intestato a" value={notice.debtorInitials} />
        <Item label="Scadenza" value={notice.dueDate ? formatDate(notice.dueDate) : 'nessuna'} />
      </dl>
      {notice.status === 'valid' && <NoticeActions claim={claim} />}
      {notice.status === 'paid' && (
        <p role="status" className="mt-6 rounded bg-green-50 px-4 py-3 font-semibold text-green-900">
          Questo avviso risulta già pagato: non serve pagarlo di nuovo.
        </p>
      )}
      {notice.status === 'expired' && (
        <p role="status" className="mt-6 rounded bg-amber-50 px-4 py-3">
          Questo avviso è scaduto: contatta l&apos;ufficio di {enteName} per un nuovo avviso.
        </p>
      )}
      {notice.status === 'cancelled' && (
        <p role="status" className="mt-6 rounded bg-amber-50 px-4 py-3">
          Questo avviso è stato annullato dall&apos;Ente: non va pagato.
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
