'use client';

import { useState } from 'react';
import type { FieldErrors, FieldValues, Path, UseFormRegister } from 'react-hook-form';
import { LabelledField, LabelledInput } from '@/app/_components/labelled-field';
import { SecretField, errorOf, type StoredSecret } from '@/app/_components/secret-field';
import { SectionedForm } from '@/app/_components/sectioned-form';
import { saveCitConnection, saveEnteConnection } from '@/lib/partners/connection-actions';
import {
  govpayConnectionForm,
  gpdConnectionForm,
  type ConnectionFormData,
  type GovpayConnectionFormInput,
  type GpdConnectionFormInput,
} from '@/lib/partners/connection-form';

type Protocol = 'govpay' | 'gpd_checkout';

const CONTROL = 'min-h-12 w-full rounded border-2 border-muted bg-white px-3 text-lg aria-[invalid=true]:border-danger';

function CheckoutFields<T extends FieldValues>({
  idPrefix,
  register,
  errors,
}: {
  idPrefix: string;
  register: UseFormRegister<T>;
  errors: FieldErrors<T>;
}) {
  const id = `${idPrefix}checkoutVersion`;
  const error = errorOf(errors, 'checkoutVersion');
  return (
    <LabelledField
      id={id}
      label="Versione dell’API Checkout"
      help="La versione 2 richiede anche l’indirizzo di attesa (returnWaitingUrl), che il portale invia sempre."
      error={error}
    >
      <select id={id} aria-describedby={`${id}-aiuto`} className={CONTROL} {...register('checkoutVersion' as Path<T>)}>
        <option value="2">v2 (/checkout/ec/v2/carts)</option>
        <option value="1">v1 (/checkout/ec/v1/carts)</option>
      </select>
    </LabelledField>
  );
}

/**
 * The connection's form, for GovPay or GPD + Checkout: the same for the Ente's admin and the CIT's (who
 * passes the Ente's id). Switching protocol shows the other form; saving it drops the stored secrets.
 */
