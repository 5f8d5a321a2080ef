import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { CircleCheck, CircleX, Download, Hourglass, LockKeyhole } from 'lucide-react';
import { RetryButton } from '@/app/_components/pay-buttons';
import { getDb } from '@/db';
import { formatEuro } from '@/lib/format/money';
import { formatDateTime } from '@/lib/format/date';
import { formatNoticeNumber } from '@/lib/pagopa/notice';
import { signLink } from '@/lib/documents/links';
import { REQUEST_ID_HEADER } from '@/lib/http/request-id';
import { singleParam, type SearchParams } from '@/lib/http/search-params';
import { withRequestId } from '@/lib/logger';
import { currentBrowserKeyHash } from '@/lib/payments/browser-key';
import { closeCartOnReturn } from '@/lib/payments/cart-lifecycle';
import { logPaymentStage } from '@/lib/payments/payment-log';
import { findBrowserCart } from '@/lib/payments/queries';
import { uuidSchema } from '@/lib/validation/ids';
import { requireEnte } from '@/lib/tenancy/current-ente';
import { AutoRefresh } from './auto-refresh';

export const metadata: Metadata = { title: 'Esito del pagamento', robots: { index: false } };

/**
 * Where the partner sends the payer back. The return itself proves nothing: the page says "paid" only
 * once our receipt exists, and waits ("in verifica") until then. It shows a cart only to the browser that
 * started it; any other browser, and any unknown id, gets the same neutral page.
 */
export default async function PaymentOutcome({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: SearchParams }) {
  const ente = await requireEnte((await params).slug);
  const query = await searchParams;
  const cartId = uuidSchema.safeParse(singleParam(query.carrello)).data;
  const esito = singleParam(query.esito);
  const db = await getDb();
  const view = cartId ? await findBrowserCart(db, ente.id, cartId, await currentBrowserKeyHash()) : undefined;
  if (!view) {
    return (
      <Outcome icon={<LockKeyhole aria-hidden="true" size={56} className="text-primary" />} title="Esito del pagamento">
        <p className="text-lg">
          Per proteggere i tuoi dati, l&apos;esito di un pagamento si vede solo nel browser con cui lo hai avviato. Se hai pagato, la
          ricevuta ti arriva dal gestore del pagamento; per controllare un avviso usa{' '}
          <a href="/paga-avviso" className="font-semibold">
            Paga un avviso
          </a>{' '}
          con il codice avviso e il codice fiscale dell&apos;intestatario.
        </p>
      </Outcome>
    );
  }

  const total = view.items.reduce((sum, i) => sum + i.position.amountCents, 0);
  const allPaid = view.items.every((i) => i.receipt);
  const unpaid = view.items.filter((i) => i.position.status === 'valid').map((i) => i.position);
  const shown = allPaid ? 'pagato' : esito === 'annullato' || esito === 'errore' ? esito : 'in_verifica';
  withRequestId((await headers()).get(REQUEST_ID_HEADER), () =>
    logPaymentStage('outcome_page', { noticeNumbers: view.items.map((i) => i.position.noticeNumber), cartId: view.cart.id }, { shown }),
  );

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
              <a
                href={`/ricevute/${receipt!.id}?t=${signLink('receipt', ente.id, receipt!.id)}`}
                className="btn-outline mt-3 min-h-10 py-1"
              >
                <Download aria-hidden="true" size={18} /> Scarica la ricevuta (PDF)
              </a>
            </li>
          ))}
        </ul>
      </Outcome>
    );
  }

  if (esito === 'annullato' || esito === 'errore') {
    // The cart leaves `started` now; a receipt that still arrives pays it anyway.
    await closeCartOnReturn(db, ente.id, view.cart.id, esito);
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
        {unpaid.length > 0 && <RetryButton cartId={view.cart.id} />}
        <NoticeLinks enteId={ente.id} items={unpaid} />
      </Outcome>
    );
  }

  // pagoPA Checkout v2 sends the payer to returnWaitingUrl (esito=attesa) when it does not know the outcome yet.
  if (esito === 'attesa') {
    return (
      <Outcome
        icon={<Hourglass aria-hidden="true" size={56} className="text-warning" />}
        title="Esito del pagamento non ancora disponibile"
      >
        <p role="status" className="text-lg">
          pagoPA non ha ancora comunicato se il pagamento di {formatEuro(total)} è andato a buon fine: la banca o il gestore che hai scelto
          lo sta ancora elaborando. Non ripetere il pagamento. Questa pagina si aggiorna da sola e mostrerà la ricevuta appena arriva; puoi
          anche chiuderla e riaprire questo indirizzo più tardi.
        </p>
        <AutoRefresh everyMs={10_000} maxTries={60} />
      </Outcome>
    );
  }

  return (
    <Outcome icon={<Hourglass aria-hidden="true" size={56} className="text-warning" />} title="Pagamento in verifica">
      <p role="status" className="text-lg">
        Stiamo aspettando la conferma di pagoPA per {formatEuro(total)}. Di solito bastano pochi secondi: questa pagina si aggiorna da sola.
        Non ripetere il pagamento.
      </p>
      <AutoRefresh />
    </Outcome>
  );
}

/** The avvisi of what is still unpaid: to pay later, elsewhere, with the printed notice. */
function NoticeLinks({ enteId, items }: { enteId: string; items: { noticeNumber: string; causale: string }[] }) {
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
            <a href={`/avvisi/${p.noticeNumber}?t=${signLink('notice', enteId, p.noticeNumber)}`} className="font-semibold">
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
