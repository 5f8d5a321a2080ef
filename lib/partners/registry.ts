import type { Database } from '@/db';
import type { Ente } from '@/db/schema';
import { readConfig } from '@/lib/config';
import { provinciaBaseUrl } from '@/lib/tenancy/urls';
import { recordingResolver } from './call-stats';
import { PartnerUnavailableError, type PartnerContext, type PaymentPartner } from './types';
import { createSandboxPartner } from './sandbox/partner';
import { parseFaults } from './sandbox/faults';

/** Which adapter serves an Ente; injectable so that tests can put a failing partner in place. */
export type PartnerResolver = (ente: Pick<Ente, 'partner'>) => PaymentPartner;

/**
 * The adapters this build has, each call counted for the health page. The others (GovPay, GPD + Checkout)
 * come with their own modules.
 */
export function defaultPartnerResolver(db: Database): PartnerResolver {
  const { SANDBOX_ENABLED, SANDBOX_FAULTS } = readConfig();
  const sandbox = createSandboxPartner({
    db,
    checkoutBaseUrl: `${provinciaBaseUrl()}/sandbox/checkout`,
    faults: parseFaults(SANDBOX_FAULTS),
  });
  return recordingResolver(db, (ente) => {
    // With the sandbox off its pages answer 404: an Ente still on it must not send citizens there.
    if (ente.partner === 'sandbox' && !SANDBOX_ENABLED)
      throw new PartnerUnavailableError('Partner sandbox disattivato (SANDBOX_ENABLED=false)');
    if (ente.partner === 'sandbox') return sandbox;
    throw new PartnerUnavailableError(`Nessun adattatore per il partner ${ente.partner ?? '(non impostato)'}`);
  });
}

export function partnerContext(ente: Pick<Ente, 'fiscalCode' | 'name'>): PartnerContext {
  return { creditorFiscalCode: ente.fiscalCode, companyName: ente.name };
}
