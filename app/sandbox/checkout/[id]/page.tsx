import { notFound } from 'next/navigation';
import { findSandboxCheckout, SANDBOX_PSPS } from '@/lib/partners/sandbox/checkout';
import { CHECKOUT_FAULTS, FAULT_LABELS } from '@/lib/partners/sandbox/faults';
import { getDb } from '@/db';
import { formatEuro } from '@/lib/format/money';
import { formatNoticeNumber } from '@/lib/pagopa/notice';
import { uuidSchema } from '@/lib/validation/ids';

export default async function SandboxCheckout({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!uuidSchema.safeParse(id).success) notFound();
  const checkout = await findSandboxCheckout(await getDb(), id);
  if (!checkout) notFound();
  const total = checkout.notices.reduce((sum, n) => sum + n.amountCents, 0);
  const done = checkout.status !== 'pending';

  return (
    <div className="container-page max-w-2xl py-8">
      <h1 className="text-3xl font-bold">Paga {formatEuro(total)}</h1>
      <p className="mt-1 text-muted">a {checkout.notices[0]?.companyName}</p>

      <section aria-labelledby="avvisi" className="mt-6 rounded border border-line bg-white p-5">
        <h2 id="avvisi" className="text-lg font-bold">
          {checkout.notices.length === 1 ? 'Avviso' : `${checkout.notices.length} avvisi`}
        </h2>
        <ul className="mt-3 divide-y divide-line">
          {checkout.notices.map((n) => (
            <li key={n.noticeNumber} className="flex flex-wrap justify-between gap-2 py-2">
              <span>
                <span className="block">{n.description}</span>
                <span className="block font-mono text-sm text-muted">{formatNoticeNumber(n.noticeNumber)}</span>
              </span>
              <strong>{formatEuro(n.amountCents)}</strong>
            </li>
          ))}
        </ul>
      </section>

      {done ? (
        <p role="status" className="mt-6 rounded bg-white p-5 text-lg">
          Questa sessione di pagamento è già conclusa ({checkout.status}).
        </p>
      ) : (
        <form method="post" action={`/sandbox/checkout/${checkout.id}/esito`} className="mt-6 space-y-6">
          <fieldset className="rounded border border-line bg-white p-5">
            <legend className="px-1 text-lg font-bold">Scegli come pagare</legend>
            <div className="mt-2 space-y-2">
              {SANDBOX_PSPS.map((psp, index) => (
                <label
                  key={psp.id}
                  className="flex min-h-12 cursor-pointer items-center gap-3 rounded border border-line px-3 has-[:checked]:border-primary has-[:checked]:bg-primary-light"
                >
                  <input type="radio" name="psp" value={psp.id} defaultChecked={index === 0} className="size-5" />
                  <span className="flex-1">{psp.name}</span>
                  <span className="text-sm">commissione {formatEuro(psp.feeCents)}</span>
                </label>
              ))}
            </div>
          </fieldset>

          <details className="rounded border border-line bg-white p-5">
            <summary className="cursor-pointer font-semibold">Opzioni di simulazione (per i test)</summary>
            <div className="mt-3 space-y-2">
              {CHECKOUT_FAULTS.map((fault) => (
                <label key={fault} className="flex items-center gap-3">
                  <input type="checkbox" name="fault" value={fault} className="size-5" />
                  {FAULT_LABELS[fault]}
                </label>
              ))}
            </div>
          </details>

          <div className="flex flex-col gap-3 sm:flex-row">
            <button type="submit" name="scelta" value="pay" className="btn-primary flex-1">
              Paga {formatEuro(total)}
            </button>
            <button type="submit" name="scelta" value="cancel" className="btn-outline">
              Annulla
            </button>
            <button type="submit" name="scelta" value="fail" className="btn-outline border-danger text-danger">
              Simula un errore
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
