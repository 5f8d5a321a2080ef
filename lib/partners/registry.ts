import type { Database } from '@/db';
import type { Ente } from '@/db/schema';
import { readConfig } from '@/lib/config';
import { provinciaBaseUrl } from '@/lib/tenancy/urls';
import { recordingResolver } from './call-stats';
import type { ConnectionConfig } from './connection-settings';
import { loadConnection } from './connections';
import { PartnerUnavailableError, type PartnerContext, type PaymentPartner } from './types';
import { createGovpayPartner } from './govpay/partner';
import { createGpdPartner } from './gpd/partner';
import { createSandboxPartner } from './sandbox/partner';
import { parseFaults } from './sandbox/faults';

/**
 * Which adapter serves an Ente; injectable so that tests can put a failing partner in place. Real
 * partners need the Ente's connection from the database, hence the promise.
 */
export type PartnerResolver = (ente: Pick<Ente, 'id' | 'partner'>) => PaymentPartner | Promise<PaymentPartner>;

/** Builds the adapter of one protocol for one Ente's connection. */
export type AdapterFactory = (code: PaymentPartner['code'], connection: ConnectionConfig, db: Database) => PaymentPartner;

/** The real protocols this build speaks, each in its own module (lib/partners/govpay, lib/partners/gpd). */
const ADAPTERS: Partial<Record<ConnectionConfig['protocol'], AdapterFactory>> = {
  govpay: (code, connection) => {
    if (connection.protocol !== 'govpay')
      throw new PartnerUnavailableError(`Collegamento ${connection.protocol} passato all'adattatore GovPay`);
    return createGovpayPartner(code, connection.settings, connection.secrets);
  },
  gpd_checkout: (code, connection) => {
    if (connection.protocol !== 'gpd_checkout')
      throw new PartnerUnavailableError(`Collegamento ${connection.protocol} passato all'adattatore GPD`);
    return createGpdPartner(code, connection.settings, connection.secrets);
  },
};

/**
 * The adapters this build has, each call counted for the health page. The sandbox is built in; an Ente
 * on any other partner is served through its connection's protocol (GovPay or GPD + Checkout).
 */
export function defaultPartnerResolver(db: Database): PartnerResolver {
  const { SANDBOX_ENABLED, SANDBOX_FAULTS } = readConfig();
  const sandbox = createSandboxPartner({
    db,
    checkoutBaseUrl: `${provinciaBaseUrl()}/sandbox/checkout`,
    faults: parseFaults(SANDBOX_FAULTS),
  });
  return recordingResolver(db, async (ente) => {
    // With the sandbox off its pages answer 404: an Ente still on it must not send citizens there.
    if (ente.partner === 'sandbox' && !SANDBOX_ENABLED)
      throw new PartnerUnavailableError('Partner sandbox disattivato (SANDBOX_ENABLED=false)');
    if (ente.partner === 'sandbox') return sandbox;
    if (!ente.partner) throw new PartnerUnavailableError('Nessun partner tecnologico assegnato a questo Ente');
    const connection = await loadConnection(db, ente.id);
    const factory = ADAPTERS[connection.protocol];
    if (!factory) throw new PartnerUnavailableError(`Nessun adattatore per il protocollo ${connection.protocol}`);
    return factory(ente.partner, connection, db);
  });
}

export function partnerContext(ente: Pick<Ente, 'id' | 'fiscalCode' | 'name'>): PartnerContext {
  return { creditorFiscalCode: ente.fiscalCode, companyName: ente.name, enteId: ente.id };
}
