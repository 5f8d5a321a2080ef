import { formatDateTime } from '@/lib/format/date';
import { SECRET_LABELS, type ConnectionView } from '@/lib/partners/connection-admin';
import type { GovpayConnectionFormInput, GpdConnectionFormInput } from '@/lib/partners/connection-form';
import { govpaySettingsSchema, gpdSettingsSchema } from '@/lib/partners/connection-settings';
import { PROTOCOL_LABELS } from '@/lib/partners/directory-schemas';
import { provinciaBaseUrl } from '@/lib/tenancy/urls';
import { ConnectionForm } from './connection-form';
import { InboundCredentialForm, type PartnerEndpoint } from './inbound-credential-form';
import { ServiceCodesForm } from './service-codes-form';
import { TestConnectionButton } from './test-connection-button';

/** The endpoints a partner of this protocol calls to push receipts (and, for GovPay, flows) to us. */
export function partnerEndpoints(protocol: 'govpay' | 'gpd_checkout'): PartnerEndpoint[] {
  const base = `${provinciaBaseUrl()}/api/partners`;
  return protocol === 'govpay'
    ? [
        { label: 'Connettore di notifica (URL base per GovPay)', url: `${base}/govpay` },
        { label: 'Ricevute (PUT …/ricevute/{idDominio}/{iuv}/{idRicevuta})', url: `${base}/govpay/ricevute` },
        { label: 'Rendicontazioni (POST)', url: `${base}/govpay/rendicontazioni` },
      ]
    : [{ label: 'Ricevute paSendRTV2 (SOAP)', url: `${base}/pagopa/ricevute` }];
}

const GOVPAY_BLANK: GovpayConnectionFormInput = {
  protocol: 'govpay',
  pendenzeUrl: '',
  ragioneriaUrl: '',
  idA2A: '',
  defaultTipoPendenza: '',
  outboundAuth: 'basic',
  username: '',
  ownNoticeNumbers: true,
  checkoutUrl: '',
  checkoutVersion: '2',
  password: '',
  clientCertPem: '',
  clientKeyPem: '',
  checkoutKey: '',
  remove: {},
};

const GPD_BLANK: GpdConnectionFormInput = {
  protocol: 'gpd_checkout',
  gpdUrl: '',
  receiptsUrl: '',
  fdrUrl: '',
  checkoutUrl: '',
  checkoutVersion: '2',
  gpdKey: '',
  receiptsKey: '',
  fdrKey: '',
  checkoutKey: '',
  remove: {},
};

/** The form's starting values: the stored settings of that protocol, secrets always blank. */
function initialValues(connection: ConnectionView['connection']) {
  const govpay = connection?.protocol === 'govpay' ? govpaySettingsSchema.safeParse(connection.settings) : undefined;
  const gpd = connection?.protocol === 'gpd_checkout' ? gpdSettingsSchema.safeParse(connection.settings) : undefined;
  return {
    govpay: govpay?.success
      ? {
          ...GOVPAY_BLANK,
          ...govpay.data,
          username: govpay.data.username ?? '',
          checkoutVersion: String(govpay.data.checkoutVersion) as '1' | '2',
        }
      : GOVPAY_BLANK,
    gpd: gpd?.success
      ? { ...GPD_BLANK, ...gpd.data, fdrUrl: gpd.data.fdrUrl ?? '', checkoutVersion: String(gpd.data.checkoutVersion) as '1' | '2' }
      : GPD_BLANK,
  };
}

/**
 * The Ente's connection to its partner, for its own admin (no `enteId`: the Ente of the Host) or for the
 * CIT's admin (`enteId` from the path). One component for both, so that both see and change the same.
 */
