import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { CircleCheck, CircleX, Download, Hourglass } from 'lucide-react';
import { getDb } from '@/db';
import { formatEuro } from '@/lib/format/money';
import { formatDateTime } from '@/lib/format/date';
import { formatNoticeNumber } from '@/lib/pagopa/notice';
import { isValidLinkToken, linkToken } from '@/lib/payments/links';
import { loadCart } from '@/lib/payments/queries';
import { requireEnte } from '@/lib/tenancy/current-ente';
import { AutoRefresh } from './auto-refresh';
import { RetryButton } from './retry-button';

export const metadata: Metadata = { title: 'Esito del pagamento', robots: { index: false } };

type Search = Promise<{ carrello?: string; t?: string; esito?: string }>;

/**
 * Where the partner sends the payer back. The return itself proves nothing: the page says "paid" only
 * once our receipt exists, and waits ("in verifica") until then.
 */
export default async function PaymentOutcome({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Search }) {
  const ente = await requireEnte((await params).slug);
  const { carrello, t, esito } = await searchParams;
  if (!carrello || !/^[0-9a-f-]{36}$/.test(carrello) || !isValidLinkToken('cart', carrello, t)) notFound();
  const view = await loadCart(await getDb(), ente.id, carrello);
  if (!view) notFound();

  const total = view.items.reduce((sum, i) => sum + i.position.amountCents, 0);
  const allPaid = view.items.every((i) => i.receipt);
  const unpaidIds = view.items.filter((i) => i.position.status === 'valid').map((i) => i.position.id);

  if (allPaid) {
    return (
      <Outcome icon={<CircleCheck aria-hidden="true" size={56} className="text-success" />} title="Pagamento completato">
        <p className="text-lg">
          Hai pagato {formatEuro(total)} a {ente.name}. Conserva la ricevuta: è la prova del pagamento.
        </p>
        <ul className="mt-6 space-y-4">
          {view.items.map(({ position, receipt }) => (
            <li key={position.id} className="rounded border border-line p-4">
              <p className="font-semibold">{position.causale}</p>
              <dl className="mt-2 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
                <Item label="Codice avviso" value={formatNoticeNumber(position.noticeNumber)} mono />
                <Item label="Importo" value={formatEuro(position.amountCents)} />
                <Item label="Pagato con" value={receipt!.pspName} />
                <Item label="Data e ora" value={formatDateTime(receipt!.paymentDateTime)} />
                <Item label="Identificativo ricevuta" value={receipt!.receiptId} mono />
              </dl>
              <a href={`/ricevute/${receipt!.id}?t=${linkToken('receipt', receipt!.id)}`} className="btn-outline mt-3 min-h-10 py-1">
                <Download aria-hidden="true" size={18} /> Scarica la ricevuta (PDF)
              </a>
            </li>
          ))}
        </ul>
      </Outcome>
    );
  }

  if (esito === 'annullato' || esito === 'errore') {
    return (
      <Outcome
        icon={<CircleX aria-hidden="true" size={56} className="text-danger" />}
        title={esito === 'annullato' ? 'Pagamento annullato' : 'Il pagamento non è andato a buon fine'}
      >
        <p className="text-lg">
          {esito === 'annullato'
            ? 'Hai annullato il pagamento: non ti è stato addebitato nulla.'
            : 'Il gestore del pagamento ha segnalato un errore e non ti ha addebitato nulla.'}{' '}
          Puoi riprovare ora, anche scegliendo un altro metodo.
        </p>
        {unpaidIds.length > 0 && <RetryButton slug={ente.slug} positionIds={unpaidIds} />}
        <NoticeLinks items={view.items.filter((i) => i.position.status === 'valid').map((i) => i.position)} />
      </Outcome>
    );
  }

  return (
    <Outcome icon={<Hourglass aria-hidden="true" size={56} className="text-warning" />} title="Pagamento in verifica">
      <p role="status" className="text-lg">
        Stiamo aspettando la conferma di pagoPA per {formatEuro(total)}. Di solito bastano pochi secondi: questa pagina si
        aggiorna da sola. Non ripetere il pagamento.
      </p>
      <AutoRefresh />
    </Outcome>
  );
}

/** The avvisi of what is still unpaid: to pay later, elsewhere, with the printed notice. */
function NoticeLinks({ items }: { items: { noticeNumber: string; causale: string }[] }) {
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="avvisi" className="mt-8 rounded border border-line p-4">
      <h2 id="avvisi" className="text-lg font-bold">
        Preferisci pagare in banca, in posta o dal tabaccaio?
      </h2>
      <p className="mt-1 text-muted">Scarica l&apos;avviso pagoPA: riporta il codice avviso e il codice QR da usare in tutti i canali.</p>
      <ul className="mt-3 space-y-2">
        {items.map((p) => (
          <li key={p.noticeNumber}>
            <a href={`/avvisi/${p.noticeNumber}?t=${linkToken('notice', p.noticeNumber)}`} className="font-semibold">
              <Download aria-hidden="true" size={16} className="mr-1 inline" />
              Avviso {formatNoticeNumber(p.noticeNumber)} - {p.causale}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Outcome({ icon, title, children }: { icon: React.ReactNode; title: string; children: React.ReactNode }) {
  return (
    <div className="container-page max-w-3xl py-12">
      {icon}
      <h1 className="mt-4 text-3xl font-bold sm:text-4xl">{title}</h1>
      <div className="mt-4">{children}</div>
      <a href="/" className="mt-8 inline-block font-semibold">
        Torna ai servizi
      </a>
    </div>
  );
}

function Item({ label, value, mono }: { label: string; value: string; mono?: boolean }) {
  return (
    <div>
      <dt className="text-muted">{label}</dt>
      <dd className={mono ? 'font-mono break-all' : undefined}>{value}</dd>
    </div>
  );
}