export function ConnectionForm({
  enteId,
  storedProtocol,
  suggestedProtocol,
  govpay,
  gpd,
  secrets,
}: {
  enteId?: string;
  storedProtocol: Protocol | null;
  suggestedProtocol: Protocol;
  govpay: GovpayConnectionFormInput;
  gpd: GpdConnectionFormInput;
  secrets: StoredSecret[];
}) {
  const [protocol, setProtocol] = useState<Protocol>(storedProtocol ?? suggestedProtocol);
  const stored = (name: string) => (protocol === storedProtocol ? secrets.find((s) => s.name === name) : undefined);
  const save = async (values: ConnectionFormData) => {
    if (!enteId) return saveEnteConnection(values);
    const result = await saveCitConnection({ enteId, connection: values });
    // The CIT's input nests the form under `connection`: its field errors name the form's own fields.
    if (result.ok || !result.fieldErrors) return result;
    const fieldErrors = Object.fromEntries(Object.entries(result.fieldErrors).map(([k, v]) => [k.replace(/^connection\./, ''), v]));
    return { ...result, fieldErrors };
  };
  const idPrefix = `collegamento-${protocol}-`;

  return (
    <div className="mt-4 max-w-2xl">
      <fieldset>
        <legend className="mb-2 text-xl font-bold">Protocollo</legend>
        {(
          [
            ['govpay', 'GovPay (API Pendenze v2 e Ragioneria v3)'],
            ['gpd_checkout', 'GPD e Checkout di pagoPA'],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="flex min-h-11 items-center gap-3">
            <input
              type="radio"
              name="collegamento-protocollo"
              value={value}
              checked={protocol === value}
              onChange={() => setProtocol(value)}
              className="size-5"
            />
            {label}
          </label>
        ))}
        {storedProtocol && protocol !== storedProtocol && (
          <p role="note" className="mt-2 rounded border-l-4 border-danger bg-red-50 px-4 py-3">
            Salvando con un altro protocollo le credenziali memorizzate per quello attuale vengono eliminate.
          </p>
        )}
      </fieldset>
      {protocol === 'govpay' ? (
        <SectionedForm
          key="govpay"
          schema={govpayConnectionForm}
          initial={govpay}
          idPrefix={idPrefix}
          save={save}
          afterSave={(sent) => ({ ...sent, password: '', clientCertPem: '', clientKeyPem: '', checkoutKey: '', remove: {} })}
          saved="Collegamento salvato."
          submitLabel="Salva il collegamento"
          sections={[
            {
              title: 'Indirizzi di GovPay e Checkout',
              fields: [
                {
                  name: 'pendenzeUrl',
                  label: 'API Pendenze v2',
                  help: 'Es. https://govpay.esempio.it/govpay/backend/api/pendenze/rs/basic/v2',
                  type: 'url',
                },
                {
                  name: 'ragioneriaUrl',
                  label: 'API Ragioneria v3',
                  help: 'Es. https://govpay.esempio.it/govpay/backend/api/ragioneria/rs/basic/v3',
                  type: 'url',
                },
                { name: 'checkoutUrl', label: 'Checkout di pagoPA', help: 'Es. https://api.platform.pagopa.it/checkout/ec', type: 'url' },
              ],
            },
            {
              title: 'Applicazione in GovPay',
              fields: [
                { name: 'idA2A', label: 'Identificativo dell’applicazione (idA2A)', help: 'Da 1 a 35 tra lettere, cifre, - e _.' },
                {
                  name: 'defaultTipoPendenza',
                  label: 'Tipo pendenza predefinito (idTipoPendenza)',
                  help: 'Usato per i servizi senza un tipo pendenza proprio (tabella dei servizi più sotto).',
                },
              ],
            },
          ]}
          extra={({ register, errors }) => (
            <>
              <fieldset className="space-y-5">
                <legend className="mb-2 text-xl font-bold">Autenticazione del portale verso GovPay</legend>
                <div role="radiogroup" aria-label="Metodo di autenticazione">
                  <label className="flex min-h-11 items-center gap-3">
                    <input type="radio" value="basic" className="size-5" {...register('outboundAuth')} />
                    HTTP Basic (nome utente e password)
                  </label>
                  <label className="flex min-h-11 items-center gap-3">
                    <input type="radio" value="client_cert" className="size-5" {...register('outboundAuth')} />
                    Certificato client (SSL)
                  </label>
                </div>
                <LabelledInput
                  id={`${idPrefix}username`}
                  label="Nome utente (Basic)"
                  optional
                  autoComplete="off"
                  error={errorOf(errors, 'username')}
                  {...register('username')}
                />
                <SecretField name="password" label="Password (Basic)" stored={stored('password')} {...{ idPrefix, register, errors }} />
                <SecretField
                  name="clientCertPem"
                  label="Certificato client (PEM)"
                  stored={stored('clientCertPem')}
                  multiline
                  {...{ idPrefix, register, errors }}
                />
                <SecretField
                  name="clientKeyPem"
                  label="Chiave privata del certificato (PEM)"
                  stored={stored('clientKeyPem')}
                  multiline
                  {...{ idPrefix, register, errors }}
                />
              </fieldset>
              <fieldset className="space-y-5">
                <legend className="mb-2 text-xl font-bold">Numeri di avviso e Checkout</legend>
                <label className="flex items-start gap-3">
                  <input type="checkbox" className="mt-1 size-5 shrink-0" {...register('ownNoticeNumbers')} />
                  <span>
                    «Generazione IUV interna» attiva nell’applicazione GovPay: il portale invia i propri numeri di avviso.
                    <span className="block text-sm text-muted">Altrimenti GovPay assegna il numero e il portale usa quello.</span>
                  </span>
                </label>
                <CheckoutFields {...{ idPrefix, register, errors }} />
                <SecretField
                  name="checkoutKey"
                  label="Chiave di sottoscrizione Checkout"
                  stored={stored('checkoutKey')}
                  {...{ idPrefix, register, errors }}
                />
              </fieldset>
            </>
          )}
        />
      ) : (
        <SectionedForm
          key="gpd"
          schema={gpdConnectionForm}
          initial={gpd}
          idPrefix={idPrefix}
          save={save}
          afterSave={(sent) => ({ ...sent, gpdKey: '', receiptsKey: '', fdrKey: '', checkoutKey: '', remove: {} })}
          saved="Collegamento salvato."
          submitLabel="Salva il collegamento"
          sections={[
            {
              title: 'Indirizzi delle API di pagoPA',
              fields: [
                {
                  name: 'gpdUrl',
                  label: 'GPD, posizioni debitorie',
                  help: 'Es. https://api.platform.pagopa.it/gpd/debt-positions-service/v1',
                  type: 'url',
                },
                {
                  name: 'receiptsUrl',
                  label: 'GPD, ricevute',
                  help: 'Es. https://api.platform.pagopa.it/gpd/payments-receipts-service/v1',
                  type: 'url',
                },
                {
                  name: 'fdrUrl',
                  label: 'FdR 3, flussi di rendicontazione',
                  help: 'Es. https://api.platform.pagopa.it/fdr-org/service/v1. Vuoto: i flussi non vengono scaricati.',
                  optional: true,
                  type: 'url',
                },
                { name: 'checkoutUrl', label: 'Checkout di pagoPA', help: 'Es. https://api.platform.pagopa.it/checkout/ec', type: 'url' },
              ],
            },
          ]}
          extra={({ register, errors }) => (
            <fieldset className="space-y-5">
              <legend className="mb-2 text-xl font-bold">Chiavi di sottoscrizione (Ocp-Apim-Subscription-Key)</legend>
              <SecretField name="gpdKey" label="Chiave GPD" stored={stored('gpdKey')} needed {...{ idPrefix, register, errors }} />
              <SecretField
                name="receiptsKey"
                label="Chiave API ricevute"
                stored={stored('receiptsKey')}
                {...{ idPrefix, register, errors }}
              />
              <SecretField
                name="fdrKey"
                label="Chiave FdR (prodotto «FDR [ORG]»)"
                stored={stored('fdrKey')}
                {...{ idPrefix, register, errors }}
              />
              <CheckoutFields {...{ idPrefix, register, errors }} />
              <SecretField name="checkoutKey" label="Chiave Checkout" stored={stored('checkoutKey')} {...{ idPrefix, register, errors }} />
            </fieldset>
          )}
        />
      )}
    </div>
  );
}