export function ConnectionPanel({ view, enteId, headingLevel = 2 }: { view: ConnectionView; enteId?: string; headingLevel?: 2 | 3 }) {
  const H = `h${headingLevel}` as 'h2' | 'h3';
  const heading = headingLevel === 2 ? 'text-2xl font-bold' : 'text-xl font-bold';
  if (!view.partner) {
    return <p className="mt-4">Il partner tecnologico non è ancora stato assegnato: lo assegna il centro servizi.</p>;
  }
  if (view.partner === 'sandbox') {
    return (
      <p className="mt-4">
        L’Ente usa il partner di prova (sandbox), che non ha bisogno di un collegamento: il segreto delle sue notifiche è nelle impostazioni
        generali.
      </p>
    );
  }
  const { connection } = view;
  const initial = initialValues(connection);
  const suggested = view.registryProtocol === 'gpd_checkout' ? 'gpd_checkout' : 'govpay';
  const secrets = (connection?.secrets ?? []).map((s) => ({
    name: s.name,
    label: SECRET_LABELS[s.name],
    setAt: s.setAt ? formatDateTime(s.setAt) : null,
  }));
  const protocolLabel = (p: keyof typeof PROTOCOL_LABELS) => PROTOCOL_LABELS[p];

  return (
    <>
      <section aria-labelledby="collegamento-stato" className="mt-8">
        <H id="collegamento-stato" className={heading}>
          Stato del collegamento
        </H>
        <dl className="mt-3 grid gap-x-6 gap-y-1 sm:grid-cols-[max-content_1fr]">
          <dt className="font-semibold">Partner</dt>
          <dd>
            {view.partnerName ?? view.partner}
            {view.registryProtocol && view.registryProtocol !== 'sandbox'
              ? ` · protocollo indicato dal centro servizi: ${protocolLabel(view.registryProtocol)}`
              : ' · protocollo non ancora indicato dal centro servizi'}
          </dd>
          <dt className="font-semibold">Collegamento</dt>
          <dd>
            {connection ? (
              <>
                <strong>configurato</strong> · {protocolLabel(connection.protocol)} · ultima modifica il{' '}
                {formatDateTime(connection.updatedAt)}
              </>
            ) : (
              <strong>da configurare</strong>
            )}
          </dd>
          <dt className="font-semibold">Credenziale per le notifiche</dt>
          <dd>
            {connection?.inbound
              ? `impostata (${connection.inbound.auth === 'basic' ? 'HTTP Basic' : 'chiave API'}, identificativo ${connection.inbound.principal})`
              : 'non impostata'}
          </dd>
          <dt className="font-semibold">Ultima verifica</dt>
          <dd>
            {connection?.lastTestAt
              ? `${formatDateTime(connection.lastTestAt)}: ${connection.lastTestResult?.every((c) => c.ok) ? 'riuscita' : 'con errori'}`
              : 'mai eseguita'}
          </dd>
        </dl>
        {connection?.secretsUnreadable && (
          <p role="note" className="mt-3 rounded border-l-4 border-danger bg-red-50 px-4 py-3">
            Le credenziali memorizzate non sono leggibili (è cambiata la chiave PARTNER_SECRETS_KEY?): inseriscile di nuovo.
          </p>
        )}
      </section>

      <section aria-labelledby="collegamento-impostazioni" className="mt-10">
        <H id="collegamento-impostazioni" className={heading}>
          Impostazioni del collegamento
        </H>
        <p className="mt-2 max-w-2xl text-muted">
          Password, certificati e chiavi non vengono mai mostrati: un campo lasciato vuoto mantiene quello memorizzato.
        </p>
        <ConnectionForm
          enteId={enteId}
          storedProtocol={connection?.protocol ?? null}
          suggestedProtocol={suggested}
          govpay={initial.govpay}
          gpd={initial.gpd}
          secrets={secrets}
        />
      </section>

      {connection && (
        <>
          <section aria-labelledby="collegamento-verifica" className="mt-10">
            <H id="collegamento-verifica" className={heading}>
              Verifica del collegamento
            </H>
            <p className="mt-2 max-w-2xl">Il portale prova le operazioni di sola lettura del partner e mostra quali riescono.</p>
            {connection.lastTestAt && connection.lastTestResult && (
              <div className="mt-3">
                <p className="font-semibold">Risultato del {formatDateTime(connection.lastTestAt)}</p>
                <ul className="mt-1 space-y-1">
                  {connection.lastTestResult.map((check, i) => (
                    <li key={`${check.operation}-${i}`}>
                      <span className={check.ok ? 'font-semibold text-success' : 'font-semibold text-danger'}>
                        {check.ok ? 'Riuscita' : 'Non riuscita'}
                      </span>{' '}
                      <span className="font-mono">{check.operation}</span>
                      {check.detail && <span className="block break-words text-sm">{check.detail}</span>}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            <TestConnectionButton enteId={enteId} />
          </section>

          <section aria-labelledby="collegamento-credenziale" className="mt-10">
            <H id="collegamento-credenziale" className={heading}>
              Credenziale per le notifiche del partner
            </H>
            <p className="mt-2 max-w-2xl">
              {connection.protocol === 'govpay'
                ? 'Il connettore di notifica di GovPay la presenta quando invia ricevute e rendicontazioni al portale.'
                : 'L’intermediario la presenta quando inoltra al portale le ricevute paSendRTV2.'}{' '}
              Il portale ne conserva solo l’impronta: viene mostrata una volta sola, quando la generi.
            </p>
            <ul className="mt-2 ml-6 list-disc">
              {partnerEndpoints(connection.protocol).map((e) => (
                <li key={e.url}>
                  {e.label}: <span className="font-mono break-all">{e.url}</span>
                </li>
              ))}
            </ul>
            <InboundCredentialForm enteId={enteId} current={connection.inbound} endpoints={partnerEndpoints(connection.protocol)} />
          </section>

          {connection.protocol === 'govpay' && (
            <section aria-labelledby="collegamento-servizi" className="mt-10">
              <H id="collegamento-servizi" className={heading}>
                Tipo pendenza di ciascun servizio
              </H>
              <p className="mt-2 max-w-2xl">
                Il tipo pendenza (idTipoPendenza) con cui GovPay conosce ciascun servizio. Vuoto: si usa quello predefinito
                {initial.govpay.defaultTipoPendenza && ` (${initial.govpay.defaultTipoPendenza})`}.
              </p>
              <ServiceCodesForm enteId={enteId} services={view.services} defaultCode={initial.govpay.defaultTipoPendenza || null} />
            </section>
          )}
        </>
      )}
    </>
  );
}
